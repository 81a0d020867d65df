"""The fast paths of eligibility agree with the rules read plainly.

National instances check millions of (review, reviewer) pairs, so eligibility and the
explanations test leave with bit masks of dates and rank with one integer per pair. These
properties compare them, on random problems, with the readable per-pair definitions.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.candidates import eligible_for, rank_key
from solver.rules.context import RuleContext
from solver.rules.credibility import credibility_conflict
from solver.rules.independence import independence_conflict
from tests.solver.problems import problems

QUICK = settings(
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def plainly_eligible(ctx: RuleContext, review, reviewer) -> bool:
    """Hard rules on one pair, written out without masks or caches."""
    if review.team.get(reviewer.role, 0) == 0 or reviewer.max_reviews == 0:
        return False
    if reviewer.max_days is not None and reviewer.max_days < review.days:
        return False
    if credibility_conflict(ctx, reviewer, reviewer.role):
        return False
    if independence_conflict(ctx, reviewer, review.council):
        return False
    return any(reviewer.is_available(s, e) for s, e in ctx.spans(review))


@QUICK
@given(problems())
def test_eligible_reviewers_are_those_the_rules_allow_best_ranked_first(problem):
    assert_eligibility_matches_the_rules(problem)


def assert_eligibility_matches_the_rules(problem) -> None:
    ctx = RuleContext(problem)
    for review in problem.reviews:
        got = eligible_for(ctx, review)
        expected = [p for p in problem.reviewers.values() if plainly_eligible(ctx, review, p)]
        assert {p.id for p in got} == {p.id for p in expected}
        assert got == sorted(got, key=lambda p: rank_key(ctx, review, p), reverse=True)


@QUICK
@given(problems(), st.randoms(use_true_random=False))
def test_ranking_follows_context_types_neighbours_and_limits(problem, rng):
    """The same, once councils carry statistical neighbours and missing types, and some
    reviewers may serve on no review at all."""
    codes = sorted(problem.councils)
    councils = {
        code: replace(
            council,
            type=rng.choice([None, "county", "unitary"]),
            statistical_neighbours=tuple(rng.sample(codes, rng.randint(0, min(3, len(codes))))),
        )
        for code, council in problem.councils.items()
    }
    reviewers = {
        rid: replace(p, max_reviews=0) if rng.random() < 0.1 else p
        for rid, p in problem.reviewers.items()
    }
    assert_eligibility_matches_the_rules(replace(problem, councils=councils, reviewers=reviewers))


@QUICK
@given(problems())
def test_leave_masks_block_exactly_the_starts_that_touch_leave(problem):
    ctx = RuleContext(problem)
    origin = problem.calendar.start
    for review in problem.reviews:
        for reviewer in problem.reviewers.values():
            blocked = ctx.leave_starts(reviewer, review.days)
            for start, end in ctx.spans(review):
                bit = 1 << (start - origin).days
                assert bool(blocked & bit) == (not reviewer.is_available(start, end))
            assert ctx.free_some_start(reviewer, review) == any(
                reviewer.is_available(s, e) for s, e in ctx.spans(review)
            )


@QUICK
@given(problems())
def test_a_week_mask_holds_the_seven_dates_of_its_week(problem):
    ctx = RuleContext(problem)
    origin = problem.calendar.start
    for review in problem.reviews:
        for start in ctx.start_dates(review):
            week = ctx.week_of(start)
            assert ctx.week_mask(week) >> (start - origin).days & 1
            assert not ctx.week_mask(week + 1) >> (start - origin).days & 1
            assert not ctx.week_mask(week - 1) >> (start - origin).days & 1
