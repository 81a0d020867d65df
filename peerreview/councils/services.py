"""Questions asked of the register, answered in a few queries rather than one per council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from peerreview.extensions import db
from peerreview.models import (
    Council,
    CouncilBorder,
    CouncilRelation,
    ImprovementPhase,
    LeadershipChange,
    OfstedEvent,
    Review,
    StatisticalNeighbour,
    SupportPackage,
)

INTERVENTION_KINDS = frozenset(
    {"commissioner", "improvement_notice", "statutory_direction", "improvement_board"}
)


def current_councils() -> list[Council]:
    return list(
        db.session.scalars(
            select(Council).where(Council.valid_to.is_(None)).order_by(Council.name)
        )
    )


def all_councils() -> list[Council]:
    """Every council on the register, abolished ones included (history may name them)."""
    return list(db.session.scalars(select(Council).order_by(Council.name)))


def council_by_code(code: str) -> Council | None:
    """One council lookup for every page: by GSS code or by slug."""
    council = db.session.get(Council, code.upper()) if len(code) == 9 else None
    if council is None:
        council = db.session.scalar(select(Council).where(Council.slug == code.lower()))
    return council


def latest_inspections(on: dt.date | None = None) -> dict[str, OfstedEvent]:
    """Each council's most recent inspection that carries an overall judgement."""
    query = (
        select(OfstedEvent)
        .where(OfstedEvent.kind == "inspection", OfstedEvent.overall.is_not(None))
        .order_by(OfstedEvent.start_date)
    )
    if on is not None:
        query = query.where(OfstedEvent.start_date <= on)
    latest: dict[str, OfstedEvent] = {}
    for event in db.session.scalars(query):
        latest[event.council_code] = event
    return latest


def current_phases(on: dt.date) -> dict[str, ImprovementPhase]:
    phases: dict[str, ImprovementPhase] = {}
    query = (
        select(ImprovementPhase)
        .where(ImprovementPhase.start_date <= on)
        .order_by(ImprovementPhase.start_date)
    )
    for phase in db.session.scalars(query):
        if phase.end_date is None or phase.end_date >= on:
            phases[phase.council_code] = phase
    return phases


def active_support(on: dt.date) -> dict[str, list[SupportPackage]]:
    support: dict[str, list[SupportPackage]] = {}
    for package in db.session.scalars(select(SupportPackage)):
        if package.active_on(on):
            support.setdefault(package.council_code, []).append(package)
    return support


def in_intervention(packages: list[SupportPackage]) -> bool:
    """Formal intervention: a council so supported is not asked to lend reviewers."""
    return any(p.form == "intervention" and p.kind in INTERVENTION_KINDS for p in packages)


def borders_of(code: str) -> list[Council]:
    rows = db.session.execute(
        select(CouncilBorder.council_a, CouncilBorder.council_b).where(
            or_(CouncilBorder.council_a == code, CouncilBorder.council_b == code)
        )
    )
    others = [b if a == code else a for a, b in rows]
    return list(
        db.session.scalars(select(Council).where(Council.gss_code.in_(others)).order_by(Council.name))
    )


def statistical_neighbours_of(code: str) -> list[tuple[StatisticalNeighbour, Council]]:
    rows = db.session.execute(
        select(StatisticalNeighbour, Council)
        .join(Council, Council.gss_code == StatisticalNeighbour.neighbour)
        .where(StatisticalNeighbour.council == code)
        .order_by(StatisticalNeighbour.rank)
    )
    return [(row[0], row[1]) for row in rows]


