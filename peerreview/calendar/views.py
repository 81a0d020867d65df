"""Calendar pages. Views stay thin: queries live in calendar.services, drawing in timeline."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from flask import Response, abort, current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from peerreview import freshness
from peerreview.auth.access import roles_required
from peerreview.calendar import bp, export, services
from peerreview.calendar.forms import FeedLinkForm
from peerreview.calendar.timeline import build_timeline
from peerreview.councils.services import council_by_code
from peerreview.extensions import db
from peerreview.feeds.http import conditional_response
from peerreview.feeds.ical import render_calendar
from peerreview.models import FeedToken, Reviewer
from peerreview.models.tokens import hash_token, new_token
from peerreview.reference import vocabulary
from peerreview.reviewers.access import can_manage

COORDINATOR_ROLES = ("national_coordinator", "regional_coordinator")


def chosen_year() -> int:
    """The year asked for, or the year of the next review on the calendar (this year if
    none), so the page opens on something useful. A malformed year is a 400."""
    raw = request.args.get("year")
    if raw:
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            abort(400, description="Enter a year between 2000 and 2100, like 2027")
        return int(raw)
    today = dt.date.today()
    upcoming = services.next_review_start(today)
    return upcoming.year if upcoming else today.year


def years_with_reviews() -> list[int]:
    return services.calendar_years()


def by_month(entries: list[services.CalendarEntry], year: int):
    """[(first day of month, [(region, entries)])], regions in the vocabulary's order."""
    order = {region: index for index, region in enumerate(vocabulary.REGIONS)}
    in_year = [e for e in entries if e.review.start_date and e.review.start_date.year == year]
    # Reviews that start in December of the year before still show in the timeline.
    months = []
    for month, items in groupby(in_year, key=lambda e: e.review.start_date.month):
        items = sorted(items, key=lambda e: (order.get(e.council.region, 99), e.review.start_date,
                                             e.council.name))
        regions = [(region, list(group))
                   for region, group in groupby(items, key=lambda e: e.council.region)]
        months.append((dt.date(year, month, 1), regions))
    return months


def region_rows(entries: list[services.CalendarEntry]):
    return [
        (region, url_for("calendar.region", slug=services.region_slug(region)),
         [e for e in entries if e.council.region == region])
        for region in vocabulary.REGIONS
    ]


def council_rows(entries: list[services.CalendarEntry]):
    names = sorted({e.council.name: e.council for e in entries}.items())
    return [
        (name, url_for("calendar.council", code=council.gss_code),
         [e for e in entries if e.council.gss_code == council.gss_code])
        for name, council in names
    ]


def year_body(year: int, region: str | None) -> tuple[Markup, int]:
    """The year's timeline and month tables, and how many reviews they show. Rendered once
    per change to the register (peerreview.freshness): a national year is 160 reviews."""

    def render() -> tuple[Markup, int]:
        entries = services.entries(
            services.calendar_reviews(year=year, region=region), with_team=False
        )
        rows = council_rows(entries) if region else region_rows(entries)
        html = render_template(
            "calendar/_year.html",
            year=year,
            region=region,
            months=by_month(entries, year),
            timeline=build_timeline(year, rows, today=dt.date.today()),
        )
        return Markup(html), len(entries)

    return freshness.remember(("calendar year", year, region, dt.date.today()), render)


@bp.get("/")
def index():
    year = chosen_year()
    body, count = year_body(year, None)
    return render_template(
        "calendar/index.html",
        year=year,
        years=years_with_reviews(),
        year_body=body,
        count=count,
        region=None,
        regions=[(region, services.region_slug(region)) for region in vocabulary.REGIONS],
        feed_url=url_for("feeds.national", _external=True),
    )


@bp.get("/regions/<slug>")
def region(slug: str):
    name = services.region_by_slug(slug)
    if name is None:
        abort(404)
    year = chosen_year()
    body, count = year_body(year, name)
    return render_template(
        "calendar/index.html",
        year=year,
        years=years_with_reviews(),
        year_body=body,
        count=count,
        region=name,
        slug=slug,
        regions=[(r, services.region_slug(r)) for r in vocabulary.REGIONS],
        feed_url=url_for("feeds.region", slug=slug, _external=True),
    )


@bp.get("/councils/<code>")
def council(code: str):
    found = council_by_code(code)
    if found is None:
        abort(404)
    entries = services.entries(services.calendar_reviews(council_code=found.gss_code),
                               with_team=False)
    return render_template(
        "calendar/council.html",
        council=found,
        entries=entries,
        feed_url=url_for("feeds.council", code=found.gss_code, _external=True),
        region_slug=services.region_slug(found.region),
    )


