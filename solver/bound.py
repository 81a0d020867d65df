"""An upper bound on aim 1 from a linear relaxation, solved with GLOP in about a second.

CP-SAT's own bound on the full model stays at "every review scheduled" for a long time on
national instances: the linear relaxation it builds covers only parts of the model. This
relaxation keeps what binds in practice and drops time: each review needs ``team[role]``
eligible reviewers of each role, each reviewer serves at most ``max_reviews`` reviews and
``max_days`` days, each focus area needs a holder, and each week holds at most
``max_concurrent`` reviews on each of its working days (a review lies inside one week). Every
plan satisfies it, so its optimum bounds aim 1 from above.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.linear_solver import pywraplp

from solver.rules.context import RuleContext
from solver.rules.expertise import covers
from solver.schema import ROLES, Reviewer


def scheduled_priority_bound(ctx: RuleContext, eligible: dict[str, list[Reviewer]]) -> int | None:
    """The largest priority-weighted count of reviews any plan can schedule (None if the LP
    solver is unavailable or fails)."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    problem = ctx.problem
    inf = lp.infinity()
    objective = lp.Objective()
    load: dict[str, list] = defaultdict(list)
    limit = problem.calendar.max_concurrent
    week_days: dict[int, object] = {}
    if limit is not None:
        # A review lies inside one week, and each week holds at most `limit` reviews on each
        # of its working days: a bound on review-days week by week.
        per_week: dict[int, int] = defaultdict(int)
        for day in ctx.working_days:
            per_week[ctx.week_of(day)] += 1
        week_days = {w: lp.Constraint(-inf, limit * n) for w, n in per_week.items()}
    for review in problem.reviews:
        s = lp.NumVar(0, 1 if ctx.start_dates(review) else 0, "")
        objective.SetCoefficient(s, review.priority)
        if week_days:
            weeks = sorted({ctx.week_of(start) for start in ctx.start_dates(review)})
            split = lp.Constraint(0, 0)
            split.SetCoefficient(s, -1)
            for w in weeks:
                in_week = lp.NumVar(0, 1, "")
                split.SetCoefficient(in_week, 1)
                week_days[w].SetCoefficient(in_week, review.days)
        members = eligible.get(review.id, [])
        chosen = {p.id: lp.NumVar(0, 1, "") for p in members}
        for role in ROLES:
            need = review.team.get(role, 0)
            if need:
                row = lp.Constraint(0, 0)
                row.SetCoefficient(s, -need)
                for p in members:
                    if p.role == role:
                        row.SetCoefficient(chosen[p.id], 1)
        for area in review.focus:
            row = lp.Constraint(0, inf)
            row.SetCoefficient(s, -1)
            for p in members:
                if covers(p, area):
                    row.SetCoefficient(chosen[p.id], 1)
        for p in members:
            load[p.id].append((chosen[p.id], review.days))
    for pid, vars_ in load.items():
        reviewer = problem.reviewers[pid]
        if reviewer.max_reviews is not None and len(vars_) > reviewer.max_reviews:
            row = lp.Constraint(-inf, reviewer.max_reviews)
            for var, _days in vars_:
                row.SetCoefficient(var, 1)
        if reviewer.max_days is not None:
            row = lp.Constraint(-inf, reviewer.max_days)
            for var, days in vars_:
                row.SetCoefficient(var, days)
    objective.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return math.floor(lp.Objective().Value() + 1e-6)


def simple_bound(ctx: RuleContext) -> int:
    """A weak but cheap bound: the priorities of reviews that have a start date and enough
    eligible reviewers in every role (used when the relaxation is too big to build)."""
    from solver.candidates import eligible_for

    total = 0
    for review in ctx.problem.reviews:
        if not ctx.start_dates(review):
            continue
        pool = eligible_for(ctx, review)
        if all(
            sum(1 for p in pool if p.role == role) >= need for role, need in review.team.items()
        ):
            total += review.priority
    return total
