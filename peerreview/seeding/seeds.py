"""Loading `seeds/` (the register's reference data) into the database."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import (
    CouncilRelation,
    ImprovementPhase,
    LeadershipChange,
    OfstedEvent,
    Review,
    SupportPackage,
)
from peerreview.reference import seedfiles
from peerreview.reference.records import CaseEvent
from peerreview.seeding.apply import (
    apply_bank_holidays,
    apply_borders,
    apply_councils,
    apply_inspections,
    apply_neighbours,
)
from peerreview.seeding.changes import Changes

CASE_SOURCE = "case history"


def load_reference(directory: Path) -> list[Changes]:
    """Councils, borders, neighbours, Ofsted history, bank holidays and the report's cases.

    Everything is read and checked before anything is written, so a broken seed file leaves
    the database as it was.
    """
    councils = seedfiles.read_councils(directory)
    borders = seedfiles.read_borders(directory)
    neighbours = seedfiles.read_neighbours(directory)
    inspections = seedfiles.read_inspections(directory)
    holidays = seedfiles.read_bank_holidays(directory)
    cases = seedfiles.read_case_histories(directory)
    return [
        apply_councils(councils),
        apply_borders(borders),
        apply_neighbours(neighbours),
        apply_inspections(inspections, source="seeds/ofsted_inspections.csv"),
        apply_bank_holidays(holidays),
        apply_case_histories(cases),
        _default_team_templates(),
    ]


def _default_team_templates() -> Changes:
    from peerreview.requests.services import DEFAULT_TEMPLATES, ensure_default_templates

    added = ensure_default_templates()
    return Changes("team templates", added=added, unchanged=len(DEFAULT_TEMPLATES) - added)


def _case_key(event: CaseEvent) -> str:
    return f"{CASE_SOURCE}: {event.source}"[:200]


def apply_case_histories(events: list[CaseEvent]) -> Changes:
    """The source report's case histories, as dated events. An event already loaded (same
    council, kind and date) is left alone, so a coordinator's corrections survive reloads."""
    changes = Changes("case-history events")
    for event in events:
        if _exists(event):
            changes.unchanged += 1
            continue
        row = _to_row(event)
        if row is None:
            changes.notes.append(f"{event.council} {event.date}: unknown event type {event.type}")
            continue
        db.session.add(row)
        changes.added += 1
    db.session.flush()
    return changes


def _exists(event: CaseEvent) -> bool:
    fields = event.fields
    if event.type in ("inspection", "monitoring_visit", "focused_visit"):
        query = select(OfstedEvent.id).where(
            OfstedEvent.council_code == event.council,
            OfstedEvent.kind == event.type,
            OfstedEvent.start_date == event.date,
        )
    elif event.type == "leadership_change":
        query = select(LeadershipChange.id).where(
            LeadershipChange.council_code == event.council, LeadershipChange.date == event.date
        )
    elif event.type == "phase":
        query = select(ImprovementPhase.id).where(
            ImprovementPhase.council_code == event.council,
            ImprovementPhase.start_date == event.date,
        )
    elif event.type == "support":
        query = select(SupportPackage.id).where(
            SupportPackage.council_code == event.council,
            SupportPackage.kind == fields.get("kind"),
            SupportPackage.start_date == event.date,
        )
    elif event.type == "peer_review":
        query = select(Review.id).where(
            Review.council_code == event.council, Review.start_date == event.date
        )
    elif event.type == "relation":
        query = select(CouncilRelation.id).where(
            CouncilRelation.council_a == event.council,
            CouncilRelation.council_b == fields.get("other_council"),
            CouncilRelation.kind == fields.get("kind"),
        )
    else:
        return False
    return db.session.scalar(query) is not None


def _to_row(event: CaseEvent) -> db.Model | None:
    fields = event.fields
    note = event.note or None
    source = _case_key(event)
    match event.type:
        case "inspection" | "monitoring_visit" | "focused_visit":
            return OfstedEvent(
                council_code=event.council,
                kind=event.type,
                framework=fields.get("framework"),
                start_date=event.date,
                overall=fields.get("overall"),
                note=note,
                source=source,
            )
        case "leadership_change":
            return LeadershipChange(
                council_code=event.council,
                date=event.date,
                role=fields.get("role", "director"),
                note=note,
                source=source,
            )
        case "phase":
            return ImprovementPhase(
                council_code=event.council,
                phase=fields["phase"],
                start_date=event.date,
                note=note,
                source=source,
            )
        case "support":
            return SupportPackage(
                council_code=event.council,
                form=fields["form"],
                kind=fields["kind"],
                start_date=event.date,
                end_date=fields.get("end_date"),
                partner_council=fields.get("partner_council"),
                lead_person=fields.get("lead_name_role"),
                note=note,
                source=source,
            )
        case "peer_review":
            return Review(
                council_code=event.council,
                kind=fields.get("kind", "baseline"),
                earliest=event.date,
                latest=event.date,
                start_date=event.date,
                end_date=event.date,
                days=fields.get("days", 3),
                focus=list(fields.get("focus", [])),
                status="completed",
                uid=f"{uuid.uuid4()}@peerreview",
                outcome={"source": source, "note": event.note},
            )
        case "relation":
            return CouncilRelation(
                council_a=event.council,
                council_b=fields["other_council"],
                kind=fields["kind"],
                organisation=fields.get("organisation"),
                start_date=event.date,
                end_date=fields.get("end_date"),
                note=note,
            )
    return None
