from flask import render_template

from peerreview.auth.access import roles_required
from peerreview.requests import bp


@bp.get("/due")
@roles_required("national_coordinator", "regional_coordinator")
def due():
    return render_template("requests/due.html")
