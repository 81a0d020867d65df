"""The published rota as CSV and XLSX: public columns for everyone, the team for
coordinators (and only for the reviews whose team they may see)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.app.calendar_helpers import (
    COORDINATOR,
    CORNWALL,
    NORTHWEST,
    REVIEWER,
    ROCHDALE,
    demo_reviewer,
    other_reviewers,
    publish_review,
)
from tests.conftest import sign_in


@pytest.fixture
def rota(app):
    me = demo_reviewer()
    team = [me, *other_reviewers(2, exclude=me.id)]
    return {
        "team": team,
        "rochdale": publish_review(ROCHDALE, dt.date(2027, 3, 9), team=team),
        "cornwall": publish_review(CORNWALL, dt.date(2027, 5, 4), team=team),
        "draft": publish_review(CORNWALL, dt.date(2027, 6, 8), status="draft", team=team),
    }


def csv_rows(client) -> list[dict[str, str]]:
    response = client.get("/calendar/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.data.decode("utf-8-sig")
    # Only this test's reviews: the seeds' case histories add completed ones from the past.
    return [row for row in csv.DictReader(io.StringIO(text))
            if row["First day on site"].startswith("2027")]


def test_public_csv_has_published_reviews_and_no_team(client, rota):
    rows = csv_rows(client)
    assert [row["Council"] for row in rows] == ["Rochdale", "Cornwall"]
    assert "Team" not in rows[0] and "Lead reviewer" not in rows[0]
    assert rows[0]["First day on site"] == "2027-03-09"
    assert rows[0]["Last day on site"] == "2027-03-11"
    assert rows[0]["Calendar UID"] == rota["rochdale"].uid
    body = client.get("/calendar/export.csv").get_data(as_text=True)
    for member in rota["team"]:
        assert member.name not in body and member.email not in body


def test_reviewer_gets_public_columns_only(client, rota):
    sign_in(client, *REVIEWER)
    assert "Team" not in csv_rows(client)[0]


def test_national_coordinator_gets_every_team(client, rota):
    sign_in(client, *COORDINATOR)
    rows = csv_rows(client)
    lead = rota["team"][0].name
    assert all(row["Lead reviewer"] == lead for row in rows)
    assert rota["team"][1].name in rows[0]["Team"]


def test_regional_coordinator_gets_teams_of_their_region_only(client, rota):
    sign_in(client, *NORTHWEST)
    rows = {row["Council"]: row for row in csv_rows(client)}
    assert rows["Rochdale"]["Lead reviewer"] == rota["team"][0].name
    assert rows["Cornwall"]["Lead reviewer"] == "" and rows["Cornwall"]["Team"] == ""


def test_xlsx_matches_the_csv(client, rota):
    response = client.get("/calendar/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Council" and "Team" not in values[0]
    assert [row[0] for row in values[1:] if row[5].year == 2027] == ["Rochdale", "Cornwall"]
    sign_in(client, *COORDINATOR)
    sheet = load_workbook(io.BytesIO(client.get("/calendar/export.xlsx").data)).active
    header = next(sheet.iter_rows(values_only=True))
    assert header[-2:] == ("Lead reviewer", "Team")


def test_cells_that_look_like_formulas_are_defused(app):
    from peerreview.calendar.export import _safe_cell

    assert _safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _safe_cell("Rochdale") == "Rochdale"
