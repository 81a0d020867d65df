"""National capacity (hard rule 8): at most ``max_concurrent`` reviews on site on any date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta


def busiest_day_load(on_site: Iterable[tuple[date, int]], start: date, days: int) -> int:
    """How many of the given (start, days) reviews are on site on the busiest day of a new
    review starting on ``start`` for ``days`` days."""
    span = {start + timedelta(days=i) for i in range(days)}
    load: dict[date, int] = defaultdict(int)
    for other_start, other_days in on_site:
        for i in range(other_days):
            day = other_start + timedelta(days=i)
            if day in span:
                load[day] += 1
    return max(load.values(), default=0)


def add_capacity_constraints(mv) -> None:
    limit = mv.problem.calendar.max_concurrent
    if limit is None:
        return
    by_day: dict[date, list] = defaultdict(list)
    for (rid, start), var in mv.x.items():
        for i in range(mv.review(rid).days):
            by_day[start + timedelta(days=i)].append(var)
    for day in sorted(by_day):
        if len(by_day[day]) > limit:
            mv.model.add(sum(by_day[day]) <= limit)
