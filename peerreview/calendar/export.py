"""The published rota as CSV and XLSX. Everyone gets the public columns; coordinators also
get the team, filled in only for reviews whose team they may see."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from peerreview.calendar.services import CalendarEntry, short_kind
from peerreview.reference import vocabulary

PUBLIC_COLUMNS = (
    "Council", "GSS code", "Region", "Kind", "Status", "First day on site", "Last day on site",
    "Days on site", "Focus", "Calendar UID", "Sequence",
)
TEAM_COLUMNS = ("Lead reviewer", "Team")


def rows(entries: list[CalendarEntry], *, team_columns: bool) -> list[list[object]]:
    table: list[list[object]] = []
    for entry in entries:
        review, council = entry.review, entry.council
        row: list[object] = [
            council.name, council.gss_code, council.region, short_kind(review.kind),
            review.status, review.start_date, review.end_date, review.days,
            "; ".join(vocabulary.PRACTICE_AREAS.get(a, a) for a in review.focus or []),
            review.uid, review.sequence,
        ]
        if team_columns:
            team = entry.team or ()
            lead = next((m.name for m in team if m.lead), "")
            members = "; ".join(
                f"{m.name} ({vocabulary.ROLE_LABELS.get(m.role, m.role)})" for m in team
            )
            row += [lead, members]
        table.append(row)
    return table


def _safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(entries: list[CalendarEntry], *, team_columns: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PUBLIC_COLUMNS + (TEAM_COLUMNS if team_columns else ()))
    for row in rows(entries, team_columns=team_columns):
        writer.writerow([_safe_cell(v.isoformat() if hasattr(v, "isoformat") else v)
                         for v in row])
    # A byte-order mark so Excel opens the UTF-8 file with the right accents.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(entries: list[CalendarEntry], *, team_columns: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Published rota"
    header = PUBLIC_COLUMNS + (TEAM_COLUMNS if team_columns else ())
    sheet.append(list(header))
    for row in rows(entries, team_columns=team_columns):
        sheet.append([_safe_cell(v) if isinstance(v, str) else v for v in row])
    for index, _ in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    for cell in sheet["F"][1:] + sheet["G"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
