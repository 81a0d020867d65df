"""Adding, correcting and deleting the events on a council's record.

One registry says, for each kind of event, which table holds it, which form edits it and how
a row belongs to a council; the views stay generic. Every change joins one transaction with
its audit entry, and every correction or deletion states the version it was made against, so
two coordinators correcting the same record cannot silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from peerreview.audit import record_change
from peerreview.councils import forms
from peerreview.extensions import db
from peerreview.models import (
    CapacityAssessment,
    Council,
    CouncilRelation,
    ImprovementPhase,
    LeadershipChange,
    OfstedEvent,
    SupportPackage,
)


class EditConflict(Exception):
    """Someone else changed or deleted the row since the form was opened."""


class EventRuleBroken(Exception):
    """A rule that spans rows (no duplicate relation, one phase per start date) is broken.

    `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class EventKind:
    """One kind of event a coordinator can add to a council's record."""

    slug: str
    noun: str
    model: type
    form: type[forms.EventForm]
    ofsted_kind: str | None = None

    @property
    def entity(self) -> str:
        """The audit trail's name for the table."""
        return self.model.__tablename__


KINDS: dict[str, EventKind] = {
    kind.slug: kind
    for kind in (
        EventKind("inspection", "Ofsted inspection", OfstedEvent, forms.InspectionForm,
                  "inspection"),
        EventKind("monitoring-visit", "monitoring visit", OfstedEvent, forms.VisitForm,
                  "monitoring_visit"),
        EventKind("focused-visit", "focused visit", OfstedEvent, forms.FocusedVisitForm,
                  "focused_visit"),
        EventKind("leadership", "leadership change", LeadershipChange, forms.LeadershipForm),
        EventKind("phase", "improvement phase", ImprovementPhase, forms.PhaseForm),
        EventKind("support", "support package", SupportPackage, forms.SupportForm),
        EventKind("relation", "relation with another council", CouncilRelation,
                  forms.RelationForm),
        EventKind("capacity", "capacity assessment", CapacityAssessment, forms.CapacityForm),
    )
}

OFSTED_SLUGS = {kind.ofsted_kind: slug for slug, kind in KINDS.items() if kind.ofsted_kind}


def slug_for(row: Any) -> str:
    """The URL slug of the kind a row belongs to (Ofsted events share one table)."""
    if isinstance(row, OfstedEvent):
        return OFSTED_SLUGS.get(row.kind, "inspection")
    return next(slug for slug, kind in KINDS.items() if kind.model is type(row))


def find(kind: EventKind, council: Council, item_id: int) -> Any | None:
    """The row, only if it belongs to this council: ids cannot be guessed across councils."""
    row = db.session.get(kind.model, item_id)
    if row is None:
        return None
    code = council.gss_code
    if isinstance(row, CouncilRelation):
        return row if code in (row.council_a, row.council_b) else None
    if row.council_code != code:
        return None
    if kind.ofsted_kind and row.kind != kind.ofsted_kind:
        return None
    return row


def snapshot(row: Any) -> dict[str, Any]:
    """The row's columns as JSON-ready values, for the audit trail."""
    result: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        result[column.key] = value
    return result


def _columns(kind: EventKind, council: Council, values: dict[str, Any]) -> dict[str, Any]:
    """Form values as the table's columns."""
    values = dict(values)
    if kind.model is CouncilRelation:
        other = values.pop("other_council")
        values["council_b"] = other
        _check_relation_unique(council.gss_code, other, values["kind"])
    if kind.model is ImprovementPhase:
        _check_phase_start(council.gss_code, values["start_date"])
    return values


def _check_relation_unique(code: str, other: str, relation_kind: str,
                           ignore: int | None = None) -> None:
    query = select(CouncilRelation.id).where(
        CouncilRelation.kind == relation_kind,
        or_(
            (CouncilRelation.council_a == code) & (CouncilRelation.council_b == other),
            (CouncilRelation.council_a == other) & (CouncilRelation.council_b == code),
        ),
    )
    if ignore is not None:
        query = query.where(CouncilRelation.id != ignore)
    if db.session.scalar(query) is not None:
        raise EventRuleBroken("other_council",
                              "This relation with that council is already recorded")


def _check_phase_start(code: str, start: dt.date, ignore: int | None = None) -> None:
    """A council is in one phase at a time: two phases starting the same day would leave
    its current phase ambiguous."""
    query = select(ImprovementPhase.id).where(
        ImprovementPhase.council_code == code, ImprovementPhase.start_date == start
    )
    if ignore is not None:
        query = query.where(ImprovementPhase.id != ignore)
    if db.session.scalar(query) is not None:
        raise EventRuleBroken("start_date", "Another phase already starts on this date")


def create(kind: EventKind, council: Council, values: dict[str, Any],
           reason: str | None = None) -> Any:
    """Add an event to the council's record, with its audit entry, in one transaction."""
    columns = _columns(kind, council, values)
    if kind.model is CouncilRelation:
        row = CouncilRelation(council_a=council.gss_code, **columns)
    else:
        row = kind.model(council_code=council.gss_code, **columns)
    if kind.ofsted_kind:
        row.kind = kind.ofsted_kind
    if isinstance(row, CapacityAssessment) and current_user.is_authenticated:
        row.assessed_by = current_user.name
    db.session.add(row)
    db.session.flush()
    record_change("create", kind.entity, row.id, None, snapshot(row), reason)
    db.session.commit()
    return row


def _check_version(row: Any, expected: str | int | None) -> None:
    if expected in (None, "") or str(row.version) != str(expected):
        raise EditConflict()


def update(kind: EventKind, council: Council, row: Any, values: dict[str, Any],
           expected_version: str | None, reason: str | None = None) -> Any:
    """Correct an event; refuses if the row changed since the form showed `expected_version`."""
    _check_version(row, expected_version)
    before = snapshot(row)
    values = dict(values)
    if isinstance(row, CouncilRelation):
        other = values.pop("other_council")
        _check_relation_unique(council.gss_code, other, values["kind"], ignore=row.id)
        if row.council_a == council.gss_code:
            row.council_b = other
        else:
            row.council_a = other
    if isinstance(row, ImprovementPhase):
        _check_phase_start(council.gss_code, values["start_date"], ignore=row.id)
    for name, value in values.items():
        setattr(row, name, value)
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise EditConflict() from error
    record_change("update", kind.entity, row.id, before, snapshot(row), reason)
    db.session.commit()
    return row


def delete(kind: EventKind, row: Any, expected_version: str | None,
           reason: str | None = None) -> None:
    """Delete an event; refuses if the row changed since the confirmation page was shown."""
    _check_version(row, expected_version)
    before = snapshot(row)
    row_id = row.id
    db.session.delete(row)
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise EditConflict() from error
    record_change("delete", kind.entity, row_id, before, None, reason)
    db.session.commit()


def capacity_assessments(code: str) -> list[CapacityAssessment]:
    """A council's capacity assessments, newest first: the history stays visible."""
    return list(
        db.session.scalars(
            select(CapacityAssessment)
            .where(CapacityAssessment.council_code == code)
            .order_by(CapacityAssessment.date.desc(), CapacityAssessment.id.desc())
        )
    )
