"""Importing the official files again when new data is published.

Parsing checks the whole file before anything is written (the parsers raise with every
problem found); the caller commits only when every step succeeded.
"""

from __future__ import annotations

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Council
from peerreview.reference import official
from peerreview.seeding.apply import apply_bank_holidays, apply_inspections, apply_neighbours
from peerreview.seeding.changes import Changes


def import_ofsted(data: bytes, source: str) -> Changes:
    councils = list(db.session.scalars(select(Council)))
    records = official.parse_ofsted_outcomes_csv(
        data,
        known_gss={c.gss_code for c in councils},
    )
    return apply_inspections(records, source=source)


def import_neighbours(data: bytes) -> Changes:
    councils = db.session.scalars(select(Council).where(Council.dfe_code.is_not(None)))
    records = official.parse_statistical_neighbours_csv(
        data, {c.dfe_code: c.gss_code for c in councils}
    )
    return apply_neighbours(records)


def import_bank_holidays(data: bytes) -> Changes:
    return apply_bank_holidays(official.parse_bank_holidays_json(data))
