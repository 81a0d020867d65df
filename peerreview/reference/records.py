"""Plain records that the parsers return and the seed readers and writers exchange.

They are frozen dataclasses with no database or web dependency, so the solver, the build script
and the tests can use reference data without an application context, and the database loader
maps them onto models in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CouncilRecord:
    """An English council with children's-services responsibilities (current or abolished).

    ``gss_code`` (ONS) is the identity everywhere; ``dfe_code`` and ``ofsted_urn`` are kept to
    join DfE and Ofsted publications. Abolished councils carry ``valid_to`` and ``replaced_by``
    so their history (inspections, case histories) still has an owner after reorganisation.
    Fields unknown for old councils (population, coordinates) are None rather than invented.
    """

    gss_code: str
    dfe_code: str | None
    ofsted_urn: str | None
    name: str
    region: str
    type: str
    latitude: float | None
    longitude: float | None
    population_0_25: int | None
    website: str | None
    statistical_neighbours: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    replaced_by: tuple[str, ...] = ()

    @property
    def is_current(self) -> bool:
        """Whether the council still exists (it has no end of validity)."""
        return self.valid_to is None

    def exists_on(self, day: date) -> bool:
        """Whether the council existed on ``day`` (valid_to is the first day it did not)."""
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_to is None or day < self.valid_to
        return starts and ends


@dataclass(frozen=True)
class NeighbourRecord:
    """One DfE statistical neighbour: ``neighbour`` is ``council``'s ``rank``-th closest."""

    council: str
    rank: int
    neighbour: str
    closeness: str | None


@dataclass(frozen=True)
class InspectionRecord:
    """One published Ofsted inspection of a council's children's services.

    Judgements are keys of ``vocabulary.JUDGEMENTS`` or None when the report has none (for
    example the post-2026 framework has no overall judgement, and the care-leavers judgement
    only exists from 2023). Dates are None when the source does not give them.
    """

    council: str
    framework: str
    inspection_type: str | None
    start_date: date | None
    end_date: date | None
    published: date | None
    overall: str | None
    leaders: str | None
    help_protection: str | None
    in_care: str | None
    care_leavers: str | None
    report_url: str | None

    @property
    def sort_date(self) -> date | None:
        """The best date for ordering a history: end of fieldwork, else start, else published."""
        return self.end_date or self.start_date or self.published


@dataclass(frozen=True)
class BankHoliday:
    """A bank holiday in England and Wales: no review is planned to be on site that day."""

    date: date
    title: str


@dataclass(frozen=True)
class CaseEvent:
    """A dated event in a council's improvement history, as told by the source report.

    ``fields`` holds the type-specific values (for an inspection: framework and overall; for
    support: form, kind...). ``date_precision`` says whether the source gave the day, the month
    or only the year, so the product never shows more precision than the evidence has.
    """

    council: str
    type: str
    date: date
    fields: Mapping[str, Any] = field(default_factory=dict, hash=False)
    source: str = ""
    date_precision: str = "day"
    note: str = ""


@dataclass(frozen=True)
class PastEmployer:
    """A council a reviewer worked for, until when (recent employment breaks independence)."""

    council: str
    until: date


@dataclass(frozen=True)
class DeclaredConflict:
    """A conflict of interest a reviewer has declared against a council."""

    council: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class DemoReviewer:
    """An invented reviewer for demonstrations and benchmarks (never a real person).

    ``expertise`` maps practice-area keys to levels 1-3; ``unavailable`` holds inclusive
    (start, end) date ranges.
    """

    id: str
    name: str
    email: str
    council: str
    role: str
    expertise: Mapping[str, int] = field(hash=False)
    max_reviews: int
    max_days: int
    unavailable: tuple[tuple[date, date], ...] = ()
    past_employers: tuple[PastEmployer, ...] = ()
    conflicts: tuple[DeclaredConflict, ...] = ()
    demo: bool = True
