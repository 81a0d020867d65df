"""The start page: what a coordinator, a council or a reviewer sees first."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import Council, Reviewer

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    councils = db.session.scalar(
        select(func.count()).select_from(Council).where(Council.valid_to.is_(None))
    )
    reviewers = db.session.scalar(
        select(func.count()).select_from(Reviewer).where(Reviewer.active.is_(True))
    )
    return render_template("index.html", councils=councils, reviewers=reviewers)
