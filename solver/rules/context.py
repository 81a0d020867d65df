"""What every rule needs to know about a problem, computed once.

The contract states relations (borders, partners, shared leadership) from whichever side lists
them; the rules need them symmetric. Working days, weeks and on-site spans are also shared by
several rules, the greedy pass and the model, so they are derived here in one place.

Weeks: a review is on site on consecutive working days (Monday to Friday, at most five), so it
always lies inside one Monday-to-Friday week. The solver reasons about reviewers week by week;
``week_of`` gives the index of the week holding a date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from solver.schema import Problem, Review, Reviewer

GOOD_OR_BETTER = frozenset({"good", "outstanding"})


def monday_of(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass
class RuleContext:
    """Derived facts about one problem, shared by every rule (build with ``RuleContext(p)``)."""

    problem: Problem
    _starts: dict[str, tuple[date, ...]] = field(default_factory=dict, repr=False)
    # Results other modules compute once per problem (e.g. eligible reviewers per review).
    cache: dict[object, object] = field(default_factory=dict, repr=False)

    @cached_property
    def working_days(self) -> frozenset[date]:
        cal = self.problem.calendar
        days = set()
        day = cal.start
        while day <= cal.end:
            if day.weekday() < 5 and day not in cal.closed_dates:
                days.add(day)
            day += timedelta(days=1)
        return frozenset(days)

    @cached_property
    def first_monday(self) -> date:
        return monday_of(self.problem.calendar.start)

    def week_of(self, day: date) -> int:
        """Index of the Monday-to-Friday week holding ``day`` (0 is the calendar's first week)."""
        return (day - self.first_monday).days // 7

    def week_monday(self, week: int) -> date:
        return self.first_monday + timedelta(days=7 * week)

    @cached_property
    def relations(self) -> dict[str, dict[str, frozenset[str]]]:
        """For each council: its ``borders``, ``partners`` and ``shared_leadership``, both ways."""
        out: dict[str, dict[str, set[str]]] = {
            code: {"borders": set(), "partners": set(), "shared_leadership": set()}
            for code in self.problem.councils
        }
        for code, council in self.problem.councils.items():
            for kind in ("borders", "partners", "shared_leadership"):
                for other in getattr(council, kind):
                    if other in out and other != code:
                        out[code][kind].add(other)
                        out[other][kind].add(code)
        return {c: {k: frozenset(v) for k, v in kinds.items()} for c, kinds in out.items()}

    def start_dates(self, review: Review) -> tuple[date, ...]:
        """Every start date whose ``days`` consecutive calendar dates are all working days
        inside the review's window (hard rule 2)."""
        if review.id not in self._starts:
            self._starts[review.id] = tuple(self._compute_starts(review))
        return self._starts[review.id]

    @cached_property
    def working_run(self) -> dict[date, int]:
        """For each working day, how many consecutive calendar dates from it are working days
        (a Monday with no closed date that week: 5)."""
        run: dict[date, int] = {}
        for day in sorted(self.working_days, reverse=True):
            run[day] = run.get(day + timedelta(days=1), 0) + 1
        return run

    def _compute_starts(self, review: Review) -> list[date]:
        if not 1 <= review.days <= 5:
            return []
        starts = []
        run = self.working_run
        day = review.earliest
        last_start = review.latest - timedelta(days=review.days - 1)
        while day <= last_start:
            if run.get(day, 0) >= review.days:
                starts.append(day)
            day += timedelta(days=1)
        return starts

    def date_bits(self, days) -> int:
        """Dates as bits of an integer (bit i: the calendar's first date plus i days), so
        "free on some start" is one AND over a million pairs."""
        origin = self.problem.calendar.start
        return sum(1 << (day - origin).days for day in set(days))

    def start_mask(self, review: Review) -> int:
        """The review's start dates as bits (cached)."""
        key = "start_mask:" + review.id
        if key not in self.cache:
            self.cache[key] = self.date_bits(self.start_dates(review))
        return self.cache[key]  # type: ignore[return-value]

    def leave_starts(self, reviewer: Reviewer, days: int) -> int:
        """Bits (as in :meth:`date_bits`) of the dates on which a review of ``days`` days
        would touch the reviewer's leave (cached per reviewer and length)."""
        key = ("leave_starts", reviewer.id, days)
        if key not in self.cache:
            cal = self.problem.calendar
            blocked = 0
            for first, last in reviewer.unavailable:
                lo = max((first - cal.start).days, 0)
                hi = min((last - cal.start).days, (cal.end - cal.start).days)
                if lo <= hi:
                    blocked |= ((1 << (hi - lo + 1)) - 1) << lo
            starts = 0
            for k in range(days):
                starts |= blocked >> k
            self.cache[key] = starts
        return self.cache[key]  # type: ignore[return-value]

    def week_mask(self, week: int) -> int:
        """Bits (as in :meth:`date_bits`) of the seven dates of week ``week``."""
        offset = (self.week_monday(week) - self.problem.calendar.start).days
        return 0x7F << offset if offset >= 0 else 0x7F >> -offset

    def free_some_start(self, reviewer: Reviewer, review: Review) -> bool:
        """True when the reviewer's leave spares at least one placement of ``review``."""
        if not reviewer.unavailable:
            return bool(self.start_dates(review))
        return bool(self.start_mask(review) & ~self.leave_starts(reviewer, review.days))

    def spans(self, review: Review) -> tuple[tuple[date, date], ...]:
        """(start, end) of every allowed placement of ``review`` (cached)."""
        key = "spans:" + review.id
        if key not in self.cache:
            self.cache[key] = tuple(
                (s, s + timedelta(days=review.days - 1)) for s in self.start_dates(review)
            )
        return self.cache[key]  # type: ignore[return-value]

    @staticmethod
    def end_of(start: date, days: int) -> date:
        return start + timedelta(days=days - 1)

    def _reviewers_by(self, attribute: str) -> dict[str, list[Reviewer]]:
        out: dict[str, list[Reviewer]] = defaultdict(list)
        for reviewer in self.problem.reviewers.values():
            out[getattr(reviewer, attribute)].append(reviewer)
        return dict(out)

    @cached_property
    def reviewers_by_council(self) -> dict[str, list[Reviewer]]:
        return self._reviewers_by("council")

    @cached_property
    def reviewers_by_role(self) -> dict[str, list[Reviewer]]:
        return self._reviewers_by("role")

    @cached_property
    def reviews_by_id(self) -> dict[str, Review]:
        return {review.id: review for review in self.problem.reviews}

    def council_name(self, code: str) -> str:
        council = self.problem.councils.get(code)
        return council.name if council else code
