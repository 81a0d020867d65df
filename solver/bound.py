"""An upper bound on aim 1 from a linear relaxation, solved with GLOP in about a second.

CP-SAT's own bound on the full model stays at "every review scheduled" for a long time on
national instances: the linear relaxation it builds covers only parts of the model. This
relaxation keeps what binds in practice and drops time: each review needs ``team[role]``
eligible reviewers of each role, each reviewer serves at most ``max_reviews`` reviews and
``max_days`` days, each focus area needs a holder, and each week holds at most
``max_concurrent`` reviews on each of its working days (a review lies inside one week) and at
most ``max_concurrent`` reviews of three days or more (they pairwise overlap: see
rules.capacity). Every plan satisfies it, so its optimum bounds aim 1 from above.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp

from solver.rules.capacity import LONG_DAYS
from solver.rules.context import RuleContext
from solver.rules.expertise import covers
from solver.schema import ROLES, Review, Reviewer


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
    week_long: dict[int, object] = {}
    if limit is not None:
        # A review lies inside one week, and each week holds at most `limit` reviews on each
        # of its working days: a bound on review-days week by week.
        per_week: dict[int, int] = defaultdict(int)
        for day in ctx.working_days:
            per_week[ctx.week_of(day)] += 1
        week_days = {w: lp.Constraint(-inf, limit * n) for w, n in per_week.items()}
        week_long = {w: lp.Constraint(-inf, limit) for w in per_week}
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
                if review.days >= LONG_DAYS:
                    week_long[w].SetCoefficient(in_week, 1)
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


# ---------------------------------------------------------------- bounds from network flows
#
# The relaxation above needs a variable per eligible pair and GLOP: seconds at national scale,
# too slow at five times that. Each of the following keeps one requirement of the problem
# exactly and drops the rest, so each is a valid upper bound on aim 1 and the smallest of them
# is too. Each is a min-cost flow (integral, solved in C++ in well under a second for a
# million arcs): the directors' flow alone equals the relaxation on 2017-shaped instances,
# where credible leads are what binds.

#: Every team size divides this, so a seat's share of a review's priority is an integer.
SEAT_SCALE = 12


@dataclass(frozen=True)
class FlowBound:
    """The bound, and for each review the reviewers some seat flow gave it: a team-by-team
    witness of the bound that the model's candidates should include."""

    value: int
    seats: dict[str, set[str]]


class _Arcs:
    """A flow network's arcs as flat integer arrays: a seat flow at five times national
    scale has over a million arcs, which as Python tuples cost hundreds of megabytes."""

    def __init__(self) -> None:
        self.tails, self.heads, self.caps, self.costs = (array("q") for _ in range(4))

    def add(self, tail: int, head: int, capacity: int, cost: int) -> None:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(capacity)
        self.costs.append(cost)

    def __len__(self) -> int:
        return len(self.tails)

    def column(self, name: str) -> np.ndarray:
        return np.frombuffer(getattr(self, name), dtype=np.int64)


