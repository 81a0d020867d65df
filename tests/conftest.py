"""Fixtures shared by the app's tests.

Every app test runs on SQLite and, when TEST_POSTGRES_URL is set (CI sets it), on
PostgreSQL too. The seeded database is built once per backend (migrations + seeds) and each
test gets a fresh copy of it: a file copy for SQLite, `CREATE DATABASE ... TEMPLATE` for
PostgreSQL, so tests never see each other's writes.

A PostgreSQL copy takes the server most of a second; `_PostgresCopies` makes the next copies
while the current test runs (the server works on the other core) and drops used ones the same
way, so the PostgreSQL half of the suite costs little more than the SQLite half.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peerreview import create_app
from peerreview.extensions import db

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


def _pg_url(database: str) -> str:
    url = make_url(os.environ["TEST_POSTGRES_URL"]).set(drivername="postgresql+psycopg")
    return url.set(database=database).render_as_string(hide_password=False)


def _pg_execute(statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    engine = create_engine(_pg_url("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def app_config(database_url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        # Jobs (solver runs) execute synchronously when queued, in memory.
        "HUEY_IMMEDIATE": True,
        "SOLVER_WORKERS": 1,
        # Rate limits would trip tests that sign in many times; tests/app/test_security_auth.py
        # turns them on to test them.
        "RATELIMIT_ENABLED": False,
    }


def build_database(database_url: str, *, seed: bool) -> None:
    """Migrate an empty database to head and, if asked, load the seeds as `make run` does."""
    from flask_migrate import upgrade

    app = create_app(app_config(database_url))
    with app.app_context():
        upgrade()
        if seed:
            from peerreview.seeding import demo, seeds

            seeds.load_reference(Path(app.config["SEEDS_DIR"]))
            demo.load_demo(Path(app.config["SEEDS_DIR"]))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def empty_database(backend: str, tmp_path: Path) -> str:
    """A new, empty database of the backend; dropped by the caller's teardown for PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    name = f"peerreview_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    return _pg_url(name)


def drop_database(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        return
    name = make_url(database_url).database
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _PostgresCopies:
    """Fresh copies of a template database, made ahead in a background thread."""

    def __init__(self, template: str, ahead: int = 2):
        self.template = template
        self.ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=ahead)
        self.used: queue.Queue[str | None] = queue.Queue()
        self.stopping = threading.Event()
        self.maker = threading.Thread(target=self._make, daemon=True)
        self.dropper = threading.Thread(target=self._drop, daemon=True)
        self.maker.start()
        self.dropper.start()

    def _make(self) -> None:
        while not self.stopping.is_set():
            name = f"peerreview_test_{uuid.uuid4().hex[:12]}"
            try:
                _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            except BaseException as error:  # handed to the test that waits for it
                self.ready.put(error)
                return
            while not self.stopping.is_set():
                try:
                    self.ready.put(name, timeout=0.2)
                    break
                except queue.Full:
                    continue
            else:
                self.used.put(name)

    def _drop(self) -> None:
        while (name := self.used.get()) is not None:
            drop_database(_pg_url(name))

    def take(self) -> str:
        got = self.ready.get(timeout=120)
        if isinstance(got, BaseException):
            raise got
        return got

    def give_back(self, name: str) -> None:
        self.used.put(name)

    def close(self) -> None:
        self.stopping.set()
        self.maker.join()
        while not self.ready.empty():
            got = self.ready.get()
            if isinstance(got, str):
                self.used.put(got)
        self.used.put(None)
        self.dropper.join()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser journeys are the longest file: run it first, so that with two workers
    (`make test`) it overlaps the rest instead of trailing after it. The sort is stable, so
    every other test keeps its order."""
    items.sort(key=lambda item: "tests/browser" not in str(item.path))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def seeded_template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "seeded.sqlite"
        build_database(f"sqlite:///{path}", seed=True)
        yield str(path)
        return
    name = f"peerreview_template_{uuid.uuid4().hex[:8]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    build_database(_pg_url(name), seed=True)
    yield name
    drop_database(_pg_url(name))


@pytest.fixture(scope="session")
def postgres_copies(backend: str, seeded_template: str) -> Iterator[_PostgresCopies | None]:
    if backend != "postgresql":
        yield None
        return
    copies = _PostgresCopies(seeded_template)
    yield copies
    copies.close()


@pytest.fixture
def database_url(
    backend: str, seeded_template: str, postgres_copies: _PostgresCopies | None, tmp_path: Path
) -> Iterator[str]:
    if postgres_copies is None:
        copy = tmp_path / "test.sqlite"
        shutil.copyfile(seeded_template, copy)
        yield f"sqlite:///{copy}"
        return
    name = postgres_copies.take()
    yield _pg_url(name)
    postgres_copies.give_back(name)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(app_config(database_url))
    # Emails (invitations) go to the test's own outbox folder, never the instance folder.
    app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def sign_in(client: FlaskClient, email: str, password: str) -> None:
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
