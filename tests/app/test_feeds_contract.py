"""The feed contract: every feed parses with icalendar and with the independent `ics`
parser, UIDs are unique and stable, SEQUENCE never goes down, lines are folded, cancelled
reviews stay as CANCELLED, and public feeds carry no personal data."""

from __future__ import annotations

import datetime as dt

import icalendar
import ics
import pytest

from peerreview.extensions import db
from peerreview.models import FeedToken
from peerreview.models.tokens import hash_token, new_token
from tests.app.calendar_helpers import (
    CORNWALL,
    ROCHDALE,
    demo_reviewer,
    other_reviewers,
    publish_review,
)


@pytest.fixture
def calendar_data(app):
    me = demo_reviewer()
    team = [me, *other_reviewers(3, exclude=me.id)]
    rochdale = publish_review(ROCHDALE, dt.date(2027, 3, 9), team=team)
    cornwall = publish_review(CORNWALL, dt.date(2027, 5, 4), days=4, kind="baseline",
                              team=other_reviewers(3, exclude=me.id))
    cancelled = publish_review(ROCHDALE, dt.date(2027, 9, 14), status="cancelled", team=[me])
    draft = publish_review(CORNWALL, dt.date(2027, 10, 5), status="draft", team=[me])
    token = new_token()
    db.session.add(FeedToken(token_hash=hash_token(token), reviewer_id=me.id))
    db.session.commit()
    return {
        "team": team, "rochdale": rochdale, "cornwall": cornwall, "cancelled": cancelled,
        "draft": draft, "token": token,
    }


def feed_paths(data) -> list[str]:
    return [
        "/feeds/national.ics",
        "/feeds/regions/north-west.ics",
        "/feeds/regions/south-west.ics",
        f"/feeds/councils/{ROCHDALE}.ics",
        "/feeds/councils/cornwall.ics",
        f"/feeds/reviewers/{data['token']}.ics",
        f"/calendar/reviews/{data['rochdale'].id}.ics",
    ]


def fetch(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/calendar"
    return response.data


def events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_every_feed_parses_with_two_independent_parsers(client, calendar_data):
    for path in feed_paths(calendar_data):
        body = fetch(client, path)
        parsed = icalendar.Calendar.from_ical(body)
        other = ics.Calendar(body.decode("utf-8"))
        uids = sorted(str(e["UID"]) for e in parsed.walk("VEVENT"))
        assert uids == sorted(e.uid for e in other.events), path
        assert uids, path


def test_feeds_have_calendar_name_refresh_interval_and_prodid(client, calendar_data):
    for path in feed_paths(calendar_data):
        text = fetch(client, path).decode()
        calendar = icalendar.Calendar.from_ical(text)
        assert calendar["X-WR-CALNAME"]
        assert calendar["PRODID"].startswith("-//peerreview//")
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text
        assert "X-PUBLISHED-TTL:PT6H\r\n" in text


def test_events_are_all_day_with_exclusive_end(client, calendar_data):
    body = fetch(client, f"/feeds/councils/{ROCHDALE}.ics")
    by_uid = {str(e["UID"]): e for e in events(body)}
    event = by_uid[calendar_data["rochdale"].uid]
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTART") == dt.date(2027, 3, 9)
    assert event.decoded("DTEND") == dt.date(2027, 3, 12)  # three days on site, 9 to 11 March
    assert str(event["SUMMARY"]) == "Peer review: Rochdale (validation)"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert "LAST-MODIFIED" in event
    assert b"DTSTART;VALUE=DATE:20270309" in body and b"DTEND;VALUE=DATE:20270312" in body


def test_uids_are_unique_and_stable_across_renders(client, calendar_data):
    for path in feed_paths(calendar_data):
        first = [str(e["UID"]) for e in events(fetch(client, path))]
        second = [str(e["UID"]) for e in events(fetch(client, path))]
        assert len(first) == len(set(first)), path
        assert first == second, path


def test_unchanged_data_renders_identical_bytes(client, calendar_data):
    for path in feed_paths(calendar_data):
        assert fetch(client, path) == fetch(client, path), path


def test_sequence_never_goes_down_and_rises_on_a_material_change(client, calendar_data):
    path = "/feeds/national.ics"
    review = calendar_data["rochdale"]

    def sequences() -> dict[str, int]:
        return {str(e["UID"]): int(e["SEQUENCE"]) for e in events(fetch(client, path))}

    before = sequences()
    review.start_date = dt.date(2027, 3, 16)
    review.end_date = dt.date(2027, 3, 18)
    db.session.commit()
    after = sequences()
    assert after[review.uid] == before[review.uid] + 1
    assert all(after[uid] >= seq for uid, seq in before.items())
    # A change the publish flow already numbered is not counted twice.
    review.sequence += 1
    review.end_date = dt.date(2027, 3, 19)
    db.session.commit()
    assert sequences()[review.uid] == before[review.uid] + 2
    # A team change is material for the team's own feeds.
    review.team_members.pop()
    db.session.commit()
    assert sequences()[review.uid] == before[review.uid] + 3
    # Cancelling keeps the event, as CANCELLED, with a higher sequence.
    review.status = "cancelled"
    db.session.commit()
    final = {str(e["UID"]): e for e in events(fetch(client, path))}
    assert str(final[review.uid]["STATUS"]) == "CANCELLED"
    assert int(final[review.uid]["SEQUENCE"]) == before[review.uid] + 4


def test_lines_are_folded_at_75_octets(client, calendar_data):
    for path in feed_paths(calendar_data):
        body = fetch(client, path)
        assert body.endswith(b"\r\n")
        lines = body.split(b"\r\n")
        assert all(len(line) <= 75 for line in lines), path
        assert b"\n" not in body.replace(b"\r\n", b""), path
    # The reviewer feed's long descriptions really are folded, not merely short.
    body = fetch(client, f"/feeds/reviewers/{calendar_data['token']}.ics")
    assert any(line.startswith(b" ") for line in body.split(b"\r\n"))


def test_cancelled_reviews_stay_in_feeds_as_cancelled(client, calendar_data):
    for path in ("/feeds/national.ics", f"/feeds/reviewers/{calendar_data['token']}.ics"):
        by_uid = {str(e["UID"]): e for e in events(fetch(client, path))}
        assert str(by_uid[calendar_data["cancelled"].uid]["STATUS"]) == "CANCELLED"


def test_drafts_never_appear_in_any_feed(client, calendar_data):
    for path in feed_paths(calendar_data):
        assert calendar_data["draft"].uid.encode() not in fetch(client, path), path


def test_public_feeds_carry_no_personal_data(client, calendar_data):
    names = [r.name for r in calendar_data["team"]]
    emails = [r.email for r in calendar_data["team"]]
    for path in feed_paths(calendar_data)[:5]:
        text = icalendar.Calendar.from_ical(fetch(client, path)).to_ical().decode()
        unfolded = text.replace("\r\n ", "")
        for value in names + emails:
            assert value not in unfolded, (path, value)
        assert "Team:" not in unfolded


def test_reviewer_feed_has_team_and_logistics(client, calendar_data):
    body = fetch(client, f"/feeds/reviewers/{calendar_data['token']}.ics")
    by_uid = {str(e["UID"]): e for e in events(body)}
    assert calendar_data["cornwall"].uid not in by_uid  # not on that team
    description = str(by_uid[calendar_data["rochdale"].uid]["DESCRIPTION"])
    lead = calendar_data["team"][0]
    assert f"- {lead.name} (lead reviewer): Director of children's services" in description
    for member in calendar_data["team"][1:]:
        assert member.name in description
    assert "Logistics:" in description and "Council website:" in description
