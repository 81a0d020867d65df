"""A decline or an objection takes people off the team and proposes a re-plan of that review
only; publishing it invites the replacements. Uses a small solved rota (a few seconds)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.invitations import services
from peerreview.models import AuditEntry, Review, ReviewerConflict, SolverRun
from peerreview.rota import runs
from tests.app.invitations_helpers import clear, invitations, link, messages, use_outbox
from tests.app.rota_helpers import COORDINATOR, published_rota, reviews_of
from tests.conftest import sign_in

ROCHDALE = "E08000005"


@pytest.fixture
def invited(app, tmp_path):
    folder = use_outbox(app, tmp_path)
    app.config["INVITATION_REPLAN_TIME_LIMIT"] = 2.0
    rota = published_rota()
    reviews = reviews_of(rota, "published")
    services.invite_for_published(reviews)
    review = next(r for r in reviews if r.council_code == ROCHDALE)
    return folder, rota, review


def test_a_decline_withdraws_the_member_and_proposes_a_replan_of_that_review_only(
    app, client, invited
):
    folder, rota, review = invited
    originally = {i.reviewer_id for i in invitations(review, "member")}
    item = invitations(review, "member")[0]
    response = client.post(link(item), data={"answer": "decline", "reason": "On leave then"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(type(item), item.id)
    assert item.status == "declined" and item.reason == "On leave then"
    review = db.session.get(Review, review.id)
    assert item.reviewer_id not in {m.reviewer_id for m in review.team_members}
    assert runs.affected_reviews([review]) == [review]
    withdrawal = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "withdraw_member", AuditEntry.entity_id == str(review.id)))
    assert "Declined the invitation: On leave then" in withdrawal.reason
    run = db.session.get(SolverRun, item.replan_run_id)
    assert run.kind == "replan" and run.status == "succeeded"
    assert run.free == [f"RV-{review.id}"]
    sign_in(client, *COORDINATOR)
    waiting = client.get("/invitations/waiting").get_data(as_text=True)
    assert f"/rota/runs/{run.id}" in waiting and "On leave then" in waiting
    # Nothing goes out until the coordinator publishes the proposed change.
    clear(folder)
    assert client.get(f"/rota/runs/{run.id}").status_code == 200
    assert client.post(f"/rota/runs/{run.id}/publish").status_code == 302
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert len(review.team_members) == 3
    newcomer = next(i for i in invitations(review, "member")
                    if i.reviewer_id not in originally)
    assert newcomer.status == "pending" and newcomer.sent_at is not None
    sent = {m["To"]: m["Subject"] for m in messages(folder)}
    assert sent[newcomer.email].startswith("Invitation: ")
    assert item.email not in sent
    assert sent["rochdale@demo.peerreview.invalid"].startswith("Updated invitation: ")


def test_an_objection_declares_a_conflict_and_proposes_a_replan(app, client, invited):
    _folder, _rota, review = invited
    council = invitations(review, "council")[0]
    objected = review.team_members[0].reviewer_id
    page = client.get(link(council))
    assert "Approve the review team" in page.get_data(as_text=True)
    response = client.post(link(council), data={
        "answer": "object", "members": [str(objected)],
        "reason": "Was our interim director last year",
    })
    assert response.status_code == 302
    db.session.expire_all()
    council = db.session.get(type(council), council.id)
    assert council.status == "objected" and council.objected_to == [objected]
    conflict = db.session.scalar(select(ReviewerConflict).where(
        ReviewerConflict.reviewer_id == objected, ReviewerConflict.council_code == ROCHDALE))
    assert conflict is not None and conflict.pinned
    assert "interim director" in conflict.note
    review = db.session.get(Review, review.id)
    assert objected not in {m.reviewer_id for m in review.team_members}
    run = db.session.get(SolverRun, council.replan_run_id)
    assert run.kind == "replan" and run.free == [f"RV-{review.id}"]
    planned = next(p for p in run.plan["reviews"] if p["id"] == f"RV-{review.id}")
    from peerreview.models import Reviewer

    assert db.session.get(Reviewer, objected).reference not in {
        m["reviewer"] for m in planned["team"]
    }


def test_the_rota_pages_invite_on_publish_and_cancel_on_withdrawal(app, client, tmp_path):
    from tests.app.rota_helpers import draft_rota

    folder = use_outbox(app, tmp_path)
    rota = draft_rota()
    sign_in(client, *COORDINATOR)
    assert client.post(f"/rota/{rota.id}/publish").status_code == 302
    reviews = reviews_of(rota, "published")
    asked = [i for r in reviews for i in invitations(r)]
    assert len(asked) == sum(len(r.team_members) + 1 for r in reviews)
    assert len(messages(folder)) == len([i for i in asked if i.email])
    review = next(r for r in reviews if r.council_code == ROCHDALE)
    member = review.team_members[0]
    clear(folder)
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                           data={"reason": "Taken ill"})
    assert response.status_code == 302
    sent = messages(folder)
    assert len(sent) == 1 and sent[0]["Subject"].startswith("Cancelled: ")
    assert next(sent[0].iter_attachments()).get_param("method") == "CANCEL"
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    assert "said yes" in page
