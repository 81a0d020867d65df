"""The register -> the solver's problem. The only module that knows both the database and the
contract (`../shared/contracts/solver-io.md`): everything else speaks one or the other.

Reviews enter a problem with ids that say where they came from: `RQ-<request id>` for an
approved request not yet on the calendar, `RV-<review id>` for a review already planned or
published (kept `fixed` unless the coordinator frees it for a re-plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from peerreview.councils import services as councils
from peerreview.extensions import db
from peerreview.models import (
    BankHoliday,
    Council,
    CouncilBorder,
    CouncilRelation,
    Review,
    Reviewer,
    ReviewRequest,
    StatisticalNeighbour,
    TeamAssignment,
)
from peerreview.reviewers.independence import worked_at_recently
from solver import PROBLEM_FORMAT

ROLE_COLUMNS = {
    "director": "directors",
    "senior_manager": "senior_managers",
    "practitioner": "practitioners",
    "councillor": "councillors",
}


@dataclass
class ProblemSettings:
    """What a coordinator chooses for one solve: the horizon and the contract's rules."""

    start: dt.date
    end: dt.date
    closed_dates: list[dt.date] = field(default_factory=list)
    max_concurrent: int | None = None
    exclude_borders: bool = True
    lead_from_good_or_better: bool = True
    protect_intervention_councils: bool = True
    no_reciprocal: bool = True
    max_reviews_per_lending_council: int | None = None
    min_gap_days: int = 0

    def rules(self) -> dict[str, Any]:
        return {
            "exclude_borders": self.exclude_borders,
            "lead_from_good_or_better": self.lead_from_good_or_better,
            "protect_intervention_councils": self.protect_intervention_councils,
            "no_reciprocal": self.no_reciprocal,
            "max_reviews_per_lending_council": self.max_reviews_per_lending_council,
            "min_gap_days": self.min_gap_days,
        }


def build_problem(
    settings: ProblemSettings,
    requests: Iterable[ReviewRequest] = (),
    reviews: Iterable[Review] = (),
    free: Iterable[int] = (),
    *,
    register: dict[str, Any] | None = None,
    reviewers: Collection[str] | None = None,
) -> dict[str, Any]:
    """The contract's problem JSON for these requests and reviews.

    `reviews` already on the calendar are fixed (kept exactly) except those whose ids are in
    `free`, which the solver may move or re-staff (a re-plan after a withdrawal).

    `register` is `register_part(settings)` built earlier, shared rather than copied (so the
    caller must not change it): a manual edit checks the rota before and after the change
    and builds the councils once for both. `reviewers` limits the pool to these references,
    for the checker, which reads only the reviewers on a team; None gives every active one.
    """
    free_ids = set(free)
    reviews = list(reviews)
    kept = {m.reviewer_id for r in reviews if r.id not in free_ids for m in r.team_members}
    references = reviewer_references(kept)
    return {
        **(register if register is not None else register_part(settings)),
        "reviewers": _reviewers(settings.start, reviewers),
        "reviews": [_request_review(r) for r in requests]
        + [_existing_review(r, references, fixed=r.id not in free_ids) for r in reviews],
    }


def register_part(settings: ProblemSettings) -> dict[str, Any]:
    """The problem's format, calendar, rules and councils: what the register and the rota's
    settings decide, with no reviewer or review.

    Councils are most of the cost of a problem and no edit to a review changes them (an
    edit writes reviews and team members only), so an edit's two checks share one build.
    """
    return {
        "format": PROBLEM_FORMAT,
        "calendar": _calendar(settings),
        "rules": settings.rules(),
        "councils": _councils(settings.start),
    }


def _calendar(settings: ProblemSettings) -> dict[str, Any]:
    holidays = db.session.scalars(
        select(BankHoliday.date).where(
            BankHoliday.date >= settings.start, BankHoliday.date <= settings.end
        )
    )
    closed = sorted(set(holidays) | set(settings.closed_dates))
    return {
        "start": settings.start.isoformat(),
        "end": settings.end.isoformat(),
        "closed_dates": [d.isoformat() for d in closed],
        "max_concurrent": settings.max_concurrent,
    }


