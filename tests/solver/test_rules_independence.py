"""Hard rule 3: independence, as a per (reviewer, council) filter and inside solved plans."""

from __future__ import annotations

from solver.rules.context import RuleContext
from solver.rules.independence import independence_conflict
from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of, team_of
from tests.solver.scenarios import torbay


def _conflicts(scenario) -> dict[str, str | None]:
    problem = scenario.problem()
    ctx = RuleContext(problem)
    return {
        pid: independence_conflict(ctx, reviewer, "TORBAY")
        for pid, reviewer in problem.reviewers.items()
    }


def test_every_related_council_is_excluded_whichever_side_lists_it():
    scenario = (
        torbay()
        .reviewer("OWN", "TORBAY", "director")
        .reviewer("BORDER", "DEVON", "director")  # Torbay lists Devon
        .reviewer("PARTNER", "PLYMOUTH", "director")  # Plymouth lists Torbay
        .reviewer("SHARED", "CORNWALL", "director")
        .reviewer("WORKED", "LEEDS", "director", worked_at=["TORBAY"])
        .reviewer("CONFLICT", "LEEDS", "director", conflicts=["TORBAY"])
        .reviewer("FREE", "LEEDS", "director")
    )
    assert _conflicts(scenario) == {
        "OWN": "own_council",
        "BORDER": "border",
        "PARTNER": "partner",
        "SHARED": "shared_leadership",
        "WORKED": "worked_at",
        "CONFLICT": "conflict",
        "FREE": None,
    }


def test_borders_allowed_when_the_rule_is_off():
    scenario = torbay(exclude_borders=False).reviewer("BORDER", "DEVON", "director")
    assert _conflicts(scenario) == {"BORDER": None}


def test_neighbours_partners_and_shared_leadership_never_review():
    scenario = (
        torbay()
        .reviewer("BORDER", "DEVON", "director")
        .reviewer("PARTNER", "PLYMOUTH", "director")
        .reviewer("SHARED", "CORNWALL", "director")
        .review("RV-1", "TORBAY")
    )
    problem = scenario.problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert plan.reviews == ()
    reasons = reasons_of(plan, "RV-1")
    assert "no director" in reasons and "Torbay" in reasons
    assert "1 from bordering councils" in reasons
    assert "1 from a strategic partner" in reasons
    assert "1 sharing its leadership" in reasons


def test_bordering_director_used_when_borders_are_allowed():
    scenario = torbay(exclude_borders=False).reviewer("BORDER", "DEVON", "director")
    problem = scenario.review("RV-1", "TORBAY").problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert team_of(plan, "RV-1") == {"BORDER": "director"}