def relations_of(code: str) -> list[tuple[CouncilRelation, Council]]:
    relations = db.session.scalars(
        select(CouncilRelation).where(
            or_(CouncilRelation.council_a == code, CouncilRelation.council_b == code)
        )
    )
    result = []
    for relation in relations:
        other = relation.council_b if relation.council_a == code else relation.council_a
        result.append((relation, db.session.get(Council, other)))
    return result


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing that happened to a council, whatever its kind."""

    date: dt.date
    kind: str
    title: str
    detail: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    link: str | None = None
    #: The event kind's URL slug and row id, so coordinators can correct the entry.
    slug: str | None = None
    item_id: int | None = None


def timeline(council: Council) -> list[TimelineEntry]:
    """Ofsted events, leadership, phases, support and reviews as one dated picture, newest first.

    Entries on the same day keep a stable order (by kind, then id) so the page never shuffles.
    """
    from peerreview.councils.forms import LEADERSHIP_ROLES
    from peerreview.web import framework_label, judgement_label, label, long_date

    code = council.gss_code
    entries: list[TimelineEntry] = []
    visit_slugs = {"monitoring_visit": "monitoring-visit", "focused_visit": "focused-visit"}
    for event in db.session.scalars(
        select(OfstedEvent).where(OfstedEvent.council_code == code).order_by(OfstedEvent.id)
    ):
        if event.kind == "inspection":
            framework = framework_label(event.framework) or "framework not recorded"
            title = f"Ofsted inspection ({framework}"
            title += f", {event.inspection_type})" if event.inspection_type else ")"
            subs = [
                f"{name}: {judgement_label(value)}"
                for name, value in (
                    ("Leaders", event.leaders),
                    ("Help and protection", event.help_protection),
                    ("In care", event.in_care),
                    ("Care leavers", event.care_leavers),
                )
                if value
            ]
            entries.append(
                TimelineEntry(
                    event.start_date,
                    "inspection",
                    title,
                    "; ".join(subs) or (event.note or ""),
                    (event.overall,) if event.overall else (),
                    event.report_url,
                    "inspection",
                    event.id,
                )
            )
        else:
            detail = event.note or ""
            if event.priority_areas:
                areas = ", ".join(label(a) for a in event.priority_areas.split(",") if a)
                detail = f"Priority areas: {areas}. {detail}".strip()
            entries.append(
                TimelineEntry(event.start_date, event.kind, f"Ofsted {label(event.kind).lower()}",
                              detail, (), event.report_url, visit_slugs.get(event.kind),
                              event.id)
            )
    for change in db.session.scalars(
        select(LeadershipChange).where(LeadershipChange.council_code == code)
    ):
        role = LEADERSHIP_ROLES.get(change.role, label(change.role))
        title = f"New {role[0].lower()}{role[1:]}" if role else "Leadership change"
        if change.name:
            title += f": {change.name}"
        entries.append(
            TimelineEntry(change.date, "leadership", title, change.note or "",
                          slug="leadership", item_id=change.id)
        )
    for phase in db.session.scalars(
        select(ImprovementPhase).where(ImprovementPhase.council_code == code)
    ):
        until = f" until {long_date(phase.end_date)}" if phase.end_date else ""
        entries.append(
            TimelineEntry(phase.start_date, "phase", f"Phase: {label(phase.phase)}{until}",
                          phase.note or "", slug="phase", item_id=phase.id)
        )
    for package in db.session.scalars(
        select(SupportPackage).where(SupportPackage.council_code == code)
    ):
        until = f" until {long_date(package.end_date)}" if package.end_date else ""
        lead = f" Led by {package.lead_person}." if package.lead_person else ""
        partner = db.session.get(Council, package.partner_council) if package.partner_council \
            else None
        if partner is not None:
            lead = f" With {partner.name}.{lead}"
        entries.append(
            TimelineEntry(
                package.start_date,
                "support",
                f"{label(package.kind)} ({label(package.form)}){until}",
                f"{package.note or ''}{lead}".strip(),
                slug="support",
                item_id=package.id,
            )
        )
    for review in db.session.scalars(
        select(Review).where(
            Review.council_code == code,
            Review.status.in_(("published", "completed")),
            Review.start_date.is_not(None),
        )
    ):
        entries.append(
            TimelineEntry(review.start_date, "review", f"Peer review ({label(review.kind)})",
                          ", ".join(label(area) for area in review.focus or []))
        )
    order = {"inspection": 0, "monitoring_visit": 0, "focused_visit": 0, "leadership": 1,
             "phase": 2, "support": 3, "review": 4}
    entries.sort(key=lambda e: (e.date, -order.get(e.kind, 5), e.item_id or 0), reverse=True)
    return entries
