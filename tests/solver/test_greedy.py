"""The hand-made baseline: valid, urgent first, first date with a full team."""

from __future__ import annotations

from datetime import date

from solver.greedy import greedy_plan, urgency_order
from tests.solver.helpers import assert_valid, team_of
from tests.solver.scenarios import medium_problem, torbay


def test_greedy_plans_are_valid_on_random_instances():
    for seed in range(4):
        problem = medium_problem(seed=seed, min_gap_days=seed * 3)
        plan = greedy_plan(problem)
        assert_valid(problem, plan)
        assert plan.status == "feasible"
        assert plan.objective == sum(problem.review(r.id).priority for r in plan.reviews)


def test_most_urgent_first_then_earliest_deadline():
    problem = (
        torbay()
        .review("LOW", "TORBAY", priority=1)
        .review("URGENT-LATE", "TORBAY", priority=5, latest="2027-01-15")
        .review("URGENT-SOON", "TORBAY", priority=5, latest="2027-01-08")
        .problem()
    )
    assert [r.id for r in urgency_order(problem.reviews)] == ["URGENT-SOON", "URGENT-LATE", "LOW"]


def test_first_date_with_a_full_valid_team():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", unavailable=[["2027-01-04", "2027-01-05"]])
        .review("RV-1", "TORBAY")
        .problem()
    )
    plan = greedy_plan(problem)
    assert_valid(problem, plan)
    assert plan.reviews[0].start == date(2027, 1, 6)


def test_team_covers_focus_by_picking_the_holder():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director")
        .reviewer("P-TOP", "HAMPSHIRE", "practitioner", expertise={"early_help": 3})
        .reviewer("P-NEEDED", "HAMPSHIRE", "practitioner", expertise={"care_leavers": 2})
        .review(
            "RV-1",
            "TORBAY",
            {"director": 1, "practitioner": 1},
            focus=["care_leavers"],
        )
        .problem()
    )
    plan = greedy_plan(problem)
    assert_valid(problem, plan)
    assert team_of(plan, "RV-1") == {"D": "director", "P-NEEDED": "practitioner"}


def test_greedy_never_makes_a_reciprocal_pair():
    problem = (
        torbay()
        .reviewer("LD", "LEEDS", "director")
        .reviewer("HD", "HAMPSHIRE", "director")
        .review("RV-LEEDS", "LEEDS", priority=5)
        .review("RV-HAMPSHIRE", "HAMPSHIRE", priority=4)
        .problem()
    )
    plan = greedy_plan(problem)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 1
