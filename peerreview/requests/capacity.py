"""The national capacity picture: demand for reviews against credible, independent supply.

The report's binding constraint: only councils judged good or better are credible sources of
reviewers, and a council in formal intervention is not asked to lend anyone. Demand is the
reviews due now, each needing a team for some days; supply is the reviewer-days the credible
councils' reviewers can give (their `max_days`, or a default where none is recorded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from peerreview.councils import services as councils
from peerreview.extensions import db
from peerreview.models import Council, Reviewer, TeamTemplate
from peerreview.reference import vocabulary
from peerreview.requests.due import DueReview, due_reviews
from peerreview.requests.services import all_templates, suggested_template

GOOD = frozenset({"good", "outstanding"})
NEEDS_SUPPORT = frozenset({"requires_improvement", "inadequate"})
#: Reviewer-days assumed for a reviewer who has not said how many days they can give a year.
DEFAULT_MAX_DAYS = 10
#: Team shape when no template exists yet (the standard 3-day review).
FALLBACK_SHAPE = {"director": 1, "senior_manager": 1, "practitioner": 2, "councillor": 0}


def _empty_roles() -> dict[str, int]:
    return {role: 0 for role in vocabulary.ROLES}


@dataclass
class RegionCapacity:
    region: str
    due: int = 0
    due_transition: int = 0  # baseline, validation and focused: the report's transition points
    demand_days: dict[str, int] = field(default_factory=_empty_roles)
    supply_days: dict[str, int] = field(default_factory=_empty_roles)
    reviewers: int = 0
    good_councils: int = 0
    councils_needing_support: int = 0

    @property
    def demand_total(self) -> int:
        return sum(self.demand_days.values())

    @property
    def supply_total(self) -> int:
        return sum(self.supply_days.values())

    @property
    def balance(self) -> int:
        return self.supply_total - self.demand_total

    @property
    def support_ratio(self) -> float | None:
        """Councils needing support per good council (the report: two to three)."""
        if not self.good_councils:
            return None
        return self.councils_needing_support / self.good_councils


@dataclass
class CapacityPicture:
    on: dt.date
    cycle_years: int
    regions: list[RegionCapacity]
    national: RegionCapacity
    excluded_in_intervention: int = 0
    excluded_not_good: int = 0


def _team(due: DueReview, templates: list[TeamTemplate]) -> tuple[int, dict[str, int]]:
    template = suggested_template(due, templates)
    if template is None:
        return 3, dict(FALLBACK_SHAPE)
    return template.days, template.team()


def capacity_picture(on: dt.date, *, cycle_years: int = 3) -> CapacityPicture:
    regions = {name: RegionCapacity(name) for name in vocabulary.REGIONS}
    national = RegionCapacity("England")
    templates = all_templates()
    for due in due_reviews(on, cycle_years=cycle_years):
        days, team = _team(due, templates)
        for bucket in (regions.get(due.region), national):
            if bucket is None:
                continue
            bucket.due += 1
            bucket.due_transition += due.kind != "cycle"
            for role, count in team.items():
                bucket.demand_days[role] = bucket.demand_days.get(role, 0) + count * days

    latest = councils.latest_inspections(on)
    support = councils.active_support(on)
    current = {
        c.gss_code: c
        for c in db.session.scalars(
            select(Council).where((Council.valid_to.is_(None)) | (Council.valid_to > on))
        )
    }
    credible: set[str] = set()
    for code, council in current.items():
        judgement = latest[code].overall if code in latest else None
        bucket = regions.get(council.region)
        for target in (bucket, national):
            if target is None:
                continue
            target.good_councils += judgement in GOOD
            target.councils_needing_support += judgement in NEEDS_SUPPORT
        if judgement in GOOD and not councils.in_intervention(support.get(code, [])):
            credible.add(code)

    picture = CapacityPicture(on, cycle_years, [], national)
    for reviewer in db.session.scalars(select(Reviewer).where(Reviewer.active.is_(True))):
        council = current.get(reviewer.council_code)
        if council is None:
            continue
        if reviewer.council_code not in credible:
            judgement = latest.get(reviewer.council_code)
            if judgement is not None and judgement.overall in GOOD:
                picture.excluded_in_intervention += 1
            else:
                picture.excluded_not_good += 1
            continue
        days = reviewer.max_days if reviewer.max_days is not None else DEFAULT_MAX_DAYS
        for target in (regions.get(council.region), national):
            if target is None:
                continue
            target.reviewers += 1
            target.supply_days[reviewer.role] = target.supply_days.get(reviewer.role, 0) + days
    picture.regions = [regions[name] for name in vocabulary.REGIONS]
    return picture


@dataclass(frozen=True)
class Bar:
    label: str
    css: str
    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class Chart:
    """A horizontal grouped bar chart laid out on the server, drawn as SVG by the template:
    one row per region, a demand bar over a supply bar, on one scale."""

    width: int
    height: int
    bars: list[Bar]
    groups: list[tuple[str, float]]  # region label and the y of its row's middle
    ticks: list[tuple[int, float]]  # value and x
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def chart(picture: CapacityPicture) -> Chart:
    """Demand (reviewer-days needed) against credible supply per region."""
    width, left, right, top, row, bar = 720, 190, 700, 10, 44, 16
    bottom = top + row * len(picture.regions)
    largest = max(
        [r.demand_total for r in picture.regions] + [r.supply_total for r in picture.regions] + [1]
    )
    step = _nice_step(largest)
    top_value = step * -(-largest // step)
    scale = (right - left) / top_value
    bars: list[Bar] = []
    groups: list[tuple[str, float]] = []
    for index, region in enumerate(picture.regions):
        y0 = top + index * row + (row - 2 * bar) / 2
        for offset, (name, css, value) in enumerate(
            (
                ("demand", "app-chart__bar--demand", region.demand_total),
                ("supply", "app-chart__bar--supply", region.supply_total),
            )
        ):
            bars.append(
                Bar(f"{region.region}: {name} {value} reviewer-days", css, left,
                    round(y0 + offset * bar, 1), round(value * scale, 1), bar, value)
            )
        groups.append((region.region, round(top + (index + 0.5) * row + 4, 1)))
    ticks = [
        (value, round(left + value * scale, 1)) for value in range(0, top_value + 1, step)
    ]
    return Chart(width, bottom + 30, bars, groups, ticks, left, right, top, bottom)


def _nice_step(largest: int) -> int:
    """A round tick step giving about five ticks (1, 2 or 5 times a power of ten)."""
    raw = max(largest / 5, 1)
    power = 10 ** (len(str(int(raw))) - 1)
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return multiple * power
    return 10 * power  # pragma: no cover
