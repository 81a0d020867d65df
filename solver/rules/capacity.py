"""National capacity (hard rule 8): at most ``max_concurrent`` reviews on site on any date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta


def has_room(on_site: Mapping[date, int], start: date, days: int, limit: int | None) -> bool:
    """True when a review on site from ``start`` for ``days`` days keeps every one of its
    dates within ``limit``, given how many reviews are on site each date already."""
    if limit is None:
        return True
    return all(on_site.get(start + timedelta(days=i), 0) < limit for i in range(days))


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
