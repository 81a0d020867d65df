"""Shared helpers for the requests, due-list, templates and capacity tests (no tests here)."""

from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from peerreview.extensions import db
from peerreview.models import ReviewRequest, User
from peerreview.requests.services import ensure_default_templates
from tests.conftest import sign_in

ROCHDALE = "E08000005"
CORNWALL = "E06000052"  # South West: outside the North West coordinator's region
MANCHESTER = "E08000003"  # North West

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
NORTH_WEST = ("northwest@demo.peerreview.invalid", "demo-northwest")
ROCHDALE_USER = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")


def as_user(client: FlaskClient, who: tuple[str, str]) -> FlaskClient:
    sign_in(client, *who)
    return client


def with_templates() -> None:
    ensure_default_templates()
    db.session.commit()


def date_fields(name: str, day: dt.date) -> dict[str, list[str]]:
    """A GOV.UK date input's three boxes, all named `name` (day, month, year in that order)."""
    return {name: [str(day.day), str(day.month), str(day.year)]}


def make_request(council: str = ROCHDALE, *, status: str = "requested", **values) -> ReviewRequest:
    user = db.session.query(User).filter_by(email=ROCHDALE_USER[0]).one()
    soon = dt.date.today() + dt.timedelta(days=60)
    item = ReviewRequest(
        council_code=council,
        kind=values.pop("kind", "baseline"),
        earliest=values.pop("earliest", soon),
        latest=values.pop("latest", soon + dt.timedelta(days=90)),
        focus=values.pop("focus", ["early_help"]),
        aims=values.pop("aims", "Test our front door."),
        status=status,
        requested_by=user.id,
        **values,
    )
    db.session.add(item)
    db.session.commit()
    return item


def newest_request() -> ReviewRequest | None:
    return db.session.scalar(select(ReviewRequest).order_by(ReviewRequest.id.desc()).limit(1))


def request_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewRequest)) or 0


def close_open_requests(council: str) -> None:
    """Seeds (a demo rota, say) may already hold a request for the council: set it aside."""
    db.session.execute(
        update(ReviewRequest)
        .where(ReviewRequest.council_code == council,
               ReviewRequest.status.in_(("requested", "approved")))
        .values(status="declined", version=ReviewRequest.version + 1)
    )
    db.session.commit()


def title_of(html: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.S)
    return " ".join(match.group(1).split()) if match else ""
