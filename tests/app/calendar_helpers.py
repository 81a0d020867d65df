"""Published reviews made directly in the database, as the publish flow would leave them."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Review, Reviewer, TeamAssignment, User

ROCHDALE = "E08000005"
CORNWALL = "E06000052"
COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
NORTHWEST = ("northwest@demo.peerreview.invalid", "demo-northwest")
COUNCIL_USER = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")


def demo_reviewer() -> Reviewer:
    """The reviewer the demo reviewer login acts as."""
    user = db.session.scalar(select(User).where(User.email == REVIEWER[0]))
    assert user is not None and user.reviewer_id is not None
    return db.session.get(Reviewer, user.reviewer_id)


def other_reviewers(count: int, *, exclude: int | None = None) -> list[Reviewer]:
    query = select(Reviewer).order_by(Reviewer.id)
    if exclude is not None:
        query = query.where(Reviewer.id != exclude)
    return list(db.session.scalars(query.limit(count)))


def publish_review(
    council_code: str = ROCHDALE,
    start: dt.date = dt.date(2027, 3, 9),
    days: int = 3,
    *,
    kind: str = "validation",
    status: str = "published",
    team: list[Reviewer] | None = None,
    focus: list[str] | None = None,
) -> Review:
    """A review on the calendar with its team (first member leads), committed."""
    review = Review(
        council_code=council_code,
        kind=kind,
        earliest=start,
        latest=start,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        days=days,
        focus=focus if focus is not None else ["early_help", "care_leavers"],
        status=status,
        uid=f"{uuid.uuid4()}@peerreview",
    )
    roles = ["director", "senior_manager", "practitioner", "councillor"]
    for index, reviewer in enumerate(team or []):
        review.team_members.append(
            TeamAssignment(reviewer_id=reviewer.id, role=roles[index % 4], lead=index == 0)
        )
    db.session.add(review)
    db.session.commit()
    return review
