"""Manual edits to a planned review, each checked against the hard rules as it is made.

Every edit changes the session, re-checks the whole rota with the independent checker and
keeps the change only if it adds no violation (findings that were there before the edit are
not the edit's fault and do not block it). The lead-credibility rule may be overridden with
a written reason, kept on the TeamAssignment and in the audit trail; independence may not.
The caller commits on success; on PlanRefused it must roll back.

The two checks of one edit share the register part of the problem (calendar, rules,
councils): the edit changes only reviews and teams, so building it once is enough.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import Review, Reviewer, Rota, TeamAssignment
from peerreview.rota.plans import (
    ROLE_COLUMNS,
    PlanRefused,
    is_overridable,
    rota_register,
    rota_violations,
    snapshot,
    touch,
)
from solver.schema import end_date


@dataclass
class _Before:
    """What an edit keeps from before its change: the review as the audit trail records it,
    the rota's findings then (not the edit's fault) and the register part of the problem,
    which the check after the change reuses."""

    snapshot: dict[str, Any]
    errors: list[str]
    register: dict[str, Any] | None


def _start(review: Review) -> _Before:
    """The review's snapshot and the rota's violations before an edit."""
    rota = db.session.get(Rota, review.rota_id) if review.rota_id else None
    if rota is None:
        return _Before(snapshot(review), [], None)
    register = rota_register(rota)
    return _Before(snapshot(review), rota_violations(rota, register=register), register)


def _checked(
    review: Review, action: str, before: _Before, reason: str | None, override: str | None = None
) -> None:
    """Re-check the rota after an edit; refuse it if it adds violations."""
    rota = db.session.get(Rota, review.rota_id) if review.rota_id else None
    if rota is None:
        raise PlanRefused(["This review is not part of a rota"])
    if review.status == "published":
        touch(review)  # before the flush, so the feeds' sequence hook sees it raised once
    db.session.flush()
    after_errors = rota_violations(rota, register=before.register)
    new = [e for e in after_errors if e not in before.errors]
    if override:
        overridden = [e for e in new if is_overridable(e)]
        new = [e for e in new if not is_overridable(e)]
        if overridden:
            for member in review.team_members:
                if member.role == "director":
                    member.override_reason = override
            reason = override
    if new:
        raise PlanRefused(new)
    record_change(action, "review", review.id, before.snapshot, snapshot(review), reason=reason)


def editable(review: Review) -> list[str]:
    if review.status not in ("draft", "published"):
        return [f"A {review.status} review cannot be changed"]
    return []


def swap_member(
    review: Review, member: TeamAssignment, reviewer: Reviewer, override: str | None = None
) -> None:
    """Put `reviewer` in `member`'s place (same role)."""
    _refuse_if(editable(review))
    if reviewer.role != member.role:
        raise PlanRefused(
            [
                f"{reviewer.name} is a {reviewer.role.replace('_', ' ')}, "
                f"not a {member.role.replace('_', ' ')}"
            ]
        )
    if any(m.reviewer_id == reviewer.id for m in review.team_members):
        raise PlanRefused([f"{reviewer.name} is already on this team"])
    before = _start(review)
    member.reviewer_id = reviewer.id
    member.reasons = ["Chosen by a coordinator"]
    member.override_reason = None
    _checked(review, "swap_member", before, None, override)


def add_member(review: Review, reviewer: Reviewer, override: str | None = None) -> None:
    """Add `reviewer` to the team in their own role (the team grows by one)."""
    _refuse_if(editable(review))
    if any(m.reviewer_id == reviewer.id for m in review.team_members):
        raise PlanRefused([f"{reviewer.name} is already on this team"])
    before = _start(review)
    column = ROLE_COLUMNS[reviewer.role]
    setattr(review, column, (getattr(review, column) or 0) + 1)
    has_lead = any(m.lead for m in review.team_members)
    review.team_members.append(
        TeamAssignment(
            reviewer_id=reviewer.id,
            role=reviewer.role,
            lead=reviewer.role == "director" and not has_lead,
            reasons=["Added by a coordinator"],
        )
    )
    _checked(review, "add_member", before, None, override)


def move_dates(review: Review, start: dt.date) -> None:
    """Move the review to start on `start`, keeping its length."""
    _refuse_if(editable(review))
    before = _start(review)
    review.start_date = start
    review.end_date = end_date(start, review.days)
    _checked(review, "move_dates", before, None)


def set_pinned(review: Review, pinned: bool) -> None:
    """A pinned review is kept exactly by later solves and re-plans."""
    _refuse_if(editable(review))
    before = snapshot(review)
    review.pinned = pinned
    record_change("pin" if pinned else "unpin", "review", review.id, before, snapshot(review))


def withdraw_member(review: Review, member: TeamAssignment, reason: str) -> None:
    """A member withdraws: they leave the team, which is then short and needs a re-plan.

    Not checked against the rules (it is an event, not a choice); a published review's
    sequence rises so calendars drop the member."""
    _refuse_if(editable(review))
    before = snapshot(review)
    review.team_members.remove(member)
    if review.status == "published":
        touch(review)
    db.session.flush()
    after = snapshot(review) | {"withdrawn": member.reviewer_id}
    record_change("withdraw_member", "review", review.id, before, after, reason=reason)


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise PlanRefused(problems)
