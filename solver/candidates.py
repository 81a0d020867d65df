"""Which reviewers the model may consider for each review.

First the per-pair hard rules remove what can never be chosen: independence, credibility,
role, and reviewers unavailable on every start date of the window. Then, to keep the model
small, each review keeps only its best ``per_role`` candidates per role it needs (ranked by
expertise on its focus areas, then continuity and similar context, then spare capacity), plus
the best holders of each focus area so expertise can always be met, plus any reviewer the
caller must keep (fixed teams, the previous plan, the greedy plan used as a hint).
Reviews with fixed teams keep exactly their team.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from solver.eligibility import eligibility_table
from solver.objective import context_points, expertise_points
from solver.rules.context import RuleContext
from solver.rules.credibility import credibility_conflict
from solver.rules.expertise import covers
from solver.rules.independence import independence_conflict
from solver.schema import Review, Reviewer

DEFAULT_PER_ROLE = 12
FOCUS_HOLDERS = 4


def eligible(ctx: RuleContext, review: Review, reviewer: Reviewer) -> bool:
    """True when no per-pair hard rule forbids ``reviewer`` on ``review`` in its own role."""
    if review.team.get(reviewer.role, 0) == 0:
        return False
    if reviewer.max_reviews == 0 or (
        reviewer.max_days is not None and reviewer.max_days < review.days
    ):
        return False
    if credibility_conflict(ctx, reviewer, reviewer.role):
        return False
    if independence_conflict(ctx, reviewer, review.council):
        return False
    return ctx.free_some_start(reviewer, review)


def eligible_for(ctx: RuleContext, review: Review) -> list[Reviewer]:
    """Every reviewer no per-pair rule forbids on ``review``, best ranked first (cached).
    Same verdicts as :func:`eligible` and the order of :func:`rank_key`, computed with arrays
    (see :mod:`solver.eligibility`)."""
    cache: dict[str, list[Reviewer]] = ctx.cache.setdefault("eligible", {})  # type: ignore[assignment]
    if review.id not in cache:
        cache[review.id] = eligibility_table(ctx).ranked(review)
    return cache[review.id]


def eligible_reviewers(ctx: RuleContext) -> dict[str, list[Reviewer]]:
    """Review id -> :func:`eligible_for` of every review."""
    return {review.id: eligible_for(ctx, review) for review in ctx.problem.reviews}


def rank_key(ctx: RuleContext, review: Review, reviewer: Reviewer) -> tuple:
    """Higher is better: expertise, then continuity and context, then spare capacity."""
    capacity = reviewer.max_reviews if reviewer.max_reviews is not None else 99
    return (
        expertise_points(review, reviewer),
        context_points(ctx, review, reviewer),
        capacity,
        reviewer.id,
    )


def select_candidates(
    ctx: RuleContext,
    *,
    per_role: int | None = DEFAULT_PER_ROLE,
    keep: Mapping[str, Iterable[str]] | None = None,
    held: Mapping[str, tuple] | None = None,
    closed: Iterable[str] = (),
) -> dict[str, list[Reviewer]]:
    """Review id -> candidate reviewers (``per_role=None`` keeps every eligible reviewer).
    Reviews in ``held`` (id -> (start, team)) keep exactly their team, like fixed ones;
    reviews in ``closed`` get none, so they stay unscheduled."""
    problem = ctx.problem
    keep = keep or {}
    held = held or {}
    closed = set(closed)
    out: dict[str, list[Reviewer]] = {}
    for review in problem.reviews:
        if review.id in closed and review.fixed is None:
            out[review.id] = []
            continue
        if review.fixed is not None:
            out[review.id] = [problem.reviewers[m.reviewer] for m in review.fixed.team]
            continue
        if review.id in held:
            out[review.id] = list(held[review.id][1])
            continue
        # Best ranked first, and only in roles the review needs (see eligible_for).
        pool_of_review = eligible_for(ctx, review)
        chosen: dict[str, Reviewer] = {}
        for role, need in review.team.items():
            if need == 0:
                continue
            ranked = [p for p in pool_of_review if p.role == role]
            limit = len(ranked) if per_role is None else max(per_role, 2 * need)
            for p in ranked[:limit]:
                chosen[p.id] = p
        for area in review.focus:
            holders = (p for p in pool_of_review if covers(p, area))
            for p in itertools.islice(holders, FOCUS_HOLDERS):
                chosen.setdefault(p.id, p)
        wanted = [pid for pid in keep.get(review.id, ()) if pid not in chosen]
        if wanted:
            allowed = {p.id: p for p in pool_of_review}
            for pid in wanted:
                if pid in allowed:
                    chosen.setdefault(pid, allowed[pid])
        out[review.id] = sorted(chosen.values(), key=lambda p: p.id)
    return out
