"""The demo data set: invented reviewers and accounts, clearly marked, so a newcomer sees a
working product at once. Nothing here is about a real person."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from peerreview.auth.services import create_user
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerExpertise,
    ReviewerUnavailability,
    User,
)
from peerreview.reference import seedfiles
from peerreview.reference.records import DemoReviewer
from peerreview.seeding.changes import Changes

DEMO_DOMAIN = "demo.peerreview.invalid"
#: (email, password, what the account can do). Printed by `peerreview seed`; demo only.
DEMO_LOGINS: tuple[tuple[str, str, str], ...] = (
    (f"coordinator@{DEMO_DOMAIN}", "demo-coordinator", "national coordinator"),
    (f"northwest@{DEMO_DOMAIN}", "demo-northwest", "regional coordinator, North West"),
    (f"rochdale@{DEMO_DOMAIN}", "demo-rochdale-council", "council user, Rochdale"),
    (f"reviewer@{DEMO_DOMAIN}", "demo-reviewer-one", "reviewer (the first demo reviewer)"),
)
ROCHDALE = "E08000005"


def load_demo(directory: Path) -> list[Changes]:
    reviewers = seedfiles.read_demo_reviewers(directory)
    return [apply_demo_reviewers(reviewers), apply_demo_users()]


def apply_demo_reviewers(records: list[DemoReviewer]) -> Changes:
    """Adds demo reviewers not yet present; leaves existing ones (perhaps edited) alone."""
    changes = Changes("demo reviewers")
    existing = set(db.session.scalars(select(Reviewer.reference)))
    for record in records:
        if record.id in existing:
            changes.unchanged += 1
            continue
        reviewer = Reviewer(
            reference=record.id,
            name=record.name,
            email=record.email,
            council_code=record.council,
            role=record.role,
            max_reviews=record.max_reviews,
            max_days=record.max_days,
            demo=True,
        )
        reviewer.expertise = [
            ReviewerExpertise(area=area, level=level) for area, level in record.expertise.items()
        ]
        reviewer.unavailability = [
            ReviewerUnavailability(start_date=start, end_date=end, reason="Leave")
            for start, end in record.unavailable
        ]
        reviewer.employments = [
            ReviewerEmployment(council_code=past.council, until=past.until)
            for past in record.past_employers
        ]
        reviewer.conflicts = [
            ReviewerConflict(council_code=c.council, kind=c.kind, note=c.note or None, pinned=True)
            for c in record.conflicts
        ]
        db.session.add(reviewer)
        changes.added += 1
    db.session.flush()
    return changes


def apply_demo_users() -> Changes:
    changes = Changes("demo accounts")
    first_reviewer = db.session.scalar(
        select(Reviewer).where(Reviewer.demo.is_(True)).order_by(Reviewer.reference)
    )
    plans = {
        DEMO_LOGINS[0][0]: {"roles": ["national_coordinator"], "name": "Demo National Coordinator"},
        DEMO_LOGINS[1][0]: {
            "roles": ["regional_coordinator"], "region": "North West",
            "name": "Demo Regional Coordinator",
        },
        DEMO_LOGINS[2][0]: {
            "roles": ["council_user"], "council": ROCHDALE, "name": "Demo Rochdale Council User",
        },
        DEMO_LOGINS[3][0]: {
            "roles": ["reviewer"],
            "reviewer_id": first_reviewer.id if first_reviewer else None,
            "name": first_reviewer.name if first_reviewer else "Demo Reviewer",
        },
    }
    for email, password, _what in DEMO_LOGINS:
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            changes.unchanged += 1
            continue
        plan = plans[email]
        if plan.get("council") and db.session.get(Council, plan["council"]) is None:
            changes.notes.append(f"{email}: skipped, council {plan['council']} is not loaded")
            continue
        create_user(email=email, password=password, demo=True, **plan)
        changes.added += 1
    return changes
