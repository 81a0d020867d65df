"""Reviewers to and from spreadsheets (CSV and XLSX), as coordinators keep them.

Import is all-or-nothing: every row is checked first and every problem is reported by row and
column; nothing is written unless the whole file is good. Rows are matched on `reference`:
a known reference updates that reviewer, a new one creates a reviewer. Export writes the same
columns, so exporting and importing again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerUnavailability,
)
from peerreview.reference import vocabulary
from peerreview.reviewers import services

COLUMNS: tuple[str, ...] = (
    "reference", "name", "email", "home_council", "role", "max_reviews", "max_days",
    *vocabulary.PRACTICE_AREAS,
    "unavailable", "past_employers", "conflicts", "active",
)
REQUIRED_COLUMNS = ("reference", "name", "email", "home_council", "role")
#: Generous for a pool of about 420; stops a wrong file (a whole database dump) early.
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GSS = re.compile(r"^E\d{8}$")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What each column holds, for the import page and the template.
COLUMN_HELP: dict[str, str] = {
    "reference": "Required. Up to 20 letters, numbers and hyphens. An existing reference "
    "updates that reviewer; a new one adds a reviewer.",
    "name": "Required. Full name.",
    "email": "Required. Unique across the pool.",
    "home_council": "Required. GSS code (like E08000005) or the council's exact name.",
    "role": "Required. One of: " + ", ".join(vocabulary.ROLES) + ".",
    "max_reviews": "Most reviews in a year, 0 to 50. Blank for no limit.",
    "max_days": "Most days on site in a year, 0 to 250. Blank for no limit.",
    "(one column per practice area)": "Level 0 (none) to 3, blank for 0: "
    + ", ".join(vocabulary.PRACTICE_AREAS) + ".",
    "unavailable": "Date ranges separated by semicolons, like "
    "2027-07-26..2027-08-31; 2027-12-20..2027-12-31 (a single date is one day).",
    "past_employers": "GSS codes with optional end dates, like "
    "E08000005 until 2025-03-31; E06000008.",
    "conflicts": "GSS codes with the kind of conflict (" + ", ".join(vocabulary.CONFLICT_KINDS)
    + "), like E08000001 personal; E08000002 professional.",
    "active": "Optional. yes or no (no means retired). Blank keeps the current state.",
}


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row number: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class ReviewerRow:
    row: int
    reference: str
    details: services.ReviewerDetails
    unavailable: list[tuple[dt.date, dt.date]]
    past_employers: list[tuple[str, dt.date | None]]
    conflicts: list[tuple[str, str]]
    active: bool | None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (f"{self.created} reviewers added, {self.updated} updated, "
                f"{self.unchanged} unchanged")


class ImportProblems(Exception):
    """The file cannot be imported; `problems` lists every reason, by row and column."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class _Checker:
    """State for checking one file: known councils and the region limit of the importer."""

    region: str | None
    councils: dict[str, Council] = field(default_factory=dict)
    by_name: dict[str, Council] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def council(self, row: int, column: str, text: str) -> Council | None:
        council = self.councils.get(text.upper()) or self.by_name.get(_squash(text))
        if council is None:
            self.add(row, column, f"{text!r} is not the GSS code or exact name of a council")
        elif council.valid_to is not None and council.valid_to <= dt.date.today():
            self.add(row, column, f"{council.name} ({council.gss_code}) no longer exists")
            return None
        return council


# --- Reading files -----------------------------------------------------------------------------


Table = list[tuple[int, list[str]]]


