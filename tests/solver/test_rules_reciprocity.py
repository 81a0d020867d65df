"""Hard rule 7: if A's member reviews B, no member of B reviews A."""

from __future__ import annotations

from solver.rules.reciprocity import reciprocal_clash
from solver.solve import solve
from tests.solver.helpers import assert_valid
from tests.solver.scenarios import Scenario


def _pair(**rules):
    return (
        Scenario(**rules)
        .council("LEEDS", "good")
        .council("HAMPSHIRE", "good")
        .reviewer("LD", "LEEDS", "director")
        .reviewer("HD", "HAMPSHIRE", "director")
        .review("RV-LEEDS", "LEEDS", priority=3)
        .review("RV-HAMPSHIRE", "HAMPSHIRE", priority=2)
    )


def test_clash_is_directional():
    lent = {("LEEDS", "HAMPSHIRE")}
    assert reciprocal_clash(lent, "HAMPSHIRE", "LEEDS")
    assert not reciprocal_clash(lent, "LEEDS", "HAMPSHIRE")


def test_reciprocal_pairs_never_happen():
    problem = _pair().problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    # Each council's only possible reviewer comes from the other: one review must wait.
    assert [r.id for r in plan.reviews] == ["RV-LEEDS"]
    assert "no reciprocal" in plan.unscheduled[0].reasons[0]


def test_reciprocal_pairs_allowed_when_the_rule_is_off():
    problem = _pair(no_reciprocal=False).problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 2
