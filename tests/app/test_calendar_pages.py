"""Calendar pages: national, regional and council views (public), "my reviews" with the
personal feed link, single-review .ics downloads, and who may see which team."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from peerreview.extensions import db
from peerreview.models import AuditEntry, FeedToken
from tests.app.calendar_helpers import (
    COORDINATOR,
    CORNWALL,
    COUNCIL_USER,
    NORTHWEST,
    REVIEWER,
    ROCHDALE,
    demo_reviewer,
    other_reviewers,
    publish_review,
)
from tests.conftest import sign_in


@pytest.fixture
def reviews(app):
    me = demo_reviewer()
    team = [me, *other_reviewers(2, exclude=me.id)]
    outsiders = other_reviewers(6, exclude=me.id)[3:]
    return {
        "me": me,
        "team": team,
        "outsiders": outsiders,
        "rochdale": publish_review(ROCHDALE, dt.date(2027, 3, 9), team=team),
        "cornwall": publish_review(CORNWALL, dt.date(2027, 5, 4), kind="baseline",
                                   team=outsiders),
        "draft": publish_review(CORNWALL, dt.date(2027, 6, 8), status="draft", team=team),
    }


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_national_calendar_groups_by_month_and_region_with_a_timeline(client, reviews):
    html = page(client, "/calendar/?year=2027")
    assert "Peer review calendar 2027" in html
    assert "March 2027" in html and "May 2027" in html
    assert "North West" in html and "South West" in html
    tables = html[html.index("By month"):]
    assert tables.index("March 2027") < tables.index("Rochdale") < tables.index("May 2027")
    assert "<svg" in html and html.count('class="app-timeline-chart__bar ') == 2
    assert ' style="' not in html  # the CSP blocks inline styles
    assert "June 2027" not in html  # drafts are not on the calendar


def test_calendar_opens_on_the_year_of_the_next_review(client, reviews):
    assert "Peer review calendar 2027" in page(client, "/calendar/")


def test_malformed_year_is_a_400(client, reviews):
    assert client.get("/calendar/?year=twenty").status_code == 400
    assert client.get("/calendar/?year=1850").status_code == 400


def test_public_calendar_pages_name_no_reviewers(client, reviews):
    for path in ("/calendar/?year=2027", "/calendar/regions/north-west?year=2027",
                 f"/calendar/councils/{ROCHDALE}"):
        html = page(client, path)
        for reviewer in reviews["team"] + reviews["outsiders"]:
            assert reviewer.name not in html and reviewer.email not in html


def test_region_calendar_shows_only_that_region(client, reviews):
    html = page(client, "/calendar/regions/north-west?year=2027")
    assert "Rochdale" in html and "Cornwall" not in html
    assert client.get("/calendar/regions/atlantis").status_code == 404


def test_council_calendar_lists_its_reviews_and_feed(client, reviews):
    html = page(client, "/calendar/councils/rochdale")
    assert "Peer reviews of Rochdale" in html
    assert "9 March 2027" in html
    assert f"/feeds/councils/{ROCHDALE}.ics" in html
    assert client.get("/calendar/councils/E99999999").status_code == 404


def test_nav_has_a_calendar_link_for_everyone(client, reviews):
    assert 'href="/calendar/"' in page(client, "/councils/")


def review_ics(client, review_id: int) -> str:
    response = client.get(f"/calendar/reviews/{review_id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.data)
    return str(next(iter(calendar.walk("VEVENT")))["DESCRIPTION"])


def test_single_review_ics_is_public_for_anyone(client, reviews):
    description = review_ics(client, reviews["rochdale"].id)
    assert "Rochdale" in description and "Team:" not in description


def test_single_review_ics_has_the_team_for_members_and_coordinators(client, reviews):
    sign_in(client, *REVIEWER)
    assert reviews["team"][1].name in review_ics(client, reviews["rochdale"].id)
    # Not on the Cornwall team: public part only.
    assert "Team:" not in review_ics(client, reviews["cornwall"].id)
    client.post("/logout")
    sign_in(client, *NORTHWEST)
    assert "Team:" in review_ics(client, reviews["rochdale"].id)
    assert "Team:" not in review_ics(client, reviews["cornwall"].id)  # another region
    client.post("/logout")
    sign_in(client, *COORDINATOR)
    assert "Team:" in review_ics(client, reviews["cornwall"].id)


def test_single_review_ics_is_404_for_drafts_and_unknown_reviews(client, reviews):
    assert client.get(f"/calendar/reviews/{reviews['draft'].id}.ics").status_code == 404
    assert client.get("/calendar/reviews/999999.ics").status_code == 404
    sign_in(client, *COORDINATOR)
    assert client.get(f"/calendar/reviews/{reviews['draft'].id}.ics").status_code == 404


def test_my_reviews_shows_team_dates_and_logistics(client, reviews):
    sign_in(client, *REVIEWER)
    html = page(client, "/calendar/my-feed")
    assert "My reviews" in html and "Rochdale" in html
    assert "Cornwall" not in html  # not on that team
    for member in reviews["team"]:
        assert member.name in html
    assert "Lead" in html and "Council website" in html
    assert "9 March 2027" in html


def test_my_reviews_needs_a_reviewer(client, reviews):
    assert client.get("/calendar/my-feed").status_code == 302  # to sign in
    sign_in(client, *COUNCIL_USER)
    assert client.get("/calendar/my-feed").status_code == 403


def test_reviewer_creates_uses_and_revokes_a_feed_link(client, reviews):
    sign_in(client, *REVIEWER)
    response = client.post("/calendar/my-feed", data={"action": "create"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Calendar link created" in html
    start = html.index("https://localhost/feeds/reviewers/")
    link = html[start:html.index('"', start)]
    assert f"webcal://localhost/feeds/reviewers/{link.rsplit('/', 1)[1]}" in html
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    row = db.session.query(FeedToken).one()
    assert row.token_hash != token and token not in row.token_hash
    client.post("/logout")
    feed = client.get(f"/feeds/reviewers/{token}.ics")
    assert feed.status_code == 200 and reviews["team"][1].name.encode() in feed.data.replace(
        b"\r\n ", b"")
    # Shown once: the page later says a link is on but not what it is.
    sign_in(client, *REVIEWER)
    assert token not in page(client, "/calendar/my-feed")
    # Replacing revokes the old link.
    client.post("/calendar/my-feed", data={"action": "create"})
    assert client.get(f"/feeds/reviewers/{token}.ics").status_code == 404
    client.post("/calendar/my-feed", data={"action": "revoke"})
    assert db.session.query(FeedToken).filter(FeedToken.revoked_at.is_(None)).count() == 0
    actions = [e.action for e in db.session.query(AuditEntry).filter_by(entity="feed_token")]
    assert actions.count("create") == 2 and actions.count("revoke") == 2


def test_feed_link_form_rejects_an_unknown_action(client, reviews):
    sign_in(client, *REVIEWER)
    response = client.post("/calendar/my-feed", data={"action": "explode"})
    assert response.status_code == 400
    assert "Choose whether to create or turn off the calendar link" in response.get_data(
        as_text=True)
    assert db.session.query(FeedToken).count() == 0


def test_coordinator_manages_a_reviewers_feed_link(client, reviews):
    reference = reviews["me"].reference
    sign_in(client, *COORDINATOR)
    html = page(client, f"/calendar/reviewers/{reference}")
    assert reviews["me"].name in html
    response = client.post(f"/calendar/reviewers/{reference}", data={"action": "create"})
    assert "Calendar link created" in response.get_data(as_text=True)
    assert client.get("/calendar/reviewers/NOPE-0000").status_code == 404


def test_others_may_not_manage_a_reviewers_feed_link(client, reviews):
    reference = reviews["me"].reference
    assert client.get(f"/calendar/reviewers/{reference}").status_code == 302
    sign_in(client, *REVIEWER)
    assert client.get(f"/calendar/reviewers/{reference}").status_code == 403
    client.post("/logout")
    sign_in(client, *COUNCIL_USER)
    assert client.get(f"/calendar/reviewers/{reference}").status_code == 403


def test_regional_coordinator_may_not_manage_a_reviewer_from_another_region(client, reviews):
    from sqlalchemy import select

    from peerreview.models import Council, Reviewer

    outsider = db.session.scalar(
        select(Reviewer).join(Council, Council.gss_code == Reviewer.council_code)
        .where(Council.region != "North West").limit(1)
    )
    sign_in(client, *NORTHWEST)
    assert client.get(f"/calendar/reviewers/{outsider.reference}").status_code == 404
    response = client.post(f"/calendar/reviewers/{outsider.reference}", data={"action": "create"})
    assert response.status_code == 404
    assert db.session.query(FeedToken).count() == 0
