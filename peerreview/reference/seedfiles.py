"""Read and write the repository's own reference and demo data in ``seeds/``.

The product runs without the maintainers' copy of the public data, so everything it needs at
run time is in ``seeds/``, in a format we control: ISO dates, our vocabulary keys, GSS codes,
UTF-8, one record per line or per small JSON block so reviews of data changes read as diffs.
``scripts/build_seeds.py`` writes these files from the public data; the database loader reads
them with the functions here. Readers check what they read and raise ``ImportFileError``.

The seeds directory defaults to ``seeds/`` at the repository root; set the
``PEERREVIEW_SEEDS_DIR`` environment variable or pass ``seeds_dir`` to use another.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ImportFileError, ImportProblem, ProblemList
from .records import (
    BankHoliday,
    CaseEvent,
    CouncilRecord,
    DeclaredConflict,
    DemoReviewer,
    InspectionRecord,
    NeighbourRecord,
    PastEmployer,
)
from .tabular import optional, parse_iso_date, read_csv_rows
from .validation import (
    check_case_event,
    check_council,
    check_demo_reviewer,
    check_inspection,
)

#: The repository's seeds/ folder (peerreview/reference/seedfiles.py -> ../../seeds).
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
SEEDS_ENV = "PEERREVIEW_SEEDS_DIR"

COUNCILS_FILE = "councils.json"
BORDERS_FILE = "borders.csv"
NEIGHBOURS_FILE = "statistical_neighbours.csv"
INSPECTIONS_FILE = "ofsted_inspections.csv"
BANK_HOLIDAYS_FILE = "bank_holidays.csv"
CASE_HISTORIES_FILE = "case_histories.json"
DEMO_REVIEWERS_FILE = "demo/reviewers.json"

BORDER_COLUMNS = ("council_a", "council_b")
NEIGHBOUR_COLUMNS = ("council", "rank", "neighbour", "closeness")
INSPECTION_COLUMNS = (
    "council",
    "framework",
    "inspection_type",
    "start_date",
    "end_date",
    "published",
    "overall",
    "leaders",
    "help_protection",
    "in_care",
    "care_leavers",
    "report_url",
)
BANK_HOLIDAY_COLUMNS = ("date", "title")


def seeds_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The seeds folder to use: the argument, else $PEERREVIEW_SEEDS_DIR, else SEEDS_DIR."""
    if override is not None:
        return Path(override)
    from_env = os.environ.get(SEEDS_ENV)
    return Path(from_env) if from_env else SEEDS_DIR


# --- Formatting helpers -----------------------------------------------------------------------


def dump_json(document: Any) -> str:
    """JSON with 2-space indents, lists of scalars on one line (compact yet diff-friendly)."""
    return _format(document, 0) + "\n"