def _best_flow(arcs: _Arcs, source: int, sink: int, supply: int) -> tuple[int, np.ndarray]:
    """The least cost of any flow from ``source`` to ``sink`` and the flow on each arc (a free
    bypass lets any part of ``supply`` stay unused)."""
    flow = min_cost_flow.SimpleMinCostFlow()
    indices = flow.add_arcs_with_capacity_and_unit_cost(
        arcs.column("tails"), arcs.column("heads"), arcs.column("caps"), arcs.column("costs")
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min-cost flow failed")
    return flow.optimal_cost(), flow.flows(indices)


def _seat_bound(
    ctx: RuleContext,
    eligible: dict[str, list[Reviewer]],
    need: Callable[[Review], int],
    fits: Callable[[Reviewer], bool],
    seats_out: dict[str, set[str]],
) -> int:
    """Aim 1 if only one kind of seat mattered: each schedulable review needs ``need(review)``
    eligible reviewers that ``fits`` accepts, and each reviewer serves at most as many reviews
    as their limits allow. A review's priority is shared among its seats, so a part-filled
    review earns part of it (the relaxation); reviews needing none earn all of it. The seats
    the best flow fills are added to ``seats_out``."""
    source, sink = 0, 1
    reviewer_node: dict[str, int] = {}
    arcs = _Arcs()
    free = 0
    supply = 0
    schedulable = [r for r in ctx.problem.reviews if ctx.start_dates(r)]
    first_reviewer_node = next_node = 2 + len(schedulable)
    for index, review in enumerate(schedulable):
        seats = need(review)
        if seats == 0:
            free += review.priority
            continue
        node = 2 + index
        arcs.add(node, sink, seats, -(review.priority * SEAT_SCALE) // seats)
        supply += seats
        for p in eligible.get(review.id, ()):
            if not fits(p):
                continue
            at = reviewer_node.get(p.id)
            if at is None:
                at = reviewer_node[p.id] = next_node
                next_node += 1
                arcs.add(source, at, _review_limit(p, len(schedulable)), 0)
            arcs.add(at, node, 1, 0)
    if not len(arcs):
        return free
    cost, flows = _best_flow(arcs, source, sink, supply)
    reviewer_of = {node: pid for pid, node in reviewer_node.items()}
    used = np.flatnonzero(flows)
    tails, heads = arcs.column("tails")[used], arcs.column("heads")[used]
    for tail, head in zip(tails.tolist(), heads.tolist(), strict=True):
        if tail >= first_reviewer_node:  # reviewer -> review: a filled seat
            seats_out.setdefault(schedulable[head - 2].id, set()).add(reviewer_of[tail])
    return free + math.floor(-cost / SEAT_SCALE + 1e-9)


def _review_limit(reviewer: Reviewer, reviews: int) -> int:
    limit = reviews if reviewer.max_reviews is None else reviewer.max_reviews
    if reviewer.max_days is not None:
        limit = min(limit, reviewer.max_days)  # every review is at least a day
    return limit


def _week_bound(ctx: RuleContext) -> int | None:
    """Aim 1 if only national capacity mattered: each week holds at most ``max_concurrent``
    reviews of three days or more (rules.capacity); shorter reviews are left free."""
    limit = ctx.problem.calendar.max_concurrent
    if limit is None:
        return None
    source, sink = 0, 1
    arcs = _Arcs()
    week_node: dict[int, int] = {}
    free = supply = 0
    reviews = [r for r in ctx.problem.reviews if ctx.start_dates(r)]
    next_node = 2 + len(reviews)
    for index, review in enumerate(reviews):
        if review.days < LONG_DAYS:
            free += review.priority
            continue
        node = 2 + index
        arcs.add(source, node, 1, -review.priority)
        supply += 1
        for week in sorted({ctx.week_of(s) for s in ctx.start_dates(review)}):
            at = week_node.get(week)
            if at is None:
                at = week_node[week] = next_node
                next_node += 1
                arcs.add(at, sink, limit, 0)
            arcs.add(node, at, 1, 0)
    if not len(arcs):
        return free
    return free - _best_flow(arcs, source, sink, supply)[0]


def flow_bound(ctx: RuleContext, eligible: dict[str, list[Reviewer]]) -> FlowBound:
    """The least of the seat bounds (one per role, one per focus area) and the week bound."""
    seats: dict[str, set[str]] = {}
    bounds = [
        _seat_bound(
            ctx,
            eligible,
            lambda r, ro=role: r.team.get(ro, 0),
            lambda p, ro=role: p.role == ro,
            seats,
        )
        for role in ROLES
    ]
    for area in sorted({a for r in ctx.problem.reviews for a in r.focus}):
        bounds.append(
            _seat_bound(
                ctx,
                eligible,
                lambda r, a=area: int(a in r.focus),
                lambda p, a=area: covers(p, a),
                seats,
            )
        )
    week = _week_bound(ctx)
    if week is not None:
        bounds.append(week)
    return FlowBound(min(bounds), seats)
