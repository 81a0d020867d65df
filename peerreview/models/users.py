"""Accounts and the roles they hold."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from peerreview.extensions import db

ROLES = ("national_coordinator", "regional_coordinator", "council_user", "reviewer")


class User(UserMixin, db.Model):
    """A person who signs in. One person may hold several roles: a regional coordinator who
    is also a reviewer, say. `council_code`, `region` and `reviewer_id` scope those roles."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(300))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    council_code: Mapped[str | None] = mapped_column(ForeignKey("council.gss_code"))
    region: Mapped[str | None] = mapped_column(String(40))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewer.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What flask-login keeps in the session cookie: the id and a mark of the password
        hash. A new password (changed or reset) changes the mark, which ends every session
        signed in with the old one; the session that changed it signs in again."""
        return f"{self.id}:{self._password_mark()}"

    def _password_mark(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:20]

    @classmethod
    def from_session_id(cls, session_id: str) -> User | None:
        """The user a session id names, if its password mark still matches."""
        ident, _, mark = session_id.partition(":")
        if not ident.isdigit() or not mark:
            return None
        user = db.session.get(cls, int(ident))
        if user is None or not hmac.compare_digest(user._password_mark(), mark):
            return None
        return user

    def has_role(self, role: str) -> bool:
        return role in (self.roles or [])

    @property
    def is_coordinator(self) -> bool:
        return self.has_role("national_coordinator") or self.has_role("regional_coordinator")

    @property
    def is_active(self) -> bool:  # flask-login asks this
        return self.active
