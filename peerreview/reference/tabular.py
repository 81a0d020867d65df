"""Shared low-level reading helpers: decoding, CSV rows with spreadsheet row numbers, dates.

Both the official-format parsers and the seed readers use these, so every file in the product
reports problems the same way ("row 12, column start_date: ...").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from .errors import ImportFileError, ImportProblem, ProblemList

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def decode_text(data: bytes | str, source: str | None = None) -> str:
    """Return ``data`` as text, rejecting bytes that are not UTF-8.

    Spreadsheet exports are often Windows-1252; silently guessing would turn "Ofsted’s" into
    mojibake in the register, so we refuse and say where the first bad byte is. A UTF-8 byte
    order mark (Excel's "CSV UTF-8") is accepted and removed.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        problem = ImportProblem(
            line,
            None,
            f"the file is not UTF-8 text (byte 0x{bad} at position {exc.start}); "
            "save it as 'CSV UTF-8' and try again",
        )
        raise ImportFileError([problem], source) from exc


def read_csv_rows(
    text: str,
    required: Iterable[str],
    problems: ProblemList,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) for each data row, after checking the header.

    Missing required columns are reported once (row 1) and then no rows are yielded: without
    the columns every row would repeat the same complaint. A file with no data rows is a
    problem too. Values are stripped of surrounding
    spaces; blank lines are skipped but still counted, so row numbers match a text editor.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.add(None, None, "the file is empty (expected a header row)")
        return
    names = [h.strip() for h in header]
    missing = [c for c in required if c not in names]
    for column in missing:
        problems.add(1, column, "required column is missing from the header row")
    if missing:
        return
    data_rows = 0
    for values in reader:
        row_number = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            problems.add(
                row_number,
                None,
                f"expected {len(names)} values but found {len(values)} "
                "(a stray comma or an unquoted value?)",
            )
            continue
        data_rows += 1
        yield row_number, {n: v.strip() for n, v in zip(names, values, strict=True)}
    if data_rows == 0 and not problems:
        # An empty edition would otherwise "succeed" and look like a wiped register.
        problems.add(None, None, "the file has a header row but no data rows")


def parse_uk_date(value: str) -> date:
    """Parse DD/MM/YYYY or DD/MM/YY (Ofsted's and spreadsheets' habit); raise ValueError.

    Two-digit years are 20YY: every children's-services publication we read is after 2000.
    """
    match = _UK_DATE.match(value.strip())
    if not match:
        raise ValueError(value)
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    return date(year, month, day)


def parse_iso_date(value: str) -> date:
    """Parse YYYY-MM-DD strictly (our seed files); raise ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(value)
    return datetime.strptime(value.strip(), "%Y-%m-%d").date()


def optional(value: str | None) -> str | None:
    """Blank strings become None so records never hold meaningless empty strings."""
    if value is None:
        return None
    value = value.strip()
    return value or None
