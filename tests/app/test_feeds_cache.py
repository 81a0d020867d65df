"""Public feeds are rendered once per content: any change to what a feed shows renders it
again (peerreview.freshness keeps a decade's national feed fast)."""

from __future__ import annotations

import datetime as dt

from peerreview.extensions import db
from peerreview.models import Council
from tests.app.calendar_helpers import ROCHDALE, publish_review


def test_national_feed_shows_a_moved_review_at_once(client, app):
    review = publish_review()
    first = client.get("/feeds/national.ics").get_data(as_text=True)
    assert client.get("/feeds/national.ics").get_data(as_text=True) == first
    review.start_date += dt.timedelta(days=7)
    review.end_date += dt.timedelta(days=7)
    db.session.commit()
    moved = client.get("/feeds/national.ics").get_data(as_text=True)
    assert moved != first
    assert review.start_date.strftime("%Y%m%d") in moved


def test_national_feed_shows_a_renamed_council_at_once(client, app):
    publish_review()
    client.get("/feeds/national.ics")
    council = db.session.get(Council, ROCHDALE)
    council.name = "Rochdale Borough"
    db.session.commit()
    assert "Rochdale Borough" in client.get("/feeds/national.ics").get_data(as_text=True)
