"""The app factory, configuration and health check."""

from __future__ import annotations

from pathlib import Path

from peerreview import create_app
from peerreview.config import from_environment


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_with_reason_when_database_unreachable(tmp_path: Path):
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}", "TESTING": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["database"] == "unreachable"
    assert "unable to open database file" in body["reason"]


def test_embedded_defaults_need_no_environment(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = from_environment(tmp_path)
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'peerreview.sqlite'}"
    assert len(str(settings["SECRET_KEY"])) == 64
    # The generated secret is kept, so sessions survive a restart.
    assert from_environment(tmp_path)["SECRET_KEY"] == settings["SECRET_KEY"]


def test_environment_overrides_and_postgres_urls_use_psycopg(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/peer")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    settings = from_environment(tmp_path)
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/peer"
    assert settings["SECRET_KEY"] == "from-env"


def test_security_headers_on_every_page(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_not_dressed_as_a_gov_uk_service(client):
    """No crown, no Crown copyright, no GDS Transport: this is not a GOV.UK service."""
    page = client.get("/councils/").get_data(as_text=True)
    assert "govuk-footer__crown" not in page
    assert "Crown copyright" not in page
    assert "govuk-header__logo" not in page
    response = client.get("/static/app.css")
    stylesheet = response.get_data(as_text=True)
    response.close()
    assert "GDS Transport" not in stylesheet
