"""Reviews due: the councils at one of the report's key transition points, derived from the record.

Two layers. `due_from_records` is pure: it takes plain `CouncilRecord`s and a date and applies
the rules, so the rules are tested without a database. `due_reviews` reads the register *as of*
a date (nothing dated after it is known, and a review counts as held only if it started before
that date) and hands the records to the pure layer. `due_reviews(date(2013, 9, 1))` is what the
product would have said in September 2013.

The rules (one entry per council; the most pressing kind wins and the others' reasons and
focus areas are carried along, because one review can answer all of them):

1. baseline: the latest inspection with an overall judgement is inadequate or requires
   improvement (unless it improves on the one before: that is progress, a validation), or a
   new director of children's services took up post, within the last `trigger_months`, and
   no review has been held since. Window: 1 to 4 months after it.
2. validation: the council moved forward to a new improvement phase (a phase record, or an
   inspection judging it better than the one before), within `trigger_months`, with no
   review since. Window: 6 to 12 months after the move, between inspections.
3. focused: the latest inspection names priority areas, or judges one of its parts inadequate
   or requiring improvement, within `trigger_months`, with no review since. Window: 2 to 6
   months after the inspection.
4. cycle: no review held for `cycle_years` (or none on record). Window: the coming months if
   overdue, else around the anniversary.

A suggested window never starts in the past: an overdue review is suggested from a fortnight
after `on`, and flagged `overdue`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from peerreview.reference import vocabulary

KIND_ORDER: tuple[str, ...] = ("baseline", "validation", "focused", "cycle")

#: Ofsted's sub-judgements and the practice areas a review of a weak one would focus on.
SUB_JUDGEMENT_AREAS: dict[str, tuple[str, ...]] = {
    "leaders": ("leadership", "quality_assurance"),
    "help_protection": ("front_door", "child_protection", "early_help"),
    "in_care": ("children_in_care", "edge_of_care"),
    "care_leavers": ("care_leavers",),
}
SUB_JUDGEMENT_LABELS: dict[str, str] = {
    "leaders": "the impact of leaders",
    "help_protection": "help and protection",
    "in_care": "children in care",
    "care_leavers": "care leavers",
}
WEAK = frozenset({"inadequate", "requires_improvement"})
PHASE_RANK = {phase: rank for rank, phase in enumerate(vocabulary.PHASES)}
JUDGEMENT_RANK = {judgement: rank for rank, judgement in enumerate(vocabulary.JUDGEMENTS)}


# --- Plain records: what the rules read ---------------------------------------------------------


@dataclass(frozen=True)
class InspectionRecord:
    """An inspection; `overall` is None when it carried no overall judgement."""

    date: dt.date
    overall: str | None
    sub_judgements: dict[str, str | None] = field(default_factory=dict)
    priority_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhaseRecord:
    phase: str
    start_date: dt.date


@dataclass(frozen=True)
class CouncilRecord:
    """One council's history, as plain values. Lists may be in any order."""

    code: str
    name: str
    region: str
    inspections: Sequence[InspectionRecord] = ()
    director_changes: Sequence[dt.date] = ()
    phases: Sequence[PhaseRecord] = ()
    review_dates: Sequence[dt.date] = ()


@dataclass(frozen=True)
class DueReview:
    """A review the record says is due, with what a coordinator needs to act on it."""

    council_code: str
    council_name: str
    region: str
    kind: str
    reason: str
    trigger_date: dt.date
    window_start: dt.date
    window_end: dt.date
    priority: int
    focus: tuple[str, ...] = ()
    overdue: bool = False
    also: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return (self.reason, *self.also)


@dataclass(frozen=True)
class _Trigger:
    kind: str
    date: dt.date
    reason: str
    priority: int
    window: tuple[int, int]  # months after the trigger
    focus: tuple[str, ...] = ()


