"""A database with the national register and ten years of published reviews (2017-2027).

The seeded register and demo reviewers (as `make run` loads them), plus one review a year
for every council from 2017 to 2027 with a team of three demo reviewers: about 1,700 reviews
and 5,000 team places, so lists, records, calendars and the national feed carry a decade's
weight. Deterministic for a seed. Past reviews are completed, the rest published.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

from sqlalchemy import select

from peerreview import create_app
from peerreview.extensions import db
from peerreview.models import Council, Review, Reviewer, Rota, TeamAssignment

YEARS = range(2017, 2028)
KINDS = ("baseline", "validation", "cycle", "focused")
ROLES = ("director", "senior_manager", "practitioner")


def build(database_url: str, *, seed: int = 0) -> int:
    """Migrate, seed and add the history; returns the number of reviews written."""
    from flask_migrate import upgrade

    from peerreview.seeding import demo, seeds

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "HUEY_IMMEDIATE": True})
    rng = random.Random(seed)
    today = dt.date.today()
    with app.app_context():
        upgrade()
        seeds.load_reference(Path(app.config["SEEDS_DIR"]))
        demo.load_demo(Path(app.config["SEEDS_DIR"]))
        councils = list(db.session.scalars(select(Council.gss_code).order_by(Council.gss_code)))
        reviewers = list(db.session.scalars(select(Reviewer).where(Reviewer.active)))
        by_role = {role: [r for r in reviewers if r.role == role] or reviewers for role in ROLES}
        count = 0
        for year in YEARS:
            rota = Rota(
                name=f"National rota {year}",
                settings={"generated": True},
                published_at=dt.datetime(year - 1, 12, 1),
            )
            db.session.add(rota)
            db.session.flush()
            for code in councils:
                monday = dt.date(year, 1, 4) + dt.timedelta(weeks=rng.randrange(48))
                monday -= dt.timedelta(days=monday.weekday())
                days = rng.choice((3, 4))
                end = monday + dt.timedelta(days=days - 1)
                review = Review(
                    council_code=code,
                    kind=rng.choice(KINDS),
                    earliest=monday - dt.timedelta(weeks=4),
                    latest=end + dt.timedelta(weeks=4),
                    status="completed" if end < today else "published",
                    start_date=monday,
                    end_date=end,
                    days=days,
                    uid=f"{uuid.UUID(int=rng.getrandbits(128))}@load.peerreview.invalid",
                    rota_id=rota.id,
                    focus=[],
                )
                db.session.add(review)
                db.session.flush()
                for index, role in enumerate(ROLES):
                    member = rng.choice(by_role[role])
                    db.session.add(
                        TeamAssignment(
                            review_id=review.id,
                            reviewer_id=member.id,
                            role=role,
                            lead=index == 0,
                            reasons=[],
                        )
                    )
                count += 1
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return count
