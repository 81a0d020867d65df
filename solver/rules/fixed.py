"""Fixed reviews (hard rule 10): a published review keeps its start and team.

Before modelling, the fixed reviews are checked against every hard rule, alone and against each
other. A fixed review that breaks a rule makes the problem infeasible as stated; the reasons
say which review, which member and which rule, so a coordinator can release or amend it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from solver.rules.availability import is_available
from solver.rules.context import RuleContext
from solver.rules.credibility import CREDIBILITY_REASONS, credibility_conflict
from solver.rules.expertise import uncovered_focus
from solver.rules.independence import INDEPENDENCE_REASONS, independence_conflict


def fixed_reviews(ctx: RuleContext):
    return [review for review in ctx.problem.reviews if review.fixed is not None]


def fixed_conflicts(ctx: RuleContext) -> dict[str, list[str]]:
    """Review id -> why its fixed start or team no longer holds (empty when all hold)."""
    problem = ctx.problem
    out: dict[str, list[str]] = defaultdict(list)
    fixed = fixed_reviews(ctx)
    for review in fixed:
        start = review.fixed.start
        end = ctx.end_of(start, review.days)
        council = ctx.council_name(review.council)
        if start not in ctx.start_dates(review):
            out[review.id].append(
                f"fixed start {start} is not {review.days} working days inside "
                f"{review.earliest}..{review.latest}"
            )
        members = [problem.reviewers[m.reviewer] for m in review.fixed.team]
        for member in members:
            why = independence_conflict(ctx, member, review.council)
            if why:
                out[review.id].append(
                    f"{member.id} is not independent of {council}: "
                    f"{INDEPENDENCE_REASONS[why].removeprefix('from ')}"
                )
            why = credibility_conflict(ctx, member, member.role)
            if why:
                out[review.id].append(f"{member.id} is {CREDIBILITY_REASONS[why]}")
            if not is_available(member, start, end):
                out[review.id].append(f"{member.id} is unavailable between {start} and {end}")
        for area in uncovered_focus(review, members):
            out[review.id].append(f"no member holds {area} at level 2 or more")
    _between_fixed(ctx, fixed, out)
    return dict(out)


def _between_fixed(ctx: RuleContext, fixed, out: dict[str, list[str]]) -> None:
    """Rules that couple fixed reviews: overlap and gap, limits, reciprocity, capacity, lending."""
    problem = ctx.problem
    gap = problem.rules.min_gap_days
    spans = {r.id: (r.fixed.start, ctx.end_of(r.fixed.start, r.days)) for r in fixed}
    by_reviewer: dict[str, list] = defaultdict(list)
    lent: set[tuple[str, str]] = set()
    served: dict[str, set[str]] = defaultdict(set)
    for review in fixed:
        for member in review.fixed.team:
            by_reviewer[member.reviewer].append(review)
            lender = problem.reviewers[member.reviewer].council
            lent.add((lender, review.council))
            served[lender].add(review.id)
    for pid, reviews in by_reviewer.items():
        reviewer = problem.reviewers[pid]
        reviews.sort(key=lambda r: spans[r.id][0])
        for earlier, later in zip(reviews, reviews[1:], strict=False):
            later_start, earlier_end = spans[later.id][0], spans[earlier.id][1]
            if later_start <= earlier_end or (later_start - earlier_end).days < gap:
                out[later.id].append(
                    f"{pid} is also on {earlier.id} ending {spans[earlier.id][1]}, "
                    f"closer than {gap} days"
                )
        if reviewer.max_reviews is not None and len(reviews) > reviewer.max_reviews:
            out[reviews[-1].id].append(
                f"{pid} is on {len(reviews)} fixed reviews, above their limit of "
                f"{reviewer.max_reviews}"
            )
        days = sum(r.days for r in reviews)
        if reviewer.max_days is not None and days > reviewer.max_days:
            out[reviews[-1].id].append(
                f"{pid} has {days} fixed days on site, above their limit of {reviewer.max_days}"
            )
    if problem.rules.no_reciprocal:
        for review in fixed:
            for member in review.fixed.team:
                lender = problem.reviewers[member.reviewer].council
                if (review.council, lender) in lent:
                    out[review.id].append(
                        f"{ctx.council_name(lender)} and {ctx.council_name(review.council)} "
                        "would review each other"
                    )
    limit = problem.calendar.max_concurrent
    if limit is not None:
        load: dict = defaultdict(list)
        for review in fixed:
            start, end = spans[review.id]
            day = start
            while day <= end:
                load[day].append(review.id)
                day += timedelta(days=1)
        for day, ids in sorted(load.items()):
            if len(ids) > limit:
                out[ids[-1]].append(f"{len(ids)} fixed reviews on site on {day}, above {limit}")
    cap = problem.rules.max_reviews_per_lending_council
    if cap is not None:
        for lender, ids in served.items():
            if len(ids) > cap:
                out[sorted(ids)[-1]].append(
                    f"{ctx.council_name(lender)} lends to {len(ids)} fixed reviews, above {cap}"
                )
    for rid in out:
        out[rid] = list(dict.fromkeys(out[rid]))


def add_fixed_constraints(mv) -> None:
    """Fixed reviews are scheduled at their start with exactly their team."""
    for review in fixed_reviews(mv.ctx):
        start = review.fixed.start
        mv.model.add(mv.x[review.id, start] == 1)
        for member in review.fixed.team:
            mv.model.add(mv.y[review.id, member.reviewer] == 1)
