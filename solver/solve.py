"""Solve a problem with CP-SAT: greedy first, then lexicographic stages.

1. Check the fixed reviews against every rule (a conflict makes the problem "infeasible").
2. Plan greedily (:mod:`solver.greedy`): a valid plan in about a second, given to CP-SAT as a
   complete hint and kept if CP-SAT finds nothing better.
3. Choose candidates and build the compact model (:mod:`solver.candidates`,
   :mod:`solver.model`); bound aim 1 with a linear relaxation (:mod:`solver.bound`).
4. Optimise the aims stage by stage (:mod:`solver.objective`).

A re-plan (``previous`` given) first repairs the previous plan by hand (:func:`repair_teams`)
and re-solves only a neighbourhood: reviews the previous plan still holds unchanged are kept,
the broken ones and the unscheduled ones are reopened. Only when that loses priority-weighted
reviews does the whole model run, hinted with the repaired plan and penalising every change.

Every improved solution is reported through ``on_progress``; ``cancel`` (a threading.Event)
stops the search from another thread and the best plan so far is returned.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from solver.bound import FlowBound, flow_bound, scheduled_priority_bound
from solver.candidates import (
    DEFAULT_PER_ROLE,
    eligible_for,
    eligible_reviewers,
    select_candidates,
)
from solver.check import check_plan
from solver.explain import explained_plan, infeasible_plan
from solver.greedy import Teams, greedy_teams, repair_teams
from solver.model import ModelVars, PlanFacts, build_model
from solver.objective import AimExpressions, build_aims, score_plan
from solver.rules.context import RuleContext
from solver.rules.fixed import fixed_conflicts
from solver.schema import Plan, Problem, Unscheduled
from solver.schema import Progress as _SchemaProgress
from solver.supply import supply_check

# Share of the time left that stage 1 may use before stage 2 starts (it stops earlier when it
# proves its optimum). Aim 1 ranks first, and on big instances stage 1 still improves when its
# share runs out, while later stages start from a complete plan and gain most in seconds.
STAGE_ONE_SHARE = 0.85
# Below this many seconds left, CP-SAT is not started and the hand-made plan is returned.
MIN_SEARCH_SECONDS = 0.3
# The relaxation's bound is computed only while more than this share of the time is left.
BOUND_TIME_SHARE = 0.5
# ... and only up to this many eligible pairs (building the LP costs about 1 s per 100,000).
BOUND_MAX_PAIRS = 400_000
# Candidates per role for the reviews a re-plan reopens: it repairs, it does not redesign.
REPLAN_PER_ROLE = 6
# A re-plan whose repair loses priority-weighted reviews tries the whole model (which may move
# other reviews to win them back) only with this much time left: less cannot build and search
# a national model, and would only trade the repair for more changes.
REPLAN_WHOLE_MODEL_SECONDS = 5.0


@dataclass(frozen=True)
class Progress(_SchemaProgress):
    """One improved plan: when, its objective and bound, the relative gap, and which stage
    found it ("greedy" is the hand-made plan; "schedule" is aim 1; then "expertise",
    "context" and "timing_and_load", each holding what the earlier stages reached)."""

    gap: float | None = None
    stage: str = "schedule"


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    if objective == bound:
        return 0.0
    return abs(bound - objective) / max(abs(bound), abs(objective), 1.0)


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
    prints CP-SAT's search log (for tuning). The plan has passed the independent checker.
    """
    plan = _solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        previous=previous,
        on_progress=on_progress,
        cancel=cancel,
        per_role=per_role,
        log=log,
    )
    return final_check(problem, plan)


#: A violation line names its review; `final_check` leaves such reviews unscheduled.
_REVIEW_IN_LINE = re.compile(r"\b(?:review )?([A-Za-z0-9_.:-]+)\b")