# --- Date helpers --------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _judgement(value: str | None) -> str:
    return vocabulary.JUDGEMENT_LABELS.get(value or "", "no overall judgement").lower()


def _phase(key: str) -> str:
    """The report's hyphenated phase names: poor-to-fair, fair-to-good."""
    return vocabulary.PHASE_LABELS.get(key, key).lower().replace(" ", "-")


def parse_priority_areas(text: str | None) -> tuple[str, ...]:
    """Priority areas as recorded ("care_leavers; Early help") mapped to practice-area keys.

    Unknown words are dropped: the list feeds checkboxes of the vocabulary's areas.
    """
    if not text:
        return ()
    by_label = {label.lower(): key for key, label in vocabulary.PRACTICE_AREAS.items()}
    areas: list[str] = []
    for part in re.split(r"[;,|\n]", text):
        word = part.strip().lower()
        as_key = word.replace(" ", "_")
        key = as_key if as_key in vocabulary.PRACTICE_AREAS else by_label.get(word)
        if key and key not in areas:
            areas.append(key)
    return tuple(areas)


# --- The rules -----------------------------------------------------------------------------------


def _recent(day: dt.date, on: dt.date, trigger_months: int) -> bool:
    return day <= on and add_months(day, trigger_months) >= on


def _reviewed_since(record: CouncilRecord, day: dt.date, on: dt.date) -> bool:
    """A review held on or after the trigger and before `on` answers it."""
    return any(day <= held < on for held in record.review_dates)


def _inspection_focus(inspection: InspectionRecord) -> tuple[str, ...]:
    areas = list(inspection.priority_areas)
    for part, value in inspection.sub_judgements.items():
        if value in WEAK:
            areas += [a for a in SUB_JUDGEMENT_AREAS.get(part, ()) if a not in areas]
    return tuple(areas)


def _overall_inspections(record: CouncilRecord, on: dt.date) -> list[InspectionRecord]:
    return sorted(
        (i for i in record.inspections if i.date <= on and i.overall in JUDGEMENT_RANK),
        key=lambda i: i.date,
    )


def _baseline(record: CouncilRecord, on: dt.date, months: int) -> list[_Trigger]:
    triggers = []
    judged = _overall_inspections(record, on)
    # A weak judgement that improves on the one before is progress (a validation), not a start.
    improved = len(judged) >= 2 and (
        JUDGEMENT_RANK[judged[-1].overall] < JUDGEMENT_RANK[judged[-2].overall]
    )
    if judged and judged[-1].overall in WEAK and not improved:
        latest = judged[-1]
        if _recent(latest.date, on, months) and not _reviewed_since(record, latest.date, on):
            triggers.append(
                _Trigger(
                    "baseline",
                    latest.date,
                    f"Inspected {_long(latest.date)}: {_judgement(latest.overall)}",
                    5 if latest.overall == "inadequate" else 4,
                    (1, 4),
                    _inspection_focus(latest),
                )
            )
    directors = sorted(d for d in record.director_changes if d <= on)
    if directors:
        arrived = directors[-1]
        if _recent(arrived, on, months) and not _reviewed_since(record, arrived, on):
            triggers.append(
                _Trigger(
                    "baseline",
                    arrived,
                    f"New director of children's services from {_long(arrived)}",
                    4,
                    (1, 4),
                    ("leadership",),
                )
            )
    return triggers


