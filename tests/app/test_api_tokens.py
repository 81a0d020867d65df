"""/api/tokens: coordinators make and revoke their own API tokens; nobody else may."""

from __future__ import annotations

import re

from peerreview.extensions import db
from peerreview.models import ApiToken, AuditEntry
from tests.app.calendar_helpers import COORDINATOR, COUNCIL_USER, NORTHWEST, REVIEWER
from tests.conftest import sign_in


def create(client, name: str = "regional dashboard") -> str:
    response = client.post("/api/tokens", data={"name": name})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Token created" in html
    return re.search(r'<code class="app-token">([^<]+)</code>', html).group(1)


def test_coordinator_creates_a_token_shown_once_and_stored_hashed(client, app):
    sign_in(client, *COORDINATOR)
    token = create(client)
    row = db.session.query(ApiToken).one()
    assert row.name == "regional dashboard" and row.token_hash != token
    assert token not in client.get("/api/tokens").get_data(as_text=True)
    assert "regional dashboard" in client.get("/api/tokens").get_data(as_text=True)
    client.post("/logout")
    response = client.get("/api/v1/reviewers", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert db.session.query(AuditEntry).filter_by(entity="api_token", action="create").count()


def test_a_token_needs_a_name(client, app):
    sign_in(client, *NORTHWEST)
    response = client.post("/api/tokens", data={"name": "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter what the token is for" in html and "<title>Error: " in html
    response = client.post("/api/tokens", data={"name": "x" * 81})
    assert response.status_code == 400
    assert db.session.query(ApiToken).count() == 0


def test_coordinator_revokes_their_token(client, app):
    sign_in(client, *COORDINATOR)
    token = create(client)
    row = db.session.query(ApiToken).one()
    response = client.post(f"/api/tokens/{row.id}/revoke")
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.revoked_at is not None
    assert "Revoked" in client.get("/api/tokens").get_data(as_text=True)
    response = client.get("/api/v1/reviewers", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_nobody_revokes_someone_elses_token(client, app):
    sign_in(client, *COORDINATOR)
    create(client)
    row = db.session.query(ApiToken).one()
    client.post("/logout")
    sign_in(client, *NORTHWEST)
    assert client.post(f"/api/tokens/{row.id}/revoke").status_code == 404
    assert client.post("/api/tokens/999999/revoke").status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None


def test_only_coordinators_have_tokens(client, app):
    assert client.get("/api/tokens").status_code == 302
    for login in (REVIEWER, COUNCIL_USER):
        sign_in(client, *login)
        assert client.get("/api/tokens").status_code == 403
        assert client.post("/api/tokens", data={"name": "x"}).status_code == 403
        client.post("/logout")


def test_pages_showing_secrets_are_never_cached(client, app):
    sign_in(client, *COORDINATOR)
    assert client.post("/api/tokens", data={"name": "x"}).headers["Cache-Control"] == "no-store"
    client.post("/logout")
    sign_in(client, *REVIEWER)
    response = client.post("/calendar/my-feed", data={"action": "create"})
    assert response.headers["Cache-Control"] == "no-store"
