"""Hard rule 5: every focus area is held at level 2 or more by a member."""

from __future__ import annotations

from solver.rules.expertise import covers, uncovered_focus
from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of, team_of
from tests.solver.scenarios import torbay


def _scenario():
    return (
        torbay()
        .reviewer("D", "LEEDS", "director", expertise={"leadership": 3})
        .reviewer("NOVICE", "HAMPSHIRE", "practitioner", expertise={"care_leavers": 1})
        .review(
            "RV-1",
            "TORBAY",
            {"director": 1, "practitioner": 1},
            focus=["leadership", "care_leavers"],
        )
    )


def test_level_two_is_needed_to_cover_an_area():
    problem = _scenario().problem()
    novice, director = problem.reviewers["NOVICE"], problem.reviewers["D"]
    assert not covers(novice, "care_leavers")
    assert covers(director, "leadership")
    review = problem.reviews[0]
    assert uncovered_focus(review, [director, novice]) == ["care_leavers"]


def test_review_without_an_expert_is_not_scheduled():
    problem = _scenario().problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert plan.reviews == ()
    assert "care_leavers at level 2 or more" in reasons_of(plan, "RV-1")


def test_the_expert_is_chosen_over_the_novice():
    problem = (
        _scenario()
        .reviewer("EXPERT", "HAMPSHIRE", "practitioner", expertise={"care_leavers": 2})
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert team_of(plan, "RV-1") == {"D": "director", "EXPERT": "practitioner"}
    expert = next(m for m in plan.reviews[0].team if m.reviewer == "EXPERT")
    assert "care_leavers level 2" in expert.reasons
