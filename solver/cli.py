"""`peerreview solve PROBLEM.json`: the solver's own front door, usable without the web app.

Exit codes (the contract's): 0 whenever a plan is written, even one with unscheduled reviews;
2 for input that breaks the contract, one line per problem on standard error, no traceback;
3 only when no plan at all could be produced in the time limit. Progress and the supply check
go to standard error so standard output carries nothing but the plan.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from solver.check import check_plan
from solver.schema import Plan, Problem, ProblemError, load_plan, load_problem, plan_to_dict

EXIT_INPUT = 2
EXIT_NO_PLAN = 3


def _say(line: str) -> None:
    click.echo(line, err=True)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def progress_line(point: Any) -> str:
    """One line per improved solution: time, objective, bound, gap (and stage if given)."""
    objective = getattr(point, "objective", None)
    bound = getattr(point, "bound", None)
    gap = getattr(point, "gap", None)
    if gap is None and objective is not None and bound is not None:
        gap = 0.0 if objective == bound else abs(bound - objective) / max(abs(bound), 1.0)
    stage = getattr(point, "stage", None)
    text = (
        f"{getattr(point, 'seconds', 0.0):8.2f}s  objective {_number(objective)}  "
        f"bound {_number(bound)}  gap {'-' if gap is None else f'{100 * gap:.2f}%'}"
    )
    return f"{text}  [{stage}]" if stage else text


def supply_lines(problem: Problem) -> list[str]:
    """The supply check (solver.supply.supply_check) as lines; empty when it is not there."""
    try:
        supply = importlib.import_module("solver.supply")
    except ImportError:
        return []
    check = getattr(supply, "supply_check", None)
    if check is None:
        return []
    result = check(problem)
    if result is None:
        return []
    if isinstance(result, str):
        return result.splitlines()
    lines = []
    for item in result if isinstance(result, (list, tuple)) else [result]:
        describe = getattr(item, "describe", None)
        if callable(describe):
            lines.append(str(describe()))
        elif isinstance(item, str):
            lines.append(item)
        else:
            lines.append(str(getattr(item, "message", item)))
    return lines


def _writable(path: str) -> bool:
    target = Path(path)
    if target.exists():
        return os.access(target, os.W_OK)
    parent = target.parent if str(target.parent) else Path(".")
    return parent.is_dir() and os.access(parent, os.W_OK)


def _no_plan(problem: Problem, plan: Plan | None) -> bool:
    """True when the solver produced no plan at all (nothing found within the time limit)."""
    if plan is None:
        return True
    return plan.status == "unknown" and not plan.reviews and bool(problem.reviews)


@click.command("solve")
@click.argument("problem_path", metavar="PROBLEM.json", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out_path",
    metavar="PLAN.json",
    type=click.Path(dir_okay=False),
    help="Write the plan here (default: standard output).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop searching after this many seconds and return the best plan found.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Search threads."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed for the search.")
@click.option(
    "--previous",
    "previous_path",
    metavar="PLAN.json",
    type=click.Path(dir_okay=False),
    help="A plan to change as little as possible (re-planning after a change).",
)
def solve_command(
    problem_path: str,
    out_path: str | None,
    time_limit: float,
    workers: int,
    seed: int,
    previous_path: str | None,
) -> None:
    """Plan the peer reviews of PROBLEM.json (format peerreview-problem/1)."""
    try:
        problem = load_problem(problem_path)
        previous = load_plan(previous_path) if previous_path else None
    except ProblemError as exc:
        for line in exc.errors:
            _say(line)
        sys.exit(EXIT_INPUT)
    if previous is not None:
        # A review dropped from the problem since the previous plan is simply left out.
        known = {r.id for r in problem.reviews}
        strangers = [r.id for r in previous.reviews if r.id not in known]
        if strangers:
            _say(
                f"{previous_path}: ignoring reviews no longer in the problem: "
                f"{', '.join(strangers)}"
            )
            previous = replace(
                previous, reviews=tuple(r for r in previous.reviews if r.id in known)
            )

    if out_path and not _writable(out_path):
        _say(f"{out_path}: cannot write the plan there")
        sys.exit(EXIT_INPUT)

    for line in supply_lines(problem):
        _say(f"supply: {line}")

    from solver import solve  # late: keeps `--help` and bad input fast, without OR-Tools

    plan = solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        previous=previous,
        on_progress=lambda point: _say(progress_line(point)),
    )
    if _no_plan(problem, plan):
        _say(f"no plan could be produced within {time_limit:g} s")
        sys.exit(EXIT_NO_PLAN)

    # The independent checker guards against a model bug reaching a coordinator unnoticed.
    for line in check_plan(problem, plan):
        _say(f"warning: plan breaks a hard rule: {line}")
    text = json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
    if out_path:
        try:
            Path(out_path).write_text(text, encoding="utf-8")
        except OSError as exc:
            _say(f"{out_path}: cannot write plan: {exc.strerror or exc}")
            sys.exit(EXIT_NO_PLAN)
    else:
        click.echo(text, nl=False)
    scheduled, total = len(plan.reviews), len(problem.reviews)
    _say(f"{plan.status}: {scheduled} of {total} reviews scheduled in {plan.solve_seconds:.1f} s")


if __name__ == "__main__":  # pragma: no cover
    solve_command()
