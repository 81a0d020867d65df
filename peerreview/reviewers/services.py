"""Changing the reviewer pool: every change goes through here, with its audit entry.

Views and the importer call these; they flush but never commit, so a caller can make several
changes in one transaction (an import of 400 rows either lands whole or not at all).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerExpertise,
    ReviewerUnavailability,
)
from peerreview.reference import vocabulary

ENTITY = "reviewer"


def snapshot(reviewer: Reviewer) -> dict[str, Any]:
    """A reviewer as plain JSON, for the audit trail and for spotting no-op updates."""
    return {
        "reference": reviewer.reference,
        "name": reviewer.name,
        "email": reviewer.email,
        "council": reviewer.council_code,
        "role": reviewer.role,
        "max_reviews": reviewer.max_reviews,
        "max_days": reviewer.max_days,
        "active": bool(reviewer.active) if reviewer.active is not None else True,
        "expertise": {e.area: e.level for e in sorted(reviewer.expertise, key=lambda e: e.area)},
        "unavailable": sorted(
            [u.start_date.isoformat(), u.end_date.isoformat()] for u in reviewer.unavailability
        ),
        "past_employers": sorted(
            [e.council_code, e.until.isoformat() if e.until else None]
            for e in reviewer.employments
        ),
        "conflicts": sorted(
            [c.council_code, c.kind, bool(c.pinned)] for c in reviewer.conflicts
        ),
    }


# --- Finding -----------------------------------------------------------------------------------


@dataclass
class ListFilters:
    q: str = ""
    region: str = ""
    role: str = ""
    area: str = ""
    level: int = 1
    council: str = ""
    status: str = "active"
    sort: str = "name"
    extra: dict[str, str] = field(default_factory=dict)


SORTS = {
    "name": (Reviewer.name, Reviewer.reference),
    "reference": (Reviewer.reference,),
    "council": (Council.name, Reviewer.name),
    "region": (Council.region, Council.name, Reviewer.name),
    "role": (Reviewer.role, Reviewer.name),
}


def filtered_query(filters: ListFilters, scope: str | None) -> Select:
    """Reviewers (with their council) matching the filters, inside a region if `scope`."""
    query = select(Reviewer, Council).join(Council, Council.gss_code == Reviewer.council_code)
    if scope is not None:
        query = query.where(Council.region == scope)
    if filters.status == "active":
        query = query.where(Reviewer.active.is_(True))
    elif filters.status == "retired":
        query = query.where(Reviewer.active.is_(False))
    if filters.q:
        pattern = f"%{filters.q.lower()}%"
        query = query.where(
            or_(
                func.lower(Reviewer.name).like(pattern),
                func.lower(Reviewer.reference).like(pattern),
            )
        )
    if filters.region:
        query = query.where(Council.region == filters.region)
    if filters.role:
        query = query.where(Reviewer.role == filters.role)
    if filters.council:
        query = query.where(Reviewer.council_code == filters.council)
    if filters.area:
        query = query.where(
            select(ReviewerExpertise.id)
            .where(
                ReviewerExpertise.reviewer_id == Reviewer.id,
                ReviewerExpertise.area == filters.area,
                ReviewerExpertise.level >= filters.level,
            )
            .exists()
        )
    return query.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def role_counts(query: Select) -> dict[str, int]:
    """How many of the matching reviewers hold each role (one grouped query)."""
    sub = query.order_by(None).with_only_columns(Reviewer.role).subquery()
    rows = db.session.execute(select(sub.c.role, func.count()).group_by(sub.c.role))
    return {role: count for role, count in rows}


def reviewer_by_reference(reference: str) -> Reviewer | None:
    return db.session.scalar(select(Reviewer).where(Reviewer.reference == reference))


def reviewer_by_email(email: str) -> Reviewer | None:
    return db.session.scalar(
        select(Reviewer).where(func.lower(Reviewer.email) == email.strip().lower())
    )


def next_reference() -> str:
    """A fresh reference in the R0001 style, after the highest one already used."""
    used = set(db.session.scalars(select(Reviewer.reference).where(Reviewer.reference.like("R%"))))
    number = 1 + max(
        (int(ref[1:]) for ref in used if ref[1:].isdigit()), default=0
    )
    return f"R{number:04d}"


# --- Changing ----------------------------------------------------------------------------------


@dataclass
class ReviewerDetails:
    """Everything a coordinator sets on the create and edit forms (and an import row)."""

    name: str
    email: str
    council_code: str
    role: str
    max_reviews: int | None
    max_days: int | None
    expertise: dict[str, int]


def _apply_details(reviewer: Reviewer, details: ReviewerDetails) -> None:
    reviewer.name = details.name.strip()
    reviewer.email = details.email.strip().lower()
    reviewer.council_code = details.council_code
    reviewer.role = details.role
    reviewer.max_reviews = details.max_reviews
    reviewer.max_days = details.max_days
    wanted = {area: level for area, level in details.expertise.items() if level}
    current = {item.area: item for item in reviewer.expertise}
    for area, item in current.items():
        if area not in wanted:
            reviewer.expertise.remove(item)
    for area in vocabulary.PRACTICE_AREAS:
        if area not in wanted:
            continue
        if area in current:
            if current[area].level != wanted[area]:
                current[area].level = wanted[area]
        else:
            reviewer.expertise.append(ReviewerExpertise(area=area, level=wanted[area]))


def create_reviewer(reference: str, details: ReviewerDetails) -> Reviewer:
    reviewer = Reviewer(reference=reference, active=True, demo=False)
    _apply_details(reviewer, details)
    db.session.add(reviewer)
    db.session.flush()
    record_change("create", ENTITY, reviewer.reference, None, snapshot(reviewer))
    return reviewer


def update_reviewer(reviewer: Reviewer, details: ReviewerDetails) -> bool:
    """Apply the details; returns whether anything changed (nothing is audited if not)."""
    before = snapshot(reviewer)
    _apply_details(reviewer, details)
    db.session.flush()
    after = snapshot(reviewer)
    if before == after:
        return False
    record_change("update", ENTITY, reviewer.reference, before, after)
    return True


def set_active(reviewer: Reviewer, active: bool, reason: str | None = None) -> None:
    """Retire or reinstate. Reviewers are never deleted: past teams and plans name them."""
    before = snapshot(reviewer)
    reviewer.active = active
    db.session.flush()
    record_change("reinstate" if active else "retire", ENTITY, reviewer.reference, before,
                  snapshot(reviewer), reason)


def add_unavailability(
    reviewer: Reviewer, start: dt.date, end: dt.date, reason: str | None
) -> ReviewerUnavailability:
    before = snapshot(reviewer)
    item = ReviewerUnavailability(start_date=start, end_date=end, reason=reason or None)
    reviewer.unavailability.append(item)
    db.session.flush()
    record_change("add_unavailability", ENTITY, reviewer.reference, before, snapshot(reviewer))
    return item


def remove_unavailability(reviewer: Reviewer, item: ReviewerUnavailability) -> None:
    before = snapshot(reviewer)
    reviewer.unavailability.remove(item)
    db.session.flush()
    record_change("remove_unavailability", ENTITY, reviewer.reference, before, snapshot(reviewer))


def add_employment(reviewer: Reviewer, council_code: str, until: dt.date | None) -> None:
    before = snapshot(reviewer)
    reviewer.employments.append(ReviewerEmployment(council_code=council_code, until=until))
    db.session.flush()
    record_change("add_employment", ENTITY, reviewer.reference, before, snapshot(reviewer))


def remove_employment(reviewer: Reviewer, item: ReviewerEmployment) -> None:
    before = snapshot(reviewer)
    reviewer.employments.remove(item)
    db.session.flush()
    record_change("remove_employment", ENTITY, reviewer.reference, before, snapshot(reviewer))


def add_conflict(
    reviewer: Reviewer, council_code: str, kind: str, note: str | None, *, pinned: bool
) -> ReviewerConflict:
    before = snapshot(reviewer)
    conflict = ReviewerConflict(
        council_code=council_code, kind=kind, note=note or None, pinned=pinned
    )
    reviewer.conflicts.append(conflict)
    db.session.flush()
    record_change("add_conflict", ENTITY, reviewer.reference, before, snapshot(reviewer))
    return conflict


def pin_conflict(reviewer: Reviewer, conflict: ReviewerConflict) -> None:
    """A coordinator confirms a declared conflict; from then on the reviewer cannot remove it."""
    before = snapshot(reviewer)
    conflict.pinned = True
    db.session.flush()
    record_change("confirm_conflict", ENTITY, reviewer.reference, before, snapshot(reviewer))


def remove_conflict(reviewer: Reviewer, conflict: ReviewerConflict) -> None:
    before = snapshot(reviewer)
    reviewer.conflicts.remove(conflict)
    db.session.flush()
    record_change("remove_conflict", ENTITY, reviewer.reference, before, snapshot(reviewer))


def current_councils(region: str | None = None) -> list[Council]:
    query = select(Council).where(Council.valid_to.is_(None)).order_by(Council.name)
    if region is not None:
        query = query.where(Council.region == region)
    return list(db.session.scalars(query))
