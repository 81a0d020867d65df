"""A plan made the way a coordinator makes one by hand.

Most urgent review first (priority, then the earliest deadline); for each, the first start date
on which a full valid team can be found, choosing for each seat the free eligible reviewer who
covers the most still-uncovered focus areas, then the best ranked (expertise, continuity,
context). It never revisits a decision. It serves twice: as the baseline the benchmarks compare
CP-SAT with, and as the hint CP-SAT starts from. It obeys the same per-week restriction as the
model (see :mod:`solver.rules.availability`), so its plan is always a valid hint.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from solver.candidates import eligible as is_eligible
from solver.candidates import eligible_for, eligible_reviewers
from solver.objective import score_plan
from solver.rules.availability import is_available, weeks_clash, within_limits
from solver.rules.capacity import has_room
from solver.rules.context import RuleContext
from solver.rules.expertise import covers, uncovered_focus
from solver.rules.fixed import fixed_conflicts
from solver.rules.reciprocity import reciprocal_clash
from solver.schema import ROLES, Plan, Problem, Review, Reviewer

Teams = dict[str, tuple[date, list[Reviewer]]]
# How far down each ranked list the greedy pass looks for free reviewers (see _free_in_week).
SCAN_SLACK = 25
FOCUS_HOLDERS_SCANNED = 3


@dataclass
class Ledger:
    """What a partial plan has used so far: the state a coordinator keeps on paper."""

    ctx: RuleContext
    weeks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    reviews: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    lent: set[tuple[str, str]] = field(default_factory=set)
    served: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    on_site: Counter[date] = field(default_factory=Counter)

    def add(self, review: Review, start: date, team: list[Reviewer]) -> None:
        week = self.ctx.week_of(start)
        for member in team:
            self.weeks[member.id].append(week)
            self.reviews[member.id] += 1
            self.days[member.id] += review.days
            self.lent.add((member.council, review.council))
            self.served[member.council].add(review.id)
        for i in range(review.days):
            self.on_site[start + timedelta(days=i)] += 1

    def free(self, reviewer: Reviewer, review: Review, start: date) -> bool:
        """True when the reviewer can take this review on this start, given the plan so far."""
        return is_available(
            reviewer, start, self.ctx.end_of(start, review.days)
        ) and self.free_in_week(reviewer, review, self.ctx.week_of(start))

    def free_in_week(self, reviewer: Reviewer, review: Review, week: int) -> bool:
        """Every rule but unavailability: weekly service, limits, reciprocity, lending."""
        rules = self.ctx.problem.rules
        if any(weeks_clash(week, w, rules.min_gap_days) for w in self.weeks.get(reviewer.id, ())):
            return False
        if not within_limits(
            reviewer, self.reviews[reviewer.id], self.days[reviewer.id], review.days
        ):
            return False
        if rules.no_reciprocal and reciprocal_clash(self.lent, reviewer.council, review.council):
            return False
        cap = rules.max_reviews_per_lending_council
        served = self.served.get(reviewer.council, set())
        return cap is None or review.id in served or len(served) < cap

    def capacity_left(self, review: Review, start: date) -> bool:
        limit = self.ctx.problem.calendar.max_concurrent
        return has_room(self.on_site, start, review.days, limit)


def urgency_order(reviews) -> list[Review]:
    """Most urgent first: priority, then the earliest deadline, then the earliest window."""
    return sorted(reviews, key=lambda r: (-r.priority, r.latest, r.earliest, r.id))


def greedy_teams(ctx: RuleContext) -> Teams:
    """Review id -> (start, team) for every review the greedy pass schedules."""
    problem = ctx.problem
    ledger = Ledger(ctx)
    teams: Teams = {}
    for review in problem.reviews:
        if review.fixed is not None:
            team = [problem.reviewers[m.reviewer] for m in review.fixed.team]
            ledger.add(review, review.fixed.start, team)
            teams[review.id] = (review.fixed.start, team)
    eligible = eligible_reviewers(ctx)
    for review in urgency_order(r for r in problem.reviews if r.fixed is None):
        pool = {
            role: [p for p in eligible[review.id] if p.role == role]
            for role, need in review.team.items()
            if need
        }
        week_pool: dict[str, list[Reviewer]] | None = None
        week = None
        for start in ctx.start_dates(review):
            if not ledger.capacity_left(review, start):
                continue
            if ctx.week_of(start) != week:
                week = ctx.week_of(start)
                week_pool = _free_in_week(ledger, review, week, pool)
            if week_pool is None:
                continue
            team = _team_on(ledger, review, start, week_pool)
            if team is not None:
                ledger.add(review, start, team)
                teams[review.id] = (start, team)
                break
    return teams


def repair_teams(ctx: RuleContext, previous: Teams) -> Teams:
    """The previous plan made valid again with as few changes as a coordinator would make:
    every review keeps its start and the members who still may serve; missing seats are
    filled on the same date if possible, else the review moves to the first date with a
    full team, else it is dropped. Used as the hint of a re-plan."""
    problem = ctx.problem
    ledger = Ledger(ctx)
    teams: Teams = {}
    for review in problem.reviews:
        if review.fixed is not None:
            team = [problem.reviewers[m.reviewer] for m in review.fixed.team]
            ledger.add(review, review.fixed.start, team)
            teams[review.id] = (review.fixed.start, team)
    ordered = urgency_order(ctx.reviews_by_id[rid] for rid in previous if rid not in teams)
    # First every review that still holds exactly as planned, then the repairs: a repair must
    # never take a member, a lending pair or a date from a review that did not break.
    broken = []
    for review in ordered:
        start, old_team = previous[review.id]
        if _holds(ctx, ledger, review, start, old_team):
            ledger.add(review, start, old_team)
            teams[review.id] = (start, list(old_team))
        else:
            broken.append(review)
    for review in broken:
        start, old_team = previous[review.id]
        team = None
        kept: list[Reviewer] = []
        if start in ctx.start_dates(review) and ledger.capacity_left(review, start):
            kept = [
                p for p in old_team if is_eligible(ctx, review, p) and ledger.free(p, review, start)
            ]
        pool = {
            role: [p for p in eligible_for(ctx, review) if p.role == role]
            for role, need in review.team.items()
            if need
        }
        if kept:
            team = _complete_team(ledger, review, start, kept, pool)
        if team is None:
            for other in ctx.start_dates(review):
                if not ledger.capacity_left(review, other):
                    continue
                week_pool = _free_in_week(ledger, review, ctx.week_of(other), pool)
                team = week_pool and _team_on(ledger, review, other, week_pool)
                if team:
                    start = other
                    break
        if team:
            ledger.add(review, start, team)
            teams[review.id] = (start, team)
    return teams


def _holds(ctx: RuleContext, ledger: Ledger, review: Review, start, team) -> bool:
    """True when ``review`` may stay exactly as planned, given what the ledger holds."""
    if start not in ctx.start_dates(review) or not ledger.capacity_left(review, start):
        return False
    if not all(is_eligible(ctx, review, p) and ledger.free(p, review, start) for p in team):
        return False
    return _team_shape_ok(review, team) and not uncovered_focus(review, team)


def _team_shape_ok(review: Review, team: list[Reviewer]) -> bool:
    return all(sum(1 for p in team if p.role == r) == review.team.get(r, 0) for r in ROLES)


def _complete_team(ledger, review, start, kept, pool) -> list[Reviewer] | None:
    """``kept`` plus free reviewers for the missing seats, covering the focus areas."""
    team = list(kept)
    for role in ROLES:
        have = sum(1 for p in team if p.role == role)
        for _ in range(review.team.get(role, 0) - have):
            uncovered = set(uncovered_focus(review, team))
            options = [
                p for p in pool.get(role, []) if p not in team and ledger.free(p, review, start)
            ]
            if not options:
                return None
            team.append(max(options, key=lambda p: sum(covers(p, a) for a in uncovered)))
    if any(sum(1 for p in team if p.role == r) != review.team.get(r, 0) for r in ROLES):
        return None
    return None if uncovered_focus(review, team) else team


def _free_in_week(ledger: Ledger, review: Review, week: int, pool) -> dict | None:
    """Role -> reviewers free that week, best ranked first (None when a role cannot be
    filled). Like a coordinator, it looks down each ranked list only until it has a good
    choice: the seats needed plus ``SCAN_SLACK``, and a few holders of every focus area."""
    free = {}
    # The scarcest role first: most weeks fail on it, and then the rest need not be looked at.
    for role in sorted(pool, key=lambda r: len(pool[r])):
        need = review.team[role]
        found: list[Reviewer] = []
        holders: Counter[str] = Counter()
        for p in pool[role]:
            wanted = len(found) < need + SCAN_SLACK or any(
                holders[a] < FOCUS_HOLDERS_SCANNED and covers(p, a) for a in review.focus
            )
            if wanted and ledger.free_in_week(p, review, week):
                found.append(p)
                holders.update(a for a in review.focus if covers(p, a))
        if len(found) < need:
            return None
        free[role] = found
    return free


def _team_on(
    ledger: Ledger, review: Review, start: date, pool: dict[str, list[Reviewer]]
) -> list[Reviewer] | None:
    end = ledger.ctx.end_of(start, review.days)
    free = {
        role: [p for p in people if is_available(p, start, end)] for role, people in pool.items()
    }
    if any(len(free[role]) < need for role, need in review.team.items() if need):
        return None
    team: list[Reviewer] = []
    uncovered = set(review.focus)
    for role in ROLES:
        for _ in range(review.team.get(role, 0)):
            options = [p for p in free[role] if p not in team]
            best = max(options, key=lambda p: sum(covers(p, a) for a in uncovered))
            team.append(best)
            uncovered -= {a for a in uncovered if covers(best, a)}
    if uncovered:
        team = _repair(review, team, free)
    if team is None or uncovered_focus(review, team):
        return None
    return team


def _repair(review: Review, team: list[Reviewer], free) -> list[Reviewer] | None:
    """Swap single members for holders of the missing focus areas, as a coordinator would."""
    for area in uncovered_focus(review, team):
        done = False
        for i, member in enumerate(team):
            for other in free[member.role]:
                if other in team or not covers(other, area):
                    continue
                trial = team[:i] + [other] + team[i + 1 :]
                if len(uncovered_focus(review, trial)) < len(uncovered_focus(review, team)):
                    team, done = trial, True
                    break
            if done:
                break
        if not done:
            return None
    return team


def greedy_plan(problem: Problem) -> Plan:
    """The hand-made plan: valid, explained, scored like the CP-SAT plan."""
    from solver.explain import explained_plan, infeasible_plan

    began = time.perf_counter()
    ctx = RuleContext(problem)
    conflicts = fixed_conflicts(ctx)
    if conflicts:
        return infeasible_plan(ctx, conflicts, time.perf_counter() - began)
    teams = greedy_teams(ctx)
    parts = score_plan(ctx, teams)
    return explained_plan(
        ctx,
        teams,
        status="feasible",
        objective=parts["scheduled_priority"],
        bound=None,
        seconds=time.perf_counter() - began,
        parts=parts,
    )
