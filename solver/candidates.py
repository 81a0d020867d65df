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
    if reviewer.max_reviews == 0 or (
        reviewer.max_days is not None and reviewer.max_days < review.days
    ):
        return False
    if credibility_conflict(ctx, reviewer, reviewer.role):
        return False
    if independence_conflict(ctx, reviewer, review.council):
        return False
    if not reviewer.unavailable:
        return bool(ctx.start_dates(review))
    return any(is_available(reviewer, s, e) for s, e in ctx.spans(review))


def _lenders(ctx: RuleContext) -> dict[tuple[str, str], list[Reviewer]]:
    """(role, council) -> that council's reviewers of that role, for councils whose standing
    lets them lend in that role (credibility is a council-level rule)."""
    if "lenders" not in ctx.cache:
        groups: dict[tuple[str, str], list[Reviewer]] = {}
        for reviewer in ctx.problem.reviewers.values():
            if credibility_conflict(ctx, reviewer, reviewer.role) is None:
                groups.setdefault((reviewer.role, reviewer.council), []).append(reviewer)
        ctx.cache["lenders"] = groups
    return ctx.cache["lenders"]  # type: ignore[return-value]


def eligible_for(ctx: RuleContext, review: Review) -> list[Reviewer]:
    """Every reviewer no per-pair rule forbids on ``review``, best ranked first (cached).

    Same verdicts as :func:`eligible`, computed council by council: whole councils are ruled
    out by independence and credibility first, then only the rest are looked at one by one.
    """
    cache: dict[str, list[Reviewer]] = ctx.cache.setdefault("eligible", {})  # type: ignore[assignment]
    if review.id not in cache:
        barred = ctx.problem.excluded_councils(review.council)
        has_start = bool(ctx.start_dates(review))
        pool = []
        for (role, council), people in _lenders(ctx).items():
            if not review.team.get(role, 0) or council in barred or not has_start:
                continue
            for p in people:
                if review.council in p.worked_at or review.council in p.conflicts:
                    continue
                if p.max_reviews == 0 or (p.max_days is not None and p.max_days < review.days):
                    continue
                if p.unavailable and not _free_some_day(ctx, review, p):
                    continue
                pool.append(p)
        pool.sort(key=_ranker(ctx, review), reverse=True)
        cache[review.id] = pool
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


def _free_some_day(ctx: RuleContext, review: Review, reviewer: Reviewer) -> bool:
    """True when the reviewer is free for at least one placement of the review (the common
    case, no leave inside the window, is answered without looking at placements)."""
    if all(last < review.earliest or first > review.latest for first, last in reviewer.unavailable):
        return bool(ctx.start_dates(review))
    return any(is_available(reviewer, s, e) for s, e in ctx.spans(review))


def _ranker(ctx: RuleContext, review: Review):
    """:func:`rank_key` for one review, with the per-reviewer expertise and per-council context
    parts memoised (national instances rank over a million pairs)."""
    expertise: dict = ctx.cache.setdefault(("expertise", review.focus), {})  # type: ignore[assignment]

    def key(p: Reviewer) -> tuple:
        points = expertise.get(p.id)
        if points is None:
            points = expertise[p.id] = expertise_points(review, p)
        capacity = p.max_reviews if p.max_reviews is not None else 99
        # One integer in the order of rank_key (expertise, context, capacity), then the id.
        return ((points * 64 + context_points(ctx, review, p)) * 128 + min(capacity, 127), p.id)

    return key


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
        pool_of_review = eligible_for(ctx, review)
        chosen: dict[str, Reviewer] = {}
        pool: list[Reviewer] = []
        for role, need in review.team.items():
            if need == 0:
                continue
            ranked = [p for p in pool_of_review if p.role == role]
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
            if p is not None and p in pool_of_review:
                chosen.setdefault(pid, p)
        out[review.id] = sorted(chosen.values(), key=lambda p: p.id)
    return out
