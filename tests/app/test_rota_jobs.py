"""The job queue: embedded SQLite by default, Redis when configured, immediate in tests."""

from __future__ import annotations

import time

from huey import SqliteHuey

from peerreview import create_app, jobs
from peerreview.extensions import db
from peerreview.models import SolverRun
from tests.conftest import app_config


def test_tests_run_jobs_immediately(app):
    assert app.extensions["huey"].immediate
    assert not jobs.embedded_consumer_wanted(app)


def test_embedded_mode_uses_sqlite_in_the_instance_folder(tmp_path):
    huey = jobs.make_huey({}, str(tmp_path))
    assert isinstance(huey, SqliteHuey) and not huey.immediate
    assert (tmp_path / "huey.sqlite").exists()


def test_a_separate_worker_is_expected_with_redis(database_url):
    app = create_app(app_config(database_url) | {"HUEY_IMMEDIATE": False,
                                                 "REDIS_URL": "redis://localhost:6379/0"})
    assert not jobs.embedded_consumer_wanted(app)


def test_the_embedded_consumer_runs_queued_jobs_in_the_web_process(database_url, tmp_path):
    app = create_app(app_config(database_url) | {
        "HUEY_IMMEDIATE": False, "HUEY_SQLITE_PATH": str(tmp_path / "queue.sqlite"),
    })
    assert jobs.embedded_consumer_wanted(app)
    with app.app_context():
        run = SolverRun(status="queued", kind="solve", time_limit=1,
                        problem={"format": "nonsense"}, progress=[])
        db.session.add(run)
        db.session.commit()
        jobs.enqueue_solve(run.id)
        assert db.session.get(SolverRun, run.id).status == "queued"  # nothing ran yet
        run_id = run.id
        db.session.remove()
    app.test_client().get("/healthz")  # the first request starts the consumer
    consumer = jobs.start_embedded_consumer(app)
    assert jobs.start_embedded_consumer(app) is consumer  # once per process
    try:
        with app.app_context():
            deadline = time.monotonic() + 20
            status = "queued"
            while time.monotonic() < deadline and status == "queued":
                time.sleep(0.2)
                db.session.expire_all()
                status = db.session.get(SolverRun, run_id).status
            assert status == "failed"  # the nonsense problem fails, and is recorded
            db.session.remove()
    finally:
        consumer.stop.set()
        consumer.thread.join(5)
        with app.app_context():
            db.engine.dispose()


def test_the_worker_command_is_registered(runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "consumer" in result.output
