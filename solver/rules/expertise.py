"""Expertise (hard rule 5): every focus area is held at level 2 or more by a team member."""

from __future__ import annotations

from collections.abc import Iterable

from solver.schema import Review, Reviewer

REQUIRED_LEVEL = 2
TOP_LEVEL = 3


def level(reviewer: Reviewer, area: str) -> int:
    return int(reviewer.expertise.get(area, 0))


def covers(reviewer: Reviewer, area: str) -> bool:
    """True when the reviewer holds ``area`` at the level the rule asks for."""
    return level(reviewer, area) >= REQUIRED_LEVEL


def uncovered_focus(review: Review, team: Iterable[Reviewer]) -> list[str]:
    """Focus areas of ``review`` that no one in ``team`` holds at level 2 or more."""
    members = list(team)
    return [area for area in review.focus if not any(covers(m, area) for m in members)]


def add_expertise_constraints(mv) -> None:
    """Each focus area of a scheduled review is covered by at least one chosen member."""
    for review in mv.reviews:
        for area in review.focus:
            holders = [mv.y[review.id, p.id] for p in mv.candidates[review.id] if covers(p, area)]
            mv.model.add(sum(holders) >= mv.scheduled[review.id])