def _validation(record: CouncilRecord, on: dt.date, months: int) -> list[_Trigger]:
    triggers = []
    phases = sorted((p for p in record.phases if p.start_date <= on), key=lambda p: p.start_date)
    if len(phases) >= 2:
        before, now = phases[-2], phases[-1]
        moved_on = PHASE_RANK.get(now.phase, -1) > PHASE_RANK.get(before.phase, 99)
        if (
            moved_on
            and _recent(now.start_date, on, months)
            and not _reviewed_since(record, now.start_date, on)
        ):
            triggers.append(
                _Trigger(
                    "validation",
                    now.start_date,
                    f"Moved into the {_phase(now.phase)} phase (from {_phase(before.phase)}) "
                    f"on {_long(now.start_date)}",
                    3,
                    (6, 12),
                )
            )
    judged = _overall_inspections(record, on)
    if len(judged) >= 2:
        before_i, now_i = judged[-2], judged[-1]
        improved = JUDGEMENT_RANK[now_i.overall] < JUDGEMENT_RANK[before_i.overall]
        if (
            improved
            and _recent(now_i.date, on, months)
            and not _reviewed_since(record, now_i.date, on)
            and not any(t.date == now_i.date for t in triggers)
        ):
            triggers.append(
                _Trigger(
                    "validation",
                    now_i.date,
                    f"Improved from {_judgement(before_i.overall)} to "
                    f"{_judgement(now_i.overall)} at the inspection of {_long(now_i.date)}",
                    3,
                    (6, 12),
                    _inspection_focus(now_i),
                )
            )
    return triggers


def _focused(record: CouncilRecord, on: dt.date, months: int) -> list[_Trigger]:
    inspections = sorted((i for i in record.inspections if i.date <= on), key=lambda i: i.date)
    if not inspections:
        return []
    latest = inspections[-1]
    if not _recent(latest.date, on, months) or _reviewed_since(record, latest.date, on):
        return []
    weak_parts = [
        SUB_JUDGEMENT_LABELS.get(part, part)
        for part, value in latest.sub_judgements.items()
        if value in WEAK
    ]
    if not weak_parts and not latest.priority_areas:
        return []
    bits = []
    if latest.priority_areas:
        names = ", ".join(
            vocabulary.PRACTICE_AREAS[a].lower() for a in latest.priority_areas
        )
        bits.append(f"named priority areas ({names})")
    if weak_parts:
        bits.append(f"judged {', '.join(weak_parts)} less than good")
    inadequate = any(v == "inadequate" for v in latest.sub_judgements.values())
    return [
        _Trigger(
            "focused",
            latest.date,
            f"Inspected {_long(latest.date)}: {' and '.join(bits)}",
            4 if inadequate else 3,
            (2, 6),
            _inspection_focus(latest),
        )
    ]


def _cycle(record: CouncilRecord, on: dt.date, cycle_years: int) -> _Trigger | None:
    held = sorted(d for d in record.review_dates if d < on)
    if held and add_months(held[-1], 12 * cycle_years) > on:
        return None
    if held:
        due_from = add_months(held[-1], 12 * cycle_years)
        reason = (
            f"Last peer review {_long(held[-1])}: more than {cycle_years} "
            f"year{'s' if cycle_years != 1 else ''} ago"
        )
        return _Trigger("cycle", due_from, reason, 2, (0, 6))
    return _Trigger("cycle", on, "No peer review on record", 2, (1, 12 * cycle_years))


def due_for_council(
    record: CouncilRecord,
    on: dt.date,
    *,
    cycle_years: int = 3,
    trigger_months: int = 24,
) -> DueReview | None:
    """The review due for one council on `on`, or None. Pure: reads only its arguments."""
    triggers = (
        _baseline(record, on, trigger_months)
        + _validation(record, on, trigger_months)
        + _focused(record, on, trigger_months)
    )
    if not triggers:
        cycle = _cycle(record, on, cycle_years)
        if cycle is None:
            return None
        triggers = [cycle]
    # Most pressing kind first; within a kind the most recent trigger leads.
    triggers.sort(key=lambda t: (KIND_ORDER.index(t.kind), -t.date.toordinal()))
    lead = triggers[0]
    start = add_months(lead.date, lead.window[0])
    end = add_months(lead.date, lead.window[1])
    earliest_possible = on + dt.timedelta(days=14)
    overdue = end < earliest_possible
    if start < earliest_possible:
        span = max((end - start).days, 90)
        start = earliest_possible
        end = max(end, start + dt.timedelta(days=span))
    focus: list[str] = []
    for trigger in triggers:
        focus += [area for area in trigger.focus if area not in focus]
    return DueReview(
        council_code=record.code,
        council_name=record.name,
        region=record.region,
        kind=lead.kind,
        reason=lead.reason,
        trigger_date=lead.date,
        window_start=start,
        window_end=end,
        priority=max(t.priority for t in triggers),
        focus=tuple(focus),
        overdue=overdue,
        also=tuple(t.reason for t in triggers[1:]),
    )


