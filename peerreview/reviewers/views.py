from flask import render_template

from peerreview.auth.access import roles_required
from peerreview.reviewers import bp


@bp.get("/")
@roles_required("national_coordinator", "regional_coordinator")
def index():
    return render_template("reviewers/index.html")
