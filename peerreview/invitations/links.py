"""Signed answer links: an invitee answers without signing in.

A link carries the invitation's id and issue, signed with the app's secret (HMAC-SHA256 via
itsdangerous) and timestamped. Nothing is stored: a re-issued invitation (new dates, a new
team) has a higher issue, so the links in earlier emails stop working, and a link older than
`INVITATION_LINK_DAYS` is refused. Reminders carry a freshly signed link.
"""

from __future__ import annotations

import hashlib

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from peerreview.extensions import db
from peerreview.models import Invitation

SALT = "peerreview.invitation"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=SALT,
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def make_token(invitation: Invitation) -> str:
    return _serializer().dumps({"i": invitation.id, "v": invitation.issue})


def answer_url(invitation: Invitation) -> str:
    """The full link for an email. Inside a request it uses the request's host; outside one
    (the reminder command, a cron job) `PUBLIC_URL` says where the app is reached."""
    token = make_token(invitation)
    if has_request_context():
        return url_for("invitations.respond", token=token, _external=True)
    base = (current_app.config.get("PUBLIC_URL") or "http://localhost:5000").rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("invitations.respond", token=token, _external=True)


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link answers, or None: bad signature, expired, or a superseded issue."""
    if not token or len(token) > 300:
        return None
    max_age = int(current_app.config.get("INVITATION_LINK_DAYS", 120)) * 86400
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    invitation = db.session.get(Invitation, data["i"])
    if invitation is None or invitation.issue != data.get("v"):
        return None
    return invitation
