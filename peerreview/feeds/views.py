"""Feed routes. Public feeds carry council, kind and dates only; the reviewer's feed, reached
by a secret token, adds the team and logistics. Unknown regions, councils and tokens are 404,
and so is a revoked token, so a link that no longer works reveals nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from flask import Response, abort, request, url_for

from peerreview import freshness
from peerreview.calendar import services
from peerreview.councils.services import council_by_code
from peerreview.extensions import db
from peerreview.feeds import bp
from peerreview.feeds.http import conditional_response
from peerreview.feeds.ical import render_calendar
from peerreview.models import Council, FeedToken, Review, Reviewer

ICS = "text/calendar"


def council_urls(rows: list[tuple[Review, Council]]) -> dict[str, str]:
    return {
        council.gss_code: url_for("calendar.council", code=council.gss_code, _external=True)
        for _, council in rows
    }


def public_feed(
    name: str, description: str, load_rows: Callable[[], list[tuple[Review, Council]]],
    filename: str,
) -> Response:
    """A public feed, rendered again only when the register has changed since it was last
    rendered in this process (peerreview.freshness): a decade of national reviews takes a
    tenth of a second to load and render, and calendar clients poll all day."""

    def render() -> tuple[bytes, str, dt.datetime | None]:
        rows = load_rows()
        body = render_calendar(
            name, description, services.entries(rows, with_team=False),
            council_urls=council_urls(rows),
        )
        return body, hashlib.sha256(body).hexdigest(), services.latest_change()

    body, etag, last_modified = freshness.remember(
        ("public feed", request.host_url, filename, name), render
    )
    return conditional_response(
        body, mimetype=ICS, last_modified=last_modified, private=False, filename=filename,
        etag=etag,
    )


@bp.get("/national.ics")
def national() -> Response:
    return public_feed(
        "Children's services peer reviews (England)",
        "Published peer reviews of English councils' children's services.",
        services.calendar_reviews,
        "national.ics",
    )


@bp.get("/regions/<slug>.ics")
def region(slug: str) -> Response:
    name = services.region_by_slug(slug)
    if name is None:
        abort(404)
    return public_feed(
        f"Children's services peer reviews ({name})",
        f"Published peer reviews of children's services in {name}.",
        lambda: services.calendar_reviews(region=name),
        f"{slug}.ics",
    )


@bp.get("/councils/<code>.ics")
def council(code: str) -> Response:
    found = council_by_code(code)
    if found is None:
        abort(404)
    return public_feed(
        f"Children's services peer reviews ({found.name})",
        f"Published peer reviews of children's services at {found.name}.",
        lambda: services.calendar_reviews(council_code=found.gss_code),
        f"{found.gss_code}.ics",
    )


@bp.get("/reviewers/<token>.ics")
def reviewer(token: str) -> Response:
    feed_token = FeedToken.find_active(token)
    person = db.session.get(Reviewer, feed_token.reviewer_id) if feed_token else None
    if feed_token is None or person is None:
        abort(404)
    if feed_token.touch():
        db.session.commit()
    rows = services.calendar_reviews(reviewer_id=person.id)
    body = render_calendar(
        "My peer reviews",
        f"Peer reviews {person.name} is on the team for, with the team and logistics.",
        services.entries(rows, with_team=True),
        private=True,
        council_urls=council_urls(rows),
    )
    return conditional_response(
        body, mimetype=ICS, last_modified=services.latest_change(), private=True,
        filename="my-peer-reviews.ics",
    )
