"""Reasons a coordinator can act on.

Every unscheduled review gets the rule that binds, with counts: for the first role (or focus
area) that cannot be filled, how many reviewers each rule removed, e.g. "no director free
between 2027-03-01 and 2027-03-31 is independent of Torbay: 12 from bordering councils,
3 unavailable, 2 at their review limit". Every scheduled member gets the reasons they suit the
review (expertise matched, continuity, similar context).

Counting is sequential: each reviewer is counted once, under the first rule that removes them,
in the order of the contract's rules.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from solver.greedy import Ledger, Teams
from solver.objective import member_reasons
from solver.rules.availability import gap_weeks, within_limits
from solver.rules.context import RuleContext
from solver.rules.credibility import CREDIBILITY_REASONS, LEAD_ROLE, credibility_conflict
from solver.rules.expertise import covers
from solver.rules.independence import INDEPENDENCE_REASONS, independence_conflict
from solver.rules.reciprocity import reciprocal_clash
from solver.schema import ROLES, Plan, PlannedMember, PlannedReview, Review, Reviewer, Unscheduled

AVAILABILITY_REASONS = {
    "unavailable": "unavailable",
    "review_limit": "at their review limit",
    "day_limit": "at their limit of days on site",
    "busy": "on other reviews in those weeks",
    "reciprocal": "from councils this council already reviews (no reciprocal pairs)",
    "lending_cap": "from councils already lending to their limit of reviews",
}
#: First reason of a review a re-plan left as the plan it repaired had it.
NOT_REOPENED = (
    "left unscheduled by the plan this re-plan repaired, and not reopened (a re-plan changes "
    "only what broke; solve afresh to try again); the reasons given then follow"
)
# Rules that are about the reviewer and the council, not about dates.
_STANDING = {**INDEPENDENCE_REASONS, **CREDIBILITY_REASONS}


def role_label(role: str, count: int = 1) -> str:
    label = role.replace("_", " ")
    return label if count == 1 else f"{label}s"


def removal_reason(
    ctx: RuleContext, ledger: Ledger, review: Review, reviewer: Reviewer, open_starts: int
) -> str | None:
    """The first rule that keeps ``reviewer`` off ``review`` on every one of ``open_starts``
    (the review's start dates still open, as :meth:`RuleContext.date_bits`), or
    None. Bits, because national instances explain hundreds of reviews against thousands of
    reviewers."""
    why = independence_conflict(ctx, reviewer, review.council)
    if why:
        return why
    why = credibility_conflict(ctx, reviewer, reviewer.role)
    if why:
        return why
    free = open_starts & ~ctx.leave_starts(reviewer, review.days)
    if not free:
        return "unavailable"
    if not within_limits(reviewer, ledger.reviews[reviewer.id], 10**9, review.days):
        return "review_limit"
    if not within_limits(reviewer, 0, ledger.days[reviewer.id], review.days):
        return "day_limit"
    taken = ledger.weeks.get(reviewer.id)
    if taken and not free & ~_clashing_days(ctx, taken):
        return "busy"
    rules = ctx.problem.rules
    if rules.no_reciprocal and reciprocal_clash(ledger.lent, reviewer.council, review.council):
        return "reciprocal"
    cap = rules.max_reviews_per_lending_council
    if cap is not None and len(ledger.served.get(reviewer.council, set()) - {review.id}) >= cap:
        return "lending_cap"
    return None


def _clashing_days(ctx: RuleContext, taken: list[int]) -> int:
    """Bits of the dates in every week a reviewer serving in weeks ``taken`` may not start
    another review (the model's weekly restriction, see rules.availability)."""
    window = gap_weeks(ctx.problem.rules.min_gap_days)
    days = 0
    for week in set(taken):
        for other in range(week - window + 1, week + window):
            days |= ctx.week_mask(other)
    return days


def _counts_text(counts: Counter[str]) -> str:
    labels = {**_STANDING, **AVAILABILITY_REASONS}
    order = list(labels)
    parts = [
        f"{counts[key]} {labels[key]}"
        for key in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))
        if key != "own_council"
    ]
    return ", ".join(parts)


