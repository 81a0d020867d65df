"""Secret tokens for calendar feeds and the JSON API.

Only a SHA-256 hash of each token is stored: a leaked database does not leak working links.
A token is 32 random bytes (256 bits, above the 128 the security issue asks for), shown to its
owner once when it is made, compared in constant time, and revoked rather than deleted so the
record of who had access, and when it was last used, survives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import DateTime, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db

#: Uses closer together than this are not written back, so a calendar polling every few
#: minutes does not turn every read into a write.
LAST_USED_RESOLUTION = dt.timedelta(hours=1)


def new_token() -> str:
    """A fresh URL-safe token of 256 random bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _SecretToken:
    """Columns and behaviour shared by both kinds of token."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = _utcnow()

    def touch(self) -> bool:
        """Note a use; True when the row changed and the caller should commit."""
        now = _utcnow()
        if self.last_used is None or now - self.last_used >= LAST_USED_RESOLUTION:
            self.last_used = now
            return True
        return False

    @classmethod
    def find_active(cls, token: str | None):
        """The unrevoked token matching `token`, or None. The hash is looked up by index and
        then compared with `hmac.compare_digest`, so no early-exit string comparison ever
        touches secret material."""
        if not token or len(token) > 200:
            return None
        wanted = hash_token(token)
        row = db.session.scalar(select(cls).where(cls.token_hash == wanted))
        if row is None or not hmac.compare_digest(row.token_hash, wanted):
            return None
        return row if row.active else None


class FeedToken(_SecretToken, db.Model):
    """The secret in a reviewer's personal calendar feed address."""

    __tablename__ = "feed_token"

    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)


class ApiToken(_SecretToken, db.Model):
    """A personal API token: it acts with its owner's roles as they are at each request."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
