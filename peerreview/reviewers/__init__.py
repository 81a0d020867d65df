"""The reviewer pool: records, expertise, availability, conflicts and independence."""

from flask import Blueprint

bp = Blueprint("reviewers", __name__, url_prefix="/reviewers")

from peerreview.reviewers import views  # noqa: E402,F401
