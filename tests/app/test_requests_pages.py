"""Review requests: the list, making a request, and reading one, for each kind of user."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import AuditEntry, TeamTemplate
from tests.app.test_requests_helpers import (
    COORDINATOR,
    CORNWALL,
    MANCHESTER,
    NORTH_WEST,
    REVIEWER,
    ROCHDALE,
    ROCHDALE_USER,
    as_user,
    date_fields,
    make_request,
    newest_request,
    request_count,
    title_of,
    with_templates,
)

SOON = dt.date.today() + dt.timedelta(days=30)


def _form(council: str = ROCHDALE, **overrides) -> dict:
    template = db.session.scalar(select(TeamTemplate).where(TeamTemplate.days == 4))
    data = {
        "council": council,
        "kind": "baseline",
        **date_fields("earliest", SOON),
        **date_fields("latest", SOON + dt.timedelta(days=60)),
        "team_template": str(template.id),
        "focus": ["early_help", "front_door"],
        "aims": "Test whether our front door is safe.",
        "success_criteria": "A plan the board owns.",
        "priority": "4",
    }
    data.update(overrides)
    return data


# --- List ------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client):
    for url in ("/requests", "/requests/new", "/requests/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


def test_reviewer_may_not_see_requests(client):
    as_user(client, REVIEWER)
    assert client.get("/requests").status_code == 403
    assert client.get("/requests/new").status_code == 403


def test_council_user_lists_only_their_own_councils_requests(client, app):
    own = make_request(ROCHDALE)
    other = make_request(CORNWALL)
    html = as_user(client, ROCHDALE_USER).get("/requests").get_data(as_text=True)
    assert f"/requests/{own.id}" in html and f"/requests/{other.id}" not in html


def test_regional_coordinator_lists_their_region(client, app):
    near = make_request(MANCHESTER)
    far = make_request(CORNWALL)
    html = as_user(client, NORTH_WEST).get("/requests").get_data(as_text=True)
    assert f"/requests/{near.id}" in html and f"/requests/{far.id}" not in html


def test_national_coordinator_lists_all_and_filters_by_status(client, app):
    waiting = make_request(ROCHDALE)
    declined = make_request(CORNWALL, status="declined", decision_reason="No capacity")
    as_user(client, COORDINATOR)
    html = client.get("/requests").get_data(as_text=True)
    assert f"/requests/{waiting.id}" in html and f"/requests/{declined.id}" in html
    html = client.get("/requests?status=declined").get_data(as_text=True)
    assert f"/requests/{waiting.id}\"" not in html and f"/requests/{declined.id}" in html


# --- New request -----------------------------------------------------------------------------


def test_council_user_requests_a_review_for_their_council(client, app):
    with_templates()
    as_user(client, ROCHDALE_USER)
    page = client.get("/requests/new").get_data(as_text=True)
    assert "Rochdale" in page and "Cornwall" not in page
    assert 'name="priority"' not in page  # priority is for coordinators
    response = client.post("/requests/new", data=_form(priority="5"))
    assert response.status_code == 302
    item = newest_request()
    assert response.location.endswith(f"/requests/{item.id}")
    assert (item.council_code, item.status, item.priority) == (ROCHDALE, "requested", 3)
    assert (item.days, item.councillors) == (4, 1)  # from the 4-day template
    assert item.focus == ["early_help", "front_door"]
    assert item.earliest == SOON
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "review_request", AuditEntry.entity_id == str(item.id)
        )
    )
    assert entry.action == "request" and entry.after["status"] == "requested"


def test_council_user_cannot_request_for_another_council(client, app):
    with_templates()
    before = request_count()
    response = as_user(client, ROCHDALE_USER).post("/requests/new", data=_form(CORNWALL))
    assert response.status_code == 400
    assert "Select a council from the list" in response.get_data(as_text=True)
    assert request_count() == before


def test_coordinator_request_is_approved_with_their_priority(client, app):
    with_templates()
    response = as_user(client, COORDINATOR).post("/requests/new", data=_form(CORNWALL))
    assert response.status_code == 302
    item = newest_request()
    assert (item.council_code, item.status, item.priority) == (CORNWALL, "approved", 4)


def test_regional_coordinator_cannot_request_outside_their_region(client, app):
    with_templates()
    response = as_user(client, NORTH_WEST).post("/requests/new", data=_form(CORNWALL))
    assert response.status_code == 400


def test_new_request_prefills_council_and_kind_from_the_query_string(client, app):
    with_templates()
    html = as_user(client, COORDINATOR).get(
        f"/requests/new?council={MANCHESTER}&kind=validation"
    ).get_data(as_text=True)
    assert f'value="{MANCHESTER}" selected' in html
    assert 'value="validation" checked' in html


def test_empty_request_shows_every_error_linked_to_its_field(client, app):
    with_templates()
    response = as_user(client, ROCHDALE_USER).post("/requests/new", data={"council": ROCHDALE})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title_of(html).startswith("Error:")
    for message, anchor in (
        ("Select the kind of review", "kind"),
        ("Enter the earliest start date", "earliest-day"),
        ("Enter the latest end date", "latest-day"),
        ("Select at least one focus area", "focus"),
        ("Enter the aims of the review", "aims"),
    ):
        assert message in html
        assert f'href="#{anchor}"' in html


def test_window_must_run_forwards_and_not_start_in_the_past(client, app):
    with_templates()
    before = request_count()
    as_user(client, ROCHDALE_USER)
    backwards = client.post(
        "/requests/new",
        data=_form(**date_fields("latest", SOON - dt.timedelta(days=1))),
    )
    assert backwards.status_code == 400
    assert "Latest end date must be after the earliest start date" in backwards.get_data(
        as_text=True
    )
    past = client.post(
        "/requests/new",
        data=_form(**date_fields("earliest", dt.date.today() - dt.timedelta(days=1))),
    )
    assert "Earliest start date must be today or in the future" in past.get_data(as_text=True)
    unreal = client.post("/requests/new", data=_form(earliest=["31", "2", "2027"]))
    assert "Earliest start date must be a real date" in unreal.get_data(as_text=True)
    partial = client.post("/requests/new", data=_form(earliest=["1", "", "2027"]))
    assert "Earliest start date must include a month" in partial.get_data(as_text=True)
    assert request_count() == before


def test_unknown_focus_area_and_template_are_rejected(client, app):
    with_templates()
    response = as_user(client, ROCHDALE_USER).post(
        "/requests/new", data=_form(focus=["astrology"], team_template="999")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select focus areas from the list" in html
    assert "Select a team template from the list" in html


# --- Reading a request -----------------------------------------------------------------------


def test_council_user_sees_their_request_status_and_history(client, app):
    item = make_request(ROCHDALE, status="declined", decision_reason="No reviewers in May")
    html = as_user(client, ROCHDALE_USER).get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Declined" in html and "No reviewers in May" in html
    assert "Decline request" not in html  # decisions are for coordinators


def test_council_user_asking_for_another_councils_request_gets_404(client, app):
    other = make_request(CORNWALL)
    assert as_user(client, ROCHDALE_USER).get(f"/requests/{other.id}").status_code == 404


def test_regional_coordinator_gets_404_outside_their_region(client, app):
    other = make_request(CORNWALL)
    assert as_user(client, NORTH_WEST).get(f"/requests/{other.id}").status_code == 404


def test_missing_request_is_not_found(client):
    assert as_user(client, COORDINATOR).get("/requests/9999").status_code == 404


def test_focus_areas_read_as_practice_areas_not_frameworks(client, app):
    item = make_request(ROCHDALE, focus=["child_protection"])
    html = as_user(client, ROCHDALE_USER).get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Child protection" in html and "child protection framework" not in html
