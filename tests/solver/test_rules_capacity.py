"""Hard rule 8: at most max_concurrent reviews on site on any date."""

from __future__ import annotations

from datetime import date

from solver.rules.capacity import has_room
from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of
from tests.solver.scenarios import torbay


def test_room_checked_on_every_day_on_site():
    on_site = {date(2027, 1, 6): 2, date(2027, 1, 7): 1}
    assert not has_room(on_site, date(2027, 1, 5), 2, limit=2)
    assert has_room(on_site, date(2027, 1, 7), 2, limit=2)
    assert has_room(on_site, date(2027, 1, 6), 1, limit=None)


def _two_reviews_one_week(limit):
    return (
        torbay()
        .calendar(max_concurrent=limit)
        .reviewer("D1", "LEEDS", "director")
        .reviewer("D2", "HAMPSHIRE", "director")
        .review("RV-1", "TORBAY", days=5, latest="2027-01-08", priority=5)
        .review("RV-2", "ROCHDALE", days=5, latest="2027-01-08", priority=3)
        .problem()
    )


def test_national_capacity_holds():
    problem = _two_reviews_one_week(1)
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert [r.id for r in plan.reviews] == ["RV-1"]
    assert "national capacity" in reasons_of(plan, "RV-2")


def test_both_fit_with_room():
    problem = _two_reviews_one_week(2)
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 2
