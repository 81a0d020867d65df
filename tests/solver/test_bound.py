"""The bounds on aim 1 (the joint LP and the network flows): never below what any plan
achieves, and tight where one requirement binds."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given, settings

from solver.bound import flow_bound, scheduled_priority_bound
from solver.candidates import eligible_reviewers
from solver.greedy import greedy_plan
from solver.rules.context import RuleContext
from solver.solve import solve
from tests.solver.scenarios import MONDAY, Scenario, medium_problem, torbay
from tests.solver.test_properties import QUICK, TINY, brute_force_best_weight


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


def _flow(problem):
    ctx = RuleContext(problem)
    return flow_bound(ctx, eligible_reviewers(ctx)).value


def test_directors_flow_bounds_the_plan_to_what_credible_leads_can_cover():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", max_reviews=1)
        .reviewer("E", "HAMPSHIRE", "director", max_reviews=1)
        .review("RV-1", "TORBAY", priority=4)
        .review("RV-2", "ROCHDALE", priority=2)
        .review("RV-3", "DEVON", priority=3)
        .problem()
    )
    # Two credible directors with one review each: the best two reviews, 4 + 3.
    assert _flow(problem) == _bound(problem) == 7


def test_a_focus_area_with_one_holder_bounds_its_reviews():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", max_reviews=5)
        .reviewer("P", "LEEDS", "practitioner", expertise={"front_door": 2}, max_reviews=1)
        .reviewer("Q", "HAMPSHIRE", "practitioner", max_reviews=5)
        .review(
            "RV-1", "TORBAY", {"director": 1, "practitioner": 1}, priority=4, focus=["front_door"]
        )
        .review(
            "RV-2", "ROCHDALE", {"director": 1, "practitioner": 1}, priority=2, focus=["front_door"]
        )
        .problem()
    )
    assert _flow(problem) == 4


def test_a_week_holds_at_most_max_concurrent_long_reviews():
    """Four three-day reviews that must all fall in one week, two at a time on site: the
    per-date rule alone would allow 15 review-days, but any two of them share a date."""
    scenario = torbay().calendar(max_concurrent=2)
    friday = (MONDAY + timedelta(days=4)).isoformat()
    for index, council in enumerate(("TORBAY", "ROCHDALE", "DEVON", "CORNWALL")):
        scenario.reviewer(f"D{index}", "LEEDS" if index % 2 else "HAMPSHIRE", "director")
        scenario.review(f"RV-{index}", council, priority=index + 1, latest=friday)
    problem = scenario.problem()
    assert _flow(problem) == 4 + 3
    plan = solve(problem, time_limit=5)
    assert plan.objective == plan.bound == 7


@settings(QUICK, max_examples=40)
@given(TINY)
def test_flow_and_joint_bounds_are_never_below_the_brute_force_optimum(problem):
    best = brute_force_best_weight(problem)
    assume(best > 0)
    assert _flow(problem) >= best
    assert _bound(problem) >= best


def test_flow_bound_is_above_every_plan_on_random_instances():
    for seed in range(3):
        problem = medium_problem(seed=seed)
        assert _flow(problem) >= greedy_plan(problem).objective
        assert _flow(problem) >= solve(problem, time_limit=3).objective


def test_five_three_day_reviews_in_one_week_bound_is_not_the_review_days():
    """Same week, max_concurrent 3: 15 review-days would fit five 3-day reviews; three do."""
    scenario = Scenario().calendar(max_concurrent=3).council("LEEDS", "outstanding")
    friday = (MONDAY + timedelta(days=4)).isoformat()
    for index in range(5):
        scenario.council(f"C{index}", "requires_improvement", region="North West")
        scenario.reviewer(f"D{index}", "LEEDS", "director")
        scenario.review(f"RV-{index}", f"C{index}", priority=1, latest=friday)
    assert _flow(scenario.problem()) == 3
    assert _bound(scenario.problem()) == 3
