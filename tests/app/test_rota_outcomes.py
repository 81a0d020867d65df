"""After the visit: the outcome, the ten-working-day promise, and escalation to a decision."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import AuditEntry, Escalation, Review, Reviewer, TeamAssignment, User
from peerreview.rota.outcomes import working_days_after
from tests.app.rota_helpers import COORDINATOR, COUNCIL, REGIONAL, REVIEWER, as_user

ROCHDALE = "E08000005"
CORNWALL = "E06000052"


def past_review(council: str = ROCHDALE, lead_user_email: str = REVIEWER[0]) -> Review:
    """A published review that ended last month, led by the demo reviewer."""
    user = db.session.scalar(select(User).where(User.email == lead_user_email))
    lead = db.session.get(Reviewer, user.reviewer_id)
    review = Review(
        council_code=council, kind="baseline", earliest=dt.date(2026, 9, 1),
        latest=dt.date(2026, 11, 1), status="published", start_date=dt.date(2026, 10, 12),
        end_date=dt.date(2026, 10, 15), days=4, uid=f"review-{uuid.uuid4()}@peerreview",
        sequence=1,
    )
    review.team_members = [TeamAssignment(reviewer_id=lead.id, role=lead.role, lead=True,
                                          reasons=[])]
    db.session.add(review)
    db.session.commit()
    return review


OUTCOME = {
    "letter_sent": ["22", "10", "2026"],
    "aims_met": "partly",
    "aims_evaluation": "Thresholds are clearer; the front door still needs work.",
    "finding_front_door": "Referrals are screened within a day.",
}


def test_ten_working_days_skip_weekends_and_bank_holidays(app):
    assert working_days_after(dt.date(2026, 10, 15), 10) == dt.date(2026, 10, 29)
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    assert working_days_after(dt.date(2026, 12, 18), 10) == dt.date(2027, 1, 6)


def test_the_lead_records_the_outcome_and_the_review_is_completed(app, client):
    review = past_review()
    as_user(client, REVIEWER)
    page = client.get(f"/rota/reviews/{review.id}/outcome").get_data(as_text=True)
    assert "within 10 working days" in page and "29 October 2026" in page
    response = client.post(f"/rota/reviews/{review.id}/outcome", data=OUTCOME)
    assert response.status_code == 302
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert review.status == "completed" and review.sequence == 2
    assert review.outcome["feedback_on_time"] is True
    assert review.outcome["findings"] == {"front_door": "Referrals are screened within a day."}
    assert review.outcome["aims_met"] == "partly"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "record_outcome"))


def test_outcome_validation_names_the_field(app, client):
    review = past_review()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/outcome",
                           data={"letter_sent": ["", "", ""], "aims_evaluation": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the date the feedback letter was sent" in page
    assert "Select whether the aims were met" in page
    response = client.post(f"/rota/reviews/{review.id}/outcome",
                           data=OUTCOME | {"letter_sent": ["1", "10", "2026"]})
    assert response.status_code == 400
    assert "on or after the last day on site" in response.get_data(as_text=True)


def test_outcome_is_hidden_from_others_and_unknown_reviews(app, client):
    review = past_review(council=CORNWALL)
    as_user(client, REGIONAL)  # North West: Cornwall is not theirs
    assert client.get(f"/rota/reviews/{review.id}/outcome").status_code == 404
    assert client.get("/rota/reviews/9999/outcome").status_code == 404
    client.post("/logout")
    as_user(client, COUNCIL)
    assert client.get(f"/rota/reviews/{review.id}/outcome").status_code == 403


def test_a_future_review_cannot_be_completed(app, client):
    review = past_review()
    review.start_date, review.end_date = dt.date(2027, 3, 1), dt.date(2027, 3, 4)
    db.session.commit()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/outcome",
                           data=OUTCOME | {"letter_sent": ["5", "3", "2027"]})
    assert response.status_code == 400
    assert "once the visit has ended" in response.get_data(as_text=True)


def test_a_serious_concern_is_escalated_and_tracked_to_a_decision(app, client):
    review = past_review()
    as_user(client, REVIEWER)
    response = client.post(f"/rota/reviews/{review.id}/escalate", data={"concern": ""})
    assert response.status_code == 400
    assert "Enter the serious concern" in response.get_data(as_text=True)
    response = client.post(f"/rota/reviews/{review.id}/escalate",
                           data={"concern": "Children left in unassessed placements."})
    assert response.status_code == 302
    escalation = db.session.scalar(select(Escalation))
    assert escalation.status == "open" and escalation.council_code == ROCHDALE
    client.post("/logout")

    as_user(client, REGIONAL)
    assert "Awaiting a decision" in client.get("/rota/escalations").get_data(as_text=True)
    assert client.post(f"/rota/escalations/{escalation.id}",
                       data={"decision": "Noted"}).status_code == 403
    client.post("/logout")

    as_user(client, COORDINATOR)
    response = client.post(f"/rota/escalations/{escalation.id}", data={"decision": ""})
    assert response.status_code == 400
    response = client.post(f"/rota/escalations/{escalation.id}",
                           data={"decision": "Refer to the DfE adviser this week."})
    assert response.status_code == 302
    db.session.expire_all()
    escalation = db.session.get(Escalation, escalation.id)
    assert escalation.status == "decided" and escalation.decided_on is not None
    assert escalation.concern == "Children left in unassessed placements."
    assert client.get("/rota/escalations/999").status_code == 404


def test_a_regional_coordinator_sees_only_their_regions_reviews_and_escalations(app, client):
    """Review pages name their teams: a regional coordinator may open their own region's
    reviews and escalations, and gets 404 for another region's."""
    north_west = past_review(ROCHDALE)
    south_west = past_review("E06000052")  # Cornwall
    for review in (north_west, south_west):
        db.session.add(Escalation(
            review_id=review.id, council_code=review.council_code, concern="Late letter."
        ))
    db.session.commit()
    as_user(client, REGIONAL)
    assert client.get(f"/rota/reviews/{north_west.id}").status_code == 200
    assert client.get(f"/rota/reviews/{south_west.id}").status_code == 404
    listed = client.get("/rota/escalations").get_data(as_text=True)
    assert "Rochdale" in listed and "Cornwall" not in listed
    mine, theirs = (
        db.session.scalar(select(Escalation.id).where(Escalation.review_id == r.id))
        for r in (north_west, south_west)
    )
    assert client.get(f"/rota/escalations/{mine}").status_code == 200
    assert client.get(f"/rota/escalations/{theirs}").status_code == 404
    as_user(client, COORDINATOR)
    listed = client.get("/rota/escalations").get_data(as_text=True)
    assert "Rochdale" in listed and "Cornwall" in listed


