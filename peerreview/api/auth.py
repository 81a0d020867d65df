"""Who is calling the API: a personal bearer token or the browser session.

A token acts with its owner's roles as they are at the time of the request, so taking a role
away from someone also takes it from their tokens.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from peerreview.extensions import db
from peerreview.models import ApiToken, User

COORDINATOR_ROLES = ("national_coordinator", "regional_coordinator")


def _unauthorized(message: str) -> Unauthorized:
    return Unauthorized(message, www_authenticate=WWWAuthenticate("bearer", {"realm": "api"}))


def api_user() -> Any | None:
    """The caller, or None for an anonymous one. A malformed, unknown or revoked bearer token
    is a 401 even if a session is present, so a broken client finds out."""
    header = request.headers.get("Authorization")
    if header is None:
        return current_user if current_user.is_authenticated else None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthorized("Send the token as 'Authorization: Bearer <token>'.")
    token = ApiToken.find_active(value.strip())
    user = db.session.get(User, token.user_id) if token else None
    if token is None or user is None or not user.active:
        raise _unauthorized("The API token is not valid or has been revoked.")
    if token.touch():
        db.session.commit()
    return user


def require_coordinator() -> Any:
    """The calling coordinator; 401 for anonymous callers, 403 for anyone else."""
    user = api_user()
    if user is None:
        raise _unauthorized(
            "Personal data needs a coordinator's session or personal API token."
        )
    if not any(user.has_role(role) for role in COORDINATOR_ROLES):
        abort(403, description="Only coordinators may list reviewers.")
    return user
