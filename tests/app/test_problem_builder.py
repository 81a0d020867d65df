"""The register -> the solver's problem: the one place that maps one onto the other."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

import solver
from peerreview.extensions import db
from peerreview.models import (
    Council,
    CouncilRelation,
    Review,
    Reviewer,
    ReviewerEmployment,
    ReviewRequest,
    SupportPackage,
    TeamAssignment,
)
from peerreview.rota.problem import ROLE_COLUMNS, ProblemSettings, build_problem

SETTINGS = ProblemSettings(start=dt.date(2027, 1, 4), end=dt.date(2027, 12, 17))
ROCHDALE, OLDHAM, CORNWALL = "E08000005", "E08000004", "E06000052"


def request_for(council: str, **overrides) -> ReviewRequest:
    values = dict(
        council_code=council, kind="baseline", earliest=dt.date(2027, 2, 1),
        latest=dt.date(2027, 4, 30), days=3, directors=1, senior_managers=1, practitioners=1,
        councillors=0, focus=["front_door"], priority=4, status="approved",
    )
    values.update(overrides)
    request = ReviewRequest(**values)
    db.session.add(request)
    db.session.flush()
    return request


def test_the_problem_from_the_seeded_register_is_valid_under_the_contract(app):
    request = request_for(ROCHDALE)
    data = build_problem(SETTINGS, requests=[request])
    problem = solver.parse_problem(data)  # raises with every problem if not
    assert len(problem.councils) == 153
    assert len(problem.reviewers) == 420
    review = problem.review(f"RQ-{request.id}")
    assert review.team == {"director": 1, "senior_manager": 1, "practitioner": 1, "councillor": 0}
    # Bank holidays inside the horizon are closed dates.
    assert dt.date(2027, 12, 27) not in problem.calendar.closed_dates  # outside the horizon
    assert dt.date(2027, 5, 3) in problem.calendar.closed_dates  # early May bank holiday


def test_borders_and_relations_reach_the_solver_both_ways(app):
    db.session.add(
        CouncilRelation(council_a=CORNWALL, council_b=ROCHDALE, kind="shared_leadership",
                        start_date=dt.date(2026, 1, 1))
    )
    db.session.flush()
    problem = solver.parse_problem(build_problem(SETTINGS))
    assert "borders" in problem.related(ROCHDALE, OLDHAM)
    assert "shared_leadership" in problem.related(ROCHDALE, CORNWALL)
    assert "shared_leadership" in problem.related(CORNWALL, ROCHDALE)


def test_ended_relations_and_old_employment_do_not_bind(app):
    db.session.add(
        CouncilRelation(council_a=CORNWALL, council_b=ROCHDALE, kind="strategic_partner",
                        start_date=dt.date(2015, 1, 1), end_date=dt.date(2018, 1, 1))
    )
    reviewer = db.session.scalar(select(Reviewer).order_by(Reviewer.reference))
    old = ReviewerEmployment(council_code=CORNWALL, until=dt.date(2010, 1, 1))
    reviewer.employments.append(old)
    reviewer.employments.append(ReviewerEmployment(council_code=OLDHAM, until=dt.date(2025, 1, 1)))
    db.session.flush()
    problem = solver.parse_problem(build_problem(SETTINGS))
    assert problem.related(ROCHDALE, CORNWALL) == set()
    worked_at = problem.reviewers[reviewer.reference].worked_at
    assert OLDHAM in worked_at and CORNWALL not in worked_at


def test_a_council_under_a_commissioner_is_in_intervention(app):
    db.session.add(
        SupportPackage(council_code=ROCHDALE, form="intervention", kind="commissioner",
                       start_date=dt.date(2026, 6, 1))
    )
    db.session.flush()
    problem = solver.parse_problem(build_problem(SETTINGS))
    assert problem.councils[ROCHDALE].in_intervention
    assert not problem.councils[OLDHAM].in_intervention


def test_published_reviews_are_fixed_unless_freed_and_give_continuity(app):
    reviewers = list(db.session.scalars(select(Reviewer).order_by(Reviewer.reference).limit(2)))
    past = Review(council_code=CORNWALL, kind="cycle", earliest=dt.date(2025, 3, 3),
                  latest=dt.date(2025, 3, 5), start_date=dt.date(2025, 3, 3),
                  end_date=dt.date(2025, 3, 5), days=3, directors=0, senior_managers=1,
                  practitioners=0, councillors=0, status="completed", uid=str(uuid.uuid4()))
    past.team_members = [TeamAssignment(reviewer_id=reviewers[0].id, role="senior_manager")]
    shape = {column: 0 for column in ROLE_COLUMNS.values()}
    shape[ROLE_COLUMNS[reviewers[1].role]] = 1
    planned = Review(council_code=ROCHDALE, kind="cycle", earliest=dt.date(2027, 3, 1),
                     latest=dt.date(2027, 3, 31), start_date=dt.date(2027, 3, 2),
                     end_date=dt.date(2027, 3, 4), days=3, status="published",
                     uid=str(uuid.uuid4()), **shape)
    planned.team_members = [TeamAssignment(reviewer_id=reviewers[1].id, role=reviewers[1].role)]
    db.session.add_all([past, planned])
    db.session.flush()

    problem = solver.parse_problem(build_problem(SETTINGS, reviews=[planned]))
    assert CORNWALL in problem.reviewers[reviewers[0].reference].reviewed_before
    fixed = problem.review(f"RV-{planned.id}").fixed
    assert fixed is not None and fixed.start == dt.date(2027, 3, 2)
    assert [m.reviewer for m in fixed.team] == [reviewers[1].reference]

    freed = solver.parse_problem(build_problem(SETTINGS, reviews=[planned], free=[planned.id]))
    assert freed.review(f"RV-{planned.id}").fixed is None


def test_abolished_councils_are_not_in_a_problem(app):
    assert db.session.get(Council, "E10000021").valid_to is not None  # Northamptonshire
    problem = solver.parse_problem(build_problem(SETTINGS))
    assert "E10000021" not in problem.councils
