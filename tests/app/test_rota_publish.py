"""Draft -> edits -> publish -> re-plan, each checked against the hard rules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import (
    AuditEntry,
    Review,
    Reviewer,
    ReviewRequest,
    SolverRun,
    TeamAssignment,
)
from peerreview.rota import plans
from tests.app.rota_helpers import (
    COORDINATOR,
    REGIONAL,
    approved_requests,
    as_user,
    draft_rota,
    published_rota,
    reviews_of,
    solved_run,
)


def _problem_council(run_or_review_council: str, problem: dict) -> dict:
    return next(c for c in problem["councils"] if c["code"] == run_or_review_council)


def test_accepting_a_run_writes_draft_reviews_with_teams_and_reasons(app, client):
    run = solved_run()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/runs/{run.id}/accept")
    assert response.status_code == 302
    db.session.expire_all()
    run = db.session.get(SolverRun, run.id)
    drafts = list(db.session.scalars(select(Review).where(Review.status == "draft")))
    assert len(drafts) == len(run.plan["reviews"]) >= 3
    for review in drafts:
        assert review.rota_id == run.rota_id and review.uid and review.sequence == 0
        assert sum(1 for m in review.team_members if m.lead) == 1
        assert all(m.reasons for m in review.team_members)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Publish" in page and "finds no broken hard rule" in page
    # A plan is accepted once.
    assert client.post(f"/rota/runs/{run.id}/accept").status_code == 409


def test_a_regional_coordinator_may_view_but_not_accept_or_publish(app, client):
    run = solved_run(time_limit=1)
    as_user(client, REGIONAL)
    assert client.get(f"/rota/runs/{run.id}").status_code == 200
    assert client.post(f"/rota/runs/{run.id}/accept").status_code == 403
    rota = plans.accept_run(run, user_id=None)
    db.session.commit()
    assert client.get(f"/rota/{rota.id}").status_code == 200
    assert client.post(f"/rota/{rota.id}/publish").status_code == 403


def test_publishing_raises_the_sequence_and_makes_reviews_visible(app, client):
    rota = draft_rota()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/{rota.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    published = reviews_of(rota, "published")
    assert published and all(r.sequence == 1 for r in published)
    assert not reviews_of(rota, "draft")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "publish_rota"))


def test_publish_refuses_a_rota_that_breaks_a_hard_rule(app, client):
    rota = draft_rota()
    review = reviews_of(rota)[0]
    saturday = dt.date(2027, 3, 6)
    review.start_date, review.end_date = saturday, saturday + dt.timedelta(days=review.days - 1)
    db.session.commit()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/{rota.id}/publish")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "[rule 2 dates]" in page
    assert "6 March 2027" in page and "2027-03-06" not in page  # dates as people write them
    db.session.expire_all()
    assert not reviews_of(rota, "published")


def test_unknown_rota_and_review_are_not_found(client):
    as_user(client, COORDINATOR)
    for path in ("/rota/999", "/rota/999/replan", "/rota/reviews/999"):
        assert client.get(path).status_code == 404
    assert client.post("/rota/999/publish").status_code == 404
    assert client.post("/rota/reviews/999/dates", data={"start": ["1", "3", "2027"]}).status_code \
        == 404


def test_moving_a_review_onto_a_weekend_is_refused_with_the_rules_message(app, client):
    rota = published_rota()
    review = reviews_of(rota)[0]
    before = (review.start_date, review.sequence)
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/dates", data={"start": ["6", "3", "2027"]})
    assert response.status_code == 400
    assert "[rule 2 dates]" in response.get_data(as_text=True)
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert (review.start_date, review.sequence) == before


def test_moving_a_published_review_raises_its_sequence(app, client):
    rota = published_rota()
    review = reviews_of(rota)[0]
    as_user(client, COORDINATOR)
    target = review.start_date + dt.timedelta(days=7)
    response = client.post(f"/rota/reviews/{review.id}/dates",
                           data={"start": [str(target.day), str(target.month), str(target.year)]})
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    if response.status_code == 302:
        assert review.start_date == target and review.sequence == 2
    else:  # a reviewer is busy that week: the refusal names the rule
        assert response.status_code == 400 and "[rule" in response.get_data(as_text=True)
    bad = client.post(f"/rota/reviews/{review.id}/dates", data={"start": ["31", "2", "2027"]})
    assert bad.status_code == 400
    assert "must be a real date" in bad.get_data(as_text=True)


def test_a_member_from_the_reviewed_council_is_refused_and_cannot_be_overridden(app, client):
    rota = draft_rota()
    review = reviews_of(rota)[0]
    member = next(m for m in review.team_members if m.role == "practitioner")
    insider = db.session.scalar(
        select(Reviewer).where(Reviewer.council_code == review.council_code,
                               Reviewer.role == "practitioner", Reviewer.active.is_(True))
    )
    assert insider is not None
    as_user(client, COORDINATOR)
    response = client.post(
        f"/rota/reviews/{review.id}/members/{member.id}/swap",
        data={"reviewer": insider.reference, "override_reason": "We know them well"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "[rule 3 independence]" in page
    db.session.expire_all()
    assert db.session.get(TeamAssignment, member.id).reviewer_id != insider.id


def test_a_withdrawal_without_a_reason_gets_one_message_on_that_members_field(app, client):
    rota = draft_rota()
    review = reviews_of(rota)[0]
    member = review.team_members[0]
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                           data={"reason": " "})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("govuk-error-summary__title") == 1
    assert "it would break a hard rule" not in page
    assert f'href="#withdraw-{member.id}"' in page and f'id="withdraw-{member.id}-error"' in page
    db.session.expire_all()
    assert db.session.get(TeamAssignment, member.id) is not None


def test_swap_validation_names_the_field(app, client):
    rota = draft_rota()
    review = reviews_of(rota)[0]
    member = review.team_members[0]
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/swap",
                           data={"reviewer": "NOBODY"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the reference of an active reviewer" in page
    # The message sits on this member's swap field (its details open), linked from the
    # summary, not on the "Add a member" form.
    assert f'href="#swap-{member.id}"' in page and f'id="swap-{member.id}-error"' in page
    assert "<details class=\"govuk-details\" open>" in page
    assert page.count("govuk-error-summary__title") == 1 and "<title>Error: " in page
    other_role = db.session.scalar(select(Reviewer).where(Reviewer.role != member.role))
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/swap",
                           data={"reviewer": other_role.reference})
    assert response.status_code == 400
    assert client.post(f"/rota/reviews/{review.id}/members/99999/swap",
                       data={"reviewer": "X"}).status_code == 404


def _credible_swap(review: Review, problem: dict) -> Reviewer | None:
    """A director who is independent of the review's council but not from a good council."""
    councils = {c["code"]: c for c in problem["councils"]}
    target = councils[review.council_code]
    related = {review.council_code, *target["borders"], *target["partners"],
               *target["shared_leadership"]}
    for c in problem["councils"]:
        if review.council_code in c["borders"] + c["partners"] + c["shared_leadership"]:
            related.add(c["code"])
    busy = {m.reviewer_id for r in db.session.scalars(select(Review)) for m in r.team_members}
    for entry in problem["reviewers"]:
        council = councils[entry["council"]]
        if (
            entry["role"] == "director"
            and entry["council"] not in related
            and council["latest_judgement"] in ("requires_improvement", "inadequate")
            and not council["in_intervention"]
            and review.council_code not in entry["worked_at"] + entry["conflicts"]
            and not entry["unavailable"]
        ):
            reviewer = db.session.scalar(select(Reviewer).where(Reviewer.reference == entry["id"]))
            if reviewer.id not in busy:
                return reviewer
    return None


