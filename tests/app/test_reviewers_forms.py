"""Creating, editing and retiring reviewers; their dates, employers and conflicts."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from peerreview.extensions import db
from peerreview.models import AuditEntry, Reviewer, ReviewerConflict
from peerreview.reference import vocabulary
from tests.app.reviewers_helpers import (
    COORDINATOR,
    LONDON,
    NORTH_WEST,
    NORTH_WEST_OTHER,
    OWN,
    REVIEWER,
    ROCHDALE_USER,
    as_user,
    reviewer,
)


def reviewer_form(**overrides: str) -> dict[str, str]:
    data = {
        "reference": "R9001",
        "name": "Pat Example",
        "email": "pat.example@example.org",
        "council_code": "E08000005",
        "role": "senior_manager",
        "max_reviews": "3",
        "max_days": "12",
    }
    data.update({f"expertise_{area}": "0" for area in vocabulary.PRACTICE_AREAS})
    data["expertise_front_door"] = "3"
    data["expertise_care_leavers"] = "2"
    data.update(overrides)
    return data


def assert_failed(response, *messages: str) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    for message in messages:
        assert message in page, message


def audit_actions(reference: str) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "reviewer", AuditEntry.entity_id == reference)
            .order_by(AuditEntry.id)
        )
    )


# --- Create ------------------------------------------------------------------------------------


def test_create_form_suggests_the_next_reference(client):
    as_user(client, COORDINATOR)
    response = client.get("/reviewers/new")
    assert response.status_code == 200
    assert 'value="R0001"' in response.get_data(as_text=True)


def test_coordinator_creates_a_reviewer_with_expertise(client):
    as_user(client, COORDINATOR)
    response = client.post("/reviewers/new", data=reviewer_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reviewers/R9001")
    created = reviewer("R9001")
    assert created.name == "Pat Example" and created.active and not created.demo
    assert created.expertise_levels() == {"front_door": 3, "care_leavers": 2}
    assert audit_actions("R9001") == ["create"]
    page = client.get("/reviewers/R9001").get_data(as_text=True)
    assert "Pat Example added to the pool." in page and "Rochdale" in page


def test_create_validation_failures_link_to_the_fields(client):
    as_user(client, COORDINATOR)
    response = client.post(
        "/reviewers/new",
        data=reviewer_form(name="", email="not-an-email", council_code="", role="",
                           max_reviews="-1", reference="bad ref!"),
    )
    assert_failed(
        response,
        "Enter the reviewer&#39;s full name",
        'href="#name"',
        "Enter an email address in the correct format",
        "Select the reviewer&#39;s home council",
        "Select the reviewer&#39;s role",
        "Most reviews must be between 0 and 50",
        "Reference must be up to 20 letters",
    )
    assert reviewer("R9001") is None


def test_create_refuses_duplicate_reference_and_email(client):
    as_user(client, COORDINATOR)
    taken = reviewer(OWN)
    response = client.post(
        "/reviewers/new", data=reviewer_form(reference=OWN, email=taken.email.upper())
    )
    assert_failed(response, "Another reviewer already has this reference",
                  "Another reviewer already has this email address")


def test_regional_coordinator_cannot_create_outside_region(client):
    as_user(client, NORTH_WEST)
    response = client.post("/reviewers/new", data=reviewer_form(council_code="E09000008"))
    assert_failed(response, "Not a valid choice")
    response = client.post("/reviewers/new", data=reviewer_form())
    assert response.status_code == 302


def test_create_is_not_for_reviewers_or_councils(client):
    as_user(client, REVIEWER)
    assert client.post("/reviewers/new", data=reviewer_form()).status_code == 403
    client.post("/logout")
    as_user(client, ROCHDALE_USER)
    assert client.post("/reviewers/new", data=reviewer_form()).status_code == 403
    assert reviewer("R9001") is None


# --- Edit --------------------------------------------------------------------------------------


def test_edit_form_shows_current_levels(client):
    as_user(client, COORDINATOR)
    page = client.get(f"/reviewers/{OWN}/edit").get_data(as_text=True)
    assert "Isla Pickles" in page and 'name="expertise_leadership"' in page
    assert '<option value="3" selected' in page


def test_coordinator_edits_details_and_levels(client):
    as_user(client, COORDINATOR)
    before = reviewer(OWN)
    data = reviewer_form(name="Isla Pickles-Jones", email=before.email, council_code="E08000015",
                         role="director", version=str(before.version))
    del data["reference"]
    response = client.post(f"/reviewers/{OWN}/edit", data=MultiDict(data))
    assert response.status_code == 302
    after = reviewer(OWN)
    assert after.name == "Isla Pickles-Jones"
    assert after.expertise_levels() == {"front_door": 3, "care_leavers": 2}
    assert after.reference == OWN
    assert audit_actions(OWN) == ["update"]


def test_edit_with_a_stale_version_shows_a_conflict(client):
    as_user(client, COORDINATOR)
    current = reviewer(OWN)
    data = reviewer_form(email=current.email, council_code="E08000015",
                         version=str(current.version - 1 if current.version > 1 else 99))
    response = client.post(f"/reviewers/{OWN}/edit", data=MultiDict(data))
    assert_failed(response, "Someone else changed this reviewer while you were editing")
    assert reviewer(OWN).name == "Isla Pickles"


def test_edit_validation_failure(client):
    as_user(client, COORDINATOR)
    other = reviewer(NORTH_WEST_OTHER)
    data = reviewer_form(email=other.email, max_days="a lot", version="1")
    response = client.post(f"/reviewers/{OWN}/edit", data=MultiDict(data))
    assert_failed(response, "Another reviewer already has this email address")


def test_edit_unknown_reviewer_is_404(client):
    as_user(client, COORDINATOR)
    assert client.post("/reviewers/NOBODY/edit", data=reviewer_form()).status_code == 404


def test_regional_coordinator_cannot_edit_outside_region(client):
    as_user(client, NORTH_WEST)
    assert client.post(f"/reviewers/{LONDON}/edit", data=reviewer_form()).status_code == 404


# --- Retire and reinstate ----------------------------------------------------------------------


def test_retire_and_reinstate_keep_the_record(client):
    as_user(client, COORDINATOR)
    response = client.post(f"/reviewers/{OWN}/retire", data={"reason": "Moved abroad"})
    assert response.status_code == 302
    assert reviewer(OWN).active is False
    page = client.get("/reviewers/?status=retired").get_data(as_text=True)
    assert "Isla Pickles" in page
    assert client.post(f"/reviewers/{OWN}/reinstate").status_code == 302
    assert reviewer(OWN).active is True
    assert audit_actions(OWN) == ["retire", "reinstate"]


def test_retire_reason_too_long_fails(client):
    as_user(client, COORDINATOR)
    response = client.post(f"/reviewers/{OWN}/retire", data={"reason": "x" * 2001})
    assert_failed(response, "Reason must be 2000 characters or fewer")
    assert reviewer(OWN).active is True


def test_retire_access(client):
    as_user(client, COORDINATOR)
    assert client.post("/reviewers/NOBODY/retire").status_code == 404
    assert client.post("/reviewers/NOBODY/reinstate").status_code == 404
    client.post("/logout")
    as_user(client, REVIEWER)
    assert client.post(f"/reviewers/{OWN}/retire").status_code == 403
    assert client.post(f"/reviewers/{OWN}/reinstate").status_code == 403
    assert reviewer(OWN).active is True


# --- Unavailable dates -------------------------------------------------------------------------


def dates(prefix: str, day: str, month: str, year: str) -> list[tuple[str, str]]:
    return [(prefix, day), (prefix, month), (prefix, year)]


def test_reviewer_adds_and_removes_own_unavailable_dates(client):
    as_user(client, REVIEWER)
    count = len(reviewer(OWN).unavailability)
    data = dates("start_date", "1", "3", "2027") + dates("end_date", "5", "3", "2027")
    response = client.post(f"/reviewers/{OWN}/unavailable/new?from=me",
                           data=MultiDict(data + [("reason", "Conference")]))
    assert response.status_code == 302 and response.headers["Location"].endswith("/reviewers/me")
    items = reviewer(OWN).unavailability
    assert len(items) == count + 1
    added = next(item for item in items if item.reason == "Conference")
    response = client.post(f"/reviewers/{OWN}/unavailable/{added.id}/remove")
    assert response.status_code == 302
    assert len(reviewer(OWN).unavailability) == count


def test_end_before_start_is_an_error_on_the_end_field(client):
    as_user(client, COORDINATOR)
    data = dates("start_date", "10", "3", "2027") + dates("end_date", "5", "3", "2027")
    response = client.post(f"/reviewers/{OWN}/unavailable/new", data=MultiDict(data))
    assert_failed(response, "Last day unavailable must be the same as or after the first day",
                  'href="#end_date-day"')


def test_unreal_and_missing_dates_are_errors(client):
    as_user(client, COORDINATOR)
    data = dates("start_date", "31", "2", "2027") + dates("end_date", "", "", "")
    response = client.post(f"/reviewers/{OWN}/unavailable/new", data=MultiDict(data))
    assert_failed(response, "First day unavailable must be a real date",
                  "Enter the last day unavailable")


def test_unavailable_dates_not_found_and_access(client):
    as_user(client, REVIEWER)
    other = reviewer(NORTH_WEST_OTHER)
    data = dates("start_date", "1", "3", "2027") + dates("end_date", "5", "3", "2027")
    assert client.post(f"/reviewers/{NORTH_WEST_OTHER}/unavailable/new",
                       data=MultiDict(data)).status_code == 404
    if other.unavailability:
        item = other.unavailability[0]
        # Someone else's dates, through one's own record: still not found.
        assert client.post(f"/reviewers/{OWN}/unavailable/{item.id}/remove").status_code == 404
    assert client.post(f"/reviewers/{OWN}/unavailable/999999/remove").status_code == 404


# --- Past employers ----------------------------------------------------------------------------


def test_coordinator_adds_and_removes_a_past_employer(client):
    as_user(client, COORDINATOR)
    data = [("council_code", "E08000005")] + dates("until", "31", "3", "2025")
    assert client.post(f"/reviewers/{OWN}/employers/new", data=MultiDict(data)).status_code == 302
    job = next(e for e in reviewer(OWN).employments if e.council_code == "E08000005")
    assert str(job.until) == "2025-03-31"
    assert client.post(f"/reviewers/{OWN}/employers/{job.id}/remove").status_code == 302
    assert all(e.council_code != "E08000005" for e in reviewer(OWN).employments)


def test_past_employer_validation_and_access(client):
    as_user(client, COORDINATOR)
    data = MultiDict([("council_code", "")] + dates("until", "1", "13", "2025"))
    response = client.post(f"/reviewers/{OWN}/employers/new", data=data)
    assert_failed(response, "Select the council they worked for", "Worked there until must be")
    assert client.post(f"/reviewers/{OWN}/employers/999999/remove").status_code == 404
    client.post("/logout")
    as_user(client, REVIEWER)
    job = reviewer(OWN).employments[0]
    assert client.post(f"/reviewers/{OWN}/employers/{job.id}/remove").status_code == 403


# --- Conflicts ---------------------------------------------------------------------------------


def test_reviewer_declares_and_removes_an_unpinned_conflict(client):
    as_user(client, REVIEWER)
    response = client.post(f"/reviewers/{OWN}/conflicts/new",
                           data={"council_code": "E08000005", "kind": "personal"})
    assert response.status_code == 302
    conflict = next(c for c in reviewer(OWN).conflicts if c.council_code == "E08000005")
    assert conflict.pinned is False
    page = client.get("/reviewers/me").get_data(as_text=True)
    assert "Declared" in page and "Rochdale" in page
    assert client.post(f"/reviewers/{OWN}/conflicts/{conflict.id}/remove").status_code == 302
    assert all(c.council_code != "E08000005" for c in reviewer(OWN).conflicts)


def test_reviewer_cannot_remove_a_confirmed_conflict(client):
    as_user(client, REVIEWER)
    client.post(f"/reviewers/{OWN}/conflicts/new",
                data={"council_code": "E08000005", "kind": "professional"})
    conflict = next(c for c in reviewer(OWN).conflicts if c.council_code == "E08000005")
    client.post("/logout")
    as_user(client, COORDINATOR)
    assert client.post(f"/reviewers/{OWN}/conflicts/{conflict.id}/confirm").status_code == 302
    assert db.session.get(ReviewerConflict, conflict.id).pinned is True
    client.post("/logout")
    as_user(client, REVIEWER)
    assert client.post(f"/reviewers/{OWN}/conflicts/{conflict.id}/remove").status_code == 403
    assert db.session.get(ReviewerConflict, conflict.id) is not None
    assert client.post(f"/reviewers/{OWN}/conflicts/{conflict.id}/confirm").status_code == 403


def test_coordinator_conflicts_are_pinned_and_removable_by_coordinator(client):
    as_user(client, COORDINATOR)
    client.post(f"/reviewers/{OWN}/conflicts/new",
                data={"council_code": "E08000005", "kind": "collaborator", "note": "Co-author"})
    conflict = next(c for c in reviewer(OWN).conflicts if c.council_code == "E08000005")
    assert conflict.pinned is True and conflict.note == "Co-author"
    assert client.post(f"/reviewers/{OWN}/conflicts/{conflict.id}/remove").status_code == 302
    assert db.session.get(ReviewerConflict, conflict.id) is None
    assert audit_actions(OWN) == ["add_conflict", "remove_conflict"]


def test_conflict_validation_failures(client):
    as_user(client, REVIEWER)
    response = client.post(f"/reviewers/{OWN}/conflicts/new", data={"council_code": ""})
    assert_failed(response, "Select the council the conflict is with",
                  "Select the kind of conflict")
    home = reviewer(OWN).council_code
    response = client.post(f"/reviewers/{OWN}/conflicts/new",
                           data={"council_code": home, "kind": "personal"})
    assert_failed(response, "Their home council is always excluded")
    client.post(f"/reviewers/{OWN}/conflicts/new",
                data={"council_code": "E08000005", "kind": "personal"})
    response = client.post(f"/reviewers/{OWN}/conflicts/new",
                           data={"council_code": "E08000005", "kind": "professional"})
    assert_failed(response, "A conflict with this council is already recorded")


def test_conflict_not_found_and_access(client):
    as_user(client, COORDINATOR)
    assert client.post(f"/reviewers/{OWN}/conflicts/999999/remove").status_code == 404
    assert client.post(f"/reviewers/{OWN}/conflicts/999999/confirm").status_code == 404
    assert client.post("/reviewers/NOBODY/conflicts/new", data={}).status_code == 404
    other = db.session.scalar(
        select(ReviewerConflict).join(Reviewer).where(Reviewer.reference != OWN).limit(1)
    )
    # A conflict id that belongs to someone else is not found through this record.
    assert client.post(f"/reviewers/{OWN}/conflicts/{other.id}/remove").status_code == 404
    client.post("/logout")
    as_user(client, ROCHDALE_USER)
    assert client.post(f"/reviewers/{OWN}/conflicts/new",
                       data={"council_code": "E08000005", "kind": "personal"}).status_code == 403


def test_retire_when_someone_else_changed_the_reviewer_saves_nothing(client, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    as_user(client, COORDINATOR)

    def stale() -> None:
        raise StaleDataError("changed meanwhile")

    monkeypatch.setattr(db.session, "commit", stale)
    response = client.post(f"/reviewers/{OWN}/retire", data={})
    monkeypatch.undo()
    assert response.status_code == 302
    page = client.get(f"/reviewers/{OWN}").get_data(as_text=True)
    assert "Someone else changed this reviewer at the same time" in page
    assert reviewer(OWN).active is True


def test_me_without_a_reviewer_record_is_404(client):
    from peerreview.auth.services import create_user

    create_user(email="new.reviewer@example.org", password="a-long-password", roles=["reviewer"])
    db.session.commit()
    as_user(client, ("new.reviewer@example.org", "a-long-password"))
    assert client.get("/reviewers/me").status_code == 404