def _councils(on: dt.date) -> list[dict[str, Any]]:
    current = list(
        db.session.scalars(
            select(Council).where((Council.valid_to.is_(None)) | (Council.valid_to > on))
        )
    )
    codes = {c.gss_code for c in current}
    latest = councils.latest_inspections(on=on)
    support = councils.active_support(on)
    borders: dict[str, list[str]] = {}
    for a, b in db.session.execute(select(CouncilBorder.council_a, CouncilBorder.council_b)):
        if a in codes and b in codes:
            borders.setdefault(a, []).append(b)
    partners: dict[str, list[str]] = {}
    shared: dict[str, list[str]] = {}
    for relation in db.session.scalars(select(CouncilRelation)):
        if not relation.active_on(on) or not {relation.council_a, relation.council_b} <= codes:
            continue
        table = partners if relation.kind == "strategic_partner" else shared
        table.setdefault(relation.council_a, []).append(relation.council_b)
    neighbours: dict[str, list[str]] = {}
    for row in db.session.scalars(select(StatisticalNeighbour).order_by(StatisticalNeighbour.rank)):
        if row.neighbour in codes:
            neighbours.setdefault(row.council, []).append(row.neighbour)
    result = []
    for council in sorted(current, key=lambda c: c.gss_code):
        code = council.gss_code
        inspection = latest.get(code)
        result.append(
            {
                "code": code,
                "name": council.name,
                "region": council.region,
                "type": council.type,
                "latest_judgement": inspection.overall if inspection else None,
                "in_intervention": councils.in_intervention(support.get(code, [])),
                "borders": sorted(borders.get(code, [])),
                "partners": sorted(partners.get(code, [])),
                "shared_leadership": sorted(shared.get(code, [])),
                "statistical_neighbours": neighbours.get(code, []),
            }
        )
    return result


def reviewer_id(reviewer: Reviewer) -> str:
    return reviewer.reference


def reviewer_references(ids: Collection[int]) -> dict[int, str]:
    """Each reviewer's reference (the id the contract uses) by primary key, in one query."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Reviewer.id, Reviewer.reference).where(Reviewer.id.in_(sorted(ids)))
    ).all()
    return dict(rows)


def _reviewers(on: dt.date, only: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every active reviewer, or only the active ones whose references are in `only`."""
    query = select(Reviewer).where(Reviewer.active.is_(True))
    if only is not None:
        if not only:
            return []
        query = query.where(Reviewer.reference.in_(sorted(only)))
    reviewers = list(
        db.session.scalars(
            query.options(
                selectinload(Reviewer.expertise),
                selectinload(Reviewer.unavailability),
                selectinload(Reviewer.employments),
                selectinload(Reviewer.conflicts),
            ).order_by(Reviewer.reference)
        )
    )
    reviewed_before = _reviewed_before(on, [r.id for r in reviewers] if only is not None else None)
    result = []
    for reviewer in reviewers:
        result.append(
            {
                "id": reviewer_id(reviewer),
                "council": reviewer.council_code,
                "role": reviewer.role,
                "expertise": reviewer.expertise_levels(),
                "max_reviews": reviewer.max_reviews,
                "max_days": reviewer.max_days,
                "unavailable": [
                    [u.start_date.isoformat(), u.end_date.isoformat()]
                    for u in reviewer.unavailability
                ],
                "worked_at": sorted(worked_at_recently(reviewer.employments, on)),
                "conflicts": sorted({c.council_code for c in reviewer.conflicts}),
                "reviewed_before": sorted(reviewed_before.get(reviewer.id, set())),
            }
        )
    return result


def _reviewed_before(on: dt.date, only: Collection[int] | None = None) -> dict[int, set[str]]:
    """Councils each reviewer (of `only`, when given) has been on a team for, before `on`:
    continuity."""
    query = (
        select(TeamAssignment.reviewer_id, Review.council_code)
        .join(Review, Review.id == TeamAssignment.review_id)
        .where(Review.status.in_(("published", "completed")), Review.start_date < on)
    )
    if only is not None:
        query = query.where(TeamAssignment.reviewer_id.in_(sorted(only)))
    result: dict[int, set[str]] = {}
    for reviewer, council in db.session.execute(query):
        result.setdefault(reviewer, set()).add(council)
    return result


def _team(shape: ReviewRequest | Review) -> dict[str, int]:
    return {role: getattr(shape, column) for role, column in ROLE_COLUMNS.items()}


def _request_review(request: ReviewRequest) -> dict[str, Any]:
    return {
        "id": f"RQ-{request.id}",
        "council": request.council_code,
        "kind": request.kind,
        "earliest": request.earliest.isoformat(),
        "latest": request.latest.isoformat(),
        "days": request.days,
        "team": _team(request),
        "focus": list(request.focus or []),
        "priority": request.priority,
        "fixed": None,
    }


def _existing_review(review: Review, references: dict[int, str], *, fixed: bool) -> dict[str, Any]:
    keep = fixed and review.start_date is not None and bool(review.team_members)
    return {
        "id": f"RV-{review.id}",
        "council": review.council_code,
        "kind": review.kind,
        "earliest": review.earliest.isoformat(),
        "latest": review.latest.isoformat(),
        "days": review.days,
        "team": _team(review),
        "focus": list(review.focus or []),
        "priority": review.priority,
        "fixed": {
            "start": review.start_date.isoformat(),
            "team": [
                {"reviewer": references[member.reviewer_id], "role": member.role}
                for member in review.team_members
            ],
        }
        if keep
        else None,
    }
