"""Feed routes. Public feeds carry council, kind and dates only; the reviewer's feed, reached
by a secret token, adds the team and logistics. Unknown regions, councils and tokens are 404,
and so is a revoked token, so a link that no longer works reveals nothing."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Response, abort, url_for

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


#: Rendered public feeds by fingerprint, newest last. Rendering a decade of national reviews
#: with icalendar takes about a second of CPU; the rows they come from take milliseconds to
#: load, so a feed is rendered again only when something in it changed. Per process, bounded.
_RENDERED: OrderedDict[str, bytes] = OrderedDict()
_RENDERED_MAX = 64
_RENDERED_LOCK = threading.Lock()  # threaded servers share the cache


def _fingerprint(name: str, description: str, rows: list[tuple[Review, Council]],
                 urls: dict[str, str]) -> str:
    """Everything a public feed's bytes depend on (see feeds.ical.event_for)."""
    digest = hashlib.sha256(repr((name, description, sorted(urls.items()))).encode())
    for review, council in rows:
        digest.update(repr((
            review.id, review.uid, review.version, review.sequence, review.updated_at,
            review.status, review.confirmed_at, review.kind, review.start_date, review.end_date,
            review.days, review.focus,
            council.gss_code, council.name, council.region, council.website,
        )).encode())
    return digest.hexdigest()


def public_feed(name: str, description: str, rows: list[tuple[Review, Council]],
                filename: str) -> Response:
    urls = council_urls(rows)
    key = _fingerprint(name, description, rows, urls)
    with _RENDERED_LOCK:
        body = _RENDERED.get(key)
        if body is not None:
            _RENDERED.move_to_end(key)
    if body is None:
        body = render_calendar(
            name, description, services.entries(rows, with_team=False), council_urls=urls
        )
        with _RENDERED_LOCK:
            _RENDERED[key] = body
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
    return conditional_response(
        body, mimetype=ICS, last_modified=services.latest_change(), private=False,
        filename=filename,
    )


@bp.get("/national.ics")
def national() -> Response:
    return public_feed(
        "Children's services peer reviews (England)",
        "Published peer reviews of English councils' children's services.",
        services.calendar_reviews(),
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
        services.calendar_reviews(region=name),
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
        services.calendar_reviews(council_code=found.gss_code),
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
