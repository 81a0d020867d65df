"""Hard rules 2 and 6: dates, unavailability, overlap and gap, review and day limits."""

from __future__ import annotations

from datetime import date

from solver.rules.availability import gap_weeks, is_available, weeks_clash, within_limits
from solver.rules.context import RuleContext
from solver.solve import _solve, solve
from tests.solver.helpers import assert_valid, reasons_of, team_of
from tests.solver.scenarios import torbay


def _one_director(**reviewer):
    return torbay().reviewer("D", "LEEDS", "director", **reviewer)


def test_start_dates_skip_weekends_and_closed_dates():
    problem = (
        _one_director()
        .calendar(closed_dates=["2027-01-06"])
        .review("RV-1", "TORBAY", days=2)
        .problem()
    )
    starts = RuleContext(problem).start_dates(problem.reviews[0])
    # Tue 5th+Wed 6th and Wed 6th+Thu 7th touch the closed day; Fri 8th+Sat 9th spans a weekend.
    assert starts == (
        date(2027, 1, 4),
        date(2027, 1, 7),
        date(2027, 1, 11),
        date(2027, 1, 12),
        date(2027, 1, 13),
        date(2027, 1, 14),
    )


def test_window_too_short_for_the_days_on_site():
    problem = (
        _one_director()
        .review("RV-1", "TORBAY", days=5, earliest="2027-01-05", latest="2027-01-11")
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert "no start date fits" in reasons_of(plan, "RV-1")


def test_gap_windows_are_safe():
    assert gap_weeks(0) == 1 and gap_weeks(3) == 1 and gap_weeks(4) == 2 and gap_weeks(10) == 2
    assert weeks_clash(5, 5, 0) and not weeks_clash(5, 6, 0) and weeks_clash(5, 6, 7)
    for gap in range(0, 30):
        k = gap_weeks(gap)
        # Reviews k weeks apart: latest end is a Friday, earliest start a Monday.
        assert 7 * k - 4 >= gap


def test_unavailable_ranges_are_inclusive():
    problem = _one_director(unavailable=[["2027-01-05", "2027-01-06"]]).problem()
    d = problem.reviewers["D"]
    assert not is_available(d, date(2027, 1, 6), date(2027, 1, 8))
    assert is_available(d, date(2027, 1, 7), date(2027, 1, 8))


def test_limits():
    problem = _one_director(max_reviews=1, max_days=4).problem()
    d = problem.reviewers["D"]
    assert within_limits(d, 0, 0, 4)
    assert not within_limits(d, 1, 0, 1)
    assert not within_limits(d, 0, 0, 5)


def test_unavailable_reviewer_pushes_the_review_to_a_free_week():
    problem = (
        _one_director(unavailable=[["2027-01-04", "2027-01-08"]]).review("RV-1", "TORBAY").problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert plan.reviews[0].start >= date(2027, 1, 11)


def test_unavailable_all_window_explained():
    problem = (
        _one_director(unavailable=[["2027-01-01", "2027-01-31"]]).review("RV-1", "TORBAY").problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert "1 unavailable" in reasons_of(plan, "RV-1")


def test_review_limit_leaves_the_less_urgent_review_out():
    problem = (
        _one_director(max_reviews=1)
        .review("RV-URGENT", "TORBAY", priority=5)
        .review("RV-LATER", "ROCHDALE", priority=2)
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert [r.id for r in plan.reviews] == ["RV-URGENT"]
    assert "1 at their review limit" in reasons_of(plan, "RV-LATER")


def test_one_reviewer_serves_two_reviews_in_different_weeks():
    problem = (
        _one_director()
        .review("RV-1", "TORBAY", priority=5)
        .review("RV-2", "ROCHDALE", priority=5)
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert len(plan.reviews) == 2
    weeks = {r.start.isocalendar()[1] for r in plan.reviews}
    assert len(weeks) == 2


def test_min_gap_keeps_reviews_apart():
    problem = (
        torbay(min_gap_days=10)
        .reviewer("D", "LEEDS", "director")
        .review("RV-1", "TORBAY", priority=5)
        .review("RV-2", "ROCHDALE", priority=4)
        .problem()
    )
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    # Two weeks cannot hold two reviews ten days apart with one director.
    assert [r.id for r in plan.reviews] == ["RV-1"]


def test_a_week_short_of_a_role_keeps_its_lone_candidate_off_the_team():
    """Two practitioners can serve only in the first week and a third, the best suited
    (expertise, continuity, similar context), only in the second: the review runs in the
    first week with the first two. The model once let the third count as serving in the
    second week while the review ran in the first (a third practitioner, which the checker
    rejects). The model's own plan is read, before the checker's safety net in `solve`."""
    week_one, week_two = ["2027-01-04", "2027-01-08"], ["2027-01-11", "2027-01-15"]
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", expertise={"care_leavers": 3})
        .reviewer("P1", "LEEDS", "practitioner", unavailable=[week_two])
        .reviewer("P2", "HAMPSHIRE", "practitioner", unavailable=[week_two])
        .council("BRISTOL", "good", name="Bristol")
        .reviewer(
            "P3",
            "BRISTOL",
            "practitioner",
            unavailable=[week_one],
            expertise={"care_leavers": 3},
            reviewed_before=["TORBAY"],
        )
        .review("RV-1", "TORBAY", team={"director": 1, "practitioner": 2}, focus=["care_leavers"])
        .problem()
    )
    plan = _solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert team_of(plan, "RV-1") == {"D": "director", "P1": "practitioner", "P2": "practitioner"}
