"""The national capacity picture: demand against credible, independent supply."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from peerreview.councils import services as councils
from peerreview.extensions import db
from peerreview.models import Reviewer, SupportPackage
from peerreview.requests.capacity import capacity_picture, chart
from tests.app.test_requests_helpers import (
    COORDINATOR,
    NORTH_WEST,
    REVIEWER,
    ROCHDALE_USER,
    as_user,
    with_templates,
)


def test_capacity_is_for_coordinators(client):
    assert client.get("/capacity").status_code == 302
    assert as_user(client, ROCHDALE_USER).get("/capacity").status_code == 403
    client.post("/logout")
    assert as_user(client, REVIEWER).get("/capacity").status_code == 403


def test_capacity_page_shows_chart_table_and_the_reports_ratio(client, app):
    with_templates()
    picture = capacity_picture(dt.date.today())
    html = as_user(client, NORTH_WEST).get("/capacity").get_data(as_text=True)
    assert "<svg" in html and "app-chart__bar--demand" in html
    assert "31 councils judged good or better" in html
    ratio = f"{picture.national.support_ratio:.1f}"
    assert f'id="support-ratio">{ratio}<' in html
    assert "North West" in html and "England" in html
    assert "style=" not in html.split("<main")[1]  # strict CSP: no inline styles


def test_cycle_years_changes_the_demand(client, app):
    as_user(client, COORDINATOR)
    assert client.get("/capacity?cycle_years=1").status_code == 200
    assert client.get("/capacity?cycle_years=nonsense").status_code == 200  # falls back to 3


def test_support_ratio_is_not_yet_good_per_good_council(app):
    today = dt.date.today()
    latest = councils.latest_inspections(today)
    picture = capacity_picture(today)
    good = sum(1 for e in latest.values() if e.overall in ("good", "outstanding"))
    assert picture.national.good_councils <= good
    assert picture.national.support_ratio == (
        picture.national.councils_needing_support / picture.national.good_councils
    )
    assert sum(r.due for r in picture.regions) == picture.national.due


def test_supply_counts_only_reviewers_from_good_councils_not_in_intervention(app):
    today = dt.date.today()
    latest = councils.latest_inspections(today)
    reviewer = db.session.scalar(
        select(Reviewer).where(Reviewer.active.is_(True)).where(
            Reviewer.council_code.in_(
                [c for c, e in latest.items() if e.overall in ("good", "outstanding")]
            )
        ).limit(1)
    )
    assert reviewer is not None
    before = capacity_picture(today)
    db.session.add(
        SupportPackage(council_code=reviewer.council_code, form="intervention",
                       kind="commissioner", start_date=today - dt.timedelta(days=1))
    )
    db.session.commit()
    after = capacity_picture(today)
    lost = sum(
        (r.max_days if r.max_days is not None else 10)
        for r in db.session.scalars(
            select(Reviewer).where(Reviewer.council_code == reviewer.council_code,
                                   Reviewer.active.is_(True))
        )
    )
    assert after.national.supply_total == before.national.supply_total - lost
    assert after.excluded_in_intervention > before.excluded_in_intervention


def test_demand_uses_team_shape_times_days(app):
    with_templates()
    picture = capacity_picture(dt.date.today())
    national = picture.national
    assert national.demand_total > 0
    # Every suggested template has one director: director-days are days x reviews due.
    assert national.demand_days["director"] >= 2 * national.due


def test_chart_bars_fit_the_plot(app):
    picture = capacity_picture(dt.date.today())
    drawn = chart(picture)
    assert len(drawn.bars) == 2 * len(picture.regions)
    assert all(0 <= bar.width <= drawn.plot_right - drawn.plot_left for bar in drawn.bars)
