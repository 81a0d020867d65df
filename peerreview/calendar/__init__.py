"""Calendar pages: the national calendar, a region's, a council's, and a reviewer's own."""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from peerreview.calendar import views  # noqa: E402,F401
