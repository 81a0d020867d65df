"""iCalendar feeds: national, by region, by council (public) and a reviewer's own (secret)."""

from flask import Blueprint

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

from peerreview.feeds import views  # noqa: E402,F401
