"""Solver runs: start one, execute it in the job queue, record its progress and its fate.

The SolverRun row is the record of truth. A run moves queued -> running -> succeeded, failed
or cancelled. While it runs, a recorder thread writes the progress (at most every
PROGRESS_INTERVAL seconds) and a heartbeat, and reads `cancel_requested` to stop the solver.
A run whose heartbeat is older than STALE_AFTER is shown as failed ("stopped unexpectedly"):
its process died. Nothing here touches a Review: a failed or cancelled run changes nothing
published.
"""

from __future__ import annotations

import datetime as dt
import threading
import traceback
from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Review, ReviewRequest, Rota, SolverRun
from peerreview.rota.problem import ProblemSettings, build_problem
from peerreview.rota.settings import settings_to_dict
from solver import ProblemError, check_plan, parse_plan, parse_problem, plan_to_dict, solve

PROGRESS_INTERVAL = 0.5
STALE_AFTER = dt.timedelta(seconds=30)
FINISHED = ("succeeded", "failed", "cancelled")
#: Statuses of reviews that hold a place on the calendar.
ACTIVE_REVIEW_STATUSES = ("draft", "published", "completed")


def now() -> dt.datetime:
    """Naive UTC, as the database's server_default timestamps are."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------- what gets planned


def plannable_requests(settings: ProblemSettings) -> list[ReviewRequest]:
    """Approved requests whose window meets the horizon and that are not yet on the calendar
    (a draft review does not count: accepting a new solve replaces unpinned drafts)."""
    placed = select(Review.request_id).where(
        Review.request_id.is_not(None),
        (Review.status.in_(("published", "completed"))) | (Review.pinned.is_(True)),
        Review.status != "cancelled",
    )
    return list(
        db.session.scalars(
            select(ReviewRequest)
            .where(
                ReviewRequest.status == "approved",
                ReviewRequest.earliest <= settings.end,
                ReviewRequest.latest >= settings.start,
                ReviewRequest.id.not_in(placed),
            )
            .order_by(ReviewRequest.id)
        )
    )


def kept_reviews(settings: ProblemSettings) -> list[Review]:
    """Reviews a new solve must keep: published ones and pinned drafts in the horizon."""
    return list(
        db.session.scalars(
            select(Review)
            .where(
                Review.start_date.is_not(None),
                Review.start_date >= settings.start,
                Review.start_date <= settings.end,
                (Review.status == "published")
                | ((Review.status == "draft") & Review.pinned.is_(True)),
            )
            .order_by(Review.id)
        )
    )


#: The request fields a review copies; a change to any of them after planning means re-plan.
REQUEST_SHAPE = ("earliest", "latest", "days", "directors", "senior_managers",
                 "practitioners", "councillors", "focus", "priority")


def request_of(review: Review) -> ReviewRequest | None:
    return db.session.get(ReviewRequest, review.request_id) if review.request_id else None


def request_changed(review: Review) -> bool:
    """The review's request was changed (window, length, team, focus, priority) or is no
    longer approved since the review was planned."""
    request = request_of(review)
    if request is None:
        return False
    if request.status != "approved":
        return True
    return any(getattr(request, name) != getattr(review, name) for name in REQUEST_SHAPE)


def affected_reviews(reviews: Iterable[Review]) -> list[Review]:
    """Reviews that can no longer be kept as they are: a member withdrew (the team is short
    of a role), a member is no longer an active reviewer, or the request changed."""
    from peerreview.models import Reviewer

    result = []
    for review in reviews:
        counts: dict[str, int] = {}
        broken = False
        for member in review.team_members:
            counts[member.role] = counts.get(member.role, 0) + 1
            reviewer = db.session.get(Reviewer, member.reviewer_id)
            broken = broken or reviewer is None or not reviewer.active
        if (
            broken
            or counts != {k: v for k, v in review.team().items() if v}
            or request_changed(review)
        ):
            result.append(review)
    return result


def withdrawn_from(review: Review) -> set[int]:
    """Reviewers who withdrew from this review (read from the audit trail, where each
    withdrawal is recorded): a re-plan must not put them back on it."""
    from peerreview.models import AuditEntry

    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "review",
            AuditEntry.entity_id == str(review.id),
            AuditEntry.action == "withdraw_member",
        )
    )
    return {e.after["withdrawn"] for e in entries if e.after and e.after.get("withdrawn")}


def _keep_withdrawn_off(problem: dict[str, Any], reviews: list[Review]) -> None:
    """A reviewer who withdrew from a review is in conflict with its council for this solve."""
    from peerreview.models import Reviewer

    by_reference = {r["id"]: r for r in problem["reviewers"]}
    for review in reviews:
        for reviewer_pk in withdrawn_from(review):
            reviewer = db.session.get(Reviewer, reviewer_pk)
            entry = by_reference.get(reviewer.reference) if reviewer else None
            if entry is not None and review.council_code not in entry["conflicts"]:
                entry["conflicts"] = sorted([*entry["conflicts"], review.council_code])


def _apply_request_changes(problem: dict[str, Any], reviews: list[Review]) -> None:
    """Give the solver the requests as they are now: a changed request's window, length,
    team and focus replace the review's; a request no longer approved leaves the problem
    (publishing the re-plan then cancels its review)."""
    by_key = {f"RV-{r.id}": r for r in reviews}
    kept = []
    for entry in problem["reviews"]:
        review = by_key.get(entry["id"])
        request = request_of(review) if review is not None else None
        if request is None or not request_changed(review):
            kept.append(entry)
            continue
        if request.status != "approved":
            continue
        entry.update(
            earliest=request.earliest.isoformat(),
            latest=request.latest.isoformat(),
            days=request.days,
            team=request.team(),
            focus=list(request.focus or []),
            priority=request.priority,
            fixed=None,
        )
        kept.append(entry)
    problem["reviews"] = kept


class RunError(Exception):
    """A solve that cannot start; `errors` are lines for the coordinator."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def _validated(problem: dict[str, Any]) -> None:
    try:
        parse_problem(problem)
    except ProblemError as error:
        raise RunError(error.errors) from None


