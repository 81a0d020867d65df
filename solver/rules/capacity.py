"""National capacity (hard rule 8): at most ``max_concurrent`` reviews on site on any date.

The rule is stated per date; the model also states what it implies per week, which its
linear relaxation cannot see from the dates alone: a review lies inside one Monday-to-Friday
week, and two reviews of three days or more in the same week share a date (3 + 3 > 5). Any
number of intervals that pairwise share a date all share one (Helly), so a week holds at most
``max_concurrent`` such reviews. Without this, the relaxation spreads five 3-day reviews over
a week's 15 review-days and the bound stays several percent above any plan.
"""

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


#: Reviews this long pairwise overlap when they fall in the same week.
LONG_DAYS = 3


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
    long_in_week: dict[int, list] = defaultdict(list)
    for (rid, week), var in mv.week.items():
        if mv.review(rid).days >= LONG_DAYS:
            long_in_week[week].append(var)
    for week in sorted(long_in_week):
        if len(long_in_week[week]) > limit:
            mv.model.add(sum(long_in_week[week]) <= limit)
