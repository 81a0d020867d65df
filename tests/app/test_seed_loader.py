"""The seeded register: what `make run` loads, checked in the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import (
    BankHoliday,
    Council,
    CouncilBorder,
    LeadershipChange,
    OfstedEvent,
    Review,
    Reviewer,
    StatisticalNeighbour,
    User,
)
from peerreview.seeding import demo, seeds


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_all_153_current_councils_with_unique_codes(app):
    current = list(db.session.scalars(select(Council).where(Council.valid_to.is_(None))))
    assert len(current) == 153
    assert len({c.gss_code for c in current}) == 153
    assert len({c.dfe_code for c in current}) == 153
    assert {c.region for c in current} >= {"North West", "London", "South West"}
    rochdale = db.session.get(Council, "E08000005")
    assert rochdale.name == "Rochdale" and rochdale.type == "metropolitan"


def test_every_border_is_between_known_councils_and_stored_once(app):
    codes = set(db.session.scalars(select(Council.gss_code)))
    pairs = list(db.session.execute(select(CouncilBorder.council_a, CouncilBorder.council_b)))
    assert len(pairs) > 300
    for a, b in pairs:
        assert a in codes and b in codes
        assert a < b  # so the symmetric relation is stored once and read both ways
    assert len(set(pairs)) == len(pairs)


def test_statistical_neighbours_and_inspections_loaded(app):
    assert count(StatisticalNeighbour) == 153 * 10
    assert count(OfstedEvent, OfstedEvent.kind == "inspection") >= 450
    assert count(BankHoliday, BankHoliday.date == __import__("datetime").date(2027, 12, 27)) == 1


def test_rochdale_case_history_is_on_the_record(app):
    rochdale = "E08000005"
    inadequate_2012 = count(
        OfstedEvent,
        OfstedEvent.council_code == rochdale,
        OfstedEvent.overall == "inadequate",
        func.extract("year", OfstedEvent.start_date) == 2012,
    )
    assert inadequate_2012 == 1
    assert count(
        LeadershipChange,
        LeadershipChange.council_code == rochdale,
        func.extract("year", LeadershipChange.date) == 2013,
    ) == 1
    assert count(Review, Review.council_code == rochdale, Review.status == "completed") >= 1


def test_demo_data_is_marked_and_sized_like_the_real_pool(app):
    reviewers = count(Reviewer)
    assert 300 <= reviewers <= 600
    assert count(Reviewer, Reviewer.demo.is_(False)) == 0
    assert count(User, User.demo.is_(True)) == len(demo.DEMO_LOGINS)


def test_loading_again_changes_nothing(app):
    before = {
        model.__name__: count(model)
        for model in (Council, CouncilBorder, StatisticalNeighbour, OfstedEvent, Reviewer, User)
    }
    directory = Path(app.config["SEEDS_DIR"])
    results = seeds.load_reference(directory) + demo.load_demo(directory)
    db.session.commit()
    assert all(changes.added == 0 and changes.changed == 0 for changes in results), [
        str(c) for c in results
    ]
    after = {name: count(model) for name, model in (
        (m.__name__, m)
        for m in (Council, CouncilBorder, StatisticalNeighbour, OfstedEvent, Reviewer, User)
    )}
    assert after == before


def test_reloading_keeps_a_coordinators_edit_to_a_demo_reviewer(app):
    reviewer = db.session.scalar(select(Reviewer).order_by(Reviewer.reference))
    reviewer.max_reviews = 9
    db.session.commit()
    demo.load_demo(Path(app.config["SEEDS_DIR"]))
    db.session.commit()
    db.session.refresh(reviewer)
    assert reviewer.max_reviews == 9
