"""peerreview's rota solver: a pure library (no Flask, no database).

The path a problem walks: `parse_problem` (contract JSON -> typed Problem) -> `solve` (CP-SAT)
-> Plan -> `check_plan` (independent re-test of every hard rule) -> `plan_to_dict`.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from typing import Any

from solver.check import check_plan
from solver.schema import (
    COUNCIL_TYPES,
    GOOD_OR_BETTER,
    JUDGEMENTS,
    PLAN_FORMAT,
    PLAN_STATUSES,
    PROBLEM_FORMAT,
    RELATIONS,
    ROLES,
    Calendar,
    Council,
    Fixed,
    Plan,
    PlanError,
    PlannedMember,
    PlannedReview,
    Problem,
    ProblemError,
    Progress,
    Review,
    Reviewer,
    Rules,
    TeamMember,
    Unscheduled,
    load_plan,
    load_problem,
    load_schema,
    parse_plan,
    parse_problem,
    plan_to_dict,
    problem_to_dict,
)


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    previous: Plan | None = None,
    on_progress: Callable[..., Any] | None = None,
    cancel: threading.Event | None = None,
) -> Plan:
    """Plan `problem` with CP-SAT (see solver.solve). Imported lazily so that the schema and
    checker stay usable without loading OR-Tools."""
    from solver.solve import solve as _solve

    return _solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        previous=previous,
        on_progress=on_progress,
        cancel=cancel,
    )


class _SolverPackage(types.ModuleType):
    """The `solver` package, keeping `solver.solve` the function.

    Importing the submodule `solver.solve` (as the wrapper above does, lazily) makes the import
    system set the package attribute `solve` to that module, which would hide the function.
    This keeps the function; `from solver.solve import ...` still reaches the module.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "solve" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _SolverPackage

__all__ = [
    "COUNCIL_TYPES",
    "GOOD_OR_BETTER",
    "JUDGEMENTS",
    "PLAN_FORMAT",
    "PLAN_STATUSES",
    "PROBLEM_FORMAT",
    "RELATIONS",
    "ROLES",
    "Calendar",
    "Council",
    "Fixed",
    "Plan",
    "PlanError",
    "PlannedMember",
    "PlannedReview",
    "Problem",
    "ProblemError",
    "Progress",
    "Review",
    "Reviewer",
    "Rules",
    "TeamMember",
    "Unscheduled",
    "check_plan",
    "load_plan",
    "load_problem",
    "load_schema",
    "parse_plan",
    "parse_problem",
    "plan_to_dict",
    "problem_to_dict",
    "solve",
]