def due_from_records(
    records: Iterable[CouncilRecord],
    on: dt.date,
    *,
    cycle_years: int = 3,
    trigger_months: int = 24,
) -> list[DueReview]:
    """Every council's due review, most urgent first (priority, then window, then name)."""
    due = [
        item
        for record in records
        if (item := due_for_council(
            record, on, cycle_years=cycle_years, trigger_months=trigger_months
        ))
        is not None
    ]
    due.sort(key=lambda d: (-d.priority, KIND_ORDER.index(d.kind), d.window_start, d.council_name))
    return due


# --- The register as of a date -------------------------------------------------------------------


def records_as_of(on: dt.date) -> list[CouncilRecord]:
    """Each council in existence on `on`, with its history up to that date (a few queries)."""
    from sqlalchemy import or_, select

    from peerreview.extensions import db
    from peerreview.models import (
        Council,
        ImprovementPhase,
        LeadershipChange,
        OfstedEvent,
        Review,
    )

    councils = db.session.scalars(
        select(Council).where(
            or_(Council.valid_from.is_(None), Council.valid_from <= on),
            or_(Council.valid_to.is_(None), Council.valid_to > on),
        )
    )
    inspections: dict[str, list[InspectionRecord]] = {}
    for event in db.session.scalars(
        select(OfstedEvent).where(OfstedEvent.kind == "inspection", OfstedEvent.start_date <= on)
    ):
        inspections.setdefault(event.council_code, []).append(
            InspectionRecord(
                event.start_date,
                event.overall,
                dict(event.sub_judgements),
                parse_priority_areas(event.priority_areas),
            )
        )
    directors: dict[str, list[dt.date]] = {}
    for change in db.session.scalars(
        select(LeadershipChange).where(
            LeadershipChange.date <= on, LeadershipChange.role == "director"
        )
    ):
        directors.setdefault(change.council_code, []).append(change.date)
    phases: dict[str, list[PhaseRecord]] = {}
    for phase in db.session.scalars(
        select(ImprovementPhase).where(ImprovementPhase.start_date <= on)
    ):
        phases.setdefault(phase.council_code, []).append(PhaseRecord(phase.phase, phase.start_date))
    reviews: dict[str, list[dt.date]] = {}
    for code, start in db.session.execute(
        select(Review.council_code, Review.start_date).where(
            Review.status.in_(("published", "completed")),
            Review.start_date.is_not(None),
            Review.start_date < on,
        )
    ):
        reviews.setdefault(code, []).append(start)
    return [
        CouncilRecord(
            code=c.gss_code,
            name=c.name,
            region=c.region,
            inspections=inspections.get(c.gss_code, []),
            director_changes=directors.get(c.gss_code, []),
            phases=phases.get(c.gss_code, []),
            review_dates=reviews.get(c.gss_code, []),
        )
        for c in councils
    ]


def due_reviews(
    on: dt.date,
    *,
    cycle_years: int = 3,
    trigger_months: int = 24,
    region: str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[DueReview]:
    """Reviews due on `on`, from the register as it stood then; optionally one region/kinds."""
    records = records_as_of(on)
    if region:
        records = [r for r in records if r.region == region]
    due = due_from_records(records, on, cycle_years=cycle_years, trigger_months=trigger_months)
    if kinds is not None:
        wanted = set(kinds)
        due = [d for d in due if d.kind in wanted]
    return due