def final_check(problem: Problem, plan: Plan, rounds: int = 3) -> Plan:
    """Belt and braces: the model is built to obey every hard rule, but a plan reaches no one
    before the independent checker agrees. Any non-fixed review named in a violation is left
    unscheduled with the checker's words as its reason, and the plan is checked again."""
    fixed = {r.id for r in problem.reviews if r.fixed is not None}
    for _ in range(rounds):
        violations = check_plan(problem, plan)
        if not violations:
            return plan
        scheduled = {r.id for r in plan.reviews}
        offending: dict[str, list[str]] = {}
        for line in violations:
            for token in _REVIEW_IN_LINE.findall(line):
                if token in scheduled and token not in fixed:
                    offending.setdefault(token, []).append(line)
        if not offending:
            return plan  # only fixed reviews are involved: the caller sees the violations
        kept = tuple(r for r in plan.reviews if r.id not in offending)
        dropped = tuple(
            Unscheduled(rid, tuple(f"left out by the final check: {line}" for line in lines))
            for rid, lines in offending.items()
        )
        by_id = problem.reviews_by_id
        plan = replace(
            plan,
            status="feasible",
            objective=sum(by_id[r.id].priority for r in kept),
            reviews=kept,
            unscheduled=plan.unscheduled + dropped,
        )
    return plan