def test_the_credibility_rule_may_be_overridden_only_with_a_written_reason(app, client):
    run = solved_run()
    rota = plans.accept_run(run, user_id=None)
    db.session.commit()
    review = reviews_of(rota)[0]
    lead = next(m for m in review.team_members if m.role == "director")
    director = _credible_swap(review, run.problem)
    assert director is not None
    as_user(client, COORDINATOR)
    url = f"/rota/reviews/{review.id}/members/{lead.id}/swap"
    response = client.post(url, data={"reviewer": director.reference})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "[rule 4 credibility]" in page and "override it by giving a written reason" in page

    response = client.post(url, data={"reviewer": director.reference,
                                      "override_reason": "Led a turnaround in a similar council"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    lead = db.session.get(TeamAssignment, lead.id)
    assert lead.reviewer_id == director.id
    assert lead.override_reason == "Led a turnaround in a similar council"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "swap_member"))
    assert entry.reason == "Led a turnaround in a similar council"
    # The overridden rota can be published.
    assert client.post(f"/rota/{rota.id}/publish").status_code == 302


def test_pin_and_add_member(app, client):
    rota = draft_rota()
    review = reviews_of(rota)[0]
    as_user(client, COORDINATOR)
    assert client.post(f"/rota/reviews/{review.id}/pin", data={"pinned": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Review, review.id).pinned
    response = client.post(f"/rota/reviews/{review.id}/members", data={"reviewer": ""})
    assert response.status_code == 400
    assert "Enter the reviewer&#39;s reference" in response.get_data(as_text=True)


def test_withdrawal_then_replan_shows_the_changes_and_publishes_them(app, client):
    rota = published_rota()
    review = reviews_of(rota)[0]
    member = next(m for m in review.team_members if m.role == "practitioner")
    leaving = member.reviewer_id
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                           data={"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                           data={"reason": "Moved to a new job"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/rota/{rota.id}/replan")
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert review.status == "published" and review.sequence == 2
    page = client.get(f"/rota/{rota.id}/replan").get_data(as_text=True)
    assert "a member withdrew" in page

    response = client.post(f"/rota/{rota.id}/replan", data={"time_limit": "2"})
    assert response.status_code == 302
    run = db.session.scalar(select(SolverRun).order_by(SolverRun.id.desc()))
    db.session.refresh(run)
    assert run.kind == "replan" and run.status == "succeeded", run.error
    assert run.free == [f"RV-{review.id}"]
    page = client.get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "What changes if you publish this re-plan" in page and "Team changed" in page

    response = client.post(f"/rota/runs/{run.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert review.sequence == 3 and len(review.team_members) == 3
    assert leaving not in {m.reviewer_id for m in review.team_members}
    others = [r for r in reviews_of(rota) if r.id != review.id]
    assert all(r.sequence == 1 for r in others)  # untouched reviews keep their sequence
    assert client.post(f"/rota/runs/{run.id}/publish").status_code == 409


def test_a_replan_made_before_a_later_edit_is_refused_not_silently_applied(app, client):
    """An edit made while a re-plan waited (a date moved on another review) would be undone
    by publishing the re-plan: it is refused, naming the council, and nothing changes."""
    rota = published_rota()
    review, other = reviews_of(rota)[:2]
    member = next(m for m in review.team_members if m.role == "practitioner")
    as_user(client, COORDINATOR)
    client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                data={"reason": "Moved to a new job"})
    assert client.post(f"/rota/{rota.id}/replan", data={"time_limit": "2"}).status_code == 302
    run = db.session.scalar(select(SolverRun).order_by(SolverRun.id.desc()))
    db.session.refresh(run)
    assert run.status == "succeeded", run.error
    # Meanwhile a coordinator moves the other review by hand (a change no rule forbids).
    db.session.expire_all()
    other = db.session.get(Review, other.id)
    moved_to = other.start_date + dt.timedelta(days=7)
    other.start_date, other.end_date = moved_to, other.end_date + dt.timedelta(days=7)
    db.session.commit()

    response = client.post(f"/rota/runs/{run.id}/publish")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The rota has changed since this re-plan was made" in page
    db.session.expire_all()
    assert db.session.get(Review, other.id).start_date == moved_to
    assert db.session.get(SolverRun, run.id).accepted_at is None


def test_replan_needs_a_review_to_change(app, client):
    rota = published_rota()
    as_user(client, COORDINATOR)
    response = client.post(f"/rota/{rota.id}/replan", data={"time_limit": "2"})
    assert response.status_code == 400
    assert "Select at least one review to re-plan" in response.get_data(as_text=True)


def test_a_changed_request_is_replanned_and_a_declined_one_cancelled(app, client):
    rota = published_rota()
    first, second = reviews_of(rota)[:2]
    db.session.get(ReviewRequest, first.request_id).latest = dt.date(2027, 6, 25)
    db.session.get(ReviewRequest, first.request_id).earliest = dt.date(2027, 6, 14)
    db.session.get(ReviewRequest, second.request_id).status = "declined"
    db.session.commit()
    as_user(client, COORDINATOR)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    assert "Needs re-plan" in page
    assert client.post(f"/rota/{rota.id}/replan", data={"time_limit": "2"}).status_code == 302
    run = db.session.scalar(select(SolverRun).order_by(SolverRun.id.desc()))
    db.session.refresh(run)
    assert run.status == "succeeded", run.error
    assert set(run.free) == {f"RV-{first.id}", f"RV-{second.id}"}
    page = client.get(f"/rota/runs/{run.id}").get_data(as_text=True)
    assert "No longer scheduled" in page
    assert client.post(f"/rota/runs/{run.id}/publish").status_code == 302
    db.session.expire_all()
    first, second = db.session.get(Review, first.id), db.session.get(Review, second.id)
    assert second.status == "cancelled" and second.sequence == 2  # kept, never deleted
    assert first.latest == dt.date(2027, 6, 25)
    assert dt.date(2027, 6, 14) <= first.start_date and first.end_date <= dt.date(2027, 6, 25)
    assert first.sequence == 2


def test_a_new_solve_waits_for_the_replan_of_a_broken_published_review(app, client):
    rota = published_rota()
    review = reviews_of(rota)[0]
    as_user(client, COORDINATOR)
    member = review.team_members[0]
    client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                data={"reason": "Illness"})
    approved_requests(("E06000001",))
    form = {"start": ["4", "1", "2027"], "end": ["30", "6", "2027"], "min_gap_days": "0",
            "time_limit": "1"}
    response = client.post("/rota/solve", data=form)
    assert response.status_code == 400
    assert "Re-plan the published rota first" in response.get_data(as_text=True)


