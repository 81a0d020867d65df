"""Supply against demand, region by region, before solving."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings

from solver.candidates import eligible_for
from solver.rules.context import RuleContext
from solver.rules.expertise import covers
from solver.schema import ROLES
from solver.supply import supply_check
from tests.solver.problems import problems
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


@settings(deadline=None, derandomize=True, max_examples=60)
@given(problems())
def test_supply_counts_agree_with_counting_pair_by_pair(problem):
    """The array arithmetic gives what counting each eligible pair by hand gives."""
    ctx = RuleContext(problem)
    got = {(g.region, g.need): (g.demand, g.supply) for g in supply_check(problem, ctx)}
    regions = defaultdict(list)
    for review in problem.reviews:
        regions[problem.councils[review.council].region].append(review)
    expected = {}
    for region, reviews in [("England", list(problem.reviews)), *regions.items()]:
        needs = [(role, lambda r, p, ro=role: p.role == ro) for role in ROLES]
        areas = sorted({a for r in reviews for a in r.focus})
        needs += [(area, lambda r, p, a=area: a in r.focus and covers(p, a)) for area in areas]
        for need, counts_for in needs:
            if need in ROLES:
                demand = sum(r.team.get(need, 0) for r in reviews)
            else:
                demand = sum(need in r.focus for r in reviews)
            served = Counter(
                p.id for r in reviews for p in eligible_for(ctx, r) if counts_for(r, p)
            )
            supply = 0
            for pid, n in served.items():
                limit = problem.reviewers[pid].max_reviews
                supply += n if limit is None else min(limit, n)
            if demand and demand > supply:
                expected[region, need] = (demand, supply)
    assert got == expected