def _solve(
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
    began = time.perf_counter()
    # Leave time to explain and check the plan: explaining looks at every reviewer for every
    # unscheduled review (about 3 s at five times national scale, checking under a second).
    explaining = 0.3 + len(problem.reviews) * len(problem.reviewers) / 700_000
    deadline = began + time_limit - min(explaining, 0.1 * time_limit)
    ctx = RuleContext(problem)
    conflicts = fixed_conflicts(ctx)
    if conflicts:
        return infeasible_plan(ctx, conflicts, time.perf_counter() - began)
    previous_teams = _previous_teams(ctx, previous)
    # Before solving, and inside the time limit. A re-plan keeps its seconds for the repair;
    # the first plan carried the supply check.
    supply = () if previous_teams else tuple(supply_check(problem, ctx))
    search = _Search(ctx, workers, seed, began, deadline, on_progress, cancel, log)
    outcome = None
    carried: dict[str, tuple[str, ...]] = {}
    if previous_teams:
        assert previous is not None
        outcome = _replan(search, previous_teams, {u.id for u in previous.unscheduled})
        if outcome is not None:
            carried = {u.id: u.reasons for u in previous.unscheduled}
    if outcome is None:
        greedy = greedy_teams(ctx)
        # The hand-made plan is complete and valid: the first plan a caller can have.
        search.report(_aim_one(ctx, greedy), None, "greedy")
        keep = {rid: [p.id for p in team] for rid, (_s, team) in greedy.items()}
        hint = greedy
        if previous_teams:
            repaired = repair_teams(ctx, previous_teams)
            for plan_teams in (previous_teams, repaired):
                for rid, (_s, team) in plan_teams.items():
                    keep.setdefault(rid, []).extend(p.id for p in team)
            if _aim_one(ctx, repaired) >= _aim_one(ctx, greedy):
                hint = repaired
        if search.time_left() < MIN_SEARCH_SECONDS:
            # The hand-made plan took the time: it is valid, return it rather than overrun.
            outcome = _Outcome(hint, _aim_one(ctx, hint), None, False)
        else:
            bound = search.aim_one_bound()
            # The seats of the bound's flows join the candidates, so the kept candidates can
            # reach the bound wherever one kind of seat is what binds.
            for rid, pids in bound.seats.items():
                keep.setdefault(rid, []).extend(pids)
            candidates = select_candidates(ctx, per_role=per_role or _per_role(problem), keep=keep)
            outcome = search.optimise(candidates, hint, previous_teams, bound=bound.value)
        if outcome.best < _aim_one(ctx, greedy) and not previous_teams:
            # Never worse than the hand-made plan (possible only if CP-SAT found nothing).
            outcome = _Outcome(greedy, _aim_one(ctx, greedy), outcome.bound, False)
    teams = outcome.teams
    return explained_plan(
        ctx,
        teams,
        status="optimal" if outcome.optimal else "feasible",
        objective=outcome.best,
        bound=outcome.bound,
        seconds=time.perf_counter() - began,
        parts=score_plan(ctx, teams),
        supply=supply,
        progress=search.progress,
        carried=carried,
    )


@dataclass
class _Outcome:
    teams: Teams
    best: int
    bound: int | None
    optimal: bool


def _aim_one(ctx: RuleContext, teams: Teams) -> int:
    return sum(ctx.reviews_by_id[rid].priority for rid in teams)


def _replan(search: _Search, previous: Teams, left_out: set[str]) -> _Outcome | None:
    """Repair the previous plan in a neighbourhood: reviews it still holds unchanged are kept
    as they are; the broken ones and reviews new to the problem are re-planned. Reviews it
    left unscheduled (``left_out``) stay so: a re-plan repairs, and the solve that left them
    out had every resource the re-plan has, or more (add reviewers, then solve afresh). None
    when the repair loses priority-weighted reviews the previous plan had (then the whole
    model runs, hinted with the previous plan and penalising changes)."""
    ctx = search.ctx
    repaired = repair_teams(ctx, previous)
    held = {
        rid: (start, team)
        for rid, (start, team) in repaired.items()
        if rid in previous
        and previous[rid][0] == start
        and {p.id for p in previous[rid][1]} == {p.id for p in team}
    }
    keep = {rid: [p.id for p in team] for rid, (_s, team) in {**previous, **repaired}.items()}
    candidates = select_candidates(
        ctx, per_role=REPLAN_PER_ROLE, keep=keep, held=held, closed=left_out - repaired.keys()
    )
    outcome = search.optimise(candidates, repaired, previous, held=held, bound=None)
    if outcome.best < _aim_one(ctx, previous) and search.time_left() > REPLAN_WHOLE_MODEL_SECONDS:
        return None
    return outcome


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


class _Search:
    """Everything one solve call shares between its CP-SAT runs."""

    def __init__(self, ctx, workers, seed, began, deadline, on_progress, cancel, log):
        self.ctx, self.workers, self.seed = ctx, workers, seed
        self.began, self.deadline = began, deadline
        self.on_progress, self.cancel, self.log = on_progress, cancel, log
        self.progress: list[Progress] = []

    def report(self, objective, bound, stage: str) -> None:
        """Record (and forward) a plan found outside CP-SAT."""
        point = Progress(
            seconds=round(time.perf_counter() - self.began, 3),
            objective=objective,
            bound=bound,
            gap=relative_gap(objective, bound),
            stage=stage,
        )
        self.progress.append(point)
        if self.on_progress is not None:
            self.on_progress(point)

    def time_left(self) -> float:
        return self.deadline - time.perf_counter()

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def optimise(
        self,
        candidates: dict,
        hint: Teams,
        previous: Teams,
        *,
        held: Teams | None = None,
        bound: int | None,
    ) -> _Outcome:
        """Build the model over ``candidates`` and run the lexicographic stages. ``bound`` is
        a valid upper bound on aim 1 (None in a re-plan, which proves nothing)."""
        ctx = self.ctx
        mv = build_model(ctx, candidates, held=held)
        aims = build_aims(mv)
        changes, change_range = _changes(mv, previous)
        run = _Runner(
            mv, self.workers, self.seed, self.began, self.progress, self.on_progress, self.cancel
        )
        run.solver.parameters.log_search_progress = self.log
        if not _hint_is_whole(mv, hint):
            hint = {}
        _hint_teams(mv, hint)
        lp_bound = bound
        if self.time_left() < MIN_SEARCH_SECONDS:
            return _Outcome(hint, _aim_one(ctx, hint), lp_bound, False)
        if lp_bound is not None:
            # A valid cut: stage 1 is proven as soon as it is met.
            mv.model.add(aims.terms["scheduled_priority"] <= lp_bound)
        outcome = _Outcome(hint, _aim_one(ctx, hint), lp_bound, False)
        complete = all(
            len(candidates.get(r.id, ())) >= len(eligible_for(ctx, r))
            for r in ctx.problem.reviews
            if r.fixed is None and r.id not in (held or {})
        )
        optimal = True
        stages = list(_stages(aims, changes, change_range))
        if changes is None and lp_bound is not None and outcome.best >= lp_bound:
            # The hint already meets the bound: aim 1 is proven without a CP-SAT run (the
            # usual case when credible directors bind), and the complete hint stands.
            self.report(outcome.best, lp_bound, "schedule")
            mv.model.add(aims.terms["scheduled_priority"] >= outcome.best)
            stages = stages[1:]
        for index, (stage, expr) in enumerate(stages):
            left = self.time_left()
            if index > 0 and (left < 0.2 or self.cancelled()):
                optimal = False
                break
            mv.model.maximize(expr)
            if run.response is not None:
                run.hint_last()
            share = STAGE_ONE_SHARE if stage == "schedule" else 1.0 / (len(stages) - index)
            status = run.solve(left * share, stage)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return outcome
            optimal = optimal and status == cp_model.OPTIMAL
            outcome.teams = _teams_of(mv, run)
            if stage == "schedule":
                outcome.best = run.value(aims.terms["scheduled_priority"])
                if bound is not None and complete:
                    # No candidate was pruned, so CP-SAT's bound holds for the problem too
                    # (within the one-review-a-week restriction, see rules.availability).
                    bound = _model_bound(run, change_range if changes is not None else None)
                    outcome.bound = bound if lp_bound is None else min(bound, lp_bound)
                    proven = outcome.bound is not None and outcome.best >= outcome.bound
                    optimal = optimal or proven
                else:
                    # CP-SAT's own bound holds for the kept candidates only: not reported.
                    optimal = lp_bound is not None and outcome.best >= lp_bound
            # Later stages keep what this one reached.
            mv.model.add(expr >= run.value(expr))
        # Optimal means proven for the problem, not only for the kept candidates: aim 1 must
        # meet a bound that holds for every plan.
        outcome.optimal = optimal and outcome.bound is not None and outcome.best >= outcome.bound
        return outcome

    def aim_one_bound(self) -> FlowBound:
        """Bounds on aim 1 from relaxations: network flows always (a few seconds at five times
        national scale), the joint LP too while it is small and time allows."""
        ctx = self.ctx
        eligible = eligible_reviewers(ctx)
        found = flow_bound(ctx, eligible)
        pairs = sum(len(people) for people in eligible.values())
        if pairs <= BOUND_MAX_PAIRS and self.time_left() > BOUND_TIME_SHARE * (
            self.deadline - self.began
        ):
            joint = scheduled_priority_bound(ctx, eligible)
            if joint is not None and joint < found.value:
                found = FlowBound(joint, found.seats)
        return found


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
        params.max_presolve_iterations = 1

    def solve(self, seconds: float, stage: str) -> int:
        self.solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        # Later stages start from a complete, feasible hint and only polish it: presolving the
        # whole model again costs more (seconds on a national instance) than it gains.
        self.solver.parameters.cp_model_presolve = stage == "schedule"
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
        _release_freed_memory()
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
        _set_hint(self.mv.model, dict(enumerate(self.response.solution)))


def _release_freed_memory() -> None:
    """Hand memory CP-SAT freed at the end of a stage back to the system before the next
    stage allocates its own: without it glibc keeps the freed heap, and the peak at five times
    national scale grew by about 200 MB over the later stages. A no-op off glibc."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (AttributeError, OSError):
        return
    trim(0)


def _model_bound(run: _Runner, change_range: int | None) -> int:
    """CP-SAT's bound on aim 1 (undoing the re-plan's folding of changes into it)."""
    bound = run.bound()
    if change_range is not None:
        # bound >= W * aim1 - changes, with 0 <= changes <= change_range.
        bound = (bound + change_range) // (change_range + 1)
    return int(bound + 1e-6)


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
    """Hint every variable of the model with a plan: decisions and derived variables alike,
    so CP-SAT starts from a complete, feasible solution."""
    hint: dict[int, int] = {}
    for rid, var in mv.scheduled.items():
        hint[var.index] = int(rid in teams)
    facts = PlanFacts.of(mv.ctx, teams)
    for var, value in mv.derived:
        hint[var.index] = value(facts)
    for (rid, start), var in mv.x.items():
        hint[var.index] = int(rid in teams and teams[rid][0] == start)
    for (rid, pid), per_week in mv.yw.items():
        chosen = rid in teams and any(p.id == pid for p in teams[rid][1])
        week = facts.weeks.get(rid)
        hint[mv.y[rid, pid].index] = int(chosen)
        for w, var in per_week.items():
            hint[var.index] = int(chosen and w == week)
    _set_hint(mv.model, hint)


def _set_hint(model: cp_model.CpModel, hint: dict[int, int]) -> None:
    """Replace the model's hint (written to the proto at once: add_hint per variable costs
    seconds on national instances)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(hint.keys())
    model.proto.solution_hint.values.extend(hint.values())


def _previous_teams(ctx: RuleContext, previous: Plan | None) -> Teams:
    """The previous plan's scheduled reviews that still exist in the problem."""
    if previous is None:
        return {}
    teams: Teams = {}
    for planned in previous.reviews:
        if planned.id not in ctx.reviews_by_id:
            continue
        members = [
            ctx.problem.reviewers[m.reviewer]
            for m in planned.team
            if m.reviewer in ctx.problem.reviewers
        ]
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


__all__ = ["Progress", "relative_gap", "solve"]