def test_comparing_the_first_solve_with_a_replan_matches_requests_to_their_reviews(
    app, client
):
    """The first solve planned requests (RQ-), the re-plan plans the reviews made from them
    (RV-): compared, only the re-planned review shows a change, not every review as gone."""
    rota = published_rota()
    review = reviews_of(rota)[0]
    member = next(m for m in review.team_members if m.role == "practitioner")
    as_user(client, COORDINATOR)
    client.post(f"/rota/reviews/{review.id}/members/{member.id}/withdraw",
                data={"reason": "Moved to a new job"})
    assert client.post(f"/rota/{rota.id}/replan", data={"time_limit": "2"}).status_code == 302
    replan = db.session.scalar(select(SolverRun).order_by(SolverRun.id.desc()))
    db.session.refresh(replan)
    assert replan.status == "succeeded", replan.error
    page = client.get(f"/rota/compare?a={rota.accepted_run_id}&b={replan.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No longer scheduled" not in html and "Added" not in html
    assert html.count("Team changed") + html.count("Dates and team changed") == 1


def test_the_council_sees_its_published_review_and_team_on_its_request(app, client):
    """Once published, the request page tells the council its dates and who is coming;
    while the rota is a draft, only coordinators see it there."""
    from tests.app.rota_helpers import COUNCIL

    rota = draft_rota()
    review = next(r for r in reviews_of(rota) if r.council_code == "E08000005")  # Rochdale
    lead = db.session.get(Reviewer, next(m for m in review.team_members if m.lead).reviewer_id)
    url = f"/requests/{review.request_id}"
    as_user(client, COUNCIL)
    assert "The review" not in client.get(url).get_data(as_text=True)
    client.post("/logout")
    as_user(client, COORDINATOR)
    html = client.get(url).get_data(as_text=True)
    assert "Draft: on site" in html and lead.name in html
    assert f'href="/rota/reviews/{review.id}"' in html
    assert client.post(f"/rota/{rota.id}/publish").status_code == 302
    client.post("/logout")
    html = as_user(client, COUNCIL).get(url).get_data(as_text=True)
    assert f"Published: on site {review.start_date.day} " in html and lead.name in html
    assert "/rota/reviews/" not in html
