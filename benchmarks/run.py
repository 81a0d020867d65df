"""Run the national benchmarks: greedy against CP-SAT, measured in the same run.

For each instance (see benchmarks/generate.py) it reports the priority-weighted reviews each
schedules, the solver's bound and gap, time to the first and final plan, peak memory, the
independent checker's verdict on both plans, and a re-plan scenario: the busiest reviewer
withdraws, the problem is re-solved with ``previous=`` the plan, and we count the reviews that
changed although the withdrawn reviewer was not on them (ideally none).

Each instance runs in a fresh process so its peak memory (ru_maxrss) is its own.

    .venv/bin/python -m benchmarks.run [--instance 2017 --instance today ...] [--time-limit 60]
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click

from benchmarks.generate import INSTANCES, describe, generate

RESULTS = Path(__file__).resolve().parent / "results"


def weighted(problem, plan) -> int:
    """Aim 1: priority-weighted scheduled reviews."""
    return sum(problem.review(r.id).priority for r in plan.reviews)


def busiest_reviewer(plan) -> str | None:
    """The reviewer on most reviews (lowest id on ties): the withdrawal that hurts most."""
    counts: dict[str, int] = {}
    for review in plan.reviews:
        for member in review.team:
            counts[member.reviewer] = counts.get(member.reviewer, 0) + 1
    return min(counts, key=lambda rid: (-counts[rid], rid)) if counts else None


def withdraw(problem, reviewer_id: str):
    """The problem with one reviewer unavailable for the whole horizon."""
    from solver.schema import Problem

    cal = problem.calendar
    gone = replace(problem.reviewers[reviewer_id], unavailable=((cal.start, cal.end),))
    return Problem(
        calendar=cal,
        rules=problem.rules,
        councils=problem.councils,
        reviewers={**problem.reviewers, reviewer_id: gone},
        reviews=problem.reviews,
    )


def changed_reviews(before, after, withdrawn: str) -> tuple[int, int]:
    """(changed reviews the withdrawn reviewer was not on, changed reviews they were on).
    A review changed when it moved, changed team, or was scheduled in one plan only."""
    old = {r.id: r for r in before.reviews}
    new = {r.id: r for r in after.reviews}
    untouched = touched = 0
    for rid in old.keys() | new.keys():
        a, b = old.get(rid), new.get(rid)
        same = (
            a is not None
            and b is not None
            and a.start == b.start
            and {(m.reviewer, m.role) for m in a.team} == {(m.reviewer, m.role) for m in b.team}
        )
        if same:
            continue
        involved = a is not None and any(m.reviewer == withdrawn for m in a.team)
        if involved:
            touched += 1
        else:
            untouched += 1
    return untouched, touched


def bench_instance(
    instance: str, seed: int, time_limit: float, workers: int, replan_limit: float
) -> dict[str, Any]:
    """Everything measured for one instance (run in its own process)."""
    from solver import check_plan, parse_problem, solve
    from solver.greedy import greedy_plan

    data = generate(instance, seed)
    problem = parse_problem(data)
    out: dict[str, Any] = {"instance": instance, "seed": seed, "size": describe(data)}

    began = time.perf_counter()
    greedy = greedy_plan(problem)
    out["greedy"] = {
        "weighted": weighted(problem, greedy),
        "scheduled": len(greedy.reviews),
        "seconds": round(time.perf_counter() - began, 2),
        "violations": len(check_plan(problem, greedy)),
        "violation_lines": check_plan(problem, greedy)[:10],
    }

    firsts: list[float] = []
    began = time.perf_counter()
    plan = solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        on_progress=lambda p: firsts.append(time.perf_counter() - began),
    )
    final = time.perf_counter() - began
    obj, bound = weighted(problem, plan), plan.bound
    out["solver"] = {
        "status": plan.status,
        "weighted": obj,
        "scheduled": len(plan.reviews),
        "bound": bound,
        "gap": None if bound in (None, 0) else round((bound - obj) / bound, 4),
        "first_plan_seconds": round(firsts[0], 2) if firsts else None,
        "final_seconds": round(final, 2),
        "violations": len(check_plan(problem, plan)),
        "violation_lines": check_plan(problem, plan)[:10],
        "objective_parts": dict(plan.objective_parts),
    }
    out["total_reviews_weight"] = sum(r.priority for r in problem.reviews)

    gone = busiest_reviewer(plan)
    if gone is not None:
        changed_problem = withdraw(problem, gone)
        began = time.perf_counter()
        again = solve(
            changed_problem, time_limit=replan_limit, workers=workers, seed=seed, previous=plan
        )
        untouched, touched = changed_reviews(plan, again, gone)
        out["replan"] = {
            "withdrawn": gone,
            "reviews_they_were_on": sum(
                any(m.reviewer == gone for m in r.team) for r in plan.reviews
            ),
            "changed_not_involving_them": untouched,
            "changed_involving_them": touched,
            "weighted_after": weighted(changed_problem, again),
            "seconds": round(time.perf_counter() - began, 2),
            "violations": len(check_plan(changed_problem, again)),
        }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or b is None else f"{b / a:.3f}"


def table(r: dict[str, Any]) -> str:
    """The instance's results as a small text table (greedy | solver)."""
    g, s = r["greedy"], r["solver"]
    gap = "-" if s["gap"] is None else f"{100 * s['gap']:.2f}%"
    ratio = _ratio(g["weighted"], s["weighted"])
    lines = [
        f"== {r['instance']} (seed {r['seed']}): {r['size']}",
        f"{'':34}{'greedy':>12}{'solver':>12}",
        f"{'weighted reviews scheduled':34}{g['weighted']:>12}{s['weighted']:>12}"
        f"   (of {r['total_reviews_weight']}; solver/greedy {ratio})",
        f"{'reviews scheduled':34}{g['scheduled']:>12}{s['scheduled']:>12}",
        f"{'bound (aim 1) / gap':34}{'':>12}{str(s['bound']):>12}   gap {gap}",
        f"{'status':34}{'':>12}{s['status']:>12}",
        f"{'seconds to first plan':34}{g['seconds']:>12}{str(s['first_plan_seconds']):>12}",
        f"{'seconds to final plan':34}{g['seconds']:>12}{s['final_seconds']:>12}",
        f"{'hard-rule violations (checker)':34}{g['violations']:>12}{s['violations']:>12}",
        f"{'peak memory (MB, whole run)':34}{'':>12}{r['peak_rss_mb']:>12}",
    ]
    for who, result in (("greedy", g), ("solver", s)):
        lines.extend(f"  {who} violation: {line}" for line in result.get("violation_lines", []))
    parts = ", ".join(f"{k} {v}" for k, v in s["objective_parts"].items())
    lines.append(f"objective parts: {parts}")
    if "replan" in r:
        p = r["replan"]
        lines.append(
            f"re-plan: {p['withdrawn']} withdraws (was on {p['reviews_they_were_on']} reviews): "
            f"{p['changed_not_involving_them']} other reviews changed, "
            f"{p['changed_involving_them']} of theirs changed, weighted {p['weighted_after']}, "
            f"{p['seconds']} s, violations {p['violations']}"
        )
    return "\n".join(lines)


