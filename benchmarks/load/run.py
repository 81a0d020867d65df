"""Load test: 20 users browsing and fetching feeds against gunicorn on 127.0.0.1.

    .venv/bin/python -m benchmarks.load.run                 # 20 users, 60 s
    .venv/bin/python -m benchmarks.load.run --users 20 --duration 60 --workers 4

Builds a temporary SQLite database with ten years of history (benchmarks/load/history.py),
serves it with gunicorn on a free loopback port, and runs simulated users in threads: half
anonymous (councils list and records, national calendar, national feed), half signed in as
the national coordinator (reviewers list and records, requests, due list). Each user waits
0.5-1.5 s between pages, as a person reading does. Prints p50/p95/p99 per kind of page, the
number of requests and of errors, and exits non-zero when a target is missed (p95 under
100 ms for list and record pages, under 200 ms for the national feed, no errors). A tenth of
the requests are `/healthz` (the same stack, one trivial query): each kind's p95 is also given
as a ratio to theirs, which is steadier than milliseconds on a busy machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.load.history import build

ROOT = Path(__file__).resolve().parents[2]
TARGETS_MS = {"list": 100, "record": 100, "calendar": 100, "national feed": 200}
COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")


class User:
    """One person: a cookie, a few pages to choose from, and the timings they saw."""

    def __init__(
        self,
        port: int,
        signed_in: bool,
        rng: random.Random,
        codes: list[str],
        references: list[str],
    ):
        self.port, self.rng, self.cookies = port, rng, {}
        self.signed_in = signed_in
        self.codes, self.references = codes, references

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def sign_in(self) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'name="csrf_token" value="([^"]+)"', page
        )
        assert token, "no CSRF token on the sign-in page"
        email, password = COORDINATOR
        body = urlencode({"csrf_token": token.group(1), "email": email, "password": password})
        status, _ = self.request("POST", "/login", body)
        assert status == 302, f"sign-in failed: {status}"

    def next_page(self) -> tuple[str, str]:
        pick = self.rng.random()
        if pick < 0.1:
            # The same stack doing almost nothing (one trivial query): the baseline the other
            # figures are divided by, so runs on a busy machine can still be compared.
            return "baseline", "/healthz"
        pick = (pick - 0.1) / 0.9
        if self.signed_in:
            if pick < 0.3:
                return "list", "/reviewers/"
            if pick < 0.6:
                return "record", f"/reviewers/{self.rng.choice(self.references)}"
            if pick < 0.8:
                return "list", "/requests"
            return "record", f"/councils/{self.rng.choice(self.codes)}"
        if pick < 0.3:
            return "list", "/councils/"
        if pick < 0.6:
            return "record", f"/councils/{self.rng.choice(self.codes)}"
        if pick < 0.8:
            return "calendar", "/calendar/"
        return "national feed", "/feeds/national.ics"


def run_users(
    port: int,
    users: int,
    duration: float,
    codes: list[str],
    references: list[str],
    think: tuple[float, float],
) -> tuple[dict[str, list[float]], list[str]]:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def person(index: int) -> None:
        rng = random.Random(index)
        user = User(port, index % 2 == 1, rng, codes, references)
        if user.signed_in:
            user.sign_in()
        time.sleep(rng.uniform(0, think[1]))  # people do not all arrive at once
        while time.monotonic() < deadline:
            kind, path = user.next_page()
            started = time.perf_counter()
            try:
                status, _ = user.request("GET", path)
            except OSError as error:
                status, _ = 0, str(error)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings[kind].append(elapsed)
                if status != 200:
                    errors.append(f"{status} {path}")
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=person, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 1.5),
        metavar=("MIN", "MAX"),
        help="seconds between one user's pages",
    )
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="peerreview-load-"))
    database_url = f"sqlite:///{folder / 'load.sqlite'}"
    started = time.perf_counter()
    reviews = build(database_url)
    print(f"database: {reviews} reviews 2017-2027 built in {time.perf_counter() - started:.0f} s")

    import sqlite3

    with sqlite3.connect(folder / "load.sqlite") as connection:
        codes = [row[0] for row in connection.execute("SELECT gss_code FROM council")]
        references = [row[0] for row in connection.execute("SELECT reference FROM reviewer")]

    port = free_port()
    env = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test-only",
        "HUEY_IMMEDIATE": "1",  # no job consumer threads: nothing is solved here
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
        "peerreview:create_app()",
    ]
    print("server:", " ".join(command))
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(port)
        # One warm-up pass, so the figures are of a running service, not of first imports.
        run_users(port, args.users, 5, codes, references, tuple(args.think))
        timings, errors = run_users(
            port, args.users, args.duration, codes, references, tuple(args.think)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    total = sum(len(v) for v in timings.values())
    print(
        f"\n{args.users} users, {args.duration:.0f} s, {total} requests "
        f"({total / args.duration:.1f}/s), {len(errors)} errors"
    )
    print(
        f"{'page kind':<15}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'target':>9}{'p95/base':>10}"
    )
    missed = bool(errors)
    base = timings.get("baseline", [])
    base_p95 = percentile(base, 95) if base else None
    for kind in ("baseline", "list", "record", "calendar", "national feed"):
        values = timings.get(kind, [])
        if not values:
            continue
        p50, p95, p99 = (percentile(values, q) for q in (50, 95, 99))
        target = TARGETS_MS.get(kind)
        missed |= target is not None and p95 >= target
        ratio = f"{p95 / base_p95:.1f}" if base_p95 else "-"
        print(
            f"{kind:<15}{len(values):>9}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}"
            f"{('<' + str(target)) if target else '-':>9}{ratio:>10}"
        )
    for error in errors[:10]:
        print("error:", error)
    print("targets met" if not missed else "TARGETS MISSED")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
