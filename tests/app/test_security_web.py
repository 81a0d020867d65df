"""Web security: CSRF on every state-changing route, a strict Content-Security-Policy that
every page satisfies, HSTS over https, and the session cookie's flags."""

from __future__ import annotations

import re

from flask import g

from peerreview.extensions import db
from peerreview.models import User
from peerreview.models.tokens import hash_token, new_token
from tests.app.security_fixtures import ROLES, build_world
from tests.app.test_authz_matrix import CASES
from tests.conftest import sign_in

#: Users by role, as seeded (tests/app/security_fixtures.py ROLES).
USER_IDS = {"national": 1, "regional": 2, "council": 3, "reviewer": 4}
ROLE_ORDER = list(ROLES)


def _client_as(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        # Signed in without posting the sign-in form, which would itself need a CSRF token.
        with client.session_transaction() as session:
            session["_user_id"] = db.session.get(User, USER_IDS[role]).get_id()
            session["_fresh"] = True
    return client


def _allowed_role(case) -> str:
    """A role that may make this request, so CSRF (not authorisation) is what refuses it."""
    for role, letter in zip(ROLE_ORDER, case.expect, strict=True):
        if letter in "-o":
            return role
    return "national"


def test_every_state_changing_route_refuses_a_post_without_a_csrf_token(app):
    ids = build_world().ids
    app.config["WTF_CSRF_ENABLED"] = True
    posts = {}
    for case in CASES:
        if case.method == "POST":
            posts.setdefault(case.rule, case)
    failures = []
    for case in posts.values():
        role = _allowed_role(case)
        client = _client_as(app, role)
        g.pop("_login_user", None)
        response = client.post(case.url.format(**ids), data={"anything": "1"})
        if response.status_code != 400:
            failures.append(f"{role} POST {case.url}: {response.status_code}, expected 400")
    assert not failures, "\n".join(failures)


def test_a_post_with_the_token_is_accepted(app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None, page[:2000]
    response = client.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "email": "coordinator@demo.peerreview.invalid",
            "password": "demo-coordinator",
        },
    )
    assert response.status_code == 302


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _csp_problems(url: str, response) -> list[str]:
    policy = response.headers.get("Content-Security-Policy", "")
    problems = []
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"):
        if directive not in policy:
            problems.append(f"{url}: the policy lacks {directive}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"{url}: the policy allows unsafe-inline or unsafe-eval")
    nonce = re.search(r"'nonce-([^']+)'", policy)
    html = response.get_data(as_text=True)
    for attributes in SCRIPT.findall(html):
        if "src=" in attributes:
            if re.search(r"src=\"(https?:)?//", attributes):
                problems.append(f"{url}: a script from another site: {attributes}")
            continue
        if nonce is None or f'nonce="{nonce.group(1)}"' not in attributes:
            problems.append(f"{url}: an inline script without the page's nonce")
    if STYLE_ATTRIBUTE.search(html):
        problems.append(f"{url}: a style= attribute: {STYLE_ATTRIBUTE.search(html).group(0)}")
    if HANDLER_ATTRIBUTE.search(html):
        problems.append(f"{url}: an inline event handler: {HANDLER_ATTRIBUTE.search(html)[0]}")
    if "javascript:" in html.lower():
        problems.append(f"{url}: a javascript: URL")
    return problems


def test_every_page_satisfies_the_content_security_policy(app):
    """Every HTML page each role may open, with real objects, and the error pages."""
    ids = build_world().ids
    problems: list[str] = []
    pages = 0
    for role in ROLE_ORDER:
        client = app.test_client()
        g.pop("_login_user", None)
        if ROLES[role]:
            sign_in(client, *ROLES[role])
        for case in CASES:
            if case.method != "GET":
                continue
            g.pop("_login_user", None)
            url = case.url.format(**ids)
            response = client.get(url)
            if "text/html" not in response.content_type:
                continue
            pages += 1
            problems += _csp_problems(f"{role} {url}", response)
        # Error pages and the forms' failed validation are pages too.
        g.pop("_login_user", None)
        problems += _csp_problems("404", client.get("/no-such-page"))
    assert pages > 100
    assert not problems, "\n".join(sorted(set(problems)))


def test_security_headers_and_hsts_only_over_https(client):
    plain = client.get("/")
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    assert plain.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get("/", base_url="https://localhost")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_session_cookie_is_httponly_samesite_and_secure_when_configured(app, client):
    response = client.post(
        "/login",
        data={"email": "coordinator@demo.peerreview.invalid", "password": "demo-coordinator"},
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = app.test_client().post(
        "/login",
        data={"email": "coordinator@demo.peerreview.invalid", "password": "demo-coordinator"},
        base_url="https://localhost",
    )
    assert "Secure" in secure.headers["Set-Cookie"]


def test_secret_tokens_carry_at_least_128_random_bits_and_are_stored_hashed():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert min(len(token) for token in tokens) >= 43  # 32 bytes of URL-safe base64
    token = next(iter(tokens))
    assert token not in hash_token(token) and len(hash_token(token)) == 64


def test_behind_a_proxy_the_forwarded_scheme_turns_on_hsts(app):
    from peerreview import create_app

    config = dict(app.config, PROXY_FIX=True)
    proxied = create_app(config).test_client()
    response = proxied.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    direct = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in direct.headers


def test_text_with_a_nul_character_is_a_clear_400_not_a_server_error(client):
    """PostgreSQL refuses U+0000 in text; schemathesis found /api/v1/reviews?council=%00."""
    api = client.get("/api/v1/reviews?council=%00")
    assert api.status_code == 400
    assert "NUL" in api.get_json()["message"]
    page = client.get("/councils/?q=a%00b")
    assert page.status_code == 400
    assert "NUL" in page.get_data(as_text=True)
    form = client.post("/login", data={"email": "a\x00@example.invalid", "password": "x"})
    assert form.status_code == 400
