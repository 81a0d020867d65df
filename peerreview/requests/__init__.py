"""Reviews due, review requests and their decisions."""

from flask import Blueprint

bp = Blueprint("requests", __name__)

from peerreview.requests import views  # noqa: E402,F401
