"""No reciprocity (hard rule 7): if council A lends to a review of B, B lends nothing to A.

Modelled with one literal per ordered council pair that can actually occur in both directions
(``lend[A, B]``: someone from A reviews B); a chosen member implies its pair's literal, and the
two directions of a pair exclude each other. Pairs that cannot occur both ways cost nothing.
"""

from __future__ import annotations

from collections import defaultdict


def reciprocal_clash(lent: set[tuple[str, str]], lender: str, reviewed: str) -> bool:
    """True when ``reviewed`` already lends to ``lender`` (so ``lender`` may not review it)."""
    return (reviewed, lender) in lent


def add_reciprocity_constraints(mv) -> None:
    if not mv.problem.rules.no_reciprocal:
        return
    members: dict[tuple[str, str], list] = defaultdict(list)
    for (rid, pid), var in mv.y.items():
        lender = mv.problem.reviewers[pid].council
        reviewed = mv.review(rid).council
        members[lender, reviewed].append(var)
    for (a, b), vars_ab in members.items():
        if a >= b or (b, a) not in members:
            continue
        lend_ab = mv.model.new_bool_var(f"lend[{a},{b}]")
        lend_ba = mv.model.new_bool_var(f"lend[{b},{a}]")
        for var in vars_ab:
            mv.model.add_implication(var, lend_ab)
        for var in members[b, a]:
            mv.model.add_implication(var, lend_ba)
        mv.model.add(lend_ab + lend_ba <= 1)
        mv.lend[a, b] = lend_ab
        mv.lend[b, a] = lend_ba
        mv.derived.append((lend_ab, _lends(mv, a, b)))
        mv.derived.append((lend_ba, _lends(mv, b, a)))


def _lends(mv, lender: str, reviewed: str):
    """How to read ``lend[lender, reviewed]`` off a plan (for complete hints)."""
    return lambda facts: int((lender, reviewed) in facts.lent)
