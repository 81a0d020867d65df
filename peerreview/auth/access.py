"""Who may do what. Views call these rather than testing roles themselves, so the rules
live in one place and the authorisation tests can exercise them route by route."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from peerreview.extensions import login_manager


def roles_required(*roles: str) -> Callable:
    """Anonymous users are sent to sign in; signed-in users without one of `roles` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_see_council_private(council_code: str, region: str) -> bool:
    """Private parts of a council's record (requests, draft plans) are for coordinators of
    its region or the nation, and the council's own users."""
    if not current_user.is_authenticated:
        return False
    if current_user.has_role("national_coordinator"):
        return True
    if current_user.has_role("regional_coordinator") and current_user.region == region:
        return True
    return current_user.has_role("council_user") and current_user.council_code == council_code
