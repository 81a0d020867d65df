"""Supply against demand, region by region, before solving."""

from __future__ import annotations

from solver.supply import supply_check
from tests.solver.scenarios import torbay


def test_credible_director_shortfall_reported_nationally_and_by_region():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", max_reviews=1)
        .reviewer("RI", "ROCHDALE", "director", max_reviews=5)
        .review("RV-1", "TORBAY")
        .review("RV-2", "HAMPSHIRE")
        .problem()
    )
    gaps = supply_check(problem)
    national = [g for g in gaps if g.region == "England"]
    assert [(g.need, g.demand, g.supply) for g in national] == [("director", 2, 1)]
    assert "directors able to lead" in national[0].message
    assert {g.region for g in gaps} == {"England"}  # each region alone is covered


def test_focus_area_shortfall():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", expertise={"care_leavers": 1})
        .review("RV-1", "TORBAY", focus=["care_leavers"])
        .problem()
    )
    gaps = supply_check(problem)
    assert ("focus", "care_leavers", 1, 0) in [(g.kind, g.need, g.demand, g.supply) for g in gaps]


def test_no_gap_when_supply_is_enough():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director", expertise={"care_leavers": 2})
        .review("RV-1", "TORBAY", focus=["care_leavers"])
        .problem()
    )
    assert supply_check(problem) == []
