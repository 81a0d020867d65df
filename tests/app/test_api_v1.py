"""The read-only JSON API: public councils and reviews, coordinator-only reviewers,
pagination bounds and JSON errors."""

from __future__ import annotations

import datetime as dt

import pytest

from peerreview.extensions import db
from peerreview.models import ApiToken, User
from peerreview.models.tokens import hash_token, new_token
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


def api_token_for(email: str) -> str:
    user = db.session.query(User).filter_by(email=email).one()
    token = new_token()
    db.session.add(ApiToken(token_hash=hash_token(token), user_id=user.id, name="test"))
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def published(app):
    me = demo_reviewer()
    team = [me, *other_reviewers(2, exclude=me.id)]
    return {
        "team": team,
        "rochdale": publish_review(ROCHDALE, dt.date(2027, 3, 9), team=team),
        "cornwall": publish_review(CORNWALL, dt.date(2027, 5, 4), kind="baseline", team=team),
        "draft": publish_review(CORNWALL, dt.date(2027, 6, 8), status="draft", team=team),
    }


def test_councils_list_is_paged(client, app):
    body = client.get("/api/v1/councils").get_json()
    assert body["limit"] == 50 and body["offset"] == 0
    assert len(body["items"]) == 50 and body["total"] >= 153
    second = client.get("/api/v1/councils?limit=10&offset=10").get_json()
    first = client.get("/api/v1/councils?limit=20").get_json()
    assert [c["gss_code"] for c in second["items"]] == [
        c["gss_code"] for c in first["items"][10:20]]


def test_councils_filter_by_region_name_or_slug(client, app):
    by_slug = client.get("/api/v1/councils?region=north-west&limit=200").get_json()
    by_name = client.get("/api/v1/councils?region=North West&limit=200").get_json()
    assert by_slug == by_name
    assert {c["region"] for c in by_slug["items"]} == {"North West"}
    assert "Rochdale" in {c["name"] for c in by_slug["items"]}


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=ten", "offset=-1",
                                   "offset=x", "region=narnia"])
def test_bad_paging_and_filters_are_json_400s(client, app, query):
    response = client.get(f"/api/v1/councils?{query}")
    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"] == "Bad Request"


def test_council_detail_has_register_ofsted_history_and_published_reviews(client, published):
    body = client.get(f"/api/v1/councils/{ROCHDALE}").get_json()
    assert body["name"] == "Rochdale" and body["region"] == "North West"
    assert body["ofsted_history"] and body["ofsted_history"][0]["start_date"]
    # The seeds' case histories add Rochdale's completed 2013 review.
    assert published["rochdale"].uid in [r["uid"] for r in body["reviews"]]
    assert published["cornwall"].uid not in [r["uid"] for r in body["reviews"]]
    assert all("team" not in r for r in body["reviews"])
    assert client.get("/api/v1/councils/rochdale").get_json()["gss_code"] == ROCHDALE


def test_council_detail_never_carries_teams_even_for_coordinators(client, published):
    sign_in(client, *COORDINATOR)
    body = client.get(f"/api/v1/councils/{ROCHDALE}").get_json()
    assert body["reviews"] and all("team" not in r for r in body["reviews"])


def test_unknown_council_is_a_json_404(client, app):
    response = client.get("/api/v1/councils/E99999999")
    assert response.status_code == 404 and response.is_json
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_reviews_lists_published_reviews_without_personal_data(client, published):
    body = client.get("/api/v1/reviews?year=2027").get_json()
    assert [r["uid"] for r in body["items"]] == [published["rochdale"].uid,
                                                published["cornwall"].uid]
    assert body["items"][0]["ical_status"] == "TENTATIVE"
    assert body["items"][0]["end_date"] == "2027-03-11"
    text = client.get("/api/v1/reviews").get_data(as_text=True)
    for member in published["team"]:
        assert member.name not in text and member.email not in text


def test_reviews_filters(client, published):
    def total(query: str) -> int:
        return client.get(f"/api/v1/reviews?year=2027&{query}").get_json()["total"]

    assert total("region=south-west") == 1
    assert total("council=rochdale") == 1
    assert total("status=cancelled") == 0
    assert client.get("/api/v1/reviews?year=2026").get_json()["total"] == 0
    assert client.get("/api/v1/reviews?status=draft").status_code == 400
    assert client.get("/api/v1/reviews?council=E99999999").status_code == 400
    assert client.get("/api/v1/reviews?year=99").status_code == 400


def test_reviews_include_teams_for_callers_who_may_see_them(client, published):
    token = api_token_for(NORTHWEST[0])
    items = {r["council"]["name"]: r
             for r in client.get("/api/v1/reviews?year=2027",
                                 headers=bearer(token)).get_json()["items"]}
    assert items["Rochdale"]["team"][0]["lead"] is True
    assert "team" not in items["Cornwall"]  # another region


def test_reviewers_need_authentication(client, app):
    response = client.get("/api/v1/reviewers")
    assert response.status_code == 401 and response.is_json
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


@pytest.mark.parametrize("login", [REVIEWER, COUNCIL_USER])
def test_reviewers_are_forbidden_to_non_coordinators(client, app, login):
    sign_in(client, *login)
    response = client.get("/api/v1/reviewers")
    assert response.status_code == 403 and response.is_json
    token = api_token_for(login[0])
    assert client.get("/api/v1/reviewers", headers=bearer(token)).status_code == 403


def test_reviewers_with_a_coordinator_session(client, app):
    sign_in(client, *COORDINATOR)
    body = client.get("/api/v1/reviewers?limit=5").get_json()
    assert len(body["items"]) == 5 and body["total"] > 5
    assert {"reference", "name", "email", "expertise"} <= set(body["items"][0])


def test_regional_coordinator_sees_reviewers_of_their_region_only(client, app):
    token = api_token_for(NORTHWEST[0])
    body = client.get("/api/v1/reviewers?limit=200", headers=bearer(token)).get_json()
    assert body["items"]
    assert {r["home_council"]["region"] for r in body["items"]} == {"North West"}
    other = client.get("/api/v1/reviewers?region=london", headers=bearer(token)).get_json()
    assert other["total"] == 0


def test_bearer_token_works_and_is_noted_and_revocable(client, app):
    token = api_token_for(COORDINATOR[0])
    assert client.get("/api/v1/reviewers", headers=bearer(token)).status_code == 200
    row = db.session.query(ApiToken).one()
    assert row.last_used is not None
    row.revoke()
    db.session.commit()
    response = client.get("/api/v1/reviewers", headers=bearer(token))
    assert response.status_code == 401 and response.is_json


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic abc", "Bearer not-a-token"])
def test_malformed_or_unknown_tokens_are_401(client, app, header):
    response = client.get("/api/v1/reviewers", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_token_loses_what_its_owner_loses(client, app):
    token = api_token_for(COORDINATOR[0])
    user = db.session.query(User).filter_by(email=COORDINATOR[0]).one()
    user.roles = []
    db.session.commit()
    assert client.get("/api/v1/reviewers", headers=bearer(token)).status_code == 403
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/reviewers", headers=bearer(token)).status_code == 401


def test_reviewers_active_filter(client, app):
    sign_in(client, *COORDINATOR)
    body = client.get("/api/v1/reviewers?active=true&limit=200").get_json()
    assert all(r["active"] for r in body["items"])
    assert client.get("/api/v1/reviewers?active=maybe").status_code == 400
