"""Credibility (hard rule 4): who may lead, and which councils lend no one.

With ``lead_from_good_or_better`` a review's lead (its director member) comes from a council
whose latest judgement is good or outstanding. With ``protect_intervention_councils`` a council
in intervention is not asked to lend anyone: support must add capacity, not drain it.
"""

from __future__ import annotations

from solver.rules.context import GOOD_OR_BETTER, RuleContext
from solver.schema import Reviewer

LEAD_ROLE = "director"


def lending_barred(ctx: RuleContext, reviewer: Reviewer) -> bool:
    """True when the reviewer's council is in intervention and the rule protects it."""
    if not ctx.problem.rules.protect_intervention_councils:
        return False
    council = ctx.problem.councils.get(reviewer.council)
    return bool(council and council.in_intervention)


def can_lead(ctx: RuleContext, reviewer: Reviewer) -> bool:
    """True when the reviewer may be a review's lead."""
    if not ctx.problem.rules.lead_from_good_or_better:
        return True
    council = ctx.problem.councils.get(reviewer.council)
    return bool(council and council.latest_judgement in GOOD_OR_BETTER)


def credibility_conflict(ctx: RuleContext, reviewer: Reviewer, role: str) -> str | None:
    """Why ``reviewer`` may not serve in ``role`` on any review, or None.

    A team's directors are all treated as its lead: the contract names the director member as
    the lead, so every director seat must be credible.
    """
    key = ("credibility", reviewer.id, role)
    if key not in ctx.cache:
        verdict = None
        if lending_barred(ctx, reviewer):
            verdict = "intervention"
        elif role == LEAD_ROLE and not can_lead(ctx, reviewer):
            verdict = "lead_judgement"
        ctx.cache[key] = verdict
    return ctx.cache[key]  # type: ignore[return-value]


CREDIBILITY_REASONS = {
    "intervention": "from councils in intervention",
    "lead_judgement": "from councils not judged good or better",
}