def feed_links(token: str) -> dict[str, str]:
    """The https and webcal forms of a reviewer's feed address (plain http on a local
    debug server, where there is no TLS)."""
    address = url_for("feeds.reviewer", token=token, _external=True)
    rest = address.split("://", 1)[1]
    local = current_app.debug and request.host.split(":")[0] in ("127.0.0.1", "localhost")
    return {"https": ("http://" if local else "https://") + rest, "webcal": "webcal://" + rest}


def active_feed_token(reviewer: Reviewer) -> FeedToken | None:
    return db.session.scalar(
        select(FeedToken)
        .where(FeedToken.reviewer_id == reviewer.id, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.created_at.desc())
    )


def change_feed_link(reviewer: Reviewer, action: str) -> str | None:
    """Revoke every live link of the reviewer and, for "create", issue a new one. Returns the
    new token, which exists in clear only in this response."""
    from peerreview.audit import record_change

    live = db.session.scalars(
        select(FeedToken).where(FeedToken.reviewer_id == reviewer.id,
                                FeedToken.revoked_at.is_(None))
    ).all()
    for row in live:
        row.revoke()
        record_change("revoke", "feed_token", row.id, {"reviewer": reviewer.reference}, None)
    token = None
    if action == "create":
        token = new_token()
        row = FeedToken(token_hash=hash_token(token), reviewer_id=reviewer.id,
                        created_by=current_user.id)
        db.session.add(row)
        db.session.flush()
        record_change("create", "feed_token", row.id, None, {"reviewer": reviewer.reference})
    db.session.commit()
    return token


def reviewer_page(reviewer: Reviewer, *, own: bool):
    form = FeedLinkForm()
    token = None
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            token = change_feed_link(reviewer, form.action.data)
        else:
            status = 400
    rows = services.calendar_reviews(reviewer_id=reviewer.id)
    entries = services.entries(rows, with_team=True)
    today = dt.date.today()
    return render_template(
        "calendar/reviewer.html",
        reviewer=reviewer,
        own=own,
        form=form,
        upcoming=[e for e in entries if e.review.end_date >= today],
        past=[e for e in entries if e.review.end_date < today],
        token=token,
        links=feed_links(token) if token else None,
        active_token=active_feed_token(reviewer),
    ), status, {"Cache-Control": "no-store"}  # it may show a new secret link


@bp.route("/my-feed", methods=["GET", "POST"])
@roles_required("reviewer")
def my_feed():
    reviewer = db.session.get(Reviewer, current_user.reviewer_id or 0)
    if reviewer is None:
        abort(404)
    return reviewer_page(reviewer, own=True)


@bp.route("/reviewers/<reference>", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def reviewer_feed(reference: str):
    reviewer = db.session.scalar(select(Reviewer).where(Reviewer.reference == reference))
    if reviewer is None or not can_manage(reviewer):
        abort(404)
    return reviewer_page(reviewer, own=False)


@bp.get("/reviews/<int:review_id>.ics")
def review_ics(review_id: int) -> Response:
    rows = services.calendar_reviews(review_id=review_id)
    if not rows:
        abort(404)
    review, council = rows[0]
    private = services.can_see_team(review, council)
    body = render_calendar(
        services.summary(review, council),
        "One peer review of children's services.",
        services.entries(rows, with_team=private),
        private=private,
        council_urls={council.gss_code: url_for("calendar.council", code=council.gss_code,
                                                _external=True)},
    )
    response = conditional_response(
        body, mimetype="text/calendar", last_modified=review.updated_at, private=True,
        filename=f"peer-review-{council.slug}-{review.start_date:%Y-%m-%d}.ics",
    )
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "inline", "attachment")
    response.vary.add("Cookie")  # the team is in it only for members and coordinators
    return response


def export_entries() -> tuple[list[services.CalendarEntry], bool]:
    team_columns = current_user.is_authenticated and any(
        current_user.has_role(role) for role in COORDINATOR_ROLES)
    rows = services.calendar_reviews()
    return services.entries(rows, with_team=None if team_columns else False), team_columns


@bp.get("/export.csv")
def export_csv() -> Response:
    entries, team_columns = export_entries()
    response = Response(export.to_csv(entries, team_columns=team_columns),
                        content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="peer-review-rota.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export.xlsx")
def export_xlsx() -> Response:
    entries, team_columns = export_entries()
    response = Response(
        export.to_xlsx(entries, team_columns=team_columns),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="peer-review-rota.xlsx"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
