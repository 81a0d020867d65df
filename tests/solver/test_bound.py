"""The linear relaxation's bound on aim 1: never below what any plan achieves."""

from __future__ import annotations

from solver.bound import scheduled_priority_bound
from solver.candidates import eligible_reviewers
from solver.greedy import greedy_plan
from solver.rules.context import RuleContext
from solver.solve import solve
from tests.solver.scenarios import medium_problem, torbay


def _bound(problem):
    ctx = RuleContext(problem)
    return scheduled_priority_bound(ctx, eligible_reviewers(ctx))


def test_one_credible_director_bounds_the_plan_to_one_review():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", max_reviews=1)
        .review("RV-1", "TORBAY", priority=4)
        .review("RV-2", "ROCHDALE", priority=2)
        .review("RV-3", "HAMPSHIRE", priority=3)
        .problem()
    )
    assert _bound(problem) == 4
    plan = solve(problem, time_limit=3)
    assert plan.objective == plan.bound == 4
    assert plan.status == "optimal"


def test_bound_is_above_every_plan_on_random_instances():
    for seed in range(3):
        problem = medium_problem(seed=seed)
        bound = _bound(problem)
        assert bound >= greedy_plan(problem).objective
        assert bound <= sum(r.priority for r in problem.reviews)
