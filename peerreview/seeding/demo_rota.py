"""The demo rota: approved requests for the councils due, solved by the real solver and
published, so a newcomer sees a full calendar and live feeds at once.

Idempotent: nothing happens when a published demo rota exists. Deterministic for a given
day and register: one solver worker, a fixed seed. Only a plan the independent checker
passes is published (`publish_rota` re-checks the whole rota).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Review, ReviewRequest, SolverRun
from peerreview.rota import plans, runs
from peerreview.rota.problem import ProblemSettings
from peerreview.seeding.changes import Changes
from solver import check_plan, parse_problem, plan_to_dict, solve

MAX_REQUESTS = 50
TEAM_BY_KIND = {
    "baseline": (1, 1, 1, 0, 4),
    "validation": (1, 1, 1, 0, 3),
    "focused": (1, 0, 2, 0, 3),
    "cycle": (1, 1, 1, 0, 3),
}


def planning_year(today: dt.date) -> int:
    """The year being planned: next year from the autumn (rotas are planned ahead)."""
    return today.year + 1 if today.month >= 9 else today.year


def demo_settings(today: dt.date) -> ProblemSettings:
    year = planning_year(today)
    return ProblemSettings(start=dt.date(year, 1, 4), end=dt.date(year, 12, 17), max_concurrent=6)


def load_demo_rota(
    today: dt.date | None = None, *, time_limit: float | None = None, seed: int = 7
) -> Changes:
    """Create the demo requests and publish a solved rota for the planning year."""
    changes = Changes("demo rota")
    today = today or dt.date.today()
    exists = db.session.scalar(
        select(Review.id).where(Review.demo.is_(True), Review.status == "published").limit(1)
    )
    if exists is not None:
        changes.unchanged += 1
        return changes
    settings = demo_settings(today)
    requests = demo_requests(today, settings)
    changes.added += len(requests)
    db.session.flush()
    time_limit = time_limit or float(current_app.config.get("DEMO_ROTA_TIME_LIMIT", 20))
    run = solve_and_record(settings, time_limit=time_limit, seed=seed)
    if run.check_errors or run.plan is None:
        changes.notes.append("the solver's plan did not pass the checker; nothing published")
        return changes
    rota = plans.accept_run(run, user_id=None, demo=True)
    rota.name = f"National rota {settings.start.year} (demo)"
    published = plans.publish_rota(rota)
    changes.notes.append(
        f"published {published} reviews, {len(run.plan['unscheduled'])} left unscheduled"
    )
    return changes


def demo_requests(today: dt.date, settings: ProblemSettings) -> list[ReviewRequest]:
    """Approved demo requests for the councils due (most pressing first), unless present."""
    existing = list(
        db.session.scalars(
            select(ReviewRequest).where(
                ReviewRequest.demo.is_(True), ReviewRequest.status == "approved"
            )
        )
    )
    if existing:
        return existing
    from peerreview.requests.due import due_reviews

    due = sorted(due_reviews(today), key=lambda d: (-d.priority, d.kind == "cycle", d.council_code))
    requests = []
    for index, item in enumerate(due[:MAX_REQUESTS]):
        directors, seniors, practitioners, councillors, days = TEAM_BY_KIND.get(
            item.kind, TEAM_BY_KIND["cycle"]
        )
        earliest = max(item.window_start, settings.start)
        # Spread the demo windows over the year so the calendar fills every month.
        earliest = max(earliest, settings.start + dt.timedelta(weeks=(index * 5) % 44))
        latest = min(max(item.window_end, earliest + dt.timedelta(days=120)), settings.end)
        if latest <= earliest:
            continue
        request = ReviewRequest(
            council_code=item.council_code,
            kind=item.kind,
            earliest=earliest,
            latest=latest,
            priority=item.priority,
            days=days,
            directors=directors,
            senior_managers=seniors,
            practitioners=practitioners,
            councillors=councillors,
            focus=list(item.focus[:1]),
            aims=f"{item.reason}. Agree priorities and how progress will be evidenced.",
            status="approved",
            decision_reason="Demo request, approved for the demo rota",
            demo=True,
        )
        db.session.add(request)
        requests.append(request)
    return requests


def solve_and_record(settings: ProblemSettings, *, time_limit: float, seed: int) -> SolverRun:
    """Solve in this process (seeding has no job queue) and record it as a normal run."""
    run = runs.start_solve(settings, time_limit=time_limit, user_id=None)
    problem = parse_problem(run.problem)
    points: list = []
    plan = solve(problem, time_limit=time_limit, workers=1, seed=seed, on_progress=points.append)
    run.plan = plan_to_dict(plan)
    run.check_errors = check_plan(problem, plan)
    run.progress = [
        {"seconds": p.seconds, "objective": p.objective, "bound": p.bound,
         "gap": getattr(p, "gap", None), "stage": getattr(p, "stage", None)}
        for p in points
    ]
    run.status = "succeeded"
    run.started_at = run.finished_at = runs.now()
    db.session.flush()
    return run
