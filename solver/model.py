"""The CP-SAT model: compact variables, then one constraint builder per hard rule.

Size is engineered first: a day-level interval model of a national instance does not get
through presolve in a minute, this one builds and presolves in seconds.

* ``x[r, s]``: review r starts on date s, for the few valid starts per week of its window.
* ``yw[r, p, w]``: reviewer p serves on review r in week w, only for candidate pairs (see
  :mod:`solver.candidates`) and weeks where p is free for at least one start.
* ``y[r, p] = sum_w yw[r, p, w]`` and ``scheduled[r] = sum_s x[r, s]``.

A team is counted week by week (``sum_p yw[r, p, w] == team[role] * week[r, w]``), which
keeps the linear relaxation tight, and a reviewer's weekly service is a plain sum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from solver.rules.availability import add_availability_constraints
from solver.rules.capacity import add_capacity_constraints
from solver.rules.context import RuleContext
from solver.rules.expertise import add_expertise_constraints
from solver.rules.fixed import add_fixed_constraints
from solver.rules.lending import add_lending_constraints
from solver.rules.reciprocity import add_reciprocity_constraints
from solver.schema import ROLES, Problem, Review, Reviewer


@dataclass
class ModelVars:
    """The model and its variables, keyed by review id, reviewer id, date and week index."""

    ctx: RuleContext
    candidates: dict[str, list[Reviewer]]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, date], cp_model.IntVar] = field(default_factory=dict)
    scheduled: dict[str, cp_model.IntVar] = field(default_factory=dict)
    week: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    starts_in_week: dict[str, dict[int, list[date]]] = field(default_factory=dict)
    y: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    yw: dict[tuple[str, str], dict[int, cp_model.IntVar]] = field(default_factory=dict)
    reviewer_weeks: dict[str, dict[int, list]] = field(default_factory=dict)
    pairs_of_reviewer: dict[str, list[str]] = field(default_factory=dict)
    lend: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    fixed_ids: set[str] = field(default_factory=set)
    held: dict[str, tuple] = field(default_factory=dict)
    # Auxiliary variables with how to compute each from a plan's facts, so a plan can be
    # given to CP-SAT as a complete hint.
    derived: list[tuple[cp_model.IntVar, Callable[[PlanFacts], int]]] = field(default_factory=list)

    @property
    def problem(self) -> Problem:
        return self.ctx.problem

    @property
    def reviews(self) -> tuple[Review, ...]:
        return self.ctx.problem.reviews

    def review(self, rid: str) -> Review:
        return self.ctx.reviews_by_id[rid]

    def starts_in_week_all(self, rid: str) -> list[date]:
        """Every start date the model allows for review ``rid``."""
        return [s for starts in self.starts_in_week[rid].values() for s in starts]

    def size(self) -> dict[str, int]:
        proto = self.model.proto
        return {"variables": len(proto.variables), "constraints": len(proto.constraints)}


def build_model(
    ctx: RuleContext, candidates: dict[str, list[Reviewer]], held: dict | None = None
) -> ModelVars:
    """Variables for every review and candidate pair, and every hard rule as constraints.
    Reviews in ``held`` (id -> (start, team)) are kept as they are, like fixed reviews."""
    mv = ModelVars(ctx=ctx, candidates=candidates)
    mv.held = dict(held or {})
    _add_dates(mv)
    _add_teams(mv)
    add_availability_constraints(mv)
    add_expertise_constraints(mv)
    add_reciprocity_constraints(mv)
    add_capacity_constraints(mv)
    add_lending_constraints(mv)
    add_fixed_constraints(mv)
    for rid, (start, team) in mv.held.items():
        mv.model.add(mv.x[rid, start] == 1)
        for p in team:
            mv.model.add(mv.y[rid, p.id] == 1)
    return mv


def _add_dates(mv: ModelVars) -> None:
    model = mv.model
    for review in mv.reviews:
        starts = mv.ctx.start_dates(review)
        if review.fixed is not None:
            mv.fixed_ids.add(review.id)
            starts = tuple(s for s in starts if s == review.fixed.start)
        elif review.id in mv.held:
            # Held reviews count like fixed ones in the weekly rule: they were valid as planned.
            mv.fixed_ids.add(review.id)
            starts = tuple(s for s in starts if s == mv.held[review.id][0])
        by_week: dict[int, list[date]] = defaultdict(list)
        for start in starts:
            mv.x[review.id, start] = model.new_bool_var(f"x[{review.id},{start}]")
            by_week[mv.ctx.week_of(start)].append(start)
        mv.starts_in_week[review.id] = dict(by_week)
        scheduled = model.new_bool_var(f"scheduled[{review.id}]")
        model.add(sum(mv.x[review.id, s] for s in starts) == scheduled)
        mv.scheduled[review.id] = scheduled
        for w, week_starts in by_week.items():
            if len(week_starts) == 1:
                mv.week[review.id, w] = mv.x[review.id, week_starts[0]]
            else:
                var = model.new_bool_var(f"week[{review.id},{w}]")
                model.add(sum(mv.x[review.id, s] for s in week_starts) == var)
                mv.week[review.id, w] = var
                mv.derived.append((var, _in_week(mv, review.id, w)))


@dataclass
class PlanFacts:
    """What derived variables are read from when a plan becomes a hint."""

    teams: dict
    weeks: dict[str, int]
    lent: set[tuple[str, str]]
    serving: set[tuple[str, str]]
    reviewer_load: Counter[str]
    council_load: Counter[str]

    @classmethod
    def of(cls, ctx: RuleContext, teams: dict) -> PlanFacts:
        lent, serving = set(), set()
        reviewer_load: Counter[str] = Counter()
        council_load: Counter[str] = Counter()
        for rid, (_start, team) in teams.items():
            for p in team:
                lent.add((p.council, ctx.reviews_by_id[rid].council))
                serving.add((p.council, rid))
                reviewer_load[p.id] += 1
                council_load[p.council] += 1
        weeks = {rid: ctx.week_of(start) for rid, (start, _team) in teams.items()}
        return cls(teams, weeks, lent, serving, reviewer_load, council_load)


def _in_week(mv: ModelVars, rid: str, week: int) -> Callable[[PlanFacts], int]:
    return lambda facts: int(facts.weeks.get(rid) == week)


def _add_teams(mv: ModelVars) -> None:
    model = mv.model
    reviewer_weeks: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    pairs_of_reviewer: dict[str, list[str]] = defaultdict(list)
    for review in mv.reviews:
        rid = review.id
        weeks = mv.starts_in_week[rid]
        by_role_week: dict[tuple[str, int], list] = defaultdict(list)
        week_starts = {w: mv.ctx.date_bits(starts) for w, starts in weeks.items()}
        for reviewer in mv.candidates.get(rid, []):
            pid = reviewer.id
            leave = mv.ctx.leave_starts(reviewer, review.days) if reviewer.unavailable else 0
            free_weeks = [w for w, starts in week_starts.items() if starts & ~leave]
            if not free_weeks:
                continue
            y = model.new_bool_var(f"y[{rid},{pid}]")
            per_week = {}
            for w in free_weeks:
                var = model.new_bool_var(f"yw[{rid},{pid},{w}]")
                per_week[w] = var
                by_role_week[reviewer.role, w].append(var)
                reviewer_weeks[pid][w].append((rid, var))
            model.add(sum(per_week.values()) == y)
            mv.y[rid, pid] = y
            mv.yw[rid, pid] = per_week
            pairs_of_reviewer[pid].append(rid)
        for role in ROLES:
            need = review.team.get(role, 0)
            for w in weeks:
                members = by_role_week.get((role, w), [])
                if need == 0:
                    if members:
                        model.add(sum(members) == 0)
                elif len(members) < need:
                    # Too few can serve that week: the review cannot run then, and no one may
                    # be counted as serving on it then (else a member could be "on" the
                    # review in a week it does not run, and join the team of another week).
                    model.add(mv.week[rid, w] == 0)
                    if members:
                        model.add(sum(members) == 0)
                else:
                    model.add(sum(members) == need * mv.week[rid, w])
    mv.reviewer_weeks = {p: dict(ws) for p, ws in reviewer_weeks.items()}
    mv.pairs_of_reviewer = dict(pairs_of_reviewer)
