"""The /due page: who sees it, its filters, and making a request from a row."""

from __future__ import annotations

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import AuditEntry
from tests.app.test_requests_helpers import (
    COORDINATOR,
    CORNWALL,
    NORTH_WEST,
    REVIEWER,
    ROCHDALE,
    ROCHDALE_USER,
    as_user,
    close_open_requests,
    make_request,
    newest_request,
    request_count,
    title_of,
    with_templates,
)


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/due")
    assert response.status_code == 302 and "/login" in response.location


def test_council_user_and_reviewer_may_not_see_the_due_list(client):
    assert as_user(client, ROCHDALE_USER).get("/due").status_code == 403
    client.post("/logout")
    assert as_user(client, REVIEWER).get("/due").status_code == 403


def test_national_coordinator_sees_every_region(client):
    html = as_user(client, COORDINATOR).get("/due").get_data(as_text=True)
    assert "in England" in html
    assert "Cornwall" in html and "Rochdale" in html
    assert "Create request" in html


def test_regional_coordinator_sees_their_region_by_default(client):
    html = as_user(client, NORTH_WEST).get("/due").get_data(as_text=True)
    assert "in North West" in html
    assert "Rochdale" in html and "Cornwall" not in html


def test_regional_coordinator_can_look_at_all_regions_but_only_request_in_their_own(client):
    html = as_user(client, NORTH_WEST).get("/due?region=").get_data(as_text=True)
    assert "Cornwall" in html
    cornwall_row = html[html.index(">Cornwall<"):][:3000]
    assert "Create request" not in cornwall_row.split("</tr>")[0]


def test_as_of_2013_shows_rochdale_baseline(client):
    response = as_user(client, COORDINATOR).get(
        "/due?region=North+West&kind=baseline&as_of=1&as_of=1&as_of=2013"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "as it stood on 1 January 2013" in html
    assert "Rochdale" in html and "New director of children" in html
    assert "1 February 2013 to 1 May 2013" in html
    assert "Create request" not in html  # requests are for today, not the past


def test_cycle_period_comes_from_the_query_string(client):
    as_user(client, COORDINATOR)
    short = client.get("/due?kind=cycle&cycle_years=1&region=").get_data(as_text=True)
    assert "value=\"1\"" in short


def test_invalid_filters_show_the_error_summary(client):
    response = as_user(client, COORDINATOR).get(
        "/due?cycle_years=x&as_of=31&as_of=2&as_of=2026&region=Atlantis"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title_of(html).startswith("Error:")
    assert "Cycle period in years must be a whole number" in html
    assert 'href="#cycle_years"' in html
    assert "The as-of date must be a real date" in html
    assert "Select a region from the list" in html


def test_create_request_from_a_due_row_is_approved_and_audited(client, app):
    with_templates()
    close_open_requests(ROCHDALE)
    response = as_user(client, COORDINATOR).post("/due/request", data={"council": ROCHDALE})
    assert response.status_code == 302
    item = newest_request()
    assert item.council_code == ROCHDALE and item.status == "approved"
    assert response.location.endswith(f"/requests/{item.id}")
    assert item.prompted_by and item.team_template_id is not None
    assert item.earliest > __import__("datetime").date.today()
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "review_request", AuditEntry.entity_id == str(item.id)
        )
    )
    assert entry.action == "request_from_due" and entry.actor == COORDINATOR[0]
    # The row now links to the request instead of offering a second one.
    html = client.get("/due?region=North+West").get_data(as_text=True)
    assert f"/requests/{item.id}" in html


def test_second_request_for_the_same_council_goes_to_the_first(client, app):
    close_open_requests(ROCHDALE)
    existing = make_request(ROCHDALE)
    before = request_count()
    response = as_user(client, COORDINATOR).post("/due/request", data={"council": ROCHDALE})
    assert response.status_code == 302 and response.location.endswith(f"/requests/{existing.id}")
    assert request_count() == before


def test_create_request_for_an_unknown_council_is_not_found(client):
    response = as_user(client, COORDINATOR).post("/due/request", data={"council": "E99999999"})
    assert response.status_code == 404


def test_regional_coordinator_cannot_request_outside_their_region(client):
    response = as_user(client, NORTH_WEST).post("/due/request", data={"council": CORNWALL})
    assert response.status_code == 404


def test_council_user_cannot_create_from_the_due_list(client):
    response = as_user(client, ROCHDALE_USER).post("/due/request", data={"council": ROCHDALE})
    assert response.status_code == 403


def test_nudged_council_sees_the_suggestion_until_it_requests(client, app):
    with_templates()
    close_open_requests(ROCHDALE)
    response = as_user(client, COORDINATOR).post("/due/nudge", data={"council": ROCHDALE})
    assert response.status_code == 302
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "nudge", AuditEntry.entity_id == ROCHDALE)
    )
    assert entry.actor == COORDINATOR[0] and entry.after["reasons"]
    assert "Council nudged on" in client.get("/due?region=North+West").get_data(as_text=True)
    client.post("/logout")
    as_user(client, ROCHDALE_USER)
    html = client.get("/requests").get_data(as_text=True)
    assert "A coordinator suggests you request a" in html
    assert f"/requests/new?kind={entry.after['kind']}" in html
    make_request(ROCHDALE)
    assert "A coordinator suggests" not in client.get("/requests").get_data(as_text=True)


def test_nudge_for_a_council_out_of_scope_is_not_found(client):
    response = as_user(client, NORTH_WEST).post("/due/nudge", data={"council": CORNWALL})
    assert response.status_code == 404
    client.post("/logout")
    response = as_user(client, ROCHDALE_USER).post("/due/nudge", data={"council": ROCHDALE})
    assert response.status_code == 403


def test_a_council_with_a_review_on_a_rota_is_marked_not_offered_a_second_request(app, client):
    """Once Rochdale's review is on a rota (here published for next spring), its row says so
    instead of offering "Create request", and is no longer flagged overdue."""
    import datetime as dt
    import uuid

    from peerreview.models import Review

    close_open_requests(ROCHDALE)
    start = dt.date.today() + dt.timedelta(days=70)
    db.session.add(Review(
        council_code=ROCHDALE, kind="cycle", earliest=start, latest=start + dt.timedelta(days=30),
        status="published", start_date=start, end_date=start + dt.timedelta(days=2), days=3,
        uid=f"review-{uuid.uuid4()}@peerreview", sequence=1,
    ))
    db.session.commit()
    html = as_user(client, COORDINATOR).get("/due?region=North+West").get_data(as_text=True)
    row = html[html.index(">Rochdale<"):].split("</tr>")[0]
    assert "Review published" in row and "Create request" not in row and "Overdue" not in row
    assert "1 of them already on a rota" in html
