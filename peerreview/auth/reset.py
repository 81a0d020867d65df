"""Password reset by a one-time link.

A reset token is 256 random bits, shown only in the link; the database keeps its SHA-256
hash. A link expires after `RESET_LIFETIME` and works once; using one voids every other
outstanding link for the account. The link goes by SMTP (peerreview.mail) when MAIL_SERVER
is configured, and otherwise to the application log (the embedded mode has no mail server).
"""

from __future__ import annotations

import datetime as dt
import hmac

from flask import current_app, url_for
from sqlalchemy import func, select, update

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.mail import send_message
from peerreview.models import PasswordReset, User
from peerreview.models.accounts import RESET_LIFETIME
from peerreview.models.tokens import hash_token, new_token


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def request_reset(email: str) -> None:
    """Send a reset link if an active account has this email; do nothing visible otherwise,
    so the page cannot be used to find out who has an account."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        current_app.logger.info("password reset asked for an unknown or inactive account")
        return
    token = new_token()
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=_utcnow() + RESET_LIFETIME,
        )
    )
    db.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    send_reset_link(user.email, link)


def send_reset_link(email: str, link: str) -> None:
    if not current_app.config.get("MAIL_SERVER"):
        # Embedded mode: whoever runs the app reads the link from its log.
        current_app.logger.warning("Password reset link for %s: %s", email, link)
        return
    minutes = int(RESET_LIFETIME.total_seconds() // 60)
    send_message(
        email,
        "Reset your peerreview password",
        "Someone asked to reset the password for this account.\n\n"
        f"Open this link within {minutes} minutes to choose a new password:\n\n{link}\n\n"
        "If it was not you, ignore this email: your password has not changed.\n",
    )


def valid_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset this token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    digest = hash_token(token)
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == digest))
    if reset is None or not hmac.compare_digest(reset.token_hash, digest):
        return None
    if reset.used_at is not None or reset.expires_at < _utcnow():
        return None
    user = db.session.get(User, reset.user_id)
    if user is None or not user.active:
        return None
    return reset


def complete_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password, spend this link and void the account's other links."""
    user = db.session.get(User, reset.user_id)
    assert user is not None
    now = _utcnow()
    user.set_password(password)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    record_change("reset_password", "user", user.id, None, {"email": user.email})
    db.session.commit()
    return user