@click.command()
@click.option(
    "--instance",
    "instances",
    multiple=True,
    type=click.Choice(INSTANCES),
    help="Repeat to choose; default: all.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--time-limit", type=float, default=60.0, show_default=True)
@click.option("--replan-time-limit", type=float, default=None, help="Default: half the limit.")
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--save/--no-save", default=True, help="Also write benchmarks/results/*.json.")
@click.option(
    "--max-wall",
    type=float,
    default=1800.0,
    show_default=True,
    help="Give up on an instance after this many seconds in all (greedy, solve, re-plan).",
)
def main(instances, seed, time_limit, replan_time_limit, workers, save, max_wall) -> None:
    """Benchmark greedy and CP-SAT on the national instances."""
    replan = replan_time_limit if replan_time_limit is not None else time_limit / 2
    ctx = multiprocessing.get_context("spawn")
    for instance in instances or INSTANCES:
        args = (instance, seed, time_limit, workers, replan)
        with ctx.Pool(1) as pool:
            try:
                result = pool.apply_async(bench_instance, args).get(timeout=max_wall)
            except multiprocessing.TimeoutError:
                click.echo(f"== {instance}: did not finish within {max_wall:g} s wall clock\n")
                continue
            except Exception as exc:  # one broken instance must not hide the others' figures
                click.echo(f"== {instance}: failed: {type(exc).__name__}: {exc}\n")
                continue
        click.echo(table(result))
        click.echo()
        sys.stdout.flush()
        if save:
            RESULTS.mkdir(exist_ok=True)
            name = f"{instance}-seed{seed}-{date.today().isoformat()}.json"
            (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
