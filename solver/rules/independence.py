"""Independence (hard rule 3): an honest broker, never a cosy relationship.

A reviewer may not review their own council, a council sharing its leadership or in a strategic
partnership with theirs, (with ``exclude_borders``) a bordering council, a council they worked at,
or one they declared a conflict with. This is a per (reviewer, council) filter: it removes
pairs before any model is built, which is where most of the model's size is saved.
"""

from __future__ import annotations

from solver.rules.context import RuleContext
from solver.schema import Reviewer

# Reason keys, in the order an explanation lists them; values are how a coordinator reads them.
INDEPENDENCE_REASONS = {
    "own_council": "from the council itself",
    "shared_leadership": "sharing its leadership",
    "partner": "from a strategic partner",
    "border": "from bordering councils",
    "worked_at": "who worked there",
    "conflict": "with a declared conflict",
}


def independence_conflict(ctx: RuleContext, reviewer: Reviewer, council: str) -> str | None:
    """The first reason key why ``reviewer`` may not review ``council``, or None if independent."""
    if reviewer.council == council:
        return "own_council"
    related = ctx.relations.get(council, {})
    if reviewer.council in related.get("shared_leadership", ()):
        return "shared_leadership"
    if reviewer.council in related.get("partners", ()):
        return "partner"
    if ctx.problem.rules.exclude_borders and reviewer.council in related.get("borders", ()):
        return "border"
    if council in reviewer.worked_at:
        return "worked_at"
    if council in reviewer.conflicts:
        return "conflict"
    return None


def is_independent(ctx: RuleContext, reviewer: Reviewer, council: str) -> bool:
    return independence_conflict(ctx, reviewer, council) is None
