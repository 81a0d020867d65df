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

from solver.objective import (
    CONTINUITY_POINTS,
    context_points,
    expertise_points,
    similar_points,
)
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
        starts = ctx.start_mask(review)
        expertise = _expertise_of(ctx, review)
        ranked: list[tuple[int, str, Reviewer]] = []
        for (role, council), people in _lenders(ctx).items() if starts else ():
            if not review.team.get(role, 0) or council in barred:
                continue
            similar = similar_points(ctx, review.council, council)
            for p in people:
                if review.council in p.worked_at or review.council in p.conflicts:
                    continue
                if p.max_reviews == 0 or (p.max_days is not None and p.max_days < review.days):
                    continue
                if p.unavailable and not starts & ~ctx.leave_starts(p, review.days):
                    continue
                # rank_key as one integer (expertise, context, capacity), then the id.
                points = expertise.get(p.id)
                if points is None:
                    points = expertise[p.id] = expertise_points(review, p)
                context = similar
                if review.council in p.reviewed_before:
                    context += CONTINUITY_POINTS
                capacity = p.max_reviews if p.max_reviews is not None else 99
                score = (points * 64 + context) * 128 + min(capacity, 127)
                ranked.append((score, p.id, p))
        ranked.sort(reverse=True)
        cache[review.id] = [p for _score, _id, p in ranked]
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


def _expertise_of(ctx: RuleContext, review: Review) -> dict[str, int]:
    """Reviewer id -> expertise points on the review's focus areas, shared by every review
    with the same focus (national instances rank over a million pairs)."""
    return ctx.cache.setdefault(("expertise", review.focus), {})  # type: ignore[return-value]


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
