"""The benchmark generator builds valid national problems of the documented shape."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate, load_seeds
from benchmarks.run import busiest_reviewer, changed_reviews
from solver.schema import parse_problem
from tests.solver.problems import plan_of, planned


@pytest.fixture(scope="module")
def seeds():
    return load_seeds()


def good_share(problem) -> float:
    councils = problem.councils.values()
    return sum(c.good_or_better for c in councils) / len(councils)


def test_2017_instance_has_the_reports_shape(seeds):
    problem = parse_problem(generate("2017", 0, seeds))
    assert len(problem.councils) == 153
    assert 540 <= len(problem.reviewers) <= 700
    assert 150 <= len(problem.reviews) <= 170
    assert abs(good_share(problem) - 0.28) < 0.01
    # Every council is due a review.
    assert {r.council for r in problem.reviews} == set(problem.councils)
    for review in problem.reviews:
        assert 3 <= review.days <= 5 and 3 <= review.team_size <= 5
        assert 8 * 7 - 10 <= (review.latest - review.earliest).days <= 12 * 7
    # Real borders, read both ways: Rochdale and Bury are neighbours.
    assert "borders" in problem.related("E08000005", "E08000002")
    assert problem.calendar.closed_dates  # bank holidays


def test_today_instance_binds_national_concurrency(seeds):
    problem = parse_problem(generate("today", 0, seeds))
    assert problem.calendar.max_concurrent == 3
    assert good_share(problem) > 0.5


def test_x5_instance_copies_councils_with_relations_inside_each_copy(seeds):
    problem = parse_problem(generate("x5", 0, seeds))
    assert len(problem.councils) == 5 * 153
    assert 2500 <= len(problem.reviewers) <= 3500
    assert 750 <= len(problem.reviews) <= 850
    for council in problem.councils.values():
        copy = council.code.partition("-")[2]
        for other in council.borders | council.partners | council.shared_leadership:
            assert other.partition("-")[2] == copy


def test_generation_is_deterministic_for_a_seed(seeds):
    assert generate("2017", 3, seeds) == generate("2017", 3, seeds)
    assert generate("2017", 3, seeds) != generate("2017", 4, seeds)


def test_replan_measure_counts_only_changes_not_involving_the_withdrawn_reviewer():
    from datetime import date

    a = planned("RV-1", date(2027, 1, 4), 2, ("D1", "director"))
    b = planned("RV-2", date(2027, 1, 11), 2, ("D2", "director"))
    before = plan_of(a, b)
    assert busiest_reviewer(before) == "D1"
    moved_b = planned("RV-2", date(2027, 1, 12), 2, ("D2", "director"))
    replaced_a = planned("RV-1", date(2027, 1, 4), 2, ("D3", "director"))
    assert changed_reviews(before, plan_of(replaced_a, b), "D1") == (0, 1)
    assert changed_reviews(before, plan_of(replaced_a, moved_b), "D1") == (1, 1)
    assert changed_reviews(before, plan_of(a), "D1") == (1, 0)
