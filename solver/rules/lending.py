"""Lending (hard rule 9): members from one council serve in at most k reviews in all.

``serve[A, r]`` is true when some member from council A is on review r; it is implied by each
of A's members on r, and A's serve literals sum to at most k.
"""

from __future__ import annotations

from collections import defaultdict


def add_lending_constraints(mv) -> None:
    cap = mv.problem.rules.max_reviews_per_lending_council
    if cap is None:
        return
    by_council: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for (rid, pid), var in mv.y.items():
        by_council[mv.problem.reviewers[pid].council][rid].append(var)
    for council, by_review in by_council.items():
        if len(by_review) <= cap:
            continue
        serves = []
        for rid, members in by_review.items():
            serve = mv.model.new_bool_var(f"serve[{council},{rid}]")
            for var in members:
                mv.model.add_implication(var, serve)
            serves.append(serve)
            mv.derived.append((serve, _serves(council, rid)))
        mv.model.add(sum(serves) <= cap)


def _serves(council: str, rid: str):
    """How to read ``serve[council, rid]`` off a plan (for complete hints)."""
    return lambda facts: int((council, rid) in facts.serving)
