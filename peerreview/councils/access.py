"""Who may change a council's record: national coordinators, and regional coordinators for
councils in their own region. The record itself is public; its forms are not."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from peerreview.extensions import login_manager
from peerreview.models import Council


def can_edit_council(council: Council) -> bool:
    """True for a national coordinator, or a regional coordinator of the council's region."""
    if not current_user.is_authenticated:
        return False
    if current_user.has_role("national_coordinator"):
        return True
    return current_user.has_role("regional_coordinator") and current_user.region == council.region


def require_editor(council: Council):
    """None when the current user may edit; otherwise the response to return instead
    (sign in for anonymous users, 403 for everyone else)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_edit_council(council):
        abort(403)
    return None