def _format(value: Any, level: int) -> str:
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict) and value:
        flat = json.dumps(value, ensure_ascii=False)
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(flat) <= 100:
            return flat
        items = [f"{inner}{json.dumps(k)}: {_format(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value:
        flat = json.dumps(value, ensure_ascii=False)
        if all(not isinstance(v, (dict, list)) for v in value) and len(flat) <= 160:
            return flat
        items = [f"{inner}{_format(v, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _load_json(path: Path, key: str) -> list[Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = ImportProblem(None, None, f"not UTF-8 JSON: {exc}")
        raise ImportFileError([problem], str(path)) from exc
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise ImportFileError(
            [ImportProblem(None, key, f"expected an object with a '{key}' list")], str(path)
        )
    return document[key]


def _date_or_problem(
    value: Any, row: int, column: str, problems: ProblemList, required: bool = True
) -> date | None:
    if value in (None, ""):
        if required:
            problems.add(row, column, "a date is required (YYYY-MM-DD)")
        return None
    try:
        return parse_iso_date(str(value))
    except ValueError:
        problems.add(row, column, f"{value!r} is not a date (YYYY-MM-DD)")
        return None


# --- Councils ---------------------------------------------------------------------------------

COUNCILS_ABOUT = (
    "English councils with children's services: the current ones, plus councils abolished by "
    "reorganisation that the inspection and case histories refer to. Codes and names: ONS; "
    "DfE LA codes and statistical neighbours: Department for Education; URNs: Ofsted. "
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "See seeds/SOURCES.md."
)


def council_to_dict(council: CouncilRecord) -> dict[str, Any]:
    """The councils.json form of a council (all keys always present, in a fixed order)."""
    return {
        "gss_code": council.gss_code,
        "dfe_code": council.dfe_code,
        "ofsted_urn": council.ofsted_urn,
        "name": council.name,
        "region": council.region,
        "type": council.type,
        "latitude": council.latitude,
        "longitude": council.longitude,
        "population_0_25": council.population_0_25,
        "website": council.website,
        "statistical_neighbours": list(council.statistical_neighbours),
        "valid_from": _iso(council.valid_from),
        "valid_to": _iso(council.valid_to),
        "replaced_by": list(council.replaced_by),
    }


def write_councils(councils: Iterable[CouncilRecord], directory: Path | None = None) -> Path:
    """Write councils.json, current councils first, each group by name."""
    ordered = sorted(councils, key=lambda c: (not c.is_current, c.name, c.gss_code))
    document = {"about": COUNCILS_ABOUT, "councils": [council_to_dict(c) for c in ordered]}
    return _write_text(seeds_dir(directory) / COUNCILS_FILE, dump_json(document))


def read_councils(directory: Path | None = None) -> list[CouncilRecord]:
    """Read councils.json (current and abolished councils) and check each entry."""
    path = seeds_dir(directory) / COUNCILS_FILE
    problems = ProblemList()
    councils: list[CouncilRecord] = []
    for row, item in enumerate(_load_json(path, "councils"), start=1):
        if not isinstance(item, dict):
            problems.add(row, None, "each council must be an object")
            continue
        before = len(problems.problems)
        valid_from = _date_or_problem(item.get("valid_from"), row, "valid_from", problems, False)
        valid_to = _date_or_problem(item.get("valid_to"), row, "valid_to", problems, False)
        try:
            council = CouncilRecord(
                gss_code=str(item["gss_code"]),
                dfe_code=item.get("dfe_code"),
                ofsted_urn=item.get("ofsted_urn"),
                name=str(item["name"]),
                region=str(item["region"]),
                type=str(item["type"]),
                latitude=item.get("latitude"),
                longitude=item.get("longitude"),
                population_0_25=item.get("population_0_25"),
                website=item.get("website"),
                statistical_neighbours=tuple(item.get("statistical_neighbours") or ()),
                valid_from=valid_from,
                valid_to=valid_to,
                replaced_by=tuple(item.get("replaced_by") or ()),
            )
        except KeyError as exc:
            problems.add(row, str(exc.args[0]), "required field is missing")
            continue
        for column, message in check_council(council):
            problems.add(row, column, message)
        if len(problems.problems) == before:
            councils.append(council)
    problems.raise_if_any(str(path))
    return councils


# --- Borders and statistical neighbours -------------------------------------------------------


def write_borders(pairs: Iterable[tuple[str, str]], directory: Path | None = None) -> Path:
    """Write borders.csv: one undirected border per line, council_a < council_b, sorted."""
    ordered = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    return _write_text(seeds_dir(directory) / BORDERS_FILE, _csv_text(BORDER_COLUMNS, ordered))


def read_borders(directory: Path | None = None) -> list[tuple[str, str]]:
    """Read borders.csv as sorted (a, b) pairs with a < b. Treat them as symmetric."""
    path = seeds_dir(directory) / BORDERS_FILE
    problems = ProblemList()
    pairs: list[tuple[str, str]] = []
    text = path.read_text(encoding="utf-8")
    for row, values in read_csv_rows(text, BORDER_COLUMNS, problems):
        a, b = values["council_a"], values["council_b"]
        if not a < b:
            problems.add(row, "council_b", f"expected council_a < council_b, got {a}, {b}")
            continue
        pairs.append((a, b))
    if len(set(pairs)) != len(pairs):
        problems.add(None, None, "a border is listed twice")
    problems.raise_if_any(str(path))
    return pairs


def write_neighbours(records: Iterable[NeighbourRecord], directory: Path | None = None) -> Path:
    """Write statistical_neighbours.csv ordered by council then rank."""
    ordered = sorted(records, key=lambda r: (r.council, r.rank))
    rows = [(r.council, r.rank, r.neighbour, r.closeness) for r in ordered]
    return _write_text(seeds_dir(directory) / NEIGHBOURS_FILE, _csv_text(NEIGHBOUR_COLUMNS, rows))


def read_neighbours(directory: Path | None = None) -> list[NeighbourRecord]:
    """Read statistical_neighbours.csv (GSS codes, rank 1 = closest)."""
    path = seeds_dir(directory) / NEIGHBOURS_FILE
    problems = ProblemList()
    records: list[NeighbourRecord] = []
    for row, values in read_csv_rows(path.read_text(encoding="utf-8"), NEIGHBOUR_COLUMNS, problems):
        if not values["rank"].isdigit():
            problems.add(row, "rank", f"{values['rank']!r} is not a rank")
            continue
        records.append(
            NeighbourRecord(
                values["council"],
                int(values["rank"]),
                values["neighbour"],
                optional(values["closeness"]),
            )
        )
    problems.raise_if_any(str(path))
    return records


# --- Inspections ------------------------------------------------------------------------------


def write_inspections(records: Iterable[InspectionRecord], directory: Path | None = None) -> Path:
    """Write ofsted_inspections.csv ordered by council then date (ISO dates, judgement keys)."""
    ordered = sorted(
        records, key=lambda r: (r.council, r.sort_date or date.min, r.report_url or "")
    )
    rows = [
        (
            r.council,
            r.framework,
            r.inspection_type,
            _iso(r.start_date),
            _iso(r.end_date),
            _iso(r.published),
            r.overall,
            r.leaders,
            r.help_protection,
            r.in_care,
            r.care_leavers,
            r.report_url,
        )
        for r in ordered
    ]
    return _write_text(seeds_dir(directory) / INSPECTIONS_FILE, _csv_text(INSPECTION_COLUMNS, rows))


def read_inspections(directory: Path | None = None) -> list[InspectionRecord]:
    """Read ofsted_inspections.csv into records (blank cells become None)."""
    path = seeds_dir(directory) / INSPECTIONS_FILE
    problems = ProblemList()
    records: list[InspectionRecord] = []
    text = path.read_text(encoding="utf-8")
    for row, values in read_csv_rows(text, INSPECTION_COLUMNS, problems):
        before = len(problems.problems)
        dates = {
            column: _date_or_problem(values[column], row, column, problems, required=False)
            for column in ("start_date", "end_date", "published")
        }
        record = InspectionRecord(
            council=values["council"],
            framework=values["framework"],
            inspection_type=optional(values["inspection_type"]),
            start_date=dates["start_date"],
            end_date=dates["end_date"],
            published=dates["published"],
            overall=optional(values["overall"]),
            leaders=optional(values["leaders"]),
            help_protection=optional(values["help_protection"]),
            in_care=optional(values["in_care"]),
            care_leavers=optional(values["care_leavers"]),
            report_url=optional(values["report_url"]),
        )
        for column, message in check_inspection(record):
            problems.add(row, column, message)
        if len(problems.problems) == before:
            records.append(record)
    problems.raise_if_any(str(path))
    return records


# --- Bank holidays ----------------------------------------------------------------------------


def write_bank_holidays(holidays: Iterable[BankHoliday], directory: Path | None = None) -> Path:
    """Write bank_holidays.csv (England and Wales), in date order."""
    rows = [(h.date.isoformat(), h.title) for h in sorted(holidays, key=lambda h: h.date)]
    return _write_text(
        seeds_dir(directory) / BANK_HOLIDAYS_FILE, _csv_text(BANK_HOLIDAY_COLUMNS, rows)
    )


def read_bank_holidays(directory: Path | None = None) -> list[BankHoliday]:
    """Read bank_holidays.csv (England and Wales)."""
    path = seeds_dir(directory) / BANK_HOLIDAYS_FILE
    problems = ProblemList()
    holidays: list[BankHoliday] = []
    text = path.read_text(encoding="utf-8")
    for row, values in read_csv_rows(text, BANK_HOLIDAY_COLUMNS, problems):
        day = _date_or_problem(values["date"], row, "date", problems)
        if day is not None:
            holidays.append(BankHoliday(day, values["title"]))
    problems.raise_if_any(str(path))
    return holidays


# --- Case histories ---------------------------------------------------------------------------

CASE_EVENT_KEYS = ("council", "type", "date", "date_precision")
CASE_EVENT_TRAILER = ("note", "source")


def case_event_to_dict(event: CaseEvent) -> dict[str, Any]:
    """The case_histories.json form: fixed keys first, type fields, then note and source."""
    item: dict[str, Any] = {
        "council": event.council,
        "type": event.type,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
    }
    item.update(event.fields)
    item["note"] = event.note
    item["source"] = event.source
    return item


def write_case_histories(
    events: Iterable[CaseEvent], about: str, directory: Path | None = None
) -> Path:
    """Write case_histories.json (events as given: the build script orders them)."""
    document = {"about": about, "events": [case_event_to_dict(e) for e in events]}
    return _write_text(seeds_dir(directory) / CASE_HISTORIES_FILE, dump_json(document))


def read_case_histories(directory: Path | None = None) -> list[CaseEvent]:
    """Read case_histories.json and check each event's type-specific fields."""
    path = seeds_dir(directory) / CASE_HISTORIES_FILE
    problems = ProblemList()
    events: list[CaseEvent] = []
    for row, item in enumerate(_load_json(path, "events"), start=1):
        if not isinstance(item, dict):
            problems.add(row, None, "each event must be an object")
            continue
        before = len(problems.problems)
        day = _date_or_problem(item.get("date"), row, "date", problems)
        fields = {k: v for k, v in item.items() if k not in CASE_EVENT_KEYS + CASE_EVENT_TRAILER}
        event = CaseEvent(
            council=str(item.get("council", "")),
            type=str(item.get("type", "")),
            date=day or date.min,
            fields=fields,
            source=str(item.get("source", "")),
            date_precision=str(item.get("date_precision", "day")),
            note=str(item.get("note", "")),
        )
        for column, message in check_case_event(event):
            problems.add(row, column, message)
        if len(problems.problems) == before:
            events.append(event)
    problems.raise_if_any(str(path))
    return events


# --- Demo reviewers ---------------------------------------------------------------------------

DEMO_ABOUT = (
    "DEMO DATA: invented people for demonstrations, tests and benchmarks. Any resemblance of a "
    "name to a real person is coincidental; the e-mail domain is reserved and never delivers. "
    "Generated by scripts/build_seeds.py with a fixed random seed."
)


def reviewer_to_dict(reviewer: DemoReviewer) -> dict[str, Any]:
    """The reviewers.json form of a demo reviewer."""
    return {
        "id": reviewer.id,
        "name": reviewer.name,
        "email": reviewer.email,
        "council": reviewer.council,
        "role": reviewer.role,
        "expertise": dict(reviewer.expertise),
        "max_reviews": reviewer.max_reviews,
        "max_days": reviewer.max_days,
        "unavailable": [[s.isoformat(), e.isoformat()] for s, e in reviewer.unavailable],
        "past_employers": [
            {"council": p.council, "until": p.until.isoformat()} for p in reviewer.past_employers
        ],
        "conflicts": [
            {"council": c.council, "kind": c.kind, "note": c.note} for c in reviewer.conflicts
        ],
        "demo": reviewer.demo,
    }


def write_demo_reviewers(reviewers: Iterable[DemoReviewer], directory: Path | None = None) -> Path:
    """Write demo/reviewers.json."""
    document = {"about": DEMO_ABOUT, "reviewers": [reviewer_to_dict(r) for r in reviewers]}
    return _write_text(seeds_dir(directory) / DEMO_REVIEWERS_FILE, dump_json(document))


def read_demo_reviewers(directory: Path | None = None) -> list[DemoReviewer]:
    """Read demo/reviewers.json and check each reviewer."""
    path = seeds_dir(directory) / DEMO_REVIEWERS_FILE
    problems = ProblemList()
    reviewers: list[DemoReviewer] = []
    for row, item in enumerate(_load_json(path, "reviewers"), start=1):
        if not isinstance(item, dict):
            problems.add(row, None, "each reviewer must be an object")
            continue
        before = len(problems.problems)
        unavailable = []
        for start_text, end_text in item.get("unavailable", []):
            start = _date_or_problem(start_text, row, "unavailable", problems)
            end = _date_or_problem(end_text, row, "unavailable", problems)
            if start and end:
                unavailable.append((start, end))
        past = []
        for entry in item.get("past_employers", []):
            until = _date_or_problem(entry.get("until"), row, "past_employers", problems)
            if until:
                past.append(PastEmployer(str(entry.get("council", "")), until))
        try:
            reviewer = DemoReviewer(
                id=str(item["id"]),
                name=str(item["name"]),
                email=str(item["email"]),
                council=str(item["council"]),
                role=str(item["role"]),
                expertise={str(k): int(v) for k, v in item["expertise"].items()},
                max_reviews=int(item["max_reviews"]),
                max_days=int(item["max_days"]),
                unavailable=tuple(unavailable),
                past_employers=tuple(past),
                conflicts=tuple(
                    DeclaredConflict(str(c["council"]), str(c["kind"]), str(c.get("note", "")))
                    for c in item.get("conflicts", [])
                ),
                demo=bool(item.get("demo", True)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.add(row, None, f"malformed reviewer: {exc!r}")
            continue
        for column, message in check_demo_reviewer(reviewer):
            problems.add(row, column, message)
        if len(problems.problems) == before:
            reviewers.append(reviewer)
    problems.raise_if_any(str(path))
    return reviewers
