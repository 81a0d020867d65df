"""After the visit: the outcome of a review, and serious concerns escalated to a decision.

A completed review feeds the record: peerreview.rota.problem counts its team as
`reviewed_before` for continuity, and the due list and the council's timeline read completed
reviews (status "completed", `outcome` JSON with the keys written below).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import current_user
from sqlalchemy import select

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import BankHoliday, Escalation, Review, Reviewer, ReviewRequest
from peerreview.rota.plans import PlanRefused, snapshot, touch
from peerreview.rota.runs import now

#: The usual promise: the feedback letter within this many working days of the visit.
FEEDBACK_WORKING_DAYS = 10
AIMS_MET = {"met": "Met", "partly": "Partly met", "not_met": "Not met"}


def working_days_after(day: dt.date, count: int) -> dt.date:
    """The date `count` working days (Mon-Fri, not a bank holiday) after `day`."""
    holidays = set(
        db.session.scalars(
            select(BankHoliday.date).where(
                BankHoliday.date > day, BankHoliday.date <= day + dt.timedelta(days=count * 3)
            )
        )
    )
    current = day
    while count:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            count -= 1
    return current


def feedback_due(review: Review) -> dt.date | None:
    return working_days_after(review.end_date, FEEDBACK_WORKING_DAYS) if review.end_date else None


def aims_of(review: Review) -> str | None:
    """The aims and success criteria agreed at the request."""
    request = db.session.get(ReviewRequest, review.request_id) if review.request_id else None
    return request.aims if request else None


def lead_of(review: Review) -> Reviewer | None:
    lead = next((m for m in review.team_members if m.lead), None)
    return db.session.get(Reviewer, lead.reviewer_id) if lead else None


def may_record_outcome(review: Review) -> bool:
    """The review's lead, a coordinator of its region, or a national coordinator."""
    if not current_user.is_authenticated:
        return False
    if current_user.has_role("national_coordinator"):
        return True
    council = review.council_code
    from peerreview.models import Council

    region = db.session.scalar(select(Council.region).where(Council.gss_code == council))
    if current_user.has_role("regional_coordinator") and current_user.region == region:
        return True
    lead = lead_of(review)
    return bool(
        current_user.has_role("reviewer") and lead and current_user.reviewer_id == lead.id
    )


def record_outcome(
    review: Review,
    *,
    letter_sent: dt.date,
    findings: dict[str, str],
    aims_met: str,
    aims_evaluation: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Mark a published review completed with its outcome. The caller commits."""
    today = today or dt.date.today()
    if review.status not in ("published", "completed"):
        raise PlanRefused(
            [f"Only a published review can be completed, this one is {review.status}"]
        )
    if review.end_date is None or review.end_date > today:
        raise PlanRefused(["The outcome can be recorded once the visit has ended"])
    if letter_sent < review.end_date:
        raise PlanRefused(["Date the feedback letter was sent must be on or after the last day "
                           "on site"])
    if letter_sent > today:
        raise PlanRefused(["Date the feedback letter was sent must be today or in the past"])
    before = snapshot(review) | {"outcome": review.outcome}
    due = feedback_due(review)
    outcome = {
        "feedback_letter_sent": letter_sent.isoformat(),
        "feedback_due": due.isoformat() if due else None,
        "feedback_on_time": bool(due and letter_sent <= due),
        "findings": {area: text for area, text in findings.items() if text.strip()},
        "aims": aims_of(review),
        "aims_met": aims_met,
        "aims_evaluation": aims_evaluation,
        "recorded_by": current_user.email if current_user.is_authenticated else None,
        "recorded_at": now().isoformat(timespec="seconds"),
    }
    review.outcome = outcome
    if review.status != "completed":
        review.status = "completed"
    touch(review)
    after = snapshot(review) | {"outcome": outcome}
    record_change("record_outcome", "review", review.id, before, after)
    return outcome


def escalate(review: Review, concern: str, user_id: int | None) -> Escalation:
    """Raise a serious concern to the national coordinator. The caller commits."""
    escalation = Escalation(
        review_id=review.id, council_code=review.council_code, concern=concern, raised_by=user_id
    )
    db.session.add(escalation)
    db.session.flush()
    record_change(
        "escalate", "escalation", escalation.id, None, {"review": review.id, "concern": concern}
    )
    return escalation


def decide(escalation: Escalation, decision: str, user_id: int | None,
           today: dt.date | None = None) -> None:
    """Record the national coordinator's decision on an escalation. The caller commits."""
    before = {"status": escalation.status, "decision": escalation.decision}
    escalation.status = "decided"
    escalation.decision = decision
    escalation.decided_by = user_id
    escalation.decided_on = today or dt.date.today()
    record_change("decide_escalation", "escalation", escalation.id, before,
                  {"status": "decided", "decision": decision})
