"""Reviews due, review requests and their decisions, team templates and national capacity."""

from flask import Blueprint

from peerreview.reference.vocabulary import PRACTICE_AREAS

bp = Blueprint("requests", __name__)


@bp.app_template_filter("area_label")
def area_label(key: str) -> str:
    """A practice area's name. (The shared `label` filter reads `child_protection` as the
    inspection framework of that name, so focus lists use this one.)"""
    return PRACTICE_AREAS.get(key, key)


from peerreview.requests import (  # noqa: E402,F401
    request_views,
    template_views,
    views,
)
