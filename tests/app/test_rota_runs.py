"""Solving in the app: the solve form, background runs, progress, cancel and failures."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import Review, SolverRun
from peerreview.rota import runs
from tests.app.rota_helpers import (
    COORDINATOR,
    COUNCIL,
    REGIONAL,
    REVIEWER,
    SETTINGS,
    approved_requests,
    as_user,
    solved_run,
)

FORM = {
    "start": ["4", "1", "2027"],
    "end": ["30", "6", "2027"],
    "closed_dates": "24 12 2027",
    "exclude_borders": "y", "lead_from_good_or_better": "y",
    "protect_intervention_councils": "y", "no_reciprocal": "y",
    "max_concurrent": "", "max_reviews_per_lending_council": "",
    "min_gap_days": "0", "time_limit": "2",
}


@pytest.mark.parametrize("path", ["/rota/", "/rota/solve", "/rota/escalations"])
def test_rota_pages_are_for_coordinators_only(client, path):
    assert client.get(path).status_code == 302  # anonymous: sign in first
    as_user(client, COUNCIL)
    assert client.get(path).status_code == 403


def test_reviewers_may_not_see_the_rota(client):
    as_user(client, REVIEWER)
    assert client.get("/rota/").status_code == 403


def test_regional_coordinator_may_look_but_not_solve(client):
    as_user(client, REGIONAL)
    assert client.get("/rota/").status_code == 200
    assert client.get("/rota/solve").status_code == 403
    assert client.post("/rota/solve", data=FORM).status_code == 403


def test_solve_form_shows_each_rule_with_its_default_and_explanation(client):
    page = as_user(client, COORDINATOR).get("/rota/solve").get_data(as_text=True)
    assert "Exclude bordering councils" in page
    assert "shares a border with the council reviewed" in page
    assert 'name="exclude_borders" type="checkbox" value="y" checked' in page.replace("\n", " ") \
        or "checked" in page
    assert 'value="2028"' in page or 'value="2027"' in page


def test_solve_form_rejects_a_horizon_that_ends_before_it_starts(client):
    as_user(client, COORDINATOR)
    response = client.post("/rota/solve", data=FORM | {"end": ["30", "6", "2026"]})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Error: " in page and "Last day of the horizon must be after the first day" in page


def test_solve_form_rejects_a_bad_closed_date_and_time_limit(client):
    as_user(client, COORDINATOR)
    response = client.post("/rota/solve", data=FORM | {"closed_dates": "31 2 2027",
                                                       "time_limit": "0"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Closed dates line 1 must be a real date" in page
    assert "Time limit must be between 1 and 600 seconds" in page


def test_solve_with_nothing_approved_says_so(client):
    as_user(client, COORDINATOR)
    response = client.post("/rota/solve", data=FORM)
    assert response.status_code == 400
    assert "There are no approved requests to plan" in response.get_data(as_text=True)


def test_a_solve_runs_in_the_queue_and_its_page_shows_the_draft_plan(app, client):
    approved_requests()
    as_user(client, COORDINATOR)
    response = client.post("/rota/solve", data=FORM)
    assert response.status_code == 302
    run = db.session.scalar(select(SolverRun).order_by(SolverRun.id.desc()))
    assert response.headers["Location"].endswith(f"/rota/runs/{run.id}")
    db.session.refresh(run)
    assert run.status == "succeeded" and run.check_errors == []
    assert run.settings["closed_dates"] == ["2027-12-24"]
    assert run.progress and {"seconds", "objective", "bound"} <= set(run.progress[0])
    page = client.get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "Reviews scheduled" in page and "Load per reviewer" in page
    assert "Load per lending council" in page and "Rochdale" in page
    assert "Accept as the draft rota" in page and "<svg" in page
    # Nothing is on the calendar until a coordinator accepts and publishes.
    assert db.session.scalar(select(func.count()).select_from(Review).where(
        Review.rota_id.is_not(None))) == 0

    progress = client.get(f"/rota/runs/{run.id}/progress.json")
    assert progress.status_code == 200
    data = progress.get_json()
    assert data["status"] == "succeeded" and data["finished"] and data["progress"]


def test_unknown_run_is_not_found(client):
    as_user(client, COORDINATOR)
    assert client.get("/rota/runs/999").status_code == 404
    assert client.get("/rota/runs/999/progress.json").status_code == 404
    assert client.post("/rota/runs/999/cancel").status_code == 404
    assert client.post("/rota/runs/999/accept").status_code == 404


def _queued_run() -> SolverRun:
    run = SolverRun(status="queued", kind="solve", time_limit=1, problem={"format": "nonsense"},
                    progress=[], settings=None)
    db.session.add(run)
    db.session.commit()
    return run


def test_cancelling_a_queued_run_stops_it_before_it_starts(app, client):
    run = _queued_run()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/runs/{run.id}/cancel")
    assert response.status_code == 302
    db.session.refresh(run)
    assert run.status == "cancelled" and run.cancel_requested
    runs.execute_run(run.id)  # the queue picks it up later: it does nothing
    db.session.refresh(run)
    assert run.status == "cancelled" and run.plan is None


def test_a_regional_coordinator_cannot_cancel(app, client):
    run = _queued_run()
    as_user(client, REGIONAL)
    assert client.post(f"/rota/runs/{run.id}/cancel").status_code == 403


def test_a_failed_run_is_marked_and_changes_nothing(app, client):
    run = _queued_run()
    runs.execute_run(run.id)
    db.session.refresh(run)
    assert run.status == "failed" and "ProblemError" in run.error
    page = as_user(client, COORDINATOR).get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "This run failed" in page and "Nothing published was changed" in page


def test_a_run_whose_process_died_is_shown_as_stopped(app, client):
    run = _queued_run()
    run.status = "running"
    run.heartbeat_at = runs.now() - dt.timedelta(minutes=5)
    db.session.commit()
    data = as_user(client, COORDINATOR).get(f"/rota/runs/{run.id}/progress.json").get_json()
    assert data["status"] == "failed" and "stopped unexpectedly" in data["error"]


def test_cancel_reaches_a_running_solver_and_keeps_the_best_plan(app):
    approved_requests()
    run = runs.start_solve(SETTINGS, time_limit=60, user_id=None)
    db.session.commit()
    run_id = run.id

    def work() -> None:
        with app.app_context():
            runs.execute_run(run_id)

    worker = threading.Thread(target=work)
    began = time.monotonic()
    worker.start()
    while time.monotonic() - began < 30:
        db.session.expire_all()
        if db.session.get(SolverRun, run_id).status == "running":
            break
        time.sleep(0.2)
    run = db.session.get(SolverRun, run_id)
    run.cancel_requested = True
    db.session.commit()
    worker.join(60)
    assert not worker.is_alive()
    db.session.expire_all()
    run = db.session.get(SolverRun, run_id)
    assert run.status == "cancelled"
    assert time.monotonic() - began < 50  # well before the 60 s limit


def test_compare_two_runs_shows_what_moved_and_the_score(app, client):
    first = solved_run(time_limit=1)
    second = SolverRun(status="succeeded", kind="solve", time_limit=1, problem=first.problem,
                       plan=dict(first.plan, objective_parts={
                           k: v + 1 for k, v in first.plan.get("objective_parts", {}).items()
                       }), progress=[])
    moved = second.plan["reviews"][0]
    second.plan["reviews"] = [dict(moved, start="2027-05-03", end="2027-05-05"),
                              *second.plan["reviews"][1:]]
    db.session.add(second)
    db.session.commit()
    as_user(client, COORDINATOR)
    response = client.get(f"/rota/compare?a={first.id}&b={second.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Dates moved" in page and "3 May 2027" in page
    assert client.get(f"/rota/compare?a={first.id}&b=999").status_code == 404
    assert client.get("/rota/compare?a=x&b=1").status_code == 404


def test_a_queued_run_page_polls_and_offers_a_refresh_link_without_script(app, client):
    run = _queued_run()
    page = as_user(client, COORDINATOR).get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "Waiting for the job queue" in page and "data-run-refresh" in page
    assert "run-progress.js" in page and f"/rota/runs/{run.id}/progress.json" in page
    assert "Cancel this run" in page
    client.post("/logout")
    page = as_user(client, REGIONAL).get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "Cancel this run" not in page
