"""Reasons a coordinator can act on, for unscheduled reviews and for every member."""

from __future__ import annotations

from solver.greedy import greedy_plan
from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of
from tests.solver.scenarios import medium_problem, torbay


def test_reason_names_the_role_the_window_the_council_and_the_counts():
    problem = (
        torbay()
        .reviewer("BORDER", "DEVON", "director")
        .reviewer("RI", "ROCHDALE", "director")
        .reviewer("AWAY", "LEEDS", "director", unavailable=[["2027-01-01", "2027-01-31"]])
        .reviewer("BUSY", "HAMPSHIRE", "director", max_reviews=1)
        .review("RV-1", "TORBAY", priority=1)
        .review("RV-2", "DEVON", priority=5)
        .problem()
    )
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    # Only BUSY can lead Devon's review, and more urgently than Torbay's.
    assert [r.id for r in plan.reviews] == ["RV-2"]
    assert reasons_of(plan, "RV-1") == (
        "no director able to lead free between 2027-01-04 and 2027-01-15 is independent of "
        "Torbay: 1 from bordering councils, 1 from councils not judged good or better, "
        "1 unavailable, 1 at their review limit"
    )


def test_members_carry_expertise_continuity_and_context_reasons():
    problem = (
        torbay()
        .reviewer(
            "D",
            "HAMPSHIRE",
            "director",
            expertise={"front_door": 3},
            reviewed_before=["TORBAY"],
        )
        .review("RV-1", "TORBAY", focus=["front_door"])
        .problem()
    )
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    (member,) = plan.reviews[0].team
    # Hampshire is a county in the South East; Torbay a unitary in the South West.
    assert member.reasons == ("front_door level 3", "reviewed Torbay before")
    assert member.lead


def test_similar_context_reasons():
    doc_problem = (
        torbay()
        .council("SOMERSET", "good", name="Somerset")
        .reviewer("D", "SOMERSET", "director")
        .review("RV-1", "TORBAY")
    )
    doc_problem.doc["councils"][0]["statistical_neighbours"] = ["SOMERSET"]
    problem = doc_problem.problem()
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    assert plan.reviews[0].team[0].reasons == (
        "same region",
        "same type of council",
        "statistical neighbour",
    )


def test_every_unscheduled_review_has_a_reason_on_random_instances():
    for seed in range(3):
        problem = medium_problem(seed=seed)
        plan = greedy_plan(problem)
        assert all(u.reasons and all(u.reasons) for u in plan.unscheduled)
