"""Changes after the invitations went out, reminders, and who may see the coordinators' pages."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from peerreview.extensions import db
from peerreview.invitations import services
from peerreview.models import AuditEntry, Reviewer
from peerreview.rota.plans import touch
from tests.app.calendar_helpers import COORDINATOR, COUNCIL_USER, NORTHWEST, REVIEWER
from tests.app.invitations_helpers import (
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


def _confirm(client, review) -> None:
    for item in invitations(review):
        answer = "approve" if item.kind == "council" else "accept"
        assert client.post(link(item), data={"answer": answer}).status_code == 302
    db.session.refresh(review)
    assert review.confirmed_at is not None


def test_cancelling_a_confirmed_review_sends_method_cancel(app, client, outbox):
    review = invited_review()
    _confirm(client, review)
    clear(outbox)
    review.status = "cancelled"
    touch(review)
    db.session.commit()
    assert services.invite_for_published([review]) == 4
    assert all(i.status == "cancelled" for i in invitations(review))
    for message in messages(outbox):
        assert message["Subject"].startswith("Cancelled: ")
        part = next(message.iter_attachments())
        assert part.get_param("method") == "CANCEL"
        event = event_of(message)
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == review.sequence
    db.session.refresh(review)
    assert review.confirmed_at is None
    body = client.get("/feeds/national.ics").get_data(as_text=True)
    assert "STATUS:CANCELLED" in body


def test_new_dates_ask_everyone_again_with_a_higher_sequence(app, client, outbox):
    review = invited_review()
    _confirm(client, review)
    before = review.sequence
    old_links = [link(i) for i in invitations(review)]
    clear(outbox)
    review.start_date += dt.timedelta(days=7)
    review.end_date += dt.timedelta(days=7)
    touch(review)
    db.session.commit()
    assert services.invite_for_published([review]) == 4
    db.session.refresh(review)
    assert review.confirmed_at is None and review.calendar_status == "published"
    assert all(i.status == "pending" and i.issue == 2 for i in invitations(review))
    for message in messages(outbox):
        assert message["Subject"].startswith("Updated invitation: ")
        event = event_of(message)
        assert int(event["SEQUENCE"]) == review.sequence > before
        assert event.decoded("DTSTART") == review.start_date
        assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert all(client.get(old).status_code == 404 for old in old_links)
    feed = Calendar.from_ical(client.get("/feeds/national.ics").get_data())
    (ours,) = [e for e in feed.walk("VEVENT") if str(e["UID"]) == review.uid]
    assert str(ours["STATUS"]) == "TENTATIVE"


def test_a_replaced_member_is_cancelled_the_new_one_invited_and_the_council_asked_again(
    app, client, outbox
):
    review = invited_review()
    _confirm(client, review)
    clear(outbox)
    member = review.team_members[1]
    old = db.session.get(Reviewer, member.reviewer_id)
    team = {m.reviewer_id for m in review.team_members}
    new = db.session.scalars(
        db.select(Reviewer).where(Reviewer.id.not_in(team)).order_by(Reviewer.id)
    ).first()
    member.reviewer_id = new.id
    touch(review)
    db.session.commit()
    services.invite_for_published([review])
    sent = {m["To"]: m for m in messages(outbox)}
    assert set(sent) == {old.email, new.email, "rochdale@demo.peerreview.invalid"}
    assert sent[old.email]["Subject"].startswith("Cancelled: ")
    assert next(sent[old.email].iter_attachments()).get_param("method") == "CANCEL"
    assert sent[new.email]["Subject"].startswith("Invitation: ")
    assert sent["rochdale@demo.peerreview.invalid"]["Subject"].startswith("Updated invitation")
    db.session.refresh(review)
    assert review.confirmed_at is None
    statuses = {i.name: i.status for i in invitations(review) if i.kind == "member"}
    assert statuses[old.name] == "cancelled" and statuses[new.name] == "pending"


def test_waiting_lists_pending_oldest_first_and_reminds_the_overdue(app, client, outbox):
    first = invited_review()
    second = invited_review(start=dt.date(2027, 4, 6))
    old = invitations(first, "member")[0]
    old.sent_at = services.now() - dt.timedelta(days=8)
    db.session.commit()
    client.post(link(invitations(second, "member")[0]), data={"answer": "accept"})
    sign_in(client, *COORDINATOR)
    page = client.get("/invitations/waiting")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Send reminders (1 overdue)" in text
    rows = text.split('<tr class="govuk-table__row">')[2:]
    assert len(rows) == 7  # 8 asked, 1 answered
    assert old.name in rows[0]  # the oldest first
    clear(outbox)
    response = client.post("/invitations/remind")
    assert response.status_code == 302
    sent = messages(outbox)
    assert [m["To"] for m in sent] == [old.email]
    assert sent[0]["Subject"].startswith("Reminder, please answer: ")
    assert "/invitations/respond/" in sent[0].get_body(("plain",)).get_content()
    db.session.refresh(old)
    assert old.reminded_at is not None and old.reminders == 1
    clear(outbox)
    client.post("/invitations/remind")
    assert messages(outbox) == []  # reminded just now: not again until the days have passed


def test_the_remind_command_uses_the_configured_days(app, runner, outbox):
    review = invited_review()
    for item in invitations(review):
        item.sent_at = services.now() - dt.timedelta(days=3)
    db.session.commit()
    clear(outbox)
    result = runner.invoke(args=["invitations", "remind"])
    assert result.exit_code == 0 and "Sent 0 reminder(s)" in result.output
    app.config["INVITATION_REMINDER_DAYS"] = 2
    result = runner.invoke(args=["invitations", "remind"])
    assert "Sent 4 reminder(s)" in result.output
    assert all("http://localhost" in m.get_body(("plain",)).get_content()
               for m in messages(outbox))


def test_a_failing_mail_server_keeps_the_invitation_unsent(app, outbox):
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = 9  # nothing listens on the discard port
    review = invited_review()
    assert all(i.sent_at is None and i.status == "pending" for i in invitations(review))
    app.config["MAIL_SERVER"] = None
    assert services.send_reminders() == 4
    assert all(i.sent_at is not None for i in invitations(review))


def test_coordinators_pages_are_for_coordinators(app, client, outbox):
    invited_review()
    assert client.get("/invitations/waiting").status_code == 302
    assert client.get("/outbox").status_code == 302
    for who in (COUNCIL_USER, REVIEWER):
        sign_in(client, *who)
        assert client.get("/invitations/waiting").status_code == 403
        assert client.post("/invitations/remind").status_code == 403
        assert client.get("/outbox").status_code == 403
        client.post("/logout")
    sign_in(client, *NORTHWEST)
    assert client.get("/invitations/waiting").status_code == 200  # Rochdale is North West
    assert client.get("/outbox").status_code == 403
    client.post("/logout")


def test_the_outbox_lists_and_shows_messages(app, client, outbox):
    invited_review()
    sign_in(client, *COORDINATOR)
    page = client.get("/outbox")
    assert page.status_code == 200
    name = sorted(p.name for p in outbox.glob("*.eml"))[0]
    assert name in page.get_data(as_text=True)
    text = client.get(f"/outbox/{name}").get_data(as_text=True)
    assert "METHOD:REQUEST" in text and "/invitations/respond/" in text
    assert client.get("/outbox/..%2Fsecret_key").status_code == 404
    assert client.get("/outbox/20270101T000000-" + "0" * 32 + ".eml").status_code == 404


def test_answers_are_in_the_audit_trail(app, client, outbox):
    review = invited_review()
    item = invitations(review, "member")[0]
    client.post(link(item), data={"answer": "accept"})
    entry = db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.action == "accept_invitation", AuditEntry.entity_id == str(item.id)))
    assert entry is not None and entry.after["status"] == "accepted"


def test_reviews_published_before_invitations_can_be_asked_once(app, client, outbox):
    from tests.app.calendar_helpers import other_reviewers, publish_review

    review = publish_review(team=other_reviewers(3))
    sign_in(client, *NORTHWEST)
    assert client.post("/invitations/send").status_code == 403
    client.post("/logout")
    sign_in(client, *COORDINATOR)
    assert client.post("/invitations/send").status_code == 302
    assert len(invitations(review)) == 4 and len(messages(outbox)) == 4
    client.post("/invitations/send")
    assert len(messages(outbox)) == 4


def test_a_council_without_an_account_is_asked_once_it_has_one(app, outbox):
    from peerreview.models import User
    from tests.app.calendar_helpers import CORNWALL, other_reviewers, publish_review

    review = publish_review(CORNWALL, team=other_reviewers(3))
    services.invite_for_published([review])
    council = invitations(review, "council")[0]
    assert council.email is None and council.sent_at is None
    user = User(email="cornwall@example.invalid", name="Cornwall DCS office",
                roles=["council_user"], council_code=CORNWALL, password_hash="x")
    db.session.add(user)
    db.session.commit()
    clear(outbox)
    services.invite_for_published([review])
    db.session.refresh(council)
    assert council.email == user.email and council.sent_at is not None
    assert [m["To"] for m in messages(outbox)] == [user.email]


def test_a_member_taken_off_the_team_no_longer_sees_it(app, client, outbox):
    review = invited_review()
    item = invitations(review, "member")[1]
    member = review.team_members[1]
    assert member.reviewer_id == item.reviewer_id
    review.team_members.remove(member)
    touch(review)
    db.session.commit()
    services.invite_for_published([review])
    text = client.get(link(item)).get_data(as_text=True)
    assert "This invitation was withdrawn" in text and "Team" not in text.split("<main")[1]


def test_a_coordinator_records_a_yes_given_another_way(app, client, outbox):
    from tests.app.calendar_helpers import CORNWALL, other_reviewers, publish_review

    review = publish_review(CORNWALL, team=other_reviewers(3))
    services.invite_for_published([review])
    for item in invitations(review, "member"):
        client.post(link(item), data={"answer": "accept"})
    council = invitations(review, "council")[0]
    assert council.email is None  # Cornwall has no council account
    sign_in(client, *NORTHWEST)
    assert client.post(f"/invitations/{council.id}/yes").status_code == 403
    client.post("/logout")
    sign_in(client, *COORDINATOR)
    assert "Record approval" in client.get(f"/rota/reviews/{review.id}").get_data(as_text=True)
    assert client.post("/invitations/999999/yes").status_code == 404
    assert client.post(f"/invitations/{council.id}/yes").status_code == 302
    db.session.refresh(review)
    assert review.confirmed_at is not None
    entry = db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.action == "approve_invitation", AuditEntry.entity_id == str(council.id)))
    assert entry.actor == COORDINATOR[0]
    assert client.post(f"/invitations/{council.id}/yes").status_code == 409
