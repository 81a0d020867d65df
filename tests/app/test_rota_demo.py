"""The demo rota: approved requests for the councils due, solved and published."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import Review, ReviewRequest, Rota
from peerreview.rota import plans
from peerreview.seeding.demo_rota import load_demo_rota

TODAY = dt.date(2026, 11, 27)


def test_demo_rota_publishes_a_checked_calendar_for_next_year_once(app):
    before = db.session.scalar(select(func.count()).select_from(Review))
    changes = load_demo_rota(TODAY, time_limit=3)
    db.session.commit()
    requests = db.session.scalar(
        select(func.count()).select_from(ReviewRequest).where(ReviewRequest.demo.is_(True))
    )
    assert 30 <= requests <= 50, changes
    published = list(
        db.session.scalars(
            select(Review).where(Review.status == "published", Review.demo.is_(True))
        )
    )
    assert len(published) >= 20
    assert all(r.start_date.year == 2027 and r.sequence >= 1 and r.uid for r in published)
    assert all(r.team_members for r in published)
    rota = db.session.scalar(select(Rota).where(Rota.demo.is_(True)))
    assert rota is not None and rota.published_at is not None
    assert plans.rota_violations(rota) == []

    again = load_demo_rota(TODAY, time_limit=3)
    assert again.unchanged == 1 and again.added == 0
    assert db.session.scalar(select(func.count()).select_from(Review)) == before + len(published)
