"""Inviting a published review's team and council, and their answers through the links."""

from __future__ import annotations

import pytest

from peerreview.extensions import db
from peerreview.invitations import services
from tests.app.calendar_helpers import COORDINATOR, publish_review
from tests.app.invitations_helpers import (
    LINK,
    calendar_of,
    clear,
    event_of,
    invitations,
    invited_review,
    link,
    messages,
    use_outbox,
)
from tests.conftest import sign_in


@pytest.fixture
def outbox(app, tmp_path):
    return use_outbox(app, tmp_path)


def test_publishing_invites_each_member_and_asks_the_council(app, outbox):
    review = invited_review()
    members, council = invitations(review, "member"), invitations(review, "council")
    assert len(members) == 3 and len(council) == 1
    assert council[0].email == "rochdale@demo.peerreview.invalid"
    assert all(i.status == "pending" and i.sent_at is not None for i in members + council)
    sent = messages(outbox)
    assert sorted(m["To"] for m in sent) == sorted(i.email for i in members + council)
    for message in sent:
        assert message["Subject"].startswith("Invitation: ")
        assert LINK.search(message.get_body(("plain",)).get_content())
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(message)
        assert str(event["UID"]) == review.uid
        assert int(event["SEQUENCE"]) == review.sequence
        assert str(event["STATUS"]) == "TENTATIVE"
        assert str(event["ORGANIZER"]).startswith("mailto:")
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{message['To']}"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        part = next(message.iter_attachments())
        assert part.get_param("method") == "REQUEST"


def test_inviting_again_sends_nothing_new(app, outbox):
    review = invited_review()
    clear(outbox)
    assert services.invite_for_published([review]) == 0
    assert messages(outbox) == []


def test_a_draft_review_is_not_invited(app, outbox):
    review = publish_review(status="draft")
    assert services.invite_for_published([review]) == 0
    assert invitations(review) == []


def test_a_member_accepts_without_signing_in(app, client, outbox):
    review = invited_review()
    item = invitations(review, "member")[0]
    page = client.get(link(item))
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Your invitation" in page.get_data(as_text=True)
    response = client.post(link(item), data={"answer": "accept"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "accepted" and item.answered_at is not None
    assert "Your answer: accepted" in client.get(link(item)).get_data(as_text=True)
    assert client.post(link(item), data={"answer": "decline", "reason": "x"}).status_code == 409


def test_everyone_saying_yes_confirms_the_review_and_tells_everyone(app, client, outbox):
    review = invited_review()
    sequence = review.sequence
    clear(outbox)
    for item in invitations(review, "member"):
        client.post(link(item), data={"answer": "accept"})
    db.session.refresh(review)
    assert review.confirmed_at is None and messages(outbox) == []
    council = invitations(review, "council")[0]
    client.post(link(council), data={"answer": "approve"})
    db.session.refresh(review)
    assert review.confirmed_at is not None
    assert review.calendar_status == "confirmed"
    assert review.sequence == sequence + 1
    sent = messages(outbox)
    assert len(sent) == 4
    for message in sent:
        assert message["Subject"].startswith("Confirmed: ")
        event = event_of(message)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert int(event["SEQUENCE"]) == review.sequence
        assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"


def test_public_feeds_show_only_confirmed_reviews_as_confirmed(app, client, outbox):
    confirmed = invited_review()
    tentative = invited_review(start=__import__("datetime").date(2027, 4, 6))
    for item in invitations(confirmed):
        client.post(link(item), data={"answer": "approve" if item.kind == "council"
                                      else "accept"})
    body = client.get("/feeds/national.ics").get_data(as_text=True)
    events = body.split("BEGIN:VEVENT")[1:]
    by_uid = {next(line for line in e.splitlines() if line.startswith("UID:"))[4:]: e
              for e in events}
    assert "STATUS:CONFIRMED" in by_uid[confirmed.uid]
    assert "STATUS:TENTATIVE" in by_uid[tentative.uid]


def test_answer_validation_names_the_field(app, client, outbox):
    review = invited_review()
    member = invitations(review, "member")[0]
    response = client.post(link(member), data={})
    assert response.status_code == 400
    assert "Select whether you accept or decline" in response.get_data(as_text=True)
    response = client.post(link(member), data={"answer": "decline", "reason": " "})
    assert response.status_code == 400
    assert "Enter why you are declining" in response.get_data(as_text=True)
    council = invitations(review, "council")[0]
    response = client.post(link(council), data={"answer": "object"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select the member or members you object to" in text
    assert "Enter why you object" in text
    response = client.post(link(council), data={"answer": "object", "members": ["999999"],
                                                "reason": "x"})
    assert response.status_code == 400
    db.session.refresh(council)
    assert council.status == "pending"


def test_bad_expired_and_superseded_links_are_not_found(app, client, outbox):
    review = invited_review()
    item = invitations(review, "member")[0]
    assert client.get("/invitations/respond/nonsense").status_code == 404
    old = link(item)
    item.issue += 1
    db.session.commit()
    assert client.get(old).status_code == 404
    assert client.post(old, data={"answer": "accept"}).status_code == 404
    app.config["INVITATION_LINK_DAYS"] = -1
    assert client.get(link(item)).status_code == 404


def test_the_review_page_shows_who_has_answered(app, client, outbox):
    review = invited_review()
    item = invitations(review, "member")[0]
    client.post(link(item), data={"answer": "accept"})
    sign_in(client, *COORDINATOR)
    text = client.get(f"/rota/reviews/{review.id}").get_data(as_text=True)
    assert "Answers" in text and "Accepted" in text and "Pending" in text
    assert "Not confirmed yet" in text
