"""Hard rule 10: a fixed review keeps its start and team, or the conflict is reported."""

from __future__ import annotations

from datetime import date

from solver.rules.context import RuleContext
from solver.rules.fixed import fixed_conflicts
from solver.solve import solve
from tests.solver.helpers import assert_valid, team_of
from tests.solver.scenarios import torbay


def _fixed(start, members, **extra):
    return {"start": start, "team": [{"reviewer": m, "role": "director"} for m in members]}


def test_fixed_review_kept_exactly():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director", expertise={"leadership": 3})
        .reviewer("D2", "HAMPSHIRE", "director")
        .review("RV-1", "TORBAY", fixed=_fixed("2027-01-13", ["D2"]), focus=[])
        .review("RV-2", "ROCHDALE", priority=5)
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    kept = plan.reviews_by_id["RV-1"]
    assert kept.start == date(2027, 1, 13)
    assert team_of(plan, "RV-1") == {"D2": "director"}


def test_fixed_member_now_unavailable_is_reported_infeasible():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director", unavailable=[["2027-01-12", "2027-01-12"]])
        .review("RV-1", "TORBAY", fixed=_fixed("2027-01-11", ["D1"]))
        .review("RV-2", "ROCHDALE")
        .problem()
    )
    assert fixed_conflicts(RuleContext(problem)) == {
        "RV-1": ["D1 is unavailable between 2027-01-11 and 2027-01-13"]
    }
    plan = solve(problem, time_limit=5)
    assert plan.status == "infeasible"
    assert {u.id for u in plan.unscheduled} == {"RV-1", "RV-2"}
    assert "unavailable" in plan.unscheduled[0].reasons[0]
    assert "RV-1" in plan.unscheduled[1].reasons[0]


def test_two_fixed_reviews_sharing_a_reviewer_conflict():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director")
        .review("RV-1", "TORBAY", fixed=_fixed("2027-01-11", ["D1"]))
        .review("RV-2", "ROCHDALE", fixed=_fixed("2027-01-12", ["D1"]))
        .problem()
    )
    conflicts = fixed_conflicts(RuleContext(problem))
    assert list(conflicts) == ["RV-2"]
    assert "D1 is also on RV-1" in conflicts["RV-2"][0]


def test_fixed_reviews_in_one_week_that_the_contract_allows_are_kept():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director")
        .review("RV-1", "TORBAY", days=2, fixed=_fixed("2027-01-11", ["D1"]))
        .review("RV-2", "ROCHDALE", days=2, fixed=_fixed("2027-01-14", ["D1"]))
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 2


def test_fixed_lead_from_requiring_improvement_is_reported():
    problem = (
        torbay()
        .reviewer("RI", "ROCHDALE", "director")
        .review("RV-1", "TORBAY", fixed=_fixed("2027-01-11", ["RI"]))
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert plan.status == "infeasible"
    assert "not judged good or better" in plan.unscheduled[0].reasons[0]
