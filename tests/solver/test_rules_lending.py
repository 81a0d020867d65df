"""Hard rule 9: members from one council serve in at most k reviews in all."""

from __future__ import annotations

from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of
from tests.solver.scenarios import torbay


def _scenario(cap):
    return (
        torbay(max_reviews_per_lending_council=cap)
        .reviewer("D1", "LEEDS", "director")
        .reviewer("D2", "LEEDS", "director")
        .reviewer("P1", "LEEDS", "practitioner")
        .review("RV-1", "TORBAY", {"director": 1, "practitioner": 1}, priority=5)
        .review("RV-2", "ROCHDALE", {"director": 1}, priority=2)
        .problem()
    )


def test_one_council_lends_to_at_most_k_reviews():
    problem = _scenario(1)
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    # Two Leeds members on one review count once; a second review is one too many.
    assert [r.id for r in plan.reviews] == ["RV-1"]
    assert "lending to their limit" in reasons_of(plan, "RV-2")


def test_without_a_cap_both_reviews_happen():
    problem = _scenario(None)
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 2
