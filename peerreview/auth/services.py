"""Creating accounts, with the checks a form or the CLI would need alike."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import Council, User
from peerreview.models.users import ROLES
from peerreview.reference.vocabulary import REGIONS

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12


class UserError(ValueError):
    """An account could not be created; the message names the field and the problem."""


def create_user(
    *,
    email: str,
    password: str,
    roles: list[str],
    name: str | None = None,
    council: str | None = None,
    region: str | None = None,
    reviewer_id: int | None = None,
    demo: bool = False,
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise UserError(f"email: {email!r} is not an email address")
    if db.session.scalar(select(User).where(func.lower(User.email) == email)):
        raise UserError(f"email: an account for {email} already exists")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password: must be at least {MIN_PASSWORD} characters")
    unknown = [role for role in roles if role not in ROLES]
    if unknown or not roles:
        raise UserError(f"role: must be one or more of {', '.join(ROLES)}")
    if "council_user" in roles and (not council or db.session.get(Council, council) is None):
        raise UserError("council: a council user needs the GSS code of a known council")
    if "regional_coordinator" in roles and region not in REGIONS:
        raise UserError(f"region: a regional coordinator needs one of: {', '.join(REGIONS)}")
    user = User(
        email=email,
        name=name or email.split("@")[0],
        roles=roles,
        council_code=council,
        region=region,
        reviewer_id=reviewer_id,
        demo=demo,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