def unscheduled_reasons(ctx: RuleContext, ledger: Ledger, review: Review) -> list[str]:
    """Why ``review`` could not be placed, given everything else the plan placed."""
    problem = ctx.problem
    council = ctx.council_name(review.council)
    window = f"between {review.earliest} and {review.latest}"
    starts = list(ctx.start_dates(review))
    if not starts:
        return [
            f"no start date fits: {window} has no {review.days} consecutive working days "
            "(weekends and closed dates excluded)"
        ]
    open_starts = [s for s in starts if ledger.capacity_left(review, s)]
    if not open_starts:
        limit = problem.calendar.max_concurrent
        return [
            f"national capacity: every possible start {window} already has {limit} reviews "
            f"on site ({len(starts)} start dates blocked)"
        ]
    reasons = []
    usable: dict[str, Reviewer] = {}
    open_mask = ctx.date_bits(open_starts)
    for role in ROLES:
        need = review.team.get(role, 0)
        if not need:
            continue
        counts: Counter[str] = Counter()
        free = []
        for reviewer in ctx.reviewers_by_role.get(role, ()):
            why = removal_reason(ctx, ledger, review, reviewer, open_mask)
            if why:
                counts[why] += 1
            else:
                free.append(reviewer)
        usable.update((p.id, p) for p in free)
        if len(free) < need:
            who = (
                f"no {role_label(role)}"
                if not free
                else f"only {len(free)} of the {need} {role_label(role, need)} needed"
            )
            lead = " able to lead" if role == LEAD_ROLE and "lead_judgement" in counts else ""
            detail = _counts_text(counts)
            reasons.append(
                f"{who}{lead} free {window} is independent of {council}"
                + (f": {detail}" if detail else "")
            )
    for area in review.focus:
        if not any(covers(p, area) for p in usable.values()):
            holders = sum(
                1
                for p in problem.reviewers.values()
                if covers(p, area) and review.team.get(p.role, 0)
            )
            reasons.append(
                f"no eligible reviewer free {window} holds {area} at level 2 or more "
                f"({holders} hold it in the roles this team needs, none independent and free)"
            )
    if reasons:
        return reasons
    blocked = len(starts) - len(open_starts)
    note = f"; {blocked} start dates blocked by national capacity" if blocked else ""
    return [
        "enough reviewers are free on some dates but never a full valid team on one date: "
        "the reviewers it needs are on higher-priority reviews in those weeks" + note
    ]


def ledger_of(ctx: RuleContext, teams: Teams) -> Ledger:
    ledger = Ledger(ctx)
    for rid, (start, team) in teams.items():
        ledger.add(ctx.reviews_by_id[rid], start, team)
    return ledger


def planned_review(ctx: RuleContext, review: Review, start: date, team) -> PlannedReview:
    members = []
    lead_named = False
    for reviewer in sorted(team, key=lambda p: (ROLES.index(p.role), p.id)):
        lead = reviewer.role == LEAD_ROLE and not lead_named
        lead_named = lead_named or lead
        members.append(
            PlannedMember(
                reviewer=reviewer.id,
                role=reviewer.role,
                lead=lead,
                reasons=tuple(member_reasons(ctx, review, reviewer)),
            )
        )
    return PlannedReview(
        id=review.id, start=start, end=ctx.end_of(start, review.days), team=tuple(members)
    )


def explained_plan(
    ctx: RuleContext,
    teams: Teams,
    *,
    status: str,
    objective,
    bound,
    seconds: float,
    parts,
    supply=(),
    progress=(),
    carried: dict[str, tuple[str, ...]] | None = None,
) -> Plan:
    """A Plan with every scheduled member's reasons and every unscheduled review's reasons.

    ``carried``: reasons from the plan a re-plan repaired, for reviews it left unscheduled
    and the re-plan did not reopen. They are passed on, marked as such, rather than worked
    out again: explaining costs seconds at national scale, and a re-plan must take less.
    """
    ledger = ledger_of(ctx, teams)
    reviews, unscheduled = [], []
    carried = carried or {}
    for review in ctx.problem.reviews:
        if review.id in teams:
            start, team = teams[review.id]
            reviews.append(planned_review(ctx, review, start, team))
        elif review.id in carried:
            reasons = list(carried[review.id])
            if not reasons or reasons[0] != NOT_REOPENED:
                reasons.insert(0, NOT_REOPENED)
            unscheduled.append(Unscheduled(id=review.id, reasons=tuple(reasons)))
        else:
            reasons = unscheduled_reasons(ctx, ledger, review)
            unscheduled.append(Unscheduled(id=review.id, reasons=tuple(reasons)))
    return Plan(
        status=status,
        objective=objective,
        bound=bound,
        solve_seconds=seconds,
        reviews=tuple(reviews),
        unscheduled=tuple(unscheduled),
        objective_parts=dict(parts),
        supply=tuple(supply),
        progress=tuple(progress),
    )


def infeasible_plan(ctx: RuleContext, conflicts: dict[str, list[str]], seconds: float) -> Plan:
    """The plan for fixed reviews that conflict: nothing scheduled, the conflicts named."""
    named = ", ".join(sorted(conflicts))
    unscheduled = []
    for review in ctx.problem.reviews:
        if review.id in conflicts:
            reasons = [f"fixed review no longer holds: {why}" for why in conflicts[review.id]]
        else:
            reasons = [f"not planned: fixed reviews {named} conflict and must be resolved first"]
        unscheduled.append(Unscheduled(id=review.id, reasons=tuple(reasons)))
    return Plan(
        status="infeasible",
        objective=None,
        bound=None,
        solve_seconds=seconds,
        reviews=(),
        unscheduled=tuple(unscheduled),
    )
