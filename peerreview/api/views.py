"""`/api/v1`: read-only JSON. Lists are paged with limit and offset; errors are JSON with a
4xx code; personal data (reviewers, teams) needs a coordinator's session or API token."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from peerreview.api import bp
from peerreview.api import serialise as out
from peerreview.api.auth import api_user, require_coordinator
from peerreview.api.openapi import openapi_document
from peerreview.calendar import services as calendar
from peerreview.councils.services import council_by_code, latest_inspections
from peerreview.extensions import db
from peerreview.models import Council, OfstedEvent, Reviewer
from peerreview.reference import vocabulary

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 100_000


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    """JSON errors that keep the exception's headers (WWW-Authenticate on a 401)."""
    response = jsonify({"error": error.name, "message": error.description})
    response.status_code = error.code or 500
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.after_request
def vary_by_caller(response):
    """Some answers depend on who asks (teams appear for coordinators): keep shared caches
    from handing one caller's answer to another."""
    response.vary.add("Authorization")
    response.vary.add("Cookie")
    return response


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        abort(400, description=f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def page_params() -> tuple[int, int]:
    return (
        _whole_number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        _whole_number("offset", 0, 0, MAX_OFFSET),
    )


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def region_param() -> str | None:
    """A region by its name or its slug; anything else is a 400."""
    raw = request.args.get("region")
    if not raw:
        return None
    if raw in vocabulary.REGIONS:
        return raw
    name = calendar.region_by_slug(raw)
    if name is None:
        abort(400, description="region must be one of the nine English regions, "
                               "by name or slug (north-west)")
    return name


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/councils")
def councils():
    limit, offset = page_params()
    region = region_param()
    query = select(Council)
    if region:
        query = query.where(Council.region == region)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Council.name, Council.gss_code)
                              .limit(limit).offset(offset)).all()
    latest = latest_inspections()
    items = [out.council(row, latest.get(row.gss_code)) for row in rows]
    return jsonify(page(items, total, limit, offset))


@bp.get("/councils/<code>")
def council(code: str):
    found = council_by_code(code)
    if found is None:
        abort(404, description=f"No council with the code {code[:20]}")
    history = db.session.scalars(
        select(OfstedEvent).where(OfstedEvent.council_code == found.gss_code)
        .order_by(OfstedEvent.start_date)
    ).all()
    # Public data only: the council's reviews without their teams, whoever asks.
    reviews = calendar.entries(calendar.calendar_reviews(council_code=found.gss_code),
                               with_team=False)
    data = out.council(found, latest_inspections().get(found.gss_code))
    data["ofsted_history"] = [out.ofsted_event(event) for event in history]
    data["reviews"] = [out.review(entry) for entry in reviews]
    return jsonify(data)


@bp.get("/reviews")
def reviews():
    limit, offset = page_params()
    region = region_param()
    council_code = request.args.get("council")
    found = council_by_code(council_code) if council_code else None
    if council_code and found is None:
        abort(400, description="council must be a GSS code or slug of a council")
    status = request.args.get("status")
    if status and status not in calendar.CALENDAR_STATUSES:
        abort(400, description="status must be one of " + ", ".join(calendar.CALENDAR_STATUSES))
    year = _whole_number("year", 0, 2000, 2100) if request.args.get("year") else None
    rows = calendar.calendar_reviews(
        region=region, council_code=found.gss_code if found else None, year=year
    )
    if status:
        rows = [(review, home) for review, home in rows if review.status == status]
    total = len(rows)
    window = rows[offset:offset + limit]
    user = api_user()
    entries = (calendar.entries(window, with_team=None, user=user) if user
               else calendar.entries(window, with_team=False))
    return jsonify(page([out.review(entry) for entry in entries], total, limit, offset))


@bp.get("/reviewers")
def reviewers():
    user = require_coordinator()
    limit, offset = page_params()
    query = select(Reviewer, Council).join(Council, Council.gss_code == Reviewer.council_code)
    if not user.has_role("national_coordinator"):
        query = query.where(Council.region == (user.region or "(no region)"))
    region = region_param()
    if region:
        query = query.where(Council.region == region)
    active = request.args.get("active")
    if active not in (None, "", "true", "false"):
        abort(400, description="active must be true or false")
    if active:
        query = query.where(Reviewer.active.is_(active == "true"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(query.order_by(Reviewer.reference).limit(limit).offset(offset))
    items = [out.reviewer(reviewer, home) for reviewer, home in rows]
    return jsonify(page(items, total, limit, offset))
