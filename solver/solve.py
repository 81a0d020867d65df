"""Solve a problem with CP-SAT: greedy first, then two lexicographic stages.

1. Check the fixed reviews against every rule (a conflict makes the problem "infeasible").
2. Plan greedily (:mod:`solver.greedy`): a valid plan in a second or two, kept as the fallback
   and given to CP-SAT as a complete hint.
3. Choose candidates and build the compact model (:mod:`solver.candidates`,
   :mod:`solver.model`).
4. Stage 1 maximises aim 1 (priority-weighted scheduled reviews); stage 2 holds it and
   optimises aims 2-5 (:mod:`solver.objective`). With ``previous`` both stages also count
   changes from the previous plan, placed right after aim 1.

Every improved solution is reported through ``on_progress``; ``cancel`` (a threading.Event)
stops the search from another thread and the best plan so far is returned.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.bound import scheduled_priority_bound
from solver.candidates import DEFAULT_PER_ROLE, eligible_reviewers, select_candidates
from solver.explain import explained_plan, infeasible_plan
from solver.greedy import Teams, greedy_teams
from solver.model import ModelVars, build_model
from solver.objective import AIMS, AimExpressions, build_aims, score_plan
from solver.rules.context import RuleContext
from solver.rules.fixed import fixed_conflicts
from solver.schema import Plan, Problem
from solver.schema import Progress as _SchemaProgress

# Share of the time limit stage 1 may use before stage 2 starts (stage 1 stops earlier when it
# proves its optimum).
STAGE_ONE_SHARE = 0.6


@dataclass(frozen=True)
class Progress(_SchemaProgress):
    """One improved solution: when, its objective and bound, the relative gap, which stage
    ("schedule" is aim 1; "refine" is aims 2-5 with aim 1 held)."""

    gap: float | None = None
    stage: str = "schedule"


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    if objective == bound:
        return 0.0
    return abs(bound - objective) / max(abs(bound), 1.0)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Records and forwards every improved solution; stops when cancelled."""

    def __init__(self, began: float, stage: str, sink: list[Progress], on_progress, cancel):
        super().__init__()
        self.began, self.stage, self.sink = began, stage, sink
        self.on_progress, self.cancel = on_progress, cancel

    def on_solution_callback(self) -> None:
        objective, bound = self.objective_value, self.best_objective_bound
        point = Progress(
            seconds=round(time.perf_counter() - self.began, 3),
            objective=objective,
            bound=bound,
            gap=relative_gap(objective, bound),
            stage=self.stage,
        )
        self.sink.append(point)
        if self.on_progress is not None:
            self.on_progress(point)
        if self.cancel is not None and self.cancel.is_set():
            self.stop_search()


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    previous: Plan | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    per_role: int | None = None,
    log: bool = False,
) -> Plan:
    """The best plan found within ``time_limit`` seconds (see the module docstring).

    Every review appears once, in ``reviews`` or ``unscheduled``; fixed reviews are kept
    exactly. ``per_role`` overrides how many candidates per role each review keeps; ``log``
    prints CP-SAT's search log (for tuning).
    """
    began = time.perf_counter()
    deadline = began + time_limit
    ctx = RuleContext(problem)
    conflicts = fixed_conflicts(ctx)
    if conflicts:
        return infeasible_plan(ctx, conflicts, time.perf_counter() - began)

    greedy = greedy_teams(ctx)
    previous_teams = _previous_teams(ctx, previous)
    keep = {rid: [p.id for p in team] for rid, (_s, team) in greedy.items()}
    for rid, (_s, team) in previous_teams.items():
        keep.setdefault(rid, []).extend(p.id for p in team)
    candidates = select_candidates(ctx, per_role=per_role or _per_role(problem), keep=keep)
    mv = build_model(ctx, candidates)
    aims = build_aims(mv)
    changes, change_range = _changes(mv, previous_teams)

    progress: list[Progress] = []
    run = _Runner(mv, workers, seed, began, progress, on_progress, cancel)
    run.solver.parameters.log_search_progress = log
    hint_used = previous_teams if _hint_is_whole(mv, previous_teams) else greedy
    _hint_teams(mv, hint_used)

    # The relaxation's bound on aim 1 is a valid cut: stage 1 is proven as soon as it is met.
    lp_bound = scheduled_priority_bound(ctx, eligible_reviewers(ctx))
    if lp_bound is not None:
        mv.model.add(aims.terms["scheduled_priority"] <= lp_bound)

    teams, best1, bound1, optimal = hint_used, None, lp_bound, True
    for index, (stage, expr) in enumerate(_stages(aims, changes, change_range)):
        left = deadline - time.perf_counter()
        if index > 0 and (left < 0.2 or (cancel is not None and cancel.is_set())):
            optimal = False
            break
        mv.model.maximize(expr)
        if index > 0:
            run.hint_last()
        share = STAGE_ONE_SHARE if index == 0 else 1.0 / (len(AIMS) + 1 - index)
        status = run.solve(left * share, stage)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if index == 0:
                return _fallback(ctx, greedy, status, began, progress)
            optimal = False
            break
        teams = _teams_of(mv, run)
        optimal = optimal and status == cp_model.OPTIMAL
        if index == 0:
            best1 = run.value(aims.terms["scheduled_priority"])
            bound1 = _aim_one_bound(run, aims, change_range if changes is not None else None)
            if lp_bound is not None:
                bound1 = min(bound1, lp_bound)
            optimal = optimal or best1 >= bound1
        # Later stages keep what this one reached.
        mv.model.add(expr >= run.value(expr))

    parts = score_plan(ctx, teams)
    return explained_plan(
        ctx,
        teams,
        status="optimal" if optimal else "feasible",
        objective=best1,
        bound=bound1,
        seconds=time.perf_counter() - began,
        parts=parts,
        progress=progress,
    )


