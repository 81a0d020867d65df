"""Sign-in, password reset and rate limits: what an attacker at the sign-in page can learn
and do."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from flask import g
from sqlalchemy import select

from peerreview.extensions import db, limiter
from peerreview.models import AuditEntry, PasswordReset, User
from tests.conftest import sign_in

COORDINATOR = "coordinator@demo.peerreview.invalid"


def _reset_link(caplog: pytest.LogCaptureFixture) -> str:
    links = re.findall(r"Password reset link for \S+: http://localhost(\S+)", caplog.text)
    assert links, caplog.text
    return links[-1]


def _ask_for_reset(client, caplog, email: str = COORDINATOR) -> str:
    with caplog.at_level(logging.WARNING):
        response = client.post("/forgot-password", data={"email": email})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    return _reset_link(caplog)


def test_wrong_email_and_wrong_password_get_the_same_answer(client):
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    wrong = client.post("/login", data={"email": COORDINATOR, "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 400
    message = "Enter a correct email address and password"
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)


def test_login_page_links_to_password_reset(client):
    assert 'href="/forgot-password"' in client.get("/login").get_data(as_text=True)


def test_reset_link_sets_a_new_password_once(app, client, caplog):
    link = _ask_for_reset(client, caplog)
    stored = db.session.scalars(select(PasswordReset)).all()
    assert len(stored) == 1
    token = link.rsplit("/", 1)[1]
    assert token not in stored[0].token_hash and len(token) >= 22  # >= 128 bits, hashed
    assert client.get(link).status_code == 200
    response = client.post(
        link, data={"password": "a brand new password", "confirm": "a brand new password"}
    )
    assert response.status_code == 302 and response.location.endswith("/login")
    sign_in(client, COORDINATOR, "a brand new password")
    # Spent: the same link no longer works, with or without a form.
    assert client.get(link).status_code == 404
    again = client.post(
        link, data={"password": "another password!", "confirm": "another password!"}
    )
    assert again.status_code == 404
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reset_password"))


def test_reset_form_validates(client, caplog):
    link = _ask_for_reset(client, caplog)
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert "at least 12 characters" in short.get_data(as_text=True)
    mismatch = client.post(link, data={"password": "long enough pass", "confirm": "different one!"})
    assert mismatch.status_code == 400
    assert "Passwords must match" in mismatch.get_data(as_text=True)


def test_expired_reset_link_is_refused(client, caplog):
    link = _ask_for_reset(client, caplog)
    reset = db.session.scalars(select(PasswordReset)).one()
    reset.expires_at = dt.datetime(2000, 1, 1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 404
    assert "This link has expired" in response.get_data(as_text=True)


def test_a_new_password_voids_other_outstanding_links(client, caplog):
    first = _ask_for_reset(client, caplog)
    second = _ask_for_reset(client, caplog)
    assert first != second
    client.post(
        second, data={"password": "a brand new password", "confirm": "a brand new password"}
    )
    assert client.get(first).status_code == 404


def test_forgot_password_does_not_reveal_whether_an_account_exists(client, caplog):
    with caplog.at_level(logging.WARNING):
        unknown = client.post("/forgot-password", data={"email": "nobody@example.org"})
    known = client.post("/forgot-password", data={"email": COORDINATOR})
    assert unknown.status_code == known.status_code == 200

    def strip(response) -> str:
        text = response.get_data(as_text=True)
        return text.replace("nobody@example.org", "E").replace(COORDINATOR, "E")

    assert re.sub(r'nonce="[^"]+"', "", strip(unknown)) == re.sub(
        r'nonce="[^"]+"', "", strip(known)
    )
    assert db.session.scalars(select(PasswordReset)).all().__len__() == 1


def test_garbage_reset_tokens_are_404(client):
    for token in ["x", "a" * 43, "a" * 5000]:
        assert client.get(f"/reset-password/{token}").status_code == 404
    # A NUL character is refused before any route runs (see web.refuse_nul_characters).
    assert client.get("/reset-password/%00").status_code == 400


def test_reset_link_is_sent_by_smtp_when_configured(app, client, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append("tls")

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr("peerreview.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(
        MAIL_SERVER="smtp.example.org",
        MAIL_PORT=587,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="mailer",
        MAIL_SENDER="peerreview@example.org",
    )
    client.post("/forgot-password", data={"email": COORDINATOR})
    assert sent[0] == ("smtp.example.org", 587) and "tls" in sent
    message = sent[-1]
    assert message["To"] == COORDINATOR
    assert "/reset-password/" in message.get_content()


def test_sign_in_is_rate_limited_with_a_clear_page(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    limiter.reset()
    try:
        codes = [
            client.post("/login", data={"email": COORDINATOR, "password": "wrong" * 3}).status_code
            for _ in range(11)
        ]
        assert codes[:10] == [400] * 10
        assert codes[10] == 429
        page = client.post("/login", data={"email": COORDINATOR, "password": "wrong" * 3})
        assert page.status_code == 429
        assert "Too many attempts" in page.get_data(as_text=True)
        # Reading the page is not limited.
        assert client.get("/login").status_code == 200
    finally:
        limiter.reset()


def test_password_reset_is_rate_limited(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    limiter.reset()
    try:
        codes = [
            client.post("/forgot-password", data={"email": "nobody@example.org"}).status_code
            for _ in range(6)
        ]
        assert codes == [200] * 5 + [429]
    finally:
        limiter.reset()


def test_old_password_hashes_are_upgraded_on_sign_in(app, client):
    from werkzeug.security import generate_password_hash

    user = db.session.scalar(select(User).where(User.email == COORDINATOR))
    user.password_hash = generate_password_hash("demo-coordinator", method="pbkdf2:sha256")
    db.session.commit()
    sign_in(client, COORDINATOR, "demo-coordinator")
    db.session.refresh(user)
    assert user.password_hash.startswith("scrypt:")


def test_open_redirects_are_refused(client):
    for target in ["//evil.example", "https://evil.example/", "/\\evil.example"]:
        response = client.post(
            f"/login?next={target}",
            data={"email": COORDINATOR, "password": "demo-coordinator"},
        )
        assert response.status_code == 302
        assert "evil" not in response.location
        client.post("/logout")


def test_a_new_password_ends_every_session_signed_in_with_the_old_one(app):
    """Someone who suspects their account is used elsewhere resets the password: the other
    browser's session stops working at its next request."""
    elsewhere = app.test_client()
    sign_in(elsewhere, COORDINATOR, "demo-coordinator")
    assert elsewhere.get("/rota/").status_code == 200
    user = db.session.scalar(select(User).where(User.email == COORDINATOR))
    user.set_password("a-brand-new-passphrase")
    db.session.commit()
    g.pop("_login_user", None)  # the tests share one app context; a server's requests do not
    response = elsewhere.get("/rota/")
    assert response.status_code == 302 and "/login" in response.location
    fresh = app.test_client()
    g.pop("_login_user", None)
    sign_in(fresh, COORDINATOR, "a-brand-new-passphrase")
    assert fresh.get("/rota/").status_code == 200


def test_a_session_id_without_the_password_mark_is_not_a_session(app):
    client = app.test_client()
    user = db.session.scalar(select(User).where(User.email == COORDINATOR))
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # the form ids had before the mark
    assert client.get("/rota/").status_code == 302
