"""Dates and reviewer limits (hard rules 2 and 6).

Dates: a review's start dates come from :meth:`RuleContext.start_dates`. Reviewer limits: a
reviewer's reviews never overlap and are ``min_gap_days`` apart, none touches an unavailable
range, and ``max_reviews`` / ``max_days`` hold over the horizon.

The model reasons per Monday-to-Friday week: a reviewer serves at most one review in any run of
``gap_weeks(min_gap_days)`` consecutive weeks. That is a safe restriction of the contract's
rule (two reviews in different weeks never overlap, and weeks ``k`` apart leave at least
``7k - 4`` days from one's end to the next start, enough when ``7k - 4 >= min_gap_days``); the
greedy pass applies the same restriction so its plan is always a valid hint. The independent checker
verifies the contract's exact rule.
"""

from __future__ import annotations

from datetime import date

from solver.schema import Reviewer


def gap_weeks(min_gap_days: int) -> int:
    """Smallest number of weeks ``k`` such that reviews ``k`` weeks apart are always far enough
    apart (``next.start - end >= min_gap_days``); the window a reviewer serves at most once in."""
    return max(1, -(-(max(min_gap_days, 0) + 4) // 7))


def is_available(reviewer: Reviewer, start: date, end: date) -> bool:
    """True when [start, end] touches none of the reviewer's unavailable ranges."""
    return all(end < first or start > last for first, last in reviewer.unavailable)


def weeks_clash(week_a: int, week_b: int, min_gap_days: int) -> bool:
    """True when one reviewer may not serve reviews in both weeks (the model's restriction)."""
    return abs(week_a - week_b) < gap_weeks(min_gap_days)


def within_limits(reviewer: Reviewer, reviews_done: int, days_done: int, days: int) -> bool:
    """True when one more review of ``days`` days keeps the reviewer inside their limits."""
    if reviewer.max_reviews is not None and reviews_done + 1 > reviewer.max_reviews:
        return False
    return reviewer.max_days is None or days_done + days <= reviewer.max_days


def add_availability_constraints(mv) -> None:
    """Per-week service, unavailability per start date, and the horizon limits."""
    window = gap_weeks(mv.problem.rules.min_gap_days)
    for by_week in mv.reviewer_weeks.values():
        # Fixed reviews may legitimately share a week (the contract allows it); they count as
        # one occupation of the window so the model never rejects what the contract accepts.
        if not by_week:
            continue
        weeks = sorted(by_week)
        for first in range(weeks[0] - window + 1, weeks[-1] + 1):
            span = range(first, first + window)
            entries = [entry for w in span for entry in by_week.get(w, ())]
            free = [var for rid, var in entries if rid not in mv.fixed_ids]
            fixed_here = any(rid in mv.fixed_ids for rid, _ in entries)
            if len(free) + fixed_here > 1 and free:
                mv.model.add(sum(free) <= (0 if fixed_here else 1))
    origin = mv.problem.calendar.start
    for (rid, pid), weeks in mv.yw.items():
        reviewer = mv.problem.reviewers[pid]
        if not reviewer.unavailable:
            continue
        leave = mv.ctx.leave_starts(reviewer, mv.review(rid).days)
        for w, var in weeks.items():
            for start in mv.starts_in_week[rid][w]:
                if leave >> (start - origin).days & 1:
                    mv.model.add_implication(var, mv.x[rid, start].Not())
    for pid, pairs in mv.pairs_of_reviewer.items():
        reviewer = mv.problem.reviewers[pid]
        if reviewer.max_reviews is not None and len(pairs) > reviewer.max_reviews:
            mv.model.add(sum(mv.y[rid, pid] for rid in pairs) <= reviewer.max_reviews)
        if reviewer.max_days is not None:
            days = [(mv.review(rid).days, mv.y[rid, pid]) for rid in pairs]
            if sum(d for d, _ in days) > reviewer.max_days:
                mv.model.add(sum(d * v for d, v in days) <= reviewer.max_days)