def _stages(aims: AimExpressions, changes, change_range: int):
    """(name, expression to maximise) in lexicographic order: aim 1 (with fewest changes
    from the previous plan folded in after it), then aims 2 and 3, then aims 4 and 5 together
    (weighted so urgency dominates load)."""
    first = aims.terms["scheduled_priority"]
    if changes is not None:
        first = (change_range + 1) * first - changes
    yield "schedule", first
    yield "expertise", aims.terms["expertise_depth"]
    yield "context", aims.terms["continuity_context"]
    weight = aims.ranges["load_excess"] + 1
    yield "timing_and_load", -(weight * aims.terms["urgency_delay"] + aims.terms["load_excess"])


def _per_role(problem: Problem) -> int:
    """Candidates kept per role: fewer on big instances so the model stays small."""
    reviews = len(problem.reviews)
    if reviews <= 200:
        return DEFAULT_PER_ROLE
    if reviews <= 400:
        return 10
    return 8


class _Runner:
    """One CP-SAT solver reused across stages, with progress, cancel and hints."""

    def __init__(self, mv: ModelVars, workers, seed, began, progress, on_progress, cancel):
        self.mv = mv
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = max(1, workers)
        self.solver.parameters.random_seed = seed
        self.began, self.progress = began, progress
        self.on_progress, self.cancel = on_progress, cancel
        self.response = None
        params = self.solver.parameters
        # Probing and symmetry detection cost seconds of presolve on national instances and
        # gained nothing measurable; each stage presolves again, so keep presolve light.
        params.cp_model_probing_level = 0
        params.symmetry_level = 0

    def solve(self, seconds: float, stage: str) -> int:
        self.solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        reporter = _Reporter(self.began, stage, self.progress, self.on_progress, self.cancel)
        done = threading.Event()
        watcher = None
        if self.cancel is not None:
            watcher = threading.Thread(target=self._watch, args=(done,), daemon=True)
            watcher.start()
        try:
            status = self.solver.solve(self.mv.model, reporter)
        finally:
            done.set()
            if watcher is not None:
                watcher.join()
        self.response = self.solver.response_proto
        return status

    def _watch(self, done: threading.Event) -> None:
        while not done.is_set():
            if self.cancel.wait(0.02):
                self.solver.stop_search()
                return

    def value(self, expr) -> int:
        return int(self.solver.value(expr))

    def bound(self) -> float:
        return self.solver.best_objective_bound

    def hint_last(self) -> None:
        """Hint the next stage with the whole last solution."""
        model = self.mv.model
        model.clear_hints()
        for index, value in enumerate(self.response.solution):
            model.add_hint(model.get_int_var_from_proto_index(index), value)


