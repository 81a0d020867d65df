"""What the solver optimises: the contract's five aims, in order of importance.

How the objective is built
--------------------------
Every aim is an integer sum, so each can be reported on its own (``Plan.objective_parts``):

1. ``scheduled_priority``: the sum of ``priority`` over scheduled reviews.
2. ``expertise_depth``: focus areas (of scheduled reviews) held at the top level 3 by a member.
   Level 2 on every focus area is already a hard rule; this rewards going deeper.
3. ``continuity_context``: per team member, 3 if they reviewed the council before, plus 1 each
   for the same region, the same council type, and being from one of the council's
   statistical neighbours.
4. ``urgency_delay``: per scheduled review, ``priority`` x days from the start of its window
   to its start (a penalty: urgent reviews early).
5. ``load_excess``: per reviewer, reviews beyond their 1st, 2nd and 3rd (a convex penalty, so
   two reviewers doing two each beat one doing three and one doing one); per lending council,
   seats beyond its fair share (total seats over councils able to lend).

The aims are optimised lexicographically, one CP-SAT run per stage, each run hinted with the
previous run's solution and holding what it reached as a constraint:

* stage "schedule": aim 1 alone (with a re-plan: ``(changes_range + 1) * aim1 - changes``, so
  the fewest changes from the previous plan come right after aim 1);
* stage "expertise": aim 2; stage "context": aim 3;
* stage "timing_and_load": ``(range5 + 1) * urgency_delay + load_excess`` minimised, so aim 4
  strictly dominates aim 5 and coefficients stay small.

Why stages and not one weighted sum: strict domination across all five aims needs weights that
multiply every later aim's range (about 1e13 on a national instance, 1e16 at five times that),
which CP-SAT's linear relaxation handles badly (measured: no solution at all in 25 s on a
national instance). Stage 1 is where the time goes; it is skipped when the greedy plan already
meets the linear relaxation's bound on aim 1 (:mod:`solver.bound`). Later stages start from a
complete hint and skip presolve, so a stage costs little more than its search.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from solver.rules.context import RuleContext
from solver.rules.credibility import lending_barred
from solver.rules.expertise import REQUIRED_LEVEL, TOP_LEVEL, level
from solver.schema import Review, Reviewer

AIMS = (
    "scheduled_priority",
    "expertise_depth",
    "continuity_context",
    "urgency_delay",
    "load_excess",
)
CONTINUITY_POINTS = 3
LOAD_STEPS = (1, 2, 3)


def member_reasons(ctx: RuleContext, review: Review, reviewer: Reviewer) -> list[str]:
    """Why this reviewer suits this review, in a coordinator's words."""
    reasons = [
        f"{area} level {level(reviewer, area)}"
        for area in review.focus
        if level(reviewer, area) >= REQUIRED_LEVEL
    ]
    reasons.extend(_context_reasons(ctx, review, reviewer))
    return reasons


def _context_reasons(ctx: RuleContext, review: Review, reviewer: Reviewer) -> list[str]:
    reviewed = ctx.problem.councils.get(review.council)
    home = ctx.problem.councils.get(reviewer.council)
    reasons = []
    if review.council in reviewer.reviewed_before:
        reasons.append(f"reviewed {ctx.council_name(review.council)} before")
    if reviewed is None or home is None:
        return reasons
    if reviewed.region == home.region:
        reasons.append("same region")
    if reviewed.type is not None and reviewed.type == home.type:
        reasons.append("same type of council")
    if home.code in reviewed.statistical_neighbours:
        reasons.append("statistical neighbour")
    return reasons


def context_points(ctx: RuleContext, review: Review, reviewer: Reviewer) -> int:
    """Aim 3 points for one member on one review (the same facts as ``_context_reasons``)."""
    points = CONTINUITY_POINTS if review.council in reviewer.reviewed_before else 0
    return points + similar_points(ctx, review.council, reviewer.council)


def similar_points(ctx: RuleContext, reviewed_code: str, home_code: str) -> int:
    """The similar-context part of aim 3 for a member from ``home_code`` (cached per pair of
    councils: it is asked for every eligible pair)."""
    key = ("context", reviewed_code, home_code)
    similar = ctx.cache.get(key)
    if similar is None:
        similar = 0
        reviewed = ctx.problem.councils.get(reviewed_code)
        home = ctx.problem.councils.get(home_code)
        if reviewed is not None and home is not None:
            similar += reviewed.region == home.region
            similar += reviewed.type is not None and reviewed.type == home.type
            similar += home.code in reviewed.statistical_neighbours
        ctx.cache[key] = similar
    return similar  # type: ignore[return-value]


def expertise_points(review: Review, reviewer: Reviewer) -> int:
    """How much a reviewer brings to a review's focus areas (ranking candidates)."""
    return sum(
        level(reviewer, area) for area in review.focus if level(reviewer, area) >= REQUIRED_LEVEL
    )


def days_late(review: Review, start: date) -> int:
    """Calendar days from the start of the review's window to its start."""
    return (start - review.earliest).days


@dataclass
class AimExpressions:
    """Each aim as a linear expression over the model, with its attainable range."""

    terms: dict[str, cp_model.LinearExprT]
    ranges: dict[str, int]


