"""The job queue: solver runs execute here, never inside a web request.

Two ways to run it (see docs/operations.md):

- **Embedded** (the default, no server needed): Huey on SQLite at `instance/huey.sqlite`, with
  an in-process consumer (a daemon thread) that the web app starts on its first request. It
  starts once per serving process: the debug reloader's watcher process never serves requests,
  and CLI commands (`peerreview seed`, `db upgrade`...) never start it.
- **Redis** (production): set `REDIS_URL`; the web app only enqueues, and one or more
  `peerreview worker` processes consume.

Tests set `HUEY_IMMEDIATE=True`: a job runs synchronously when it is enqueued, in memory.

The SolverRun row, not the queue, is the record of truth (queued/running/succeeded/failed/
cancelled, progress, heartbeat): see peerreview.rota.runs.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey

log = logging.getLogger(__name__)

#: Longest pause between two looks at an empty queue by the embedded consumer.
MAX_POLL_SECONDS = 1.0


def make_huey(config: dict[str, Any], instance_path: str) -> Huey:
    """The queue this app's configuration asks for (Redis, embedded SQLite, or immediate)."""
    immediate = bool(config.get("HUEY_IMMEDIATE"))
    redis_url = config.get("REDIS_URL")
    if redis_url and not immediate:
        return RedisHuey("peerreview", url=redis_url)
    path = config.get("HUEY_SQLITE_PATH") or str(Path(instance_path) / "huey.sqlite")
    if not immediate:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("peerreview", filename=path, immediate=immediate)


def init_app(app: Flask) -> None:
    """Create the app's queue and register its tasks; start the embedded consumer lazily."""
    huey = make_huey(app.config, app.instance_path)

    @huey.task(name="solve_run")
    def solve_run(run_id: int) -> None:
        from peerreview.rota.runs import execute_run

        with app.app_context():
            execute_run(run_id)

    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = {"solve_run": solve_run}

    if embedded_consumer_wanted(app):

        @app.before_request
        def _start_embedded_consumer() -> None:
            start_embedded_consumer(app)


def embedded_consumer_wanted(app: Flask) -> bool:
    """An in-process consumer runs unless jobs run immediately or a separate worker (Redis)
    is configured; EMBEDDED_WORKER=False turns it off explicitly."""
    return (
        not app.config.get("HUEY_IMMEDIATE")
        and not app.config.get("REDIS_URL")
        and app.config.get("EMBEDDED_WORKER", True)
    )


def enqueue_solve(run_id: int) -> None:
    """Queue a solver run (its SolverRun row must be committed first)."""
    current_app.extensions["huey_tasks"]["solve_run"](run_id)


class EmbeddedConsumer:
    """A single worker thread taking tasks off the SQLite queue in the web process.

    Huey's own Consumer installs signal handlers, which only the main thread may do and which
    would take over the web server's; this small loop does the part we need.
    """

    def __init__(self, app: Flask, huey: Huey):
        self.app, self.huey = app, huey
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="peerreview-jobs", daemon=True)

    def start(self) -> None:
        from peerreview.rota.runs import mark_stopped_runs

        try:
            with self.app.app_context():
                mark_stopped_runs()
        except Exception:  # an unmigrated database must not break every page
            log.exception("could not check for stopped solver runs")
        self.thread.start()

    def _loop(self) -> None:
        delay = 0.1
        while not self.stop.is_set():
            try:
                task = self.huey.dequeue()
            except Exception:  # the queue file is briefly locked: try again shortly
                log.exception("could not read the job queue")
                task = None
            if task is None:
                self.stop.wait(delay)
                delay = min(delay * 1.5, MAX_POLL_SECONDS)
                continue
            delay = 0.1
            try:
                self.huey.execute(task)
            except Exception:  # a task records its own failure; never kill the loop
                log.exception("job %s failed", task)


_consumers: dict[int, EmbeddedConsumer] = {}
_consumers_lock = threading.Lock()


def start_embedded_consumer(app: Flask) -> EmbeddedConsumer:
    """Start this app's in-process consumer, once per process."""
    with _consumers_lock:
        consumer = _consumers.get(id(app))
        if consumer is None:
            consumer = EmbeddedConsumer(app, app.extensions["huey"])
            _consumers[id(app)] = consumer
            consumer.start()
        return consumer


def run_worker(app: Flask, workers: int = 1) -> None:
    """A standalone consumer (the `peerreview worker` command); blocks until interrupted."""
    from peerreview.rota.runs import mark_stopped_runs

    with app.app_context():
        mark_stopped_runs()
    huey: Huey = app.extensions["huey"]
    consumer = huey.create_consumer(workers=workers, worker_type="thread")
    consumer.run()
