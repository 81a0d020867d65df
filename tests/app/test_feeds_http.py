"""Feeds over HTTP: content type, cheap polling (ETag, Last-Modified, 304), and 404 for
anything unknown, including revoked tokens."""

from __future__ import annotations

import datetime as dt

from peerreview.extensions import db
from peerreview.models import FeedToken
from peerreview.models.tokens import hash_token, new_token
from tests.app.calendar_helpers import ROCHDALE, demo_reviewer, publish_review


def make_token(reviewer_id: int) -> tuple[str, FeedToken]:
    token = new_token()
    row = FeedToken(token_hash=hash_token(token), reviewer_id=reviewer_id)
    db.session.add(row)
    db.session.commit()
    return token, row


def test_national_feed_is_text_calendar_with_validators(client, app):
    publish_review()
    response = client.get("/feeds/national.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert response.headers["Cache-Control"].startswith("public")


def test_if_none_match_gets_304_without_a_body(client, app):
    publish_review()
    etag = client.get("/feeds/national.ics").headers["ETag"]
    response = client.get("/feeds/national.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    response = client.get("/feeds/national.ics", headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200


def test_if_modified_since_gets_304_until_a_review_changes(client, app):
    review = publish_review()
    last_modified = client.get("/feeds/national.ics").headers["Last-Modified"]
    response = client.get("/feeds/national.ics", headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304
    etag = client.get("/feeds/national.ics").headers["ETag"]
    review.start_date = dt.date(2027, 3, 16)
    review.end_date = dt.date(2027, 3, 18)
    db.session.commit()
    response = client.get("/feeds/national.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_region_and_council_feeds_filter_and_unknown_ones_are_404(client, app):
    review = publish_review(ROCHDALE)
    assert review.uid.encode() in client.get("/feeds/regions/north-west.ics").data
    assert review.uid.encode() not in client.get("/feeds/regions/london.ics").data
    assert review.uid.encode() in client.get("/feeds/councils/rochdale.ics").data
    assert review.uid.encode() not in client.get("/feeds/councils/E06000052.ics").data
    assert client.get("/feeds/regions/narnia.ics").status_code == 404
    assert client.get("/feeds/councils/E99999999.ics").status_code == 404
    assert client.get("/feeds/councils/nowhere.ics").status_code == 404


def test_every_region_has_a_feed(client, app):
    from peerreview.calendar.services import region_slug
    from peerreview.reference.vocabulary import REGIONS

    for region in REGIONS:
        assert client.get(f"/feeds/regions/{region_slug(region)}.ics").status_code == 200


def test_empty_calendar_is_still_a_valid_feed(client, app):
    import icalendar

    response = client.get("/feeds/regions/london.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["X-WR-CALNAME"] == "Children's services peer reviews (London)"


def test_reviewer_feed_is_private_and_notes_its_use(client, app):
    me = demo_reviewer()
    publish_review(team=[me])
    token, row = make_token(me.id)
    response = client.get(f"/feeds/reviewers/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    db.session.refresh(row)
    assert row.last_used is not None


def test_unknown_malformed_and_revoked_tokens_are_404(client, app):
    me = demo_reviewer()
    token, row = make_token(me.id)
    assert client.get(f"/feeds/reviewers/{new_token()}.ics").status_code == 404
    assert client.get("/feeds/reviewers/x.ics").status_code == 404
    assert client.get(f"/feeds/reviewers/{'a' * 300}.ics").status_code == 404
    # The hash is not the token: knowing a stored hash opens nothing.
    assert client.get(f"/feeds/reviewers/{row.token_hash}.ics").status_code == 404
    row.revoke()
    db.session.commit()
    assert client.get(f"/feeds/reviewers/{token}.ics").status_code == 404


def test_tokens_are_long_random_and_stored_only_hashed(app):
    me = demo_reviewer()
    token, row = make_token(me.id)
    assert len(token) >= 43  # 32 bytes of randomness, base64url
    assert row.token_hash != token and len(row.token_hash) == 64
    assert FeedToken.find_active(token) is row
    assert new_token() != new_token()


def test_feed_and_api_blueprints_only_answer_reads(app):
    """They are exempt from CSRF, which is safe only while they change nothing."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("feeds.", "api.")):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_leaving_a_team_changes_the_reviewers_feed_even_for_if_modified_since(client, app):
    import time

    me = demo_reviewer()
    review = publish_review(team=[me])
    token, _ = make_token(me.id)
    path = f"/feeds/reviewers/{token}.ics"
    last_modified = client.get(path).headers["Last-Modified"]
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    # End the test's transaction as a request would (PostgreSQL's now() is the time the
    # transaction began), and wait out Last-Modified's one-second resolution.
    db.session.commit()
    time.sleep(1.1)
    review.team_members.clear()
    db.session.commit()
    response = client.get(path, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 200
    assert review.uid.encode() not in response.data
