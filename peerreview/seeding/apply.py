"""Writing reference records into the register, idempotently.

Reloading the same records changes nothing; a corrected record updates its row; rows that
coordinators added by hand are never deleted by a reload.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import delete, select

from peerreview.extensions import db
from peerreview.models import (
    BankHoliday,
    Council,
    CouncilBorder,
    OfstedEvent,
    StatisticalNeighbour,
)
from peerreview.reference.records import (
    BankHoliday as BankHolidayRecord,
)
from peerreview.reference.records import (
    CouncilRecord,
    InspectionRecord,
    NeighbourRecord,
)
from peerreview.seeding.changes import Changes, assign


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def apply_councils(records: Iterable[CouncilRecord]) -> Changes:
    changes = Changes("councils")
    existing = {c.gss_code: c for c in db.session.scalars(select(Council))}
    for record in records:
        values = {
            "dfe_code": record.dfe_code,
            "ofsted_urn": record.ofsted_urn,
            "name": record.name,
            "slug": slugify(record.name),
            "region": record.region,
            "type": record.type,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "population_0_25": record.population_0_25,
            "website": record.website,
            "valid_from": record.valid_from,
            "valid_to": record.valid_to,
            "replaced_by": ", ".join(record.replaced_by) or None,
        }
        council = existing.get(record.gss_code)
        if council is None:
            db.session.add(Council(gss_code=record.gss_code, **values))
            changes.added += 1
        elif assign(council, values):
            changes.changed += 1
        else:
            changes.unchanged += 1
    db.session.flush()
    return changes


def apply_borders(pairs: Iterable[tuple[str, str]]) -> Changes:
    changes = Changes("borders")
    existing = set(db.session.execute(select(CouncilBorder.council_a, CouncilBorder.council_b)))
    for a, b in pairs:
        key = (min(a, b), max(a, b))
        if key in existing:
            changes.unchanged += 1
            continue
        db.session.add(CouncilBorder(council_a=key[0], council_b=key[1]))
        existing.add(key)
        changes.added += 1
    db.session.flush()
    return changes


def apply_neighbours(records: Iterable[NeighbourRecord]) -> Changes:
    """DfE republishes whole sets: a council's list is replaced by the new one."""
    changes = Changes("statistical neighbours")
    by_council: dict[str, list[NeighbourRecord]] = {}
    for record in records:
        by_council.setdefault(record.council, []).append(record)
    current: dict[str, list[tuple[int, str, str | None]]] = {}
    for row in db.session.scalars(select(StatisticalNeighbour)):
        current.setdefault(row.council, []).append((row.rank, row.neighbour, row.closeness))
    for council, new in by_council.items():
        wanted = sorted((r.rank, r.neighbour, r.closeness) for r in new)
        if sorted(current.get(council, [])) == wanted:
            changes.unchanged += len(wanted)
            continue
        if council in current:
            changes.changed += len(wanted)
        else:
            changes.added += len(wanted)
        db.session.execute(
            delete(StatisticalNeighbour).where(StatisticalNeighbour.council == council)
        )
        db.session.add_all(
            StatisticalNeighbour(council=council, rank=rank, neighbour=neighbour, closeness=tight)
            for rank, neighbour, tight in wanted
        )
    db.session.flush()
    return changes


def apply_inspections(records: Iterable[InspectionRecord], source: str) -> Changes:
    """Inspections are matched by council and start of fieldwork (or publication date)."""
    changes = Changes("Ofsted inspections")
    existing: dict[tuple[str, object], OfstedEvent] = {}
    for event in db.session.scalars(select(OfstedEvent).where(OfstedEvent.kind == "inspection")):
        existing[(event.council_code, event.start_date)] = event
    for record in records:
        start = record.start_date or record.published
        if start is None:
            changes.notes.append(f"{record.council}: skipped an inspection with no date")
            continue
        values = {
            "framework": record.framework,
            "inspection_type": record.inspection_type,
            "end_date": record.end_date,
            "published": record.published,
            "overall": record.overall,
            "leaders": record.leaders,
            "help_protection": record.help_protection,
            "in_care": record.in_care,
            "care_leavers": record.care_leavers,
            "report_url": record.report_url,
        }
        event = existing.get((record.council, start))
        if event is None:
            event = OfstedEvent(
                council_code=record.council, kind="inspection", start_date=start, source=source,
                **values,
            )
            db.session.add(event)
            existing[(record.council, start)] = event
            changes.added += 1
        elif assign(event, values):
            changes.changed += 1
        else:
            changes.unchanged += 1
    db.session.flush()
    return changes


def apply_bank_holidays(records: Iterable[BankHolidayRecord]) -> Changes:
    changes = Changes("bank holidays")
    existing = {row.date: row for row in db.session.scalars(select(BankHoliday))}
    for record in records:
        row = existing.get(record.date)
        if row is None:
            existing[record.date] = BankHoliday(date=record.date, title=record.title)
            db.session.add(existing[record.date])
            changes.added += 1
        elif assign(row, {"title": record.title}):
            changes.changed += 1
        else:
            changes.unchanged += 1
    db.session.flush()
    return changes