def build_aims(mv) -> AimExpressions:
    """The five aims over the model ``mv`` (a :class:`solver.model.ModelVars`)."""
    ctx, model = mv.ctx, mv.model
    terms: dict[str, cp_model.LinearExprT] = {}
    ranges: dict[str, int] = {}

    terms["scheduled_priority"] = sum(r.priority * mv.scheduled[r.id] for r in mv.reviews)
    ranges["scheduled_priority"] = sum(r.priority for r in mv.reviews)

    depth = []
    for review in mv.reviews:
        for area in review.focus:
            experts = [
                mv.y[review.id, p.id]
                for p in mv.candidates.get(review.id, [])
                if level(p, area) >= TOP_LEVEL and (review.id, p.id) in mv.y
            ]
            if experts:
                # Defined exactly (not just bounded) so every solution, and so every hint a
                # later stage starts from, carries the true value.
                deep = model.new_bool_var(f"deep[{review.id},{area}]")
                model.add_max_equality(deep, experts)
                depth.append(deep)
                mv.derived.append((deep, _holds_top_level(review.id, area)))
    terms["expertise_depth"] = sum(depth)
    ranges["expertise_depth"] = len(depth)

    context, best = [], 0
    for review in mv.reviews:
        points = []
        for p in mv.candidates.get(review.id, []):
            if (review.id, p.id) in mv.y:
                pts = context_points(ctx, review, p)
                if pts:
                    context.append(pts * mv.y[review.id, p.id])
                    points.append(pts)
        best += sum(sorted(points, reverse=True)[: review.team_size])
    terms["continuity_context"] = sum(context)
    ranges["continuity_context"] = best

    delay, worst = [], 0
    for (rid, start), var in mv.x.items():
        review = mv.review(rid)
        late = days_late(review, start)
        if late:
            delay.append(review.priority * late * var)
    for review in mv.reviews:
        lates = [days_late(review, s) for s in ctx.start_dates(review)]
        worst += review.priority * max(lates, default=0)
    terms["urgency_delay"] = sum(delay)
    ranges["urgency_delay"] = worst

    terms["load_excess"], ranges["load_excess"] = _load_excess(mv)
    return AimExpressions(terms=terms, ranges=ranges)


def _load_excess(mv) -> tuple[cp_model.LinearExprT, int]:
    model = mv.model
    seats = sum(r.team_size for r in mv.reviews)
    excess = []
    for pid, rids in mv.pairs_of_reviewer.items():
        load = sum(mv.y[rid, pid] for rid in rids)
        for step in LOAD_STEPS:
            if len(rids) > step:
                e = model.new_int_var(0, len(rids) - step, f"over{step}[{pid}]")
                model.add_max_equality(e, [0, load - step])
                excess.append(e)
                mv.derived.append((e, _excess("reviewer", pid, step)))
    by_council: dict[str, list] = {}
    for (_rid, pid), var in mv.y.items():
        by_council.setdefault(mv.problem.reviewers[pid].council, []).append(var)
    fair = fair_council_share(mv.ctx)
    if fair is not None:
        for council, members in by_council.items():
            if len(members) > fair:
                e = model.new_int_var(0, len(members) - fair, f"over[{council}]")
                model.add_max_equality(e, [0, sum(members) - fair])
                excess.append(e)
                mv.derived.append((e, _excess("council", council, fair)))
    return sum(excess), (len(LOAD_STEPS) + 1) * seats


def _holds_top_level(rid: str, area: str):
    return lambda facts: int(
        rid in facts.teams and any(level(p, area) >= TOP_LEVEL for p in facts.teams[rid][1])
    )


def _excess(kind: str, key: str, threshold: int):
    """How to read a load-excess variable off a plan: a reviewer's or a council's seats above
    ``threshold``."""
    if kind == "reviewer":
        return lambda facts: max(0, facts.reviewer_load[key] - threshold)
    return lambda facts: max(0, facts.council_load[key] - threshold)


def fair_council_share(ctx: RuleContext) -> int | None:
    """Seats each lending council would carry if all seats were spread evenly."""
    lenders = {p.council for p in ctx.problem.reviewers.values() if not lending_barred(ctx, p)}
    if not lenders:
        return None
    return math.ceil(sum(r.team_size for r in ctx.problem.reviews) / len(lenders))


def score_plan(ctx: RuleContext, teams: dict[str, tuple[date, list[Reviewer]]]) -> dict[str, int]:
    """The five aims of a plan given as review id -> (start, members); the same arithmetic as
    the model, so greedy and CP-SAT plans are reported alike."""
    parts = dict.fromkeys(AIMS, 0)
    load: Counter[str] = Counter()
    council_load: Counter[str] = Counter()
    for rid, (start, members) in teams.items():
        review = ctx.reviews_by_id[rid]
        parts["scheduled_priority"] += review.priority
        parts["expertise_depth"] += sum(
            1 for area in review.focus if any(level(m, area) >= TOP_LEVEL for m in members)
        )
        parts["continuity_context"] += sum(context_points(ctx, review, m) for m in members)
        parts["urgency_delay"] += review.priority * days_late(review, start)
        for m in members:
            load[m.id] += 1
            council_load[m.council] += 1
    excess = sum(max(0, n - step) for n in load.values() for step in LOAD_STEPS)
    fair = fair_council_share(ctx)
    if fair is not None:
        excess += sum(max(0, n - fair) for n in council_load.values())
    parts["load_excess"] = excess
    return parts
