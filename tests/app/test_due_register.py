"""The due list read from the register as of a date, checked against the report's cases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import LeadershipChange, OfstedEvent, Review
from peerreview.requests.due import due_reviews
from tests.app.test_requests_helpers import ROCHDALE


def _rochdale_case_history() -> None:
    """Make sure the report's Rochdale history is in the test database (it is when
    seeds/case_histories.json is loaded; this keeps the test meaningful without it)."""
    has_director = db.session.scalar(
        select(LeadershipChange.id).where(LeadershipChange.council_code == ROCHDALE)
    )
    if has_director is None:
        db.session.add_all(
            [
                OfstedEvent(council_code=ROCHDALE, kind="inspection", framework="child_protection",
                            start_date=dt.date(2012, 1, 1), overall="inadequate"),
                LeadershipChange(council_code=ROCHDALE, date=dt.date(2013, 1, 1)),
                Review(council_code=ROCHDALE, kind="baseline", earliest=dt.date(2013, 1, 1),
                       latest=dt.date(2013, 1, 1), start_date=dt.date(2013, 1, 1),
                       status="completed", uid="test-rochdale-2013@peerreview"),
            ]
        )
        db.session.commit()


def _rochdale(on: dt.date):
    return next((d for d in due_reviews(on) if d.council_code == ROCHDALE), None)


def test_rochdale_shows_baseline_due_in_2013(app):
    _rochdale_case_history()
    due = _rochdale(dt.date(2013, 1, 1))
    assert due is not None
    assert due.kind == "baseline"
    assert due.reason == "New director of children's services from 1 January 2013"
    assert "Inspected 1 January 2012: inadequate" in due.reasons
    assert due.window_start.year == due.window_end.year == 2013
    assert due.priority == 5


def test_rochdale_baseline_due_through_2012_after_the_inadequate_inspection(app):
    _rochdale_case_history()
    due = _rochdale(dt.date(2012, 6, 1))
    assert due.kind == "baseline" and due.reason == "Inspected 1 January 2012: inadequate"


def test_rochdale_baseline_answered_by_the_2013_lga_review(app):
    _rochdale_case_history()
    due = _rochdale(dt.date(2013, 9, 1))
    assert due is None or due.kind != "baseline"


def test_every_recorded_baseline_review_was_due_when_it_was_held(app):
    """The product would have asked for each baseline review the report calls decisive."""
    _rochdale_case_history()
    reviews = db.session.scalars(
        select(Review).where(
            Review.kind == "baseline", Review.status == "completed", Review.demo.is_(False)
        )
    ).all()
    assert reviews
    for review in reviews:
        due = {d.council_code: d for d in due_reviews(review.start_date)}
        assert review.council_code in due, review.council_code
        assert due[review.council_code].kind == "baseline", (review.council_code, due)


def test_due_list_as_of_a_date_ignores_later_events(app):
    code = "E09000001"  # City of London
    db.session.add(
        OfstedEvent(council_code=code, kind="inspection", start_date=dt.date(2030, 1, 1),
                    overall="inadequate")
    )
    db.session.commit()
    today = {d.council_code: d for d in due_reviews(dt.date.today())}
    assert code not in today or "2030" not in today[code].reason


def test_inadequate_inspection_in_the_register_shows_today(app):
    code = "E09000001"
    inspected = dt.date.today() - dt.timedelta(days=10)
    db.session.add(
        OfstedEvent(council_code=code, kind="inspection", framework="ilacs",
                    start_date=inspected, overall="inadequate", care_leavers="inadequate",
                    priority_areas="care_leavers")
    )
    db.session.commit()
    due = {d.council_code: d for d in due_reviews(dt.date.today())}[code]
    assert due.kind == "baseline" and due.priority == 5
    assert "care_leavers" in due.focus


def test_region_and_kind_filters(app):
    north_west = due_reviews(dt.date.today(), region="North West")
    assert north_west and {d.region for d in north_west} == {"North West"}
    cycle = due_reviews(dt.date.today(), kinds=["cycle"])
    assert cycle and {d.kind for d in cycle} == {"cycle"}
