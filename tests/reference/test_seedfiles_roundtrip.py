"""Seed writers and readers agree, and readers reject broken seed files with located problems."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from peerreview.reference import seedfiles
from peerreview.reference.errors import ImportFileError
from peerreview.reference.records import (
    BankHoliday,
    CaseEvent,
    CouncilRecord,
    InspectionRecord,
    NeighbourRecord,
)

DERBY = CouncilRecord(
    "E06000015",
    "831",
    "80459",
    "Derby",
    "East Midlands",
    "unitary",
    52.9,
    -1.47,
    87109,
    "https://derby.gov.uk",
    ("E10000007",),
)
OLD = CouncilRecord(
    "E10000021",
    "928",
    None,
    "Northamptonshire",
    "East Midlands",
    "county",
    None,
    None,
    None,
    None,
    (),
    None,
    date(2021, 4, 1),
    ("E06000061", "E06000062"),
)


def test_councils_round_trip(tmp_path: Path) -> None:
    seedfiles.write_councils([OLD, DERBY], tmp_path)
    assert seedfiles.read_councils(tmp_path) == [DERBY, OLD]  # current first
    document = json.loads((tmp_path / "councils.json").read_text(encoding="utf-8"))
    assert "Open Government Licence" in document["about"]


def test_other_files_round_trip(tmp_path: Path) -> None:
    pairs = [("E10000007", "E06000015"), ("E06000015", "E10000024")]
    seedfiles.write_borders(pairs, tmp_path)
    assert seedfiles.read_borders(tmp_path) == [
        ("E06000015", "E10000007"),
        ("E06000015", "E10000024"),
    ]
    neighbours = [NeighbourRecord("E06000015", 1, "E10000007", "very_close")]
    seedfiles.write_neighbours(neighbours, tmp_path)
    assert seedfiles.read_neighbours(tmp_path) == neighbours
    inspection = InspectionRecord(
        "E06000015",
        "ilacs",
        "short",
        date(2025, 3, 17),
        date(2025, 3, 21),
        date(2025, 5, 9),
        "good",
        "good",
        None,
        "outstanding",
        None,
        "https://example.org/r",
    )
    seedfiles.write_inspections([inspection], tmp_path)
    assert seedfiles.read_inspections(tmp_path) == [inspection]
    holidays = [BankHoliday(date(2027, 12, 27), "Christmas Day")]
    seedfiles.write_bank_holidays(holidays, tmp_path)
    assert seedfiles.read_bank_holidays(tmp_path) == holidays
    event = CaseEvent(
        "E08000005",
        "peer_review",
        date(2013, 1, 1),
        {"kind": "baseline"},
        "LGA 2017 report, section 3",
        "year",
        "LGA peer review",
    )
    seedfiles.write_case_histories([event], "about", tmp_path)
    assert seedfiles.read_case_histories(tmp_path) == [event]


def test_seeds_dir_override_by_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(seedfiles.SEEDS_ENV, str(tmp_path))
    seedfiles.write_borders([("E06000015", "E10000007")], None)
    assert (tmp_path / "borders.csv").exists()
    assert seedfiles.seeds_dir() == tmp_path
    assert seedfiles.seeds_dir("elsewhere") == Path("elsewhere")
    monkeypatch.delenv(seedfiles.SEEDS_ENV)
    assert seedfiles.seeds_dir() == seedfiles.SEEDS_DIR
    assert (seedfiles.SEEDS_DIR / "councils.json").exists()


def test_bad_inspection_seed_names_row_and_column(tmp_path: Path) -> None:
    header = ",".join(seedfiles.INSPECTION_COLUMNS)
    (tmp_path / "ofsted_inspections.csv").write_text(
        header + "\n"
        "E06000015,ilacs,short,2025-03-21,2025-03-17,,good,,,,,\n"
        "E06000015,ofsted,long,2025-13-01,,,great,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as caught:
        seedfiles.read_inspections(tmp_path)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert {
        (2, "end_date"),
        (3, "framework"),
        (3, "inspection_type"),
        (3, "start_date"),
        (3, "overall"),
    } <= where


def test_bad_case_events_are_rejected(tmp_path: Path) -> None:
    events = [
        {"council": "E08000005", "type": "rumour", "date": "2013-01-01", "source": "x"},
        {
            "council": "E08000005",
            "type": "support",
            "date": "2013-02-30",
            "form": "sector_led",
            "kind": "trust",
            "source": "x",
        },
        {
            "council": "E08000005",
            "type": "peer_review",
            "date": "2013-01-01",
            "kind": "baseline",
            "focus": ["knitting"],
            "date_precision": "week",
        },
    ]
    (tmp_path / "case_histories.json").write_text(json.dumps({"events": events}), "utf-8")
    with pytest.raises(ImportFileError) as caught:
        seedfiles.read_case_histories(tmp_path)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert {
        (1, "type"),
        (2, "date"),
        (2, "kind"),
        (3, "focus"),
        (3, "date_precision"),
        (3, "source"),
    } <= where


def test_bad_councils_seed(tmp_path: Path) -> None:
    item = seedfiles.council_to_dict(DERBY) | {"region": "Mercia", "valid_to": "2020-02-30"}
    missing = seedfiles.council_to_dict(OLD)
    del missing["name"]
    (tmp_path / "councils.json").write_text(
        json.dumps({"councils": [item, missing]}), encoding="utf-8"
    )
    with pytest.raises(ImportFileError) as caught:
        seedfiles.read_councils(tmp_path)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert {(1, "region"), (1, "valid_to"), (2, "name")} <= where


def test_borders_seed_must_be_canonical(tmp_path: Path) -> None:
    (tmp_path / "borders.csv").write_text(
        "council_a,council_b\nE10000007,E06000015\n", encoding="utf-8"
    )
    with pytest.raises(ImportFileError) as caught:
        seedfiles.read_borders(tmp_path)
    assert (caught.value.problems[0].row, caught.value.problems[0].column) == (2, "council_b")


def test_dump_json_keeps_short_lists_on_one_line() -> None:
    text = seedfiles.dump_json({"a": [1, 2], "b": [{"c": "d"}], "e": {}})
    assert '"a": [1, 2]' in text
    assert '"b": [\n    {"c": "d"}\n  ]' in text
    assert json.loads(text) == {"a": [1, 2], "b": [{"c": "d"}], "e": {}}