def start_solve(
    settings: ProblemSettings, *, time_limit: float, user_id: int | None
) -> SolverRun:
    """Queue a solve of every plannable request, keeping published reviews and pinned drafts
    exactly. Raises RunError when there is nothing to plan, when a published review needs a
    re-plan first, or when the problem breaks the contract. The caller commits, then calls
    `enqueue`."""
    requests = plannable_requests(settings)
    kept = kept_reviews(settings)
    if not requests:
        raise RunError(["There are no approved requests to plan in this horizon"])
    affected = affected_reviews(kept)
    if affected:
        # A solve only adds drafts; changing published reviews is a re-plan's job, shown
        # to the coordinator before it is published.
        raise RunError([
            f"Re-plan the published rota first: {len(affected)} published review(s) have a "
            "member who withdrew or a changed request"
        ])
    problem = build_problem(settings, requests, kept)
    _validated(problem)
    run = SolverRun(
        status="queued",
        kind="solve",
        time_limit=time_limit,
        problem=problem,
        progress=[],
        settings=settings_to_dict(settings),
        free=[],
        created_by=user_id,
    )
    db.session.add(run)
    db.session.flush()
    return run


def start_replan(
    rota: Rota,
    settings: ProblemSettings,
    reviews: list[Review],
    free_ids: Iterable[int],
    *,
    time_limit: float,
    user_id: int | None,
) -> SolverRun:
    """Queue a re-plan of a rota's reviews: all kept exactly except `free_ids`, with the
    current plan as the solver's `previous` (so it changes as little as it can)."""
    from peerreview.rota.plans import rota_plan_dict

    free = sorted(set(free_ids) | {r.id for r in reviews if request_changed(r)})
    problem = build_problem(settings, [], reviews, free=free)
    _apply_request_changes(problem, reviews)
    _keep_withdrawn_off(problem, [r for r in reviews if r.id in free])
    _validated(problem)
    run = SolverRun(
        status="queued",
        kind="replan",
        time_limit=time_limit,
        problem=problem,
        progress=[],
        settings=settings_to_dict(settings),
        free=[f"RV-{i}" for i in free],
        previous=rota_plan_dict(reviews, unplaced=False),
        rota_id=rota.id,
        created_by=user_id,
    )
    db.session.add(run)
    db.session.flush()
    return run


def enqueue(run: SolverRun) -> None:
    """Hand a committed run to the job queue."""
    from peerreview.jobs import enqueue_solve

    enqueue_solve(run.id)


# ------------------------------------------------------------------------- executing a run


class _Recorder:
    """Collects progress from the solver's threads; a thread of its own writes it to the run
    row with a heartbeat and passes a cancel request on to the solver."""

    def __init__(self, app: Flask, run_id: int, cancel: threading.Event):
        self.app, self.run_id, self.cancel = app, run_id, cancel
        self.points: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"run-{run_id}", daemon=True)

    def add(self, point: Any) -> None:
        entry = {
            "seconds": round(float(point.seconds), 2),
            "objective": point.objective,
            "bound": point.bound,
            "gap": getattr(point, "gap", None),
            "stage": getattr(point, "stage", None),
        }
        with self.lock:
            # At most one point per interval and stage: a newer one replaces the last.
            last = self.points[-1] if self.points else None
            if (
                last is not None
                and len(self.points) > 1
                and last["stage"] == entry["stage"]
                and entry["seconds"] - self.points[-2]["seconds"] < PROGRESS_INTERVAL
            ):
                self.points[-1] = entry
            else:
                self.points.append(entry)

    def snapshot(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.points)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _loop(self) -> None:
        with self.app.app_context():
            try:
                while not self.done.wait(PROGRESS_INTERVAL):
                    self._beat()
            finally:
                db.session.remove()

    def _beat(self) -> None:
        try:
            run = db.session.get(SolverRun, self.run_id, populate_existing=True)
            if run is None:
                return
            run.progress = self.snapshot()
            run.heartbeat_at = now()
            if run.cancel_requested:
                self.cancel.set()
            db.session.commit()
        except Exception:  # a locked database for a moment must not end the run
            db.session.rollback()