def test_the_rota_page_links_a_regional_coordinator_to_their_regions_reviews_only(app, client):
    from tests.app.security_fixtures import build_world

    ids = build_world().ids
    as_user(client, REGIONAL)
    html = client.get(f"/rota/{ids['rota']}").get_data(as_text=True)
    assert f'href="/rota/reviews/{ids["own_review"]}"' in html
    assert f'href="/rota/reviews/{ids["other_review"]}"' not in html
    as_user(client, COORDINATOR)
    html = client.get(f"/rota/{ids['rota']}").get_data(as_text=True)
    assert f'href="/rota/reviews/{ids["other_review"]}"' in html


def test_rota_and_run_pages_show_a_regional_coordinator_their_region_only(app, client):
    """Teams name people: a regional coordinator sees their own region's reviews (Rochdale,
    not Cornwall) on rota and run pages, whatever they ask for, as on review pages; a
    national coordinator sees England and may narrow it to a region. (The councils are read
    from the plan's review headings.)"""
    from tests.app.security_fixtures import build_world

    ids = build_world().ids
    pages = (f"/rota/{ids['rota']}", f"/rota/runs/{ids['run']}")

    def listed(url: str) -> set[str]:
        html = client.get(url).get_data(as_text=True)
        return set(re.findall(r'<h3 class="govuk-heading-s">\s*(?:<a [^>]*>)?([^<]+?)\s*<', html))

    as_user(client, REGIONAL)
    for page in pages:
        for asked in ("", "?region=", "?region=South+West"):
            assert "Rochdale" in listed(page + asked), page + asked
            assert "Cornwall" not in listed(page + asked), page + asked
        html = client.get(page).get_data(as_text=True)
        assert "North West, your region" in html and 'name="region"' not in html
    as_user(client, COORDINATOR)
    for page in pages:
        assert {"Rochdale", "Cornwall"} <= listed(page), page
        south_west = listed(page + "?region=South+West")
        assert "Cornwall" in south_west and "Rochdale" not in south_west, page
        # An unknown region is England, not an error.
        assert {"Rochdale", "Cornwall"} <= listed(page + "?region=Atlantis"), page
