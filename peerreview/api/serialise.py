"""Rows as the API's JSON. Field names and shapes are the contract in openapi.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from peerreview.calendar.services import CalendarEntry, ical_status
from peerreview.models import Council, OfstedEvent, Reviewer


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def council(row: Council, latest: OfstedEvent | None) -> dict[str, Any]:
    return {
        "gss_code": row.gss_code,
        "dfe_code": row.dfe_code,
        "ofsted_urn": row.ofsted_urn,
        "name": row.name,
        "slug": row.slug,
        "region": row.region,
        "type": row.type,
        "website": row.website,
        "population_0_25": row.population_0_25,
        "valid_from": _date(row.valid_from),
        "valid_to": _date(row.valid_to),
        "replaced_by": row.replaced_by,
        "current": row.is_current,
        "latest_judgement": (
            {"judgement": latest.overall, "inspected": _date(latest.start_date)}
            if latest else None
        ),
        "links": {
            "self": url_for("api.council", code=row.gss_code, _external=True),
            "html": url_for("councils.show", code=row.gss_code, _external=True),
            "calendar": url_for("calendar.council", code=row.gss_code, _external=True),
            "ics": url_for("feeds.council", code=row.gss_code, _external=True),
        },
    }


def ofsted_event(row: OfstedEvent) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "framework": row.framework,
        "inspection_type": row.inspection_type,
        "start_date": _date(row.start_date),
        "end_date": _date(row.end_date),
        "published": _date(row.published),
        "overall": row.overall,
        "leaders": row.leaders,
        "help_protection": row.help_protection,
        "in_care": row.in_care,
        "care_leavers": row.care_leavers,
        "report_url": row.report_url,
    }


def review(entry: CalendarEntry) -> dict[str, Any]:
    """A review's public facts; `team` only where the caller may see it."""
    item, home = entry.review, entry.council
    data: dict[str, Any] = {
        "id": item.id,
        "uid": item.uid,
        "sequence": item.sequence or 0,
        "council": {"gss_code": home.gss_code, "name": home.name, "region": home.region},
        "kind": item.kind,
        "status": item.status,
        "ical_status": ical_status(item.status),
        "start_date": _date(item.start_date),
        "end_date": _date(item.end_date),
        "days": item.days,
        "focus": list(item.focus or []),
        "updated_at": _stamp(item.updated_at),
        "links": {
            "ics": url_for("calendar.review_ics", review_id=item.id, _external=True),
            "council": url_for("api.council", code=home.gss_code, _external=True),
        },
    }
    if entry.team is not None:
        data["team"] = [
            {"name": m.name, "email": m.email, "role": m.role, "lead": m.lead,
             "home_council": m.home_council}
            for m in entry.team
        ]
    return data


def reviewer(row: Reviewer, home: Council) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "name": row.name,
        "email": row.email,
        "role": row.role,
        "active": row.active,
        "max_reviews": row.max_reviews,
        "max_days": row.max_days,
        "home_council": {"gss_code": home.gss_code, "name": home.name, "region": home.region},
        "expertise": [{"area": e.area, "level": e.level} for e in row.expertise],
    }
