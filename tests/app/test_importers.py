"""Importing newly published official files: reports what changed; bad files change nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from peerreview.extensions import db
from peerreview.models import BankHoliday, OfstedEvent, StatisticalNeighbour

OFSTED_HEADER = (
    "dfe_la_code,gss_code,urn,local_authority,inspection_link,publication_date,"
    "inspection_framework,inspection_start_date,inspection_end_date,"
    "overall_effectiveness_grade,impact_of_leaders_grade,help_and_protection_grade,"
    "in_care_grade,care_leavers_grade\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


def test_ofsted_import_adds_a_new_inspection_and_reports_it(runner, tmp_path):
    before = count(OfstedEvent)
    row = (
        "354,E08000005,80540,rochdale,https://files.ofsted.gov.uk/v1/file/99999999,"
        "20/08/27,short,07/06/2027,11/06/2027,good,good,good,good,good\n"
    )
    result = runner.invoke(args=["import", "ofsted", write(tmp_path, "o.csv", OFSTED_HEADER + row)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    assert count(OfstedEvent) == before + 1
    # Importing the same file again changes nothing.
    result = runner.invoke(args=["import", "ofsted", str(tmp_path / "o.csv")])
    assert "0 added, 0 changed, 1 unchanged" in result.output


def test_ofsted_import_with_a_bad_row_writes_nothing_and_names_row_and_column(runner, tmp_path):
    before = count(OfstedEvent)
    good = (
        "354,E08000005,80540,rochdale,https://files.ofsted.gov.uk/v1/file/99999998,"
        "20/08/27,short,07/06/2027,11/06/2027,good,good,good,good,good\n"
    )
    bad = (
        "999,E99999999,1,nowhere,https://files.ofsted.gov.uk/v1/file/99999997,"
        "20/08/27,short,31/02/2027,11/06/2027,good,good,good,good,good\n"
    )
    path = write(tmp_path, "bad.csv", OFSTED_HEADER + good + bad)
    result = runner.invoke(args=["import", "ofsted", path])
    assert result.exit_code == 2
    assert "nothing was imported" in result.output
    assert "row 3" in result.output and "gss_code" in result.output
    assert "inspection_start_date" in result.output
    assert count(OfstedEvent) == before


def test_ofsted_import_missing_columns_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(args=["import", "ofsted", write(tmp_path, "x.csv", "a,b\n1,2\n")])
    assert result.exit_code == 2
    assert "gss_code" in result.output


def test_ofsted_import_rejects_a_file_that_is_not_utf8(runner, tmp_path):
    before = count(OfstedEvent)
    data = (OFSTED_HEADER + "354,E08000005,80540,roch\xe9dale,x,,,,,,,,,\n").encode("latin-1")
    result = runner.invoke(args=["import", "ofsted", write(tmp_path, "l.csv", data)])
    assert result.exit_code == 2
    assert "UTF-8" in result.output or "utf-8" in result.output
    assert count(OfstedEvent) == before


def test_neighbours_import_with_unknown_code_writes_nothing(runner, tmp_path):
    before = count(StatisticalNeighbour)
    text = (
        "dfe_la_code,la_name,rank,sn_dfe_la_code,sn_name,closeness\n"
        "354,Rochdale,1,355,Salford,Very Close\n"
        "354,Rochdale,2,000,Nowhere,Close\n"
    )
    result = runner.invoke(args=["import", "neighbours", write(tmp_path, "n.csv", text)])
    assert result.exit_code == 2
    assert "row 3" in result.output and "sn_dfe_la_code" in result.output
    assert count(StatisticalNeighbour) == before


def test_bank_holidays_import_adds_new_dates(runner, tmp_path):
    before = count(BankHoliday)
    text = (
        '{"england-and-wales": {"division": "england-and-wales", "events": ['
        '{"title": "Extra day", "date": "2031-06-02", "notes": "", "bunting": true}]}}'
    )
    result = runner.invoke(args=["import", "bank-holidays", write(tmp_path, "b.json", text)])
    assert result.exit_code == 0, result.output
    assert count(BankHoliday) == before + 1


def test_bank_holidays_import_with_broken_json_writes_nothing(runner, tmp_path):
    before = count(BankHoliday)
    result = runner.invoke(args=["import", "bank-holidays", write(tmp_path, "b.json", "{nope")])
    assert result.exit_code == 2
    assert count(BankHoliday) == before
