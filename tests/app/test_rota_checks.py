"""The rota check on every edit builds less than a solve's problem and must judge the same.

`rota_violations` builds only the reviewers on teams, and an edit's two checks share one
build of the councils (`register`). The reference here is the check as it was before that:
the whole problem, every active reviewer, cut down to the reviewers on teams afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import event, select

import solver
from peerreview.extensions import db
from peerreview.models import (
    AuditEntry,
    Review,
    Reviewer,
    ReviewerEmployment,
    Rota,
    TeamAssignment,
)
from peerreview.rota import edits, plans
from peerreview.rota.problem import build_problem, register_part
from tests.app.rota_helpers import draft_rota, reviews_of

NORTHAMPTONSHIRE = "E10000021"  # abolished: in no problem, so unknown to the checker


def full_check(rota: Rota) -> list[str]:
    """The verdict from the whole problem, as `rota_violations` used to build it."""
    reviews = plans.rota_reviews(rota)
    problem = build_problem(plans.rota_settings(rota), [], reviews, free=[r.id for r in reviews])
    plan = plans.rota_plan_dict(reviews)
    on_teams = {m["reviewer"] for p in plan["reviews"] for m in p["team"]}
    problem["reviewers"] = [r for r in problem["reviewers"] if r["id"] in on_teams]
    try:
        parsed = solver.parse_problem(problem)
    except solver.ProblemError as error:
        return error.errors
    overridden = {
        plans.review_key(r)
        for r in reviews
        if any(m.role == "director" and m.override_reason for m in r.team_members)
    }
    errors = solver.check_plan(parsed, solver.parse_plan(plan))
    return [e for e in errors if not plans.is_overridden(e, overridden)]


def _insider(review: Review) -> Reviewer | None:
    """An active practitioner from the reviewed council: never independent of it."""
    return db.session.scalar(
        select(Reviewer).where(
            Reviewer.council_code == review.council_code,
            Reviewer.role == "practitioner",
            Reviewer.active.is_(True),
        )
    )


def _on_a_weekend(review: Review) -> None:
    saturday = dt.date(2027, 3, 6)
    review.start_date, review.end_date = saturday, saturday + dt.timedelta(days=review.days - 1)


def _practitioner(review: Review) -> TeamAssignment:
    return next(m for m in review.team_members if m.role == "practitioner")


def test_a_check_on_the_team_reviewers_gives_the_whole_problems_verdict(app):
    rota = draft_rota()
    reviews = reviews_of(rota)
    second = next(r for r in reviews if _insider(r) is not None)
    first, third = [r for r in reviews if r is not second][:2]
    _on_a_weekend(first)
    _practitioner(second).reviewer_id = _insider(second).id
    gone = db.session.get(Reviewer, _practitioner(third).reviewer_id)
    gone.active = False  # an inactive reviewer is unknown to the checker
    lead = next(m for m in third.team_members if m.role == "director")
    lead.override_reason = "Led a turnaround in a similar council"
    db.session.flush()

    violations = plans.rota_violations(rota)
    assert violations == full_check(rota)
    assert any(e.startswith("[rule 2 dates]") for e in violations)
    assert any(e.startswith("[rule 3 independence]") for e in violations)
    assert any(f"unknown reviewer {gone.reference}" in e for e in violations)
    assert plans.rota_violations(rota, register=plans.rota_register(rota)) == violations

    # A reviewer on a team recently worked at an abolished council: the problem itself is
    # refused, and the messages (which name the reviewer's place in the list) are the same.
    worker = db.session.get(Reviewer, _practitioner(first).reviewer_id)
    worker.employments.append(ReviewerEmployment(council_code=NORTHAMPTONSHIRE, until=None))
    db.session.flush()
    refused = plans.rota_violations(rota)
    assert refused == full_check(rota)
    assert any(f"unknown council code {NORTHAMPTONSHIRE!r}" in e for e in refused)


def test_a_problem_for_chosen_reviewers_is_the_whole_problem_cut_down(app):
    rota = draft_rota()
    reviews = plans.rota_reviews(rota)
    settings = plans.rota_settings(rota)
    members = [m for r in reviews for m in r.team_members]
    # Continuity comes from a past review, and an inactive reviewer is left out either way.
    past = Review(
        council_code=reviews[0].council_code,
        kind="cycle",
        earliest=dt.date(2025, 3, 3),
        latest=dt.date(2025, 3, 5),
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 5),
        days=3,
        directors=0,
        senior_managers=0,
        practitioners=1,
        councillors=0,
        status="completed",
        uid=str(uuid.uuid4()),
    )
    past.team_members = [TeamAssignment(reviewer_id=members[0].reviewer_id, role="practitioner")]
    db.session.add(past)
    db.session.get(Reviewer, members[1].reviewer_id).active = False
    db.session.flush()
    chosen = {db.session.get(Reviewer, m.reviewer_id).reference for m in members}

    # Reviews not freed are fixed, so their teams' references are looked up too.
    whole = build_problem(settings, [], reviews)
    cut = build_problem(settings, [], reviews, register=register_part(settings), reviewers=chosen)
    assert cut == whole | {"reviewers": [r for r in whole["reviewers"] if r["id"] in chosen]}
    assert len(cut["reviewers"]) == len(chosen) - 1
    assert any(r["reviewed_before"] for r in cut["reviewers"])
    for review, entry in zip(reviews, cut["reviews"], strict=True):
        assert [m["reviewer"] for m in entry["fixed"]["team"]] == [
            db.session.get(Reviewer, m.reviewer_id).reference for m in review.team_members
        ]


def test_fixed_teams_take_one_query_for_every_reference(app):
    rota = draft_rota()
    reviews = plans.rota_reviews(rota)
    settings = plans.rota_settings(rota)
    register = register_part(settings)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    def queries(some: list[Review]) -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            build_problem(settings, [], some, register=register, reviewers=set())
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    assert len(reviews) >= 3
    assert queries(reviews[:1]) == queries(reviews) == 1


def test_an_edit_is_refused_only_for_the_findings_it_adds(app):
    rota = draft_rota()
    first, *others = reviews_of(rota)
    _on_a_weekend(first)  # a finding that is not the next edit's fault
    db.session.commit()
    second = next(r for r in others if _insider(r) is not None)
    before = full_check(rota)
    assert any(e.startswith("[rule 2 dates]") for e in before)

    with pytest.raises(plans.PlanRefused) as refused:
        edits.swap_member(second, _practitioner(second), _insider(second))
    after = full_check(rota)  # the edit is still in the session until the rollback
    assert refused.value.errors == [e for e in after if e not in before]
    assert all(e.startswith("[rule 3 independence]") for e in refused.value.errors)
    db.session.rollback()

    # An edit that adds nothing is kept although the rota still breaks a rule.
    second = db.session.get(Review, second.id)
    edits.move_dates(second, second.start_date)
    db.session.commit()
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "move_dates"))
    assert plans.rota_violations(rota) == full_check(rota) == before