def execute_run(run_id: int) -> None:
    """Run a queued solve to its end (called by the job queue inside an app context)."""
    run = db.session.get(SolverRun, run_id)
    if run is None or run.status != "queued":
        return
    if run.cancel_requested:
        run.status, run.finished_at = "cancelled", now()
        db.session.commit()
        return
    run.status, run.started_at, run.heartbeat_at = "running", now(), now()
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cancel = threading.Event()
    recorder = _Recorder(app, run_id, cancel)
    try:
        problem = parse_problem(run.problem)
        previous = parse_plan(run.previous) if run.previous else None
        recorder.start()
        try:
            plan = solve(
                problem,
                time_limit=run.time_limit,
                workers=int(app.config.get("SOLVER_WORKERS", 2)),
                seed=int(app.config.get("SOLVER_SEED", 0)),
                previous=previous,
                on_progress=recorder.add,
                cancel=cancel,
            )
        finally:
            if recorder.thread.is_alive():
                recorder.stop()
        errors = check_plan(problem, plan)
        db.session.refresh(run)
        run.plan = plan_to_dict(plan)
        run.check_errors = errors
        run.progress = recorder.snapshot() + _closing_point(plan, previous is None)
        run.status = "cancelled" if (cancel.is_set() or run.cancel_requested) else "succeeded"
        run.finished_at = run.heartbeat_at = now()
        db.session.commit()
    except Exception as error:  # record the failure; publish nothing
        db.session.rollback()
        fail_run(run_id, f"{type(error).__name__}: {error}", traceback.format_exc())


def _closing_point(plan: Any, comparable: bool) -> list[dict[str, Any]]:
    """The scheduling stage's final objective and bound (what the solver proved by the end),
    so the chart ends where the plan did. With a previous plan the stage's objective also
    counts changes, on another scale than the plan's, so nothing is added then."""
    if not comparable or plan.objective is None:
        return []
    return [
        {
            "seconds": round(float(plan.solve_seconds), 2),
            "objective": plan.objective,
            "bound": plan.bound,
            "gap": plan.gap,
            "stage": "schedule",
        }
    ]


def fail_run(run_id: int, message: str, detail: str = "") -> None:
    run = db.session.get(SolverRun, run_id, populate_existing=True)
    if run is None:
        return
    run.status = "failed"
    run.error = (message + ("\n\n" + detail if detail else ""))[:4000]
    run.finished_at = now()
    db.session.commit()


def mark_stopped_runs() -> int:
    """Runs whose process died (no heartbeat for STALE_AFTER) become failed; returns how many.

    Called when a run page is viewed and when a worker starts."""
    cutoff = now() - STALE_AFTER
    stale = db.session.scalars(
        select(SolverRun).where(
            SolverRun.status == "running",
            (SolverRun.heartbeat_at.is_(None)) | (SolverRun.heartbeat_at < cutoff),
        )
    ).all()
    for run in stale:
        run.status = "failed"
        run.error = "The run stopped unexpectedly (its process ended). Nothing was changed."
        run.finished_at = now()
    if stale:
        db.session.commit()
    return len(stale)


def request_cancel(run: SolverRun) -> bool:
    """Ask a queued or running run to stop; the caller commits. False if already finished."""
    if run.status in FINISHED:
        return False
    run.cancel_requested = True
    if run.status == "queued":
        run.status, run.finished_at = "cancelled", now()
    return True


def progress_json(run: SolverRun) -> dict[str, Any]:
    """What the run page's script polls."""
    return {
        "id": run.id,
        "status": run.status,
        "finished": run.status in FINISHED,
        "elapsed": _elapsed(run),
        "time_limit": run.time_limit,
        "progress": run.progress or [],
        "error": run.error.split("\n")[0] if run.error else None,
    }


def _elapsed(run: SolverRun) -> float | None:
    if run.started_at is None:
        return None
    end = run.finished_at or now()
    return round((end - run.started_at).total_seconds(), 1)
