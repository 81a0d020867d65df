"""The published calendar: which reviews it shows, who may see their teams, and region slugs.

Every calendar surface (pages, iCal feeds, exports, the JSON API) asks these functions, so
the rule for what is public lives in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_login import current_user
from sqlalchemy import extract, func, select

from peerreview.extensions import db
from peerreview.models import Council, Review, Reviewer, TeamAssignment
from peerreview.reference import vocabulary

#: Statuses that put a review on the public calendar. A cancelled review stays on it (as
#: cancelled) so subscribed calendars remove the event rather than keep a stale one.
CALENDAR_STATUSES = ("published", "confirmed", "completed", "cancelled")


def ical_status(review_status: str) -> str:
    """The iCalendar STATUS for a review's status.

    A published review is TENTATIVE until it is confirmed (a status the publish flow may add
    later); a completed one happened, so it is CONFIRMED.
    """
    if review_status == "cancelled":
        return "CANCELLED"
    if review_status in ("confirmed", "completed"):
        return "CONFIRMED"
    return "TENTATIVE"


def region_slug(region: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-")


REGION_BY_SLUG = {region_slug(region): region for region in vocabulary.REGIONS}


def region_by_slug(slug: str) -> str | None:
    return REGION_BY_SLUG.get(slug)


@dataclass(frozen=True)
class TeamMember:
    name: str
    email: str
    role: str
    lead: bool
    home_council: str


@dataclass(frozen=True)
class CalendarEntry:
    """A review with its council, and its team when the caller may see it."""

    review: Review
    council: Council
    team: tuple[TeamMember, ...] | None = None

    @property
    def end_exclusive(self) -> dt.date:
        """The day after the last day on site: iCalendar's DTEND for all-day events."""
        assert self.review.end_date is not None
        return self.review.end_date + dt.timedelta(days=1)


def calendar_reviews(
    *,
    region: str | None = None,
    council_code: str | None = None,
    reviewer_id: int | None = None,
    year: int | None = None,
    review_id: int | None = None,
) -> list[tuple[Review, Council]]:
    """Reviews on the calendar, oldest first, with their councils."""
    query = (
        select(Review, Council)
        .join(Council, Council.gss_code == Review.council_code)
        .where(*_on_calendar())
        .order_by(Review.start_date, Council.name, Review.id)
    )
    if region is not None:
        query = query.where(Council.region == region)
    if council_code is not None:
        query = query.where(Review.council_code == council_code)
    if review_id is not None:
        query = query.where(Review.id == review_id)
    if year is not None:
        query = query.where(
            Review.end_date >= dt.date(year, 1, 1), Review.start_date <= dt.date(year, 12, 31)
        )
    if reviewer_id is not None:
        query = query.where(
            Review.id.in_(
                select(TeamAssignment.review_id).where(TeamAssignment.reviewer_id == reviewer_id)
            )
        )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _on_calendar():
    return (
        Review.status.in_(CALENDAR_STATUSES),
        Review.start_date.is_not(None),
        Review.end_date.is_not(None),
    )


def next_review_start(on: dt.date) -> dt.date | None:
    """The first day of the next review on the calendar that is not cancelled."""
    return db.session.scalar(
        select(func.min(Review.start_date)).where(
            *_on_calendar(), Review.start_date >= on, Review.status != "cancelled"
        )
    )


def calendar_years() -> list[int]:
    """Years in which a review on the calendar starts, for the year navigation."""
    year = extract("year", Review.start_date)
    return [int(y) for y in db.session.scalars(
        select(year).where(*_on_calendar()).group_by(year).order_by(year)
    )]


def teams_of(review_ids: Iterable[int]) -> dict[int, tuple[TeamMember, ...]]:
    """Each review's team, lead first, in one query."""
    ids = list(review_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(TeamAssignment, Reviewer, Council.name)
        .join(Reviewer, Reviewer.id == TeamAssignment.reviewer_id)
        .join(Council, Council.gss_code == Reviewer.council_code)
        .where(TeamAssignment.review_id.in_(ids))
        .order_by(TeamAssignment.lead.desc(), TeamAssignment.role, Reviewer.name)
    )
    order = {role: index for index, role in enumerate(vocabulary.ROLES)}
    teams: dict[int, list[TeamMember]] = {}
    for assignment, reviewer, council_name in rows:
        teams.setdefault(assignment.review_id, []).append(
            TeamMember(reviewer.name, reviewer.email, assignment.role, assignment.lead,
                       council_name)
        )
    return {
        review_id: tuple(sorted(members, key=lambda m: (not m.lead, order.get(m.role, 9), m.name)))
        for review_id, members in teams.items()
    }


def can_see_team(review: Review, council: Council, user: Any = None) -> bool:
    """Teams are personal data: national coordinators, the coordinators of the council's
    region, and the team's own members may see them; nobody else. `user` defaults to the
    signed-in user (the API passes the owner of a bearer token)."""
    user = current_user if user is None else user
    if not user.is_authenticated:
        return False
    if user.has_role("national_coordinator"):
        return True
    if user.has_role("regional_coordinator") and user.region == council.region:
        return True
    if user.has_role("reviewer") and user.reviewer_id:
        return any(member.reviewer_id == user.reviewer_id for member in review.team_members)
    return False


def entries(
    rows: list[tuple[Review, Council]], *, with_team: bool | None = None, user: Any = None
) -> list[CalendarEntry]:
    """Wrap rows as entries; `with_team` True adds every team, None adds those the user
    (by default the signed-in one) may see, False none."""
    if with_team is False:
        return [CalendarEntry(review, council) for review, council in rows]
    visible = [
        (review, council)
        for review, council in rows
        if with_team or can_see_team(review, council, user)
    ]
    teams = teams_of(review.id for review, _ in visible)
    visible_ids = {review.id for review, _ in visible}
    return [
        CalendarEntry(
            review, council, teams.get(review.id, ()) if review.id in visible_ids else None
        )
        for review, council in rows
    ]


def latest_change() -> dt.datetime | None:
    """When any review last changed: the Last-Modified of every feed.

    Deliberately global rather than the newest review in the feed: a review that leaves a
    feed (a reviewer taken off its team) is no longer in it to carry the date, and a client
    asking If-Modified-Since must still get the new body. Clients that send the ETag (most
    do) still get 304 while their own feed's bytes are unchanged.
    """
    return db.session.scalar(select(func.max(Review.updated_at)))


#: Short names of review kinds for event titles, where the vocabulary's labels are too long.
SHORT_KIND = {"cycle": "regular cycle"}


def short_kind(kind: str) -> str:
    return SHORT_KIND.get(kind, kind.replace("_", " "))


def summary(review: Review, council: Council) -> str:
    """The event title every calendar shows: "Peer review: Rochdale (baseline)"."""
    return f"Peer review: {council.name} ({short_kind(review.kind)})"
