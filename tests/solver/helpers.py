"""Assertions every solver test makes about every plan it gets."""

from __future__ import annotations

from solver.check import check_plan
from solver.schema import Plan, Problem


def assert_valid(problem: Problem, plan: Plan) -> None:
    """The plan passes the independent checker and accounts for every review exactly once."""
    assert check_plan(problem, plan) == []
    seen = [r.id for r in plan.reviews] + [u.id for u in plan.unscheduled]
    assert sorted(seen) == sorted(r.id for r in problem.reviews)


def team_of(plan: Plan, review_id: str) -> dict[str, str]:
    """Reviewer id -> role on a scheduled review."""
    return {m.reviewer: m.role for m in plan.reviews_by_id[review_id].team}


def reasons_of(plan: Plan, review_id: str) -> str:
    return " | ".join(next(u.reasons for u in plan.unscheduled if u.id == review_id))
