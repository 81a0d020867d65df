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

from collections.abc import Iterable, Mapping

from solver.objective import context_points, expertise_points
from solver.rules.availability import is_available
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
    if independence_conflict(ctx, reviewer, review.council):
        return False
    if credibility_conflict(ctx, reviewer, reviewer.role):
        return False
    if reviewer.max_reviews == 0 or (
        reviewer.max_days is not None and reviewer.max_days < review.days
    ):
        return False
    return any(
        is_available(reviewer, s, ctx.end_of(s, review.days)) for s in ctx.start_dates(review)
    )


def eligible_reviewers(ctx: RuleContext) -> dict[str, list[Reviewer]]:
    """Review id -> every reviewer no per-pair rule forbids, best ranked first (cached)."""
    if "eligible" not in ctx.cache:
        by_role: dict[str, list[Reviewer]] = {}
        for reviewer in ctx.problem.reviewers.values():
            by_role.setdefault(reviewer.role, []).append(reviewer)
        out = {}
        for review in ctx.problem.reviews:
            pool = [
                p
                for role, need in review.team.items()
                if need
                for p in by_role.get(role, [])
                if eligible(ctx, review, p)
            ]
            pool.sort(key=lambda p, review=review: rank_key(ctx, review, p), reverse=True)
            out[review.id] = pool
        ctx.cache["eligible"] = out
    return ctx.cache["eligible"]  # type: ignore[return-value]


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
) -> dict[str, list[Reviewer]]:
    """Review id -> candidate reviewers (``per_role=None`` keeps every eligible reviewer)."""
    problem = ctx.problem
    keep = keep or {}
    pools = eligible_reviewers(ctx)
    out: dict[str, list[Reviewer]] = {}
    for review in problem.reviews:
        if review.fixed is not None:
            out[review.id] = [problem.reviewers[m.reviewer] for m in review.fixed.team]
            continue
        chosen: dict[str, Reviewer] = {}
        pool: list[Reviewer] = []
        for role, need in review.team.items():
            if need == 0:
                continue
            ranked = [p for p in pools[review.id] if p.role == role]
            pool.extend(ranked)
            limit = len(ranked) if per_role is None else max(per_role, 2 * need)
            for p in ranked[:limit]:
                chosen[p.id] = p
        for area in review.focus:
            holders = [p for p in pool if covers(p, area)]
            holders.sort(key=lambda p: rank_key(ctx, review, p), reverse=True)
            for p in holders[:FOCUS_HOLDERS]:
                chosen.setdefault(p.id, p)
        for pid in keep.get(review.id, ()):
            p = problem.reviewers.get(pid)
            if p is not None and p in pools[review.id]:
                chosen.setdefault(pid, p)
        out[review.id] = sorted(chosen.values(), key=lambda p: p.id)
    return out