def read_table(data: bytes, filename: str) -> Table:
    """The file's non-blank rows as (spreadsheet row number, text cells), header first.
    Blank rows are skipped but keep the numbering, so problems point at the right row.
    Raises ImportProblems for an unreadable, empty or oversized file."""
    if not data:
        raise ImportProblems([Problem(0, "", "The file is empty")])
    if len(data) > MAX_BYTES:
        raise ImportProblems([Problem(0, "", "The file must be smaller than 5 MB")])
    is_xlsx = data[:2] == b"PK" or filename.lower().endswith(".xlsx")
    rows = _read_xlsx(data) if is_xlsx else _read_csv(data)
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise ImportProblems([Problem(0, "", "The file is empty")])
    if len(numbered) - 1 > MAX_ROWS:
        raise ImportProblems(
            [Problem(0, "", f"The file has {len(numbered) - 1} rows; import at most {MAX_ROWS}")]
        )
    return numbered


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblems(
            [Problem(0, "", f"The file is not UTF-8 text (a bad byte at position "
                     f"{error.start}); save it as 'CSV UTF-8' and try again")]
        ) from None
    if "\x00" in text:
        raise ImportProblems([Problem(0, "", "The file is not a CSV or XLSX file")])
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise ImportProblems([Problem(0, "", f"The CSV file cannot be read: {error}")]) from None


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportProblems(
            [Problem(0, "", "The file is not a readable Excel (.xlsx) workbook")]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --- Checking rows -----------------------------------------------------------------------------


def check_rows(table: Table, *, region: str | None = None) -> list[ReviewerRow]:
    """Every row parsed and checked against the file and the register. Raises ImportProblems
    with every problem found; returns the rows only when there are none."""
    checker = _Checker(region)
    for council in db.session.scalars(select(Council)):
        checker.councils[council.gss_code] = council
        checker.by_name.setdefault(_squash(council.name), council)
    header_row, header_cells = table[0]
    header = [_squash(cell).replace(" ", "_") for cell in header_cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    for name in missing:
        checker.add(header_row, name, "This column is missing from the header row")
    for name in unknown:
        checker.add(header_row, name, "Unknown column; use the column names of the template")
    for name in duplicated:
        checker.add(header_row, name, "This column appears more than once")
    if checker.problems:
        raise ImportProblems(checker.problems)
    if len(table) == 1:
        raise ImportProblems([Problem(0, "", "The file has a header row but no reviewers")])

    existing = {r.reference: r for r in db.session.scalars(select(Reviewer))}
    emails = {r.email.lower(): r.reference for r in existing.values()}
    seen_refs: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    rows: list[ReviewerRow] = []
    for number, cells in table[1:]:
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in
                  enumerate(header) if name}
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            checker.add(number, "", "This row has more cells than the header row has columns")
        parsed = _check_row(checker, number, values, existing)
        if parsed is None:
            continue
        ref_key = parsed.reference.upper()
        if ref_key in seen_refs:
            checker.add(number, "reference",
                        f"{parsed.reference} is also on row {seen_refs[ref_key]}")
        seen_refs.setdefault(ref_key, number)
        email = parsed.details.email
        if email in seen_emails:
            checker.add(number, "email", f"{email} is also on row {seen_emails[email]}")
        seen_emails.setdefault(email, number)
        owner = emails.get(email)
        if owner is not None and owner != parsed.reference:
            checker.add(number, "email", f"{email} already belongs to reviewer {owner}")
        rows.append(parsed)
    if checker.problems:
        raise ImportProblems(checker.problems)
    return rows


def _check_row(
    checker: _Checker, row: int, values: dict[str, str], existing: dict[str, Reviewer]
) -> ReviewerRow | None:
    before = len(checker.problems)
    reference = values.get("reference", "")
    if not reference:
        checker.add(row, "reference", "Enter a reference")
    elif not REFERENCE.match(reference):
        checker.add(row, "reference", "Use up to 20 letters, numbers and hyphens")
    name = values.get("name", "")
    if not name:
        checker.add(row, "name", "Enter the reviewer's name")
    elif len(name) > 120:
        checker.add(row, "name", "Must be 120 characters or fewer")
    email = values.get("email", "").lower()
    if not email:
        checker.add(row, "email", "Enter an email address")
    elif not EMAIL.match(email) or len(email) > 254:
        checker.add(row, "email", f"{email!r} is not an email address")
    council = None
    if not values.get("home_council"):
        checker.add(row, "home_council", "Enter a GSS code or council name")
    else:
        council = checker.council(row, "home_council", values["home_council"])
    if council is not None and checker.region is not None and council.region != checker.region:
        checker.add(row, "home_council", f"{council.name} is outside your region")
    current = existing.get(reference)
    if current is not None and checker.region is not None:
        home = checker.councils.get(current.council_code)
        if home is None or home.region != checker.region:
            checker.add(row, "reference", f"{reference} is a reviewer outside your region")
    role = values.get("role", "").lower().replace(" ", "_")
    if role not in vocabulary.ROLES:
        checker.add(row, "role", f"{values.get('role', '')!r} is not one of: "
                    + ", ".join(vocabulary.ROLES))
    max_reviews = _whole(checker, row, "max_reviews", values.get("max_reviews", ""), 50)
    max_days = _whole(checker, row, "max_days", values.get("max_days", ""), 250)
    expertise: dict[str, int] = {}
    for area in vocabulary.PRACTICE_AREAS:
        text = values.get(area, "")
        if text in ("", "0"):
            continue
        if text not in ("1", "2", "3"):
            checker.add(row, area, f"{text!r} is not a level from 0 to 3")
            continue
        expertise[area] = int(text)
    unavailable = _ranges(checker, row, values.get("unavailable", ""))
    past = _employers(checker, row, values.get("past_employers", ""))
    conflicts = _conflicts(checker, row, values.get("conflicts", ""))
    active = None
    active_text = values.get("active", "").lower()
    if active_text in ("yes", "y", "true", "1"):
        active = True
    elif active_text in ("no", "n", "false", "0"):
        active = False
    elif active_text:
        checker.add(row, "active", f"{values['active']!r} is not yes or no")
    if len(checker.problems) > before or council is None:
        return None
    return ReviewerRow(
        row=row,
        reference=reference,
        details=services.ReviewerDetails(
            name=name, email=email, council_code=council.gss_code, role=role,
            max_reviews=max_reviews, max_days=max_days, expertise=expertise,
        ),
        unavailable=unavailable,
        past_employers=past,
        conflicts=conflicts,
        active=active,
    )


def _whole(checker: _Checker, row: int, column: str, text: str, most: int) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) > most:
        checker.add(row, column, f"{text!r} is not a whole number from 0 to {most}")
        return None
    return int(text)


