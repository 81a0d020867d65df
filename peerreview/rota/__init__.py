"""The rota: solve approved requests, review and edit the draft, publish, re-plan, and record
what happened after each visit. Pages are for coordinators (national coordinators act,
regional coordinators may look); a review's lead may record its outcome."""

from flask import Blueprint

bp = Blueprint("rota", __name__, url_prefix="/rota")

from peerreview.rota import views  # noqa: E402,F401
