"""A coordinator's decisions on a request: approve, amend, decline; versions and audit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from peerreview.extensions import db
from peerreview.models import AuditEntry, ReviewRequest
from tests.app.test_requests_helpers import (
    COORDINATOR,
    CORNWALL,
    NORTH_WEST,
    ROCHDALE,
    ROCHDALE_USER,
    as_user,
    date_fields,
    make_request,
    title_of,
)

LATER = dt.date.today() + dt.timedelta(days=100)


def _audit(item: ReviewRequest) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "review_request", AuditEntry.entity_id == str(item.id)
            )
        )
    )


def _amend_form(item: ReviewRequest, **overrides) -> dict:
    data = {
        **date_fields("earliest", LATER),
        **date_fields("latest", LATER + dt.timedelta(days=30)),
        "days": "4",
        "directors": "1",
        "senior_managers": "2",
        "practitioners": "2",
        "councillors": "1",
        "focus": ["care_leavers"],
        "priority": "5",
        "reason": "Moved to autumn: the director starts in September.",
        "version": str(item.version),
    }
    data.update(overrides)
    return data


def test_approve_sets_status_and_is_audited(client, app):
    item = make_request(ROCHDALE)
    response = as_user(client, COORDINATOR).post(
        f"/requests/{item.id}/approve", data={"version": str(item.version), "note": "Good plan"}
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "approved" and item.decided_by is not None
    entry = _audit(item)[-1]
    assert entry.action == "approve" and entry.before["status"] == "requested"
    assert entry.after["status"] == "approved" and entry.actor == COORDINATOR[0]


def test_approving_again_changes_nothing_and_writes_no_second_history_entry(client, app):
    item = make_request(ROCHDALE)
    as_user(client, COORDINATOR)
    client.post(f"/requests/{item.id}/approve", data={"version": str(item.version)})
    db.session.refresh(item)
    entries = len(_audit(item))
    response = client.post(f"/requests/{item.id}/approve", data={"version": str(item.version)})
    assert response.status_code == 409
    assert "already approved: nothing was changed" in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.status == "approved" and len(_audit(item)) == entries


def test_council_user_sees_the_decision(client, app):
    item = make_request(ROCHDALE)
    as_user(client, COORDINATOR).post(
        f"/requests/{item.id}/decline",
        data={"version": str(item.version), "reason": "No reviewers free in that window"},
    )
    client.post("/logout")
    html = as_user(client, ROCHDALE_USER).get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Declined" in html and "No reviewers free in that window" in html
    assert "Decline" in html  # the history shows the decision


def test_decline_needs_a_reason(client, app):
    item = make_request(ROCHDALE)
    response = as_user(client, COORDINATOR).post(
        f"/requests/{item.id}/decline", data={"version": str(item.version), "reason": "  "}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title_of(html).startswith("Error:")
    assert "Enter the reason for declining the request" in html
    assert 'href="#reason"' in html
    db.session.refresh(item)
    assert item.status == "requested" and not _audit(item)


def test_decline_with_a_reason(client, app):
    item = make_request(ROCHDALE)
    response = as_user(client, COORDINATOR).post(
        f"/requests/{item.id}/decline",
        data={"version": str(item.version), "reason": "A review was held in the spring"},
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "declined"
    assert item.decision_reason == "A review was held in the spring"
    assert _audit(item)[-1].reason == "A review was held in the spring"


def test_amend_changes_window_team_focus_and_priority(client, app):
    item = make_request(ROCHDALE)
    as_user(client, COORDINATOR)
    page = client.get(f"/requests/{item.id}/amend")
    assert page.status_code == 200
    response = client.post(f"/requests/{item.id}/amend", data=_amend_form(item))
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "approved"
    assert (item.earliest, item.days, item.senior_managers, item.councillors) == (
        LATER, 4, 2, 1
    )
    assert item.focus == ["care_leavers"] and item.priority == 5
    entry = _audit(item)[-1]
    assert entry.action == "amend" and entry.before["days"] == 3 and entry.after["days"] == 4


def test_amend_validation_failure(client, app):
    item = make_request(ROCHDALE)
    response = as_user(client, COORDINATOR).post(
        f"/requests/{item.id}/amend",
        data=_amend_form(item, days="zero", directors="0", reason="", focus=[]),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title_of(html).startswith("Error:")
    assert "Days on site must be a whole number" in html
    assert "A review team needs at least one director to lead it" in html
    assert "Enter the reason for the changes" in html
    assert "Select at least one focus area" in html
    db.session.refresh(item)
    assert item.days == 3


def test_two_coordinators_editing_at_once_get_a_clear_conflict(client, app):
    item = make_request(ROCHDALE)
    seen = item.version
    # Someone else amends it first.
    db.session.execute(
        update(ReviewRequest).where(ReviewRequest.id == item.id).values(
            priority=1, version=ReviewRequest.version + 1
        )
    )
    db.session.commit()
    as_user(client, COORDINATOR)
    response = client.post(
        f"/requests/{item.id}/amend", data=_amend_form(item, version=str(seen))
    )
    assert response.status_code == 409
    assert "Someone else changed this request" in response.get_data(as_text=True)
    response = client.post(
        f"/requests/{item.id}/decline", data={"version": str(seen), "reason": "No"}
    )
    assert response.status_code == 409
    assert "Someone else changed this request" in response.get_data(as_text=True)
    db.session.expire_all()
    fresh = db.session.get(ReviewRequest, item.id)
    assert fresh.priority == 1 and fresh.status == "requested"


def test_council_user_cannot_decide(client, app):
    item = make_request(ROCHDALE)
    as_user(client, ROCHDALE_USER)
    assert client.post(f"/requests/{item.id}/approve", data={}).status_code == 403
    assert client.post(f"/requests/{item.id}/decline", data={"reason": "x"}).status_code == 403
    assert client.get(f"/requests/{item.id}/amend").status_code == 403


def test_regional_coordinator_cannot_decide_outside_their_region(client, app):
    item = make_request(CORNWALL)
    as_user(client, NORTH_WEST)
    assert client.post(f"/requests/{item.id}/approve", data={}).status_code == 404
    assert client.get(f"/requests/{item.id}/amend").status_code == 404


def test_decisions_on_a_missing_request_are_not_found(client):
    as_user(client, COORDINATOR)
    assert client.post("/requests/9999/approve", data={}).status_code == 404
    assert client.post("/requests/9999/decline", data={"reason": "x"}).status_code == 404
    assert client.get("/requests/9999/amend").status_code == 404
