"""Browser fixtures: the app served for real on loopback, driven by Debian's Chromium.

One seeded SQLite database and one server for the whole session (the journeys build on each
other's data as people would: the council asks, the coordinator approves and publishes). The
server runs with CSRF on and the embedded job queue, as `make run` does; only the database
and the queue file live in a temporary folder.

Playwright is used through its Python package with `executable_path` pointing at Debian's
Chromium: no browser is ever downloaded. Every test here is skipped, with the reason, when
/usr/bin/chromium is absent (CI installs it from Debian's packages, so there they run).
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import app_config, build_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip every browser test, saying why, when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded app served by werkzeug on a free loopback port; yields its base URL."""
    from werkzeug.serving import make_server

    from peerreview import create_app
    from peerreview.extensions import db

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise
    folder = tmp_path_factory.mktemp("browser")
    database_url = f"sqlite:///{folder / 'peerreview.sqlite'}"
    build_database(database_url, seed=True)
    config = app_config(database_url) | {
        "TESTING": False,
        "WTF_CSRF_ENABLED": True,  # as in production: every form must carry its token
        "HUEY_IMMEDIATE": False,  # solver runs go through the embedded queue, as `make run`
        "HUEY_SQLITE_PATH": str(folder / "huey.sqlite"),
    }
    app = create_app(config)
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        from peerreview import jobs

        consumer = jobs._consumers.pop(id(app), None)
        if consumer is not None:  # stop the queue thread before its database goes away
            consumer.stop.set()
            consumer.thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:
    """A fresh browser context (no cookies) per journey, failing on any page script error."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
