"""Reviewers to and from CSV and XLSX: all-or-nothing import with a full error report."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import AuditEntry, Reviewer
from peerreview.reference import vocabulary
from peerreview.reviewers import transfer
from tests.app.reviewers_helpers import (
    COORDINATOR,
    NORTH_WEST,
    OWN,
    REVIEWER,
    ROCHDALE_USER,
    as_user,
    reviewer,
)

HEADER = list(transfer.COLUMNS)


def row(**values: str) -> list[str]:
    base = {
        "reference": "R9100", "name": "Sam Sample", "email": "sam.sample@example.org",
        "home_council": "E08000005", "role": "practitioner", "max_reviews": "2",
        "max_days": "8", "unavailable": "2027-07-26..2027-08-31; 2027-12-24",
        "past_employers": "E08000001 until 2025-03-31; E08000002",
        "conflicts": "E08000003 personal", "active": "yes", "front_door": "2",
    }
    base.update(values)
    return [base.get(name, "") for name in HEADER]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for item in rows:
        sheet.append(item)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "reviewers.csv"):
    return client.post(
        "/reviewers/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def pool_size() -> int:
    return db.session.scalar(select(func.count(Reviewer.id)))


# --- Export ------------------------------------------------------------------------------------


def test_export_csv_has_every_reviewer_and_column(client):
    as_user(client, COORDINATOR)
    response = client.get("/reviewers/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 420
    own = next(r for r in rows if r[0] == OWN)
    assert own[HEADER.index("leadership")] == "3"
    assert "2027-05-03..2027-05-07" in own[HEADER.index("unavailable")]


def test_export_xlsx_opens_in_a_spreadsheet(client):
    as_user(client, COORDINATOR)
    response = client.get("/reviewers/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 421


def test_regional_export_holds_only_their_region(client):
    as_user(client, NORTH_WEST)
    rows = list(csv.reader(io.StringIO(
        client.get("/reviewers/export.csv").get_data().decode("utf-8-sig"))))
    codes = {r[HEADER.index("home_council")] for r in rows[1:]}
    assert "E08000015" in codes and "E09000008" not in codes


def test_template_is_the_header_row(client):
    as_user(client, COORDINATOR)
    response = client.get("/reviewers/import/template.csv")
    assert response.get_data().decode("utf-8-sig").strip() == ",".join(HEADER)


# --- Round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client, kind):
    as_user(client, COORDINATOR)
    exported = client.get(f"/reviewers/export.{kind}").get_data()
    audits = db.session.scalar(select(func.count(AuditEntry.id)))
    result = transfer.import_reviewers(exported, f"reviewers.{kind}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 420)
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audits


# --- Import: success ---------------------------------------------------------------------------


def test_import_creates_and_updates_by_reference(client):
    as_user(client, COORDINATOR)
    own = reviewer(OWN)
    update = row(reference=OWN, name="Isla Pickles", email=own.email,
                 home_council="Wirral", role="director", leadership="2",
                 unavailable="", past_employers="", conflicts="", max_reviews="", max_days="")
    response = upload(client, csv_bytes([row(), update]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 reviewers added, 1 updated, 0 unchanged" in page
    created = reviewer("R9100")
    assert created.council_code == "E08000005" and created.role == "practitioner"
    assert [(str(u.start_date), str(u.end_date)) for u in created.unavailability] == [
        ("2027-07-26", "2027-08-31"), ("2027-12-24", "2027-12-24")]
    assert {e.council_code for e in created.employments} == {"E08000001", "E08000002"}
    assert [(c.council_code, c.kind, c.pinned) for c in created.conflicts] == [
        ("E08000003", "personal", True)]
    updated = reviewer(OWN)
    assert updated.expertise_levels() == {"front_door": 2, "leadership": 2}
    assert updated.max_reviews is None and updated.unavailability == []


def test_import_xlsx_with_numbers_and_dates_as_cells(client):
    as_user(client, COORDINATOR)
    cells: list[object] = row()
    cells[HEADER.index("max_reviews")] = 2
    cells[HEADER.index("front_door")] = 3.0
    response = upload(client, xlsx_bytes([cells]), "pool.xlsx")
    assert response.status_code == 302
    assert reviewer("R9100").expertise_levels() == {"front_door": 3}


def test_import_can_retire(client):
    as_user(client, COORDINATOR)
    upload(client, csv_bytes([row(active="no")]))
    assert reviewer("R9100").active is False


# --- Import: every problem reported, nothing written -------------------------------------------


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(client):
    as_user(client, COORDINATOR)
    before = pool_size()
    rows = [
        row(),  # good
        row(reference="R9101", email="sam.sample@example.org"),  # duplicate email in file
        row(reference="R9100", email="other@example.org"),  # duplicate reference in file
        row(reference="R9102", email="x@example.org", home_council="E99999999", role="boss",
            max_days="many", front_door="4", unavailable="2027-08-31..2027-07-26",
            past_employers="E08000001 until 31/03/2025", conflicts="E08000003 enemy"),
        row(reference="R9103", email=reviewer(OWN).email),  # email of another reviewer
        row(reference="", name="", email=""),
    ]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page and "govuk-error-summary" in page and 'href="#file"' in page
    assert "nothing was imported" in page
    problems = {
        (3, "email"), (4, "reference"), (5, "home_council"), (5, "role"), (5, "max_days"),
        (5, "front_door"), (5, "unavailable"), (5, "past_employers"), (5, "conflicts"),
        (6, "email"), (7, "reference"), (7, "name"), (7, "email"),
    }
    with pytest.raises(transfer.ImportProblems) as caught:
        transfer.import_reviewers(csv_bytes(rows), "reviewers.csv")
    found = {(p.row, p.column) for p in caught.value.problems}
    assert problems <= found
    assert "the end is before the start" in page and "is also on row 2" in page
    assert pool_size() == before and reviewer("R9100") is None


def test_unknown_missing_and_repeated_columns(client):
    as_user(client, COORDINATOR)
    header = ["reference", "name", "email", "role", "shoe_size", "name"]
    response = upload(client, csv_bytes([["R1", "A", "a@example.org", "director", "9", "A"]],
                                        header))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This column is missing from the header row" in page
    assert "Unknown column" in page and "appears more than once" in page


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "reviewers.csv", "The file is empty"),
        (b"\n\n", "reviewers.csv", "The file is empty"),
        (",".join(HEADER).encode() + b"\n", "reviewers.csv", "header row but no reviewers"),
        (b"reference,name\n\xff\xfe\xfa,x\n", "reviewers.csv", "not UTF-8"),
        (b"PK\x03\x04 this is not a workbook", "reviewers.xlsx", "not a readable Excel"),
        (b"hello", "reviewers.pdf", "must be a CSV or XLSX file"),
    ],
)
def test_bad_files_are_refused(client, data, name, message):
    as_user(client, COORDINATOR)
    response = upload(client, data, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_too_many_rows(client, monkeypatch):
    as_user(client, COORDINATOR)
    monkeypatch.setattr(transfer, "MAX_ROWS", 2)
    rows = [row(reference=f"R95{i}", email=f"p{i}@example.org") for i in range(3)]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400
    assert "import at most 2" in response.get_data(as_text=True)


def test_no_file_selected(client):
    as_user(client, COORDINATOR)
    response = client.post("/reviewers/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Select a CSV or XLSX file" in response.get_data(as_text=True)


def test_regional_coordinator_imports_only_their_region(client):
    as_user(client, NORTH_WEST)
    response = upload(client, csv_bytes([row(home_council="E09000008")]))
    assert response.status_code == 400
    assert "is outside your region" in response.get_data(as_text=True)
    london = db.session.scalar(
        select(Reviewer).where(Reviewer.council_code == "E09000008").limit(1)
    )
    response = upload(client, csv_bytes([row(reference=london.reference, email=london.email)]))
    assert "is a reviewer outside your region" in response.get_data(as_text=True)
    assert upload(client, csv_bytes([row()])).status_code == 302


def test_import_page_access(client):
    assert client.get("/reviewers/import").status_code == 302
    as_user(client, REVIEWER)
    assert upload(client, csv_bytes([row()])).status_code == 403
    client.post("/logout")
    as_user(client, ROCHDALE_USER)
    assert upload(client, csv_bytes([row()])).status_code == 403
    assert reviewer("R9100") is None


def test_import_page_lists_the_columns(client):
    as_user(client, COORDINATOR)
    page = client.get("/reviewers/import").get_data(as_text=True)
    assert "home_council" in page and "past_employers" in page
    assert all(area in page for area in vocabulary.PRACTICE_AREAS)


# --- Command line ------------------------------------------------------------------------------


def test_cli_export_then_import(runner, tmp_path):
    path = tmp_path / "pool.xlsx"
    result = runner.invoke(args=["reviewers", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert "Exported 420 reviewers" in result.output
    result = runner.invoke(args=["reviewers", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 reviewers added, 0 updated, 420 unchanged" in result.output


def test_cli_import_reports_problems_and_exits_2(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(role="boss")]))
    result = runner.invoke(args=["reviewers", "import", str(path)])
    assert result.exit_code == 2
    assert "row 2, role" in result.output
    assert reviewer("R9100") is None


def test_blank_rows_keep_the_spreadsheet_row_numbers(app):
    blank = [""] * len(HEADER)
    data = csv_bytes([row(), blank, row(reference="R9101", email="b@example.org", role="boss")])
    with pytest.raises(transfer.ImportProblems) as caught:
        transfer.import_reviewers(data, "reviewers.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "role")]
