"""Creating accounts from the command line, and signing in with them."""

from __future__ import annotations

from tests.conftest import sign_in


def test_create_user_reads_password_from_stdin_and_can_sign_in(app, runner):
    result = runner.invoke(
        args=["users", "create", "--role", "national_coordinator", "--email", "Lead@Example.org"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    sign_in(client, "lead@example.org", "a-long-enough-password")
    page = client.get("/").get_data(as_text=True)
    assert "Sign out" in page


def test_create_user_rejects_short_password_and_unknown_council(runner):
    result = runner.invoke(
        args=["users", "create", "--role", "reviewer", "--email", "a@example.org"], input="short\n"
    )
    assert result.exit_code == 2 and "password" in result.output
    result = runner.invoke(
        args=["users", "create", "--role", "council_user", "--email", "b@example.org",
              "--council", "E99999999"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 2 and "council" in result.output


def test_wrong_password_is_refused_with_an_error_summary(client):
    response = client.post(
        "/login", data={"email": "coordinator@demo.peerreview.invalid", "password": "wrong-one"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert 'href="#email"' in page


def test_demo_coordinator_can_sign_in_and_out(client):
    sign_in(client, "coordinator@demo.peerreview.invalid", "demo-coordinator")
    response = client.post("/logout")
    assert response.status_code == 302
