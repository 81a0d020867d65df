"""The audit page: who changed what, when, with before and after side by side.

National coordinators only: an entry's snapshots may hold any council's or reviewer's
private details, and entries are not tagged with a region, so regional coordinators would see
other regions' changes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy import func, select

from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.models import AuditEntry

bp = Blueprint("audit", __name__)

PAGE_SIZE = 50
MAX_FILTER = 254


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    kind: str  # "added", "removed" or "changed"


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """The fields that differ between two snapshots, in a stable order. A snapshot that is not
    a mapping (older entries, lists) is shown whole as one field."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        if before is None and isinstance(after, dict):
            before = {}
        elif after is None and isinstance(before, dict):
            after = {}
        else:
            return [FieldChange("(record)", _show(before), _show(after), "changed")]
    changes = []
    for key in sorted(set(before) | set(after), key=str):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        kind = "added" if key not in before else "removed" if key not in after else "changed"
        changes.append(FieldChange(str(key), _show(old), _show(new), kind))
    return changes


def _parse_day(value: str) -> dt.date | None:
    """A date of the trail's era; anything else (including 9999-12-31, whose next day does
    not exist) is None, so the page asks again rather than failing."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if dt.date(1900, 1, 1) <= day <= dt.date(2999, 12, 31) else None


@bp.get("/audit")
@roles_required("national_coordinator")
def index():
    args = {
        key: request.args.get(key, "").strip()[:MAX_FILTER]
        for key in ("entity", "entity_id", "actor", "from", "to")
    }
    errors: dict[str, str] = {}
    query = select(AuditEntry)
    if args["entity"]:
        query = query.where(AuditEntry.entity == args["entity"])
    if args["entity_id"]:
        query = query.where(AuditEntry.entity_id == args["entity_id"])
    if args["actor"]:
        query = query.where(func.lower(AuditEntry.actor).contains(args["actor"].lower()))
    start = end = None
    if args["from"]:
        start = _parse_day(args["from"])
        if start is None:
            errors["from"] = "Enter the ‘from’ date in the format 2026-11-27"
    if args["to"]:
        end = _parse_day(args["to"])
        if end is None:
            errors["to"] = "Enter the ‘to’ date in the format 2026-11-27"
    if start and end and end < start:
        errors["to"] = "The ‘to’ date must be the same as or after the ‘from’ date"
    if start:
        query = query.where(AuditEntry.at >= dt.datetime.combine(start, dt.time.min))
    if end:
        query = query.where(
            AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
        )
    try:
        page = max(1, min(int(request.args.get("page", "1")), 100_000))
    except ValueError:
        page = 1
    entries = []
    total = 0
    if not errors:
        total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = db.session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).all()
    entities = db.session.scalars(
        select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)
    ).all()
    rows = [(entry, field_changes(entry.before, entry.after)) for entry in entries]
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    status = 400 if errors else 200
    return (
        render_template(
            "audit/index.html",
            rows=rows,
            filters=args,
            errors=errors,
            entities=entities,
            total=total,
            page=page,
            pages=pages,
        ),
        status,
    )
