"""Which councils a reviewer may not review, and why: the product's independence rules.

The same rules as the solver's hard rules 3 and 4 (shared/contracts/solver-io.md): the home
council; councils sharing leadership or a delivery organisation with it, or its strategic
partners (a relation counts both ways, whichever side it was recorded on); bordering councils
(rule `exclude_borders`, on by default); councils the reviewer worked at recently; declared
conflicts. Computed with a handful of queries whatever the size of the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select

from peerreview.councils.services import in_intervention
from peerreview.extensions import db
from peerreview.models import (
    Council,
    CouncilBorder,
    CouncilRelation,
    OfstedEvent,
    Reviewer,
    ReviewerEmployment,
    SupportPackage,
)
from peerreview.reference import vocabulary

#: Employment that ended within this many days still breaks independence ("worked there
#: recently"). Five years. The solver's problem builder uses `worked_at_recently` too, so
#: the page shows exactly what the solver will enforce.
RECENT_EMPLOYMENT_DAYS = 5 * 365

RELATION_REASONS = {
    "shared_leadership": "Shares leadership with their council",
    "shared_delivery": "Shares a delivery organisation with their council",
    "strategic_partner": "Strategic partner of their council",
}


@dataclass(frozen=True)
class Exclusion:
    """A council the reviewer may not review, with every reason that applies."""

    council: Council
    reasons: tuple[str, ...]


def worked_at_recently(employments: Iterable[ReviewerEmployment], on: dt.date) -> set[str]:
    """Councils a reviewer worked at until less than RECENT_EMPLOYMENT_DAYS before `on`
    (an employment with no end date counts: it has not ended)."""
    cutoff = on - dt.timedelta(days=RECENT_EMPLOYMENT_DAYS)
    return {e.council_code for e in employments if e.until is None or e.until >= cutoff}


def independence_conflicts(
    reviewer: Reviewer, *, on: dt.date | None = None, exclude_borders: bool = True
) -> list[Exclusion]:
    """Every council this reviewer may not review on `on` (today by default), by name."""
    on = on or dt.date.today()
    home = reviewer.council_code
    reasons: dict[str, list[str]] = {home: ["Their own council"]}

    def add(code: str, reason: str) -> None:
        reasons.setdefault(code, [])
        if reason not in reasons[code]:
            reasons[code].append(reason)

    relations = db.session.scalars(
        select(CouncilRelation).where(
            or_(CouncilRelation.council_a == home, CouncilRelation.council_b == home),
            CouncilRelation.kind.in_(vocabulary.RELATION_KINDS),
        )
    )
    for relation in relations:
        if not relation.active_on(on):
            continue
        other = relation.council_b if relation.council_a == home else relation.council_a
        reason = RELATION_REASONS.get(relation.kind, "Related to their council")
        if relation.organisation:
            reason += f" ({relation.organisation})"
        add(other, reason)

    if exclude_borders:
        rows = db.session.execute(
            select(CouncilBorder.council_a, CouncilBorder.council_b).where(
                or_(CouncilBorder.council_a == home, CouncilBorder.council_b == home)
            )
        )
        for a, b in rows:
            add(b if a == home else a, "Borders their council")

    recent = worked_at_recently(reviewer.employments, on)
    for employment in reviewer.employments:
        if employment.council_code not in recent:
            continue
        if employment.until is None:
            add(employment.council_code, "They work or worked there (no end date recorded)")
        else:
            add(employment.council_code, f"They worked there until {_long(employment.until)}")

    for conflict in reviewer.conflicts:
        state = "confirmed by a coordinator" if conflict.pinned else "declared by the reviewer"
        add(conflict.council_code, f"Declared {conflict.kind} conflict ({state})")

    councils = {
        c.gss_code: c
        for c in db.session.scalars(select(Council).where(Council.gss_code.in_(list(reasons))))
    }
    exclusions = [
        Exclusion(councils[code], tuple(why)) for code, why in reasons.items() if code in councils
    ]
    exclusions.sort(key=lambda e: (e.council.gss_code != home, e.council.name))
    return exclusions


def credibility_notes(reviewer: Reviewer, *, on: dt.date | None = None) -> list[str]:
    """What the home council's standing means for this reviewer (rule 4 of the contract)."""
    on = on or dt.date.today()
    home = reviewer.council_code
    notes: list[str] = []
    latest = db.session.scalar(
        select(OfstedEvent)
        .where(
            OfstedEvent.council_code == home,
            OfstedEvent.kind == "inspection",
            OfstedEvent.overall.is_not(None),
            OfstedEvent.start_date <= on,
        )
        .order_by(OfstedEvent.start_date.desc())
        .limit(1)
    )
    judgement = latest.overall if latest else None
    if judgement not in ("good", "outstanding"):
        shown = vocabulary.JUDGEMENT_LABELS.get(judgement or "", "no overall judgement")
        notes.append(
            f"Cannot lead a review: their council's latest judgement is {shown.lower()}, "
            "not good or outstanding."
        )
    query = select(SupportPackage).where(SupportPackage.council_code == home)
    packages = [p for p in db.session.scalars(query) if p.active_on(on)]
    if in_intervention(packages):
        notes.append(
            "Not asked to serve on teams: their council is in formal intervention, "
            "and such councils are not asked to lend reviewers."
        )
    return notes


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
