"""The solver's last step: a plan leaves `solve` only once the independent checker agrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from solver.check import check_plan
from solver.solve import final_check
from tests.solver.problems import hand_made, planned, valid_plan


def test_a_valid_plan_passes_unchanged():
    plan = valid_plan()
    assert final_check(hand_made(), plan) is plan


def test_a_review_breaking_a_rule_is_left_unscheduled_with_the_checkers_words():
    problem = hand_made()
    good = valid_plan()
    # RV-002 on a Saturday breaks the dates rule; RV-001 stays as it was.
    bad = replace(
        good,
        reviews=(
            good.reviews[0],
            planned("RV-002", date(2027, 1, 9), 2, ("D2", "director"), ("P1", "practitioner")),
        ),
    )
    assert check_plan(problem, bad)
    checked = final_check(problem, bad)
    assert check_plan(problem, checked) == []
    assert [r.id for r in checked.reviews] == ["RV-001"]
    (dropped,) = checked.unscheduled
    assert dropped.id == "RV-002"
    assert dropped.reasons
    assert all(r.startswith("left out by the final check: [rule 2") for r in dropped.reasons)
    assert checked.objective == problem.review("RV-001").priority
    assert checked.status == "feasible"