def _aim_one_bound(run: _Runner, aims: AimExpressions, change_range: int | None) -> int:
    bound = run.bound()
    if change_range is not None:
        bound = bound // (change_range + 1)
    return min(int(bound + 1e-6), aims.ranges["scheduled_priority"])


def _teams_of(mv: ModelVars, run: _Runner) -> Teams:
    teams: Teams = {}
    for review in mv.reviews:
        rid = review.id
        if not run.value(mv.scheduled[rid]):
            continue
        start = next(s for s in mv.starts_in_week_all(rid) if run.value(mv.x[rid, s]))
        team = [p for p in mv.candidates[rid] if (rid, p.id) in mv.y and run.value(mv.y[rid, p.id])]
        teams[rid] = (start, team)
    return teams


def _hint_is_whole(mv: ModelVars, teams: Teams) -> bool:
    """True when every start and member of ``teams`` exists in the model."""
    for rid, (start, team) in teams.items():
        if (rid, start) not in mv.x:
            return False
        if any((rid, p.id) not in mv.y for p in team):
            return False
    return bool(teams)


def _hint_teams(mv: ModelVars, teams: Teams) -> None:
    """Hint the decision variables with a plan (the rest follows by propagation)."""
    mv.model.clear_hints()
    for (rid, start), var in mv.x.items():
        chosen = rid in teams and teams[rid][0] == start
        mv.model.add_hint(var, chosen)
    for (rid, pid), per_week in mv.yw.items():
        chosen = rid in teams and any(p.id == pid for p in teams[rid][1])
        week = mv.ctx.week_of(teams[rid][0]) if rid in teams else None
        mv.model.add_hint(mv.y[rid, pid], chosen)
        for w, var in per_week.items():
            mv.model.add_hint(var, chosen and w == week)


def _previous_teams(ctx: RuleContext, previous: Plan | None) -> Teams:
    """The previous plan's scheduled reviews that still exist in the problem."""
    if previous is None:
        return {}
    teams: Teams = {}
    for planned in previous.reviews:
        if planned.id not in ctx.reviews_by_id:
            continue
        members = [ctx.problem.reviewers[m.reviewer] for m in planned.team
                   if m.reviewer in ctx.problem.reviewers]
        teams[planned.id] = (planned.start, members)
    return teams


def _changes(mv: ModelVars, previous: Teams):
    """Count of changes from the previous plan (a moved start or a replaced member), and its
    largest possible value; (None, 0) without a previous plan."""
    if not previous:
        return None, 0
    kept = []
    for rid, (start, team) in previous.items():
        kept.append(mv.x.get((rid, start)))
        kept.extend(mv.y.get((rid, p.id)) for p in team)
    literals = [v for v in kept if v is not None]
    lost = len(kept) - len(literals)
    return lost + len(literals) - sum(literals), len(kept)


def _fallback(ctx: RuleContext, greedy: Teams, status: int, began: float, progress) -> Plan:
    """CP-SAT found nothing in time (or was cancelled first): the greedy plan, still valid."""
    parts = score_plan(ctx, greedy)
    return explained_plan(
        ctx,
        greedy,
        status="feasible" if greedy or ctx.problem.reviews else "unknown",
        objective=parts["scheduled_priority"],
        bound=None,
        seconds=time.perf_counter() - began,
        parts=parts,
        progress=progress,
    )


__all__ = ["Progress", "relative_gap", "solve"]
