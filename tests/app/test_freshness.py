"""The change stamp and what is reused under it: every write replaces the stamp, and every
page or feed that reuses earlier work shows a change as soon as it is committed."""

from __future__ import annotations

import datetime as dt

from flask import g
from sqlalchemy import delete, select, update

from peerreview import freshness
from peerreview.extensions import db
from peerreview.models import ChangeStamp, Council, OfstedEvent
from tests.app.calendar_helpers import CORNWALL, ROCHDALE, other_reviewers, publish_review


def stamp() -> int:
    return db.session.scalar(select(ChangeStamp.stamp))


def test_a_commit_that_writes_replaces_the_stamp(app):
    before = stamp()
    db.session.get(Council, ROCHDALE).website = "https://www.rochdale.gov.uk/children"
    db.session.commit()
    assert stamp() != before


def test_a_commit_that_writes_nothing_keeps_the_stamp(app):
    before = stamp()
    db.session.get(Council, ROCHDALE)
    db.session.commit()
    assert stamp() == before


def test_a_bulk_update_replaces_the_stamp(app):
    before = stamp()
    db.session.execute(update(Council).where(Council.gss_code == ROCHDALE).values(website=None))
    db.session.commit()
    assert stamp() != before


def test_a_rolled_back_write_keeps_the_stamp(app):
    before = stamp()
    db.session.get(Council, ROCHDALE).website = "https://example.invalid"
    db.session.flush()
    db.session.rollback()
    assert stamp() == before


def test_remember_computes_once_per_stamp(app):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert freshness.remember("test", compute) == 1
    assert freshness.remember("test", compute) == 1
    db.session.get(Council, ROCHDALE).website = "https://example.invalid/changed"
    db.session.commit()
    assert freshness.remember("test", compute) == 2


def test_councils_list_shows_a_new_inspection_at_once(app, client):
    tag = ">Outstanding</strong>"
    assert tag not in client.get("/councils/?q=rochdale").get_data(as_text=True)
    db.session.add(OfstedEvent(
        council_code=ROCHDALE, kind="inspection", framework="ilacs",
        start_date=dt.date.today() - dt.timedelta(days=10),
        published=dt.date.today() - dt.timedelta(days=2),
        overall="outstanding",
    ))
    db.session.commit()
    assert tag in client.get("/councils/?q=rochdale").get_data(as_text=True)


def test_national_feed_and_calendar_show_a_newly_published_review(app, client):
    first = client.get("/feeds/national.ics")
    assert client.get("/calendar/?year=2027").status_code == 200
    publish_review(CORNWALL, dt.date(2027, 5, 4), team=other_reviewers(3))
    second = client.get("/feeds/national.ics")
    assert second.headers["ETag"] != first.headers["ETag"]
    assert b"Cornwall" in second.data
    assert "Cornwall" in client.get("/calendar/?year=2027").get_data(as_text=True)
    assert client.get(
        "/feeds/national.ics", headers={"If-None-Match": second.headers["ETag"]}
    ).status_code == 304


def test_a_missing_stamp_row_means_nothing_is_reused_until_a_write_restores_it(app):
    db.session.execute(delete(ChangeStamp))
    db.session.commit()  # a write that finds no row puts one back
    assert stamp() is not None
    db.session.execute(delete(ChangeStamp))  # gone again (uncommitted): nothing is reused
    g.pop("change_stamp", None)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert freshness.remember("gone", compute) == 1
    assert freshness.remember("gone", compute) == 2
    db.session.rollback()
