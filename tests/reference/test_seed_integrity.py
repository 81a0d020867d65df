"""The committed seed files are consistent with each other and with the vocabulary.

These run against the real seeds/ folder: the product loads them at start-up, so a broken seed
is a broken product.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from peerreview.reference import seedfiles
from peerreview.reference.records import CouncilRecord
from peerreview.reference.vocabulary import (
    COUNCIL_TYPES,
    EVENT_TYPES,
    FRAMEWORKS,
    JUDGEMENTS,
    REGIONS,
)

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def councils() -> list[CouncilRecord]:
    return seedfiles.read_councils()


@pytest.fixture(scope="module")
def by_code(councils: list[CouncilRecord]) -> dict[str, CouncilRecord]:
    return {c.gss_code: c for c in councils}


@pytest.fixture(scope="module")
def current_codes(councils: list[CouncilRecord]) -> set[str]:
    return {c.gss_code for c in councils if c.is_current}


def test_exactly_153_current_councils_with_unique_codes(councils: list[CouncilRecord]) -> None:
    current = [c for c in councils if c.is_current]
    assert len(current) == 153
    assert len({c.gss_code for c in councils}) == len(councils)
    dfe = [c.dfe_code for c in councils if c.dfe_code]
    assert len(set(dfe)) == len(dfe)
    urns = [c.ofsted_urn for c in councils if c.ofsted_urn]
    assert len(set(urns)) == len(urns)
    assert all(c.dfe_code and c.ofsted_urn for c in current)


def test_every_region_present_and_types_valid(councils: list[CouncilRecord]) -> None:
    current = [c for c in councils if c.is_current]
    assert {c.region for c in current} == set(REGIONS)
    assert {c.type for c in councils} <= set(COUNCIL_TYPES)
    assert Counter(c.type for c in current) == {
        "unitary": 63,
        "metropolitan": 36,
        "london_borough": 33,  # 32 boroughs + the City of London
        "county": 21,
    }


def test_current_councils_have_location_and_population(councils: list[CouncilRecord]) -> None:
    for council in (c for c in councils if c.is_current):
        assert council.latitude is not None and 49.8 < council.latitude < 55.9, council.name
        assert council.longitude is not None and -6.5 < council.longitude < 1.8, council.name
        assert council.population_0_25 and council.population_0_25 > 0, council.name


@pytest.mark.parametrize(
    ("code", "valid_to", "successors"),
    [
        ("E10000021", date(2021, 4, 1), {"E06000061", "E06000062"}),  # Northamptonshire
        ("E10000006", date(2023, 4, 1), {"E06000063", "E06000064"}),  # Cumbria
        ("E06000028", date(2019, 4, 1), {"E06000058"}),  # Bournemouth
        ("E06000029", date(2019, 4, 1), {"E06000058"}),  # Poole
    ],
)
def test_abolished_councils_are_replaced_by_current_ones(
    by_code: dict[str, CouncilRecord], code: str, valid_to: date, successors: set[str]
) -> None:
    council = by_code[code]
    assert not council.is_current
    assert council.valid_to == valid_to
    assert set(council.replaced_by) == successors
    for successor in successors:
        assert by_code[successor].is_current
        assert by_code[successor].valid_from in (None, valid_to)


def test_replacements_point_at_known_councils(councils: list[CouncilRecord], by_code) -> None:
    for council in councils:
        for successor in council.replaced_by:
            assert successor in by_code
            assert council.valid_to is not None


def test_borders_between_known_current_councils(current_codes: set[str]) -> None:
    pairs = seedfiles.read_borders()
    assert len(pairs) == 386
    assert pairs == sorted(set(pairs)), "sorted, no duplicates"
    for a, b in pairs:
        assert a < b, "no self-pairs, canonical order"
        assert a in current_codes and b in current_codes
    relation = set(pairs) | {(b, a) for a, b in pairs}
    assert all((b, a) in relation for a, b in relation)
    assert ("E06000015", "E10000007") in relation  # Derby borders Derbyshire
    touched = {code for pair in pairs for code in pair}
    assert "E06000046" not in touched  # Isle of Wight: no land border
    assert "E06000053" not in touched  # Isles of Scilly


def test_statistical_neighbours_known_and_consistent(
    councils: list[CouncilRecord], current_codes: set[str]
) -> None:
    records = seedfiles.read_neighbours()
    assert len(records) == 153 * 10
    ranked: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.council, r.rank)):
        assert record.council in current_codes and record.neighbour in current_codes
        assert record.council != record.neighbour
        ranked.setdefault(record.council, []).append(record.neighbour)
    for council in councils:
        if council.is_current:
            # councils.json's ranked list is a copy of the CSV: they must agree.
            assert list(council.statistical_neighbours) == ranked[council.gss_code]
        else:
            assert council.statistical_neighbours == ()


def test_inspections_known_councils_and_dates(by_code: dict[str, CouncilRecord]) -> None:
    inspections = seedfiles.read_inspections()
    assert len(inspections) == 497
    for record in inspections:
        council = by_code[record.council]
        assert record.framework in FRAMEWORKS
        if record.start_date and record.end_date:
            assert record.end_date >= record.start_date
        if record.end_date and record.published:
            assert record.published >= record.end_date
        assert record.sort_date is not None and council.exists_on(record.sort_date), record
    frameworks = Counter(r.framework for r in inspections)
    assert set(frameworks) == set(FRAMEWORKS)
    assert all(r.overall is None for r in inspections if r.framework == "post_reform")
    assert all(r.inspection_type is None for r in inspections if r.framework == "sif")


def test_bank_holidays_unique_and_cover_the_planning_year() -> None:
    holidays = seedfiles.read_bank_holidays()
    days = [h.date for h in holidays]
    assert len(days) == len(set(days)) == 140
    assert days == sorted(days)
    assert date(2027, 12, 27) in days  # substitute day: Christmas 2027 is a Saturday
    assert date(2027, 12, 28) in days
    assert sum(1 for d in days if d.year == 2027) == 8
    assert date(2024, 3, 29) in days  # Good Friday


def test_case_histories_use_known_councils_and_types(
    by_code: dict[str, CouncilRecord],
) -> None:
    events = seedfiles.read_case_histories()
    expected = {
        "E06000052",  # Cornwall
        "E08000005",  # Rochdale
        "E06000027",  # Torbay
        "E10000008",  # Devon
        "E08000027",  # Dudley
        "E10000021",  # Northamptonshire (abolished 2021)
        "E08000017",  # Doncaster
        "E06000046",  # Isle of Wight
        "E06000039",  # Slough
        "E09000027",  # Richmond upon Thames
        "E09000021",  # Kingston upon Thames
    }
    assert expected <= {e.council for e in events}
    for event in events:
        assert event.council in by_code
        assert event.type in EVENT_TYPES
        assert event.source.startswith("LGA 2017 report")
        assert by_code[event.council].exists_on(event.date), event
        for field in ("other_council", "partner_council"):
            if field in event.fields:
                assert event.fields[field] in by_code
        if event.type == "inspection" and event.fields.get("overall") is not None:
            assert event.fields["overall"] in JUDGEMENTS


def test_rochdale_history_is_the_reports() -> None:
    events = [e for e in seedfiles.read_case_histories() if e.council == ROCHDALE]
    summary = [(e.type, e.date.year) for e in events]
    inspections = [(e.date.year, e.fields["overall"]) for e in events if e.type == "inspection"]
    assert inspections == [(2012, "inadequate"), (2014, "requires_improvement")]
    assert ("leadership_change", 2013) in summary
    director = next(e for e in events if e.type == "leadership_change")
    assert director.fields["role"] == "director"
    review = next(e for e in events if e.type == "peer_review")
    assert (review.date.year, review.fields["kind"]) == (2013, "baseline")
    # The report's order: inadequate, new director, baseline review, re-inspection.
    order = [e.type for e in events if e.type != "phase" and e.type != "support"]
    assert order == ["inspection", "leadership_change", "peer_review", "inspection"]


def test_case_history_dates_respect_their_precision() -> None:
    for event in seedfiles.read_case_histories():
        if event.date_precision == "year":
            assert (event.date.month, event.date.day) == (1, 1), event
        elif event.date_precision == "month":
            assert event.date.day == 1, event