def _date(checker: _Checker, row: int, column: str, text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        checker.add(row, column, f"{text.strip()!r} is not a date like 2027-07-26")
        return None


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _ranges(checker: _Checker, row: int, text: str) -> list[tuple[dt.date, dt.date]]:
    ranges = []
    for item in _items(text):
        start_text, _, end_text = item.partition("..")
        start = _date(checker, row, "unavailable", start_text)
        end = _date(checker, row, "unavailable", end_text) if end_text else start
        if start and end:
            if end < start:
                checker.add(row, "unavailable", f"{item}: the end is before the start")
            else:
                ranges.append((start, end))
    return ranges


def _employers(checker: _Checker, row: int, text: str) -> list[tuple[str, dt.date | None]]:
    past = []
    for item in _items(text):
        code, _, until_text = item.partition(" until ")
        council = checker.council(row, "past_employers", code.strip())
        until = _date(checker, row, "past_employers", until_text) if until_text else None
        if council is not None and (until or not until_text):
            past.append((council.gss_code, until))
    return past


def _conflicts(checker: _Checker, row: int, text: str) -> list[tuple[str, str]]:
    conflicts: dict[str, str] = {}
    for item in _items(text):
        parts = item.split()
        code = parts[0]
        kind = parts[1].lower() if len(parts) > 1 else "personal"
        council = checker.council(row, "conflicts", code)
        if len(parts) > 2 or kind not in vocabulary.CONFLICT_KINDS:
            checker.add(row, "conflicts", f"{item!r}: write a GSS code and one of "
                        + ", ".join(vocabulary.CONFLICT_KINDS))
            continue
        if council is not None:
            if council.gss_code in conflicts:
                checker.add(row, "conflicts", f"{council.gss_code} is listed more than once")
            conflicts[council.gss_code] = kind
    return list(conflicts.items())


def _squash(text: str) -> str:
    return " ".join(text.strip().lower().split())


# --- Writing -----------------------------------------------------------------------------------


def import_reviewers(data: bytes, filename: str, *, region: str | None = None) -> ImportResult:
    """Check the whole file, then create or update every row; the caller commits.
    Raises ImportProblems (and changes nothing) if any row is wrong."""
    rows = check_rows(read_table(data, filename), region=region)
    result = ImportResult()
    for row in rows:
        reviewer = services.reviewer_by_reference(row.reference)
        if reviewer is None:
            reviewer = services.create_reviewer(row.reference, row.details)
            _apply_lists(reviewer, row)
            if row.active is False:
                reviewer.active = False
            db.session.flush()
            result.created += 1
            continue
        before = services.snapshot(reviewer)
        services._apply_details(reviewer, row.details)
        _apply_lists(reviewer, row)
        if row.active is not None:
            reviewer.active = row.active
        db.session.flush()
        after = services.snapshot(reviewer)
        if before == after:
            result.unchanged += 1
        else:
            record_change("import", services.ENTITY, reviewer.reference, before, after)
            result.updated += 1
    return result


def _apply_lists(reviewer: Reviewer, row: ReviewerRow) -> None:
    """Make the reviewer's dates, employers and conflicts those of the row, keeping the rows
    (and their reasons, notes and pins) that are already there."""
    have = {(u.start_date, u.end_date): u for u in reviewer.unavailability}
    for key, item in have.items():
        if key not in row.unavailable:
            reviewer.unavailability.remove(item)
    for start, end in row.unavailable:
        if (start, end) not in have:
            reviewer.unavailability.append(ReviewerUnavailability(start_date=start, end_date=end))
    jobs = {(e.council_code, e.until): e for e in reviewer.employments}
    for key, job in jobs.items():
        if key not in row.past_employers:
            reviewer.employments.remove(job)
    for code, until in row.past_employers:
        if (code, until) not in jobs:
            reviewer.employments.append(ReviewerEmployment(council_code=code, until=until))
    conflicts = {c.council_code: c for c in reviewer.conflicts}
    wanted = dict(row.conflicts)
    for code, conflict in conflicts.items():
        if code not in wanted:
            reviewer.conflicts.remove(conflict)
        elif conflict.kind != wanted[code]:
            conflict.kind = wanted[code]
    for code, kind in row.conflicts:
        if code not in conflicts:
            # A coordinator's file is a coordinator's confirmation.
            reviewer.conflicts.append(ReviewerConflict(council_code=code, kind=kind, pinned=True))


# --- Exporting ---------------------------------------------------------------------------------


def export_rows(reviewers: Iterable[Reviewer]) -> list[list[str]]:
    """The header and one row per reviewer, in the import's format."""
    rows = [list(COLUMNS)]
    for reviewer in reviewers:
        levels = reviewer.expertise_levels()
        rows.append([
            reviewer.reference,
            reviewer.name,
            reviewer.email,
            reviewer.council_code,
            reviewer.role,
            "" if reviewer.max_reviews is None else str(reviewer.max_reviews),
            "" if reviewer.max_days is None else str(reviewer.max_days),
            *(str(levels.get(area, 0)) for area in vocabulary.PRACTICE_AREAS),
            "; ".join(
                f"{u.start_date.isoformat()}..{u.end_date.isoformat()}"
                for u in sorted(reviewer.unavailability, key=lambda u: u.start_date)
            ),
            "; ".join(
                e.council_code + (f" until {e.until.isoformat()}" if e.until else "")
                for e in sorted(reviewer.employments,
                                key=lambda e: (e.council_code, e.until or dt.date.max))
            ),
            "; ".join(
                f"{c.council_code} {c.kind}"
                for c in sorted(reviewer.conflicts, key=lambda c: c.council_code)
            ),
            "yes" if reviewer.active else "no",
        ])
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        # A leading =, +, - or @ would be run as a formula by spreadsheet programs.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "@") else c for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reviewers")
    for row in rows:
        sheet.append([_xlsx_value(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(cell: str) -> str | int:
    if cell.isdigit() and len(cell) < 6:
        return int(cell)
    return cell


def reviewers_for_export(region: str | None) -> list[Reviewer]:
    query = select(Reviewer).join(Council, Council.gss_code == Reviewer.council_code)
    if region is not None:
        query = query.where(Council.region == region)
    return list(db.session.scalars(query.order_by(func.lower(Reviewer.reference))))
