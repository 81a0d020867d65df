"""Shared set-up for the rota tests: small problems so every solve takes a second or two."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Review, ReviewRequest, Rota, SolverRun
from peerreview.rota import plans, runs
from peerreview.rota.problem import ProblemSettings
from tests.conftest import sign_in

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
REGIONAL = ("northwest@demo.peerreview.invalid", "demo-northwest")
COUNCIL = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")
#: Rochdale, Cornwall, Kent, Leeds: councils of different regions and types.
COUNCILS = ("E08000005", "E06000052", "E10000016", "E08000035")
SETTINGS = ProblemSettings(start=dt.date(2027, 1, 4), end=dt.date(2027, 6, 30))


def as_user(client: FlaskClient, who: tuple[str, str]) -> FlaskClient:
    sign_in(client, *who)
    return client


def approved_requests(councils=COUNCILS) -> list[ReviewRequest]:
    requests = []
    for index, code in enumerate(councils):
        request = ReviewRequest(
            council_code=code,
            kind="baseline",
            earliest=dt.date(2027, 2, 1) + dt.timedelta(weeks=2 * index),
            latest=dt.date(2027, 5, 28),
            priority=3,
            days=3,
            directors=1,
            senior_managers=1,
            practitioners=1,
            councillors=0,
            focus=[],
            aims="Test the front door and the quality of practice.",
            status="approved",
        )
        db.session.add(request)
        requests.append(request)
    db.session.commit()
    return requests


def solved_run(time_limit: float = 2.0, councils=COUNCILS) -> SolverRun:
    """Approved requests solved through the job queue (immediate in tests)."""
    approved_requests(councils)
    run = runs.start_solve(SETTINGS, time_limit=time_limit, user_id=None)
    db.session.commit()
    runs.enqueue(run)
    db.session.expire_all()
    return db.session.get(SolverRun, run.id)


def draft_rota(time_limit: float = 2.0) -> Rota:
    run = solved_run(time_limit)
    rota = plans.accept_run(run, user_id=None)
    db.session.commit()
    return rota


def published_rota(time_limit: float = 2.0) -> Rota:
    rota = draft_rota(time_limit)
    plans.publish_rota(rota)
    db.session.commit()
    return rota


def reviews_of(rota: Rota, status: str | None = None) -> list[Review]:
    query = select(Review).where(Review.rota_id == rota.id).order_by(Review.id)
    if status:
        query = query.where(Review.status == status)
    return list(db.session.scalars(query))
