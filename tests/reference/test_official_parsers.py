"""Parsers of the public formats: good files parse, bad files are rejected whole with problems
that name the row and the column."""

from __future__ import annotations

import json
from datetime import date

import pytest

from peerreview.reference import official
from peerreview.reference.errors import ImportFileError, ImportProblem

# --- helpers ---------------------------------------------------------------------------------


def problems_of(call, *args, **kwargs) -> list[ImportProblem]:
    """Run a parser that must fail and return its problems."""
    with pytest.raises(ImportFileError) as caught:
        call(*args, **kwargs)
    return caught.value.problems


def has(problems: list[ImportProblem], row: int | None, column: str | None, text: str) -> bool:
    return any(p.row == row and p.column == column and text in p.message for p in problems)


# --- councils --------------------------------------------------------------------------------

COUNCILS_HEADER = (
    "dfe_la_code,gss_code,name,region,region_gss,la_type,ofsted_urn,mysociety_code,lat,long,"
    "ons_population_0_25,stat_neighbours_dfe_2025,stat_neighbours_gss_2025,website_domain\n"
)
DERBY = (
    "831,E06000015,Derby,East Midlands,E12000004,unitary,80459,DER,52.91,-1.46,87109,"
    "830,E10000007,derby.gov.uk\n"
)
DERBYSHIRE = (
    "830,E10000007,Derbyshire,East Midlands,E12000004,county,80460,DBY,53.08,-1.56,212575,"
    "831,E06000015,derbyshire.gov.uk\n"
)
CITY = (
    "201,E09000001,City of London,London,E12000007,sui_generis_city_of_london,80450,LND,"
    "51.51,-0.09,1987,,,cityoflondon.gov.uk\n"
)


def test_councils_parse_and_normalise() -> None:
    records = official.parse_councils_csv(COUNCILS_HEADER + DERBY + DERBYSHIRE + CITY)
    derby, derbyshire, city = records
    assert (derby.gss_code, derby.dfe_code, derby.ofsted_urn) == ("E06000015", "831", "80459")
    assert derby.type == "unitary" and derbyshire.type == "county"
    assert city.type == "london_borough"
    assert derby.statistical_neighbours == ("E10000007",)
    assert derby.website == "https://derby.gov.uk"
    assert derby.population_0_25 == 87109 and derby.latitude == pytest.approx(52.91)


def test_councils_accept_utf8_bytes_with_bom() -> None:
    data = ("\ufeff" + COUNCILS_HEADER + DERBY + DERBYSHIRE).encode("utf-8")
    assert len(official.parse_councils_csv(data)) == 2


def test_councils_reject_bad_rows_naming_row_and_column() -> None:
    bad = (
        COUNCILS_HEADER
        + DERBY
        + DERBY.replace("Derby,", "Derby again,")  # row 3: duplicate codes
        + DERBYSHIRE.replace("East Midlands", "Midlands")  # row 4: region
        + CITY.replace("sui_generis_city_of_london", "parish").replace("51.51", "61.5")
    )
    problems = problems_of(official.parse_councils_csv, bad)
    assert has(problems, 3, "gss_code", "duplicates row 2")
    assert has(problems, 3, "dfe_la_code", "duplicates row 2")
    assert has(problems, 4, "region", "'Midlands' is not one of the 9 English regions")
    assert has(problems, 5, "la_type", "'parish'")
    assert has(problems, 5, "lat", "outside England")


def test_councils_unknown_neighbour_is_a_problem() -> None:
    problems = problems_of(official.parse_councils_csv, COUNCILS_HEADER + DERBY)
    assert has(problems, 2, "stat_neighbours_gss_2025", "'E10000007' is not a council")


def test_missing_columns_are_reported_once_on_the_header_row() -> None:
    header = COUNCILS_HEADER.replace("gss_code,", "").replace("region,", "")
    problems = problems_of(official.parse_councils_csv, header + DERBY)
    assert {(p.row, p.column) for p in problems} == {(1, "gss_code"), (1, "region")}
    assert "required column is missing" in problems[0].message


def test_non_utf8_bytes_are_an_encoding_problem() -> None:
    data = (COUNCILS_HEADER + DERBY).encode("utf-8") + "Stoke-on-Trent’s".encode("cp1252")
    problems = problems_of(official.parse_councils_csv, data)
    assert len(problems) == 1
    assert problems[0].row == 3
    assert "not UTF-8" in problems[0].message and "0x92" in problems[0].message


def test_empty_file_is_a_problem() -> None:
    problems = problems_of(official.parse_councils_csv, "")
    assert "empty" in problems[0].message


# --- borders ---------------------------------------------------------------------------------

BORDERS_HEADER = "gss_a,dfe_la_code_a,name_a,gss_b,dfe_la_code_b,name_b,cross_region\n"


def test_borders_are_canonical_pairs() -> None:
    text = (
        BORDERS_HEADER
        + "E10000007,830,Derbyshire,E06000015,831,Derby,False\n"
        + "E06000015,831,Derby,E10000024,891,Nottinghamshire,False\n"
    )
    assert official.parse_borders_csv(text) == [
        ("E06000015", "E10000007"),
        ("E06000015", "E10000024"),
    ]


def test_borders_reject_self_pairs_duplicates_and_unknown_codes() -> None:
    text = (
        BORDERS_HEADER
        + "E06000015,831,Derby,E10000007,830,Derbyshire,False\n"
        + "E10000007,830,Derbyshire,E06000015,831,Derby,False\n"  # row 3: reversed duplicate
        + "E06000015,831,Derby,E06000015,831,Derby,False\n"  # row 4: self
        + "E06000015,831,Derby,E99999999,999,Nowhere,False\n"  # row 5: bad code
        + "E06000015,831,Derby,E10000024,891,Nottinghamshire,False\n"  # row 6: unknown
    )
    known = {"E06000015", "E10000007"}
    problems = problems_of(official.parse_borders_csv, text, known)
    assert has(problems, 3, "gss_b", "duplicates row 2")
    assert has(problems, 4, "gss_b", "cannot border itself")
    assert has(problems, 5, "gss_b", "not an English upper-tier GSS code")
    assert has(problems, 6, "gss_b", "'E10000024' is not a known council")


# --- statistical neighbours ------------------------------------------------------------------

SN_HEADER = "dfe_la_code,la_name,rank,sn_dfe_la_code,sn_name,closeness\n"
DFE_TO_GSS = {"831": "E06000015", "830": "E10000007", "891": "E10000024"}


def test_neighbours_translate_codes_and_closeness() -> None:
    text = SN_HEADER + "831,Derby,1,830,Derbyshire,Very close\n831,Derby,2,891,Notts,Not close\n"
    records = official.parse_statistical_neighbours_csv(text, DFE_TO_GSS)
    assert [(r.council, r.rank, r.neighbour, r.closeness) for r in records] == [
        ("E06000015", 1, "E10000007", "very_close"),
        ("E06000015", 2, "E10000024", "not_close"),
    ]


def test_neighbours_reject_unknown_codes_and_bad_ranks() -> None:
    text = (
        SN_HEADER
        + "831,Derby,1,830,Derbyshire,Close\n"
        + "831,Derby,1,891,Notts,Close\n"  # row 3: rank repeated
        + "999,Nowhere,1,830,Derbyshire,Close\n"  # row 4: unknown LA
        + "831,Derby,x,891,Notts,Close\n"  # row 5: bad rank
        + "831,Derby,3,830,Derbyshire,Quite near\n"  # row 6: repeat + bad closeness
    )
    problems = problems_of(official.parse_statistical_neighbours_csv, text, DFE_TO_GSS)
    assert has(problems, 3, "rank", "rank 1 duplicates row 2")
    assert has(problems, 4, "dfe_la_code", "'999' is not a known DfE LA code")
    assert has(problems, 5, "rank", "'x' is not a rank")
    assert has(problems, 6, "sn_dfe_la_code", "duplicates row 2")
    assert has(problems, 6, "closeness", "'Quite near'")


# --- Ofsted outcomes -------------------------------------------------------------------------

OFSTED_HEADER = (
    "dfe_la_code,gss_code,urn,local_authority,inspection_link,publication_date,"
    "inspection_framework,inspection_start_date,inspection_end_date,"
    "overall_effectiveness_grade,impact_of_leaders_grade,help_and_protection_grade,"
    "in_care_grade,care_leavers_grade\n"
)


def ofsted_row(
    link: str = "https://files.ofsted.gov.uk/v1/file/1",
    published: str = "09/05/25",
    kind: str = "short",
    start: str = "17/03/2025",
    end: str = "21/03/2025",
    grades: str = "good,outstanding,Requires improvement to be good,good,"
    "inspection_pre_dates_judgement",
    gss: str = "E06000059",
    urn: str = "2532283",
) -> str:
    return f"838,{gss},{urn},dorset,{link},{published},{kind},{start},{end},{grades}\n"


def test_ofsted_rows_normalise_dates_judgements_and_framework() -> None:
    text = (
        OFSTED_HEADER
        + ofsted_row()
        + ofsted_row(
            link="https://files.ofsted.gov.uk/v1/file/2",
            published="27/03/15",
            kind="",
            start="",
            end="",
            grades=",data_unreadable,data_unreadable,data_unreadable,data_unreadable",
        )
        + ofsted_row(
            link="https://files.ofsted.gov.uk/v1/file/3",
            published="07/07/26",
            kind="standard",
            start="11/05/2026",
            end="22/05/2026",
            grades="not_reported_post_reform,outstanding,good,good,good",
        )
    )
    sif, ilacs, reformed = official.parse_ofsted_outcomes_csv(text, {"E06000059"}, {"2532283"})
    assert (ilacs.framework, ilacs.inspection_type) == ("ilacs", "short")
    assert (ilacs.start_date, ilacs.end_date, ilacs.published) == (
        date(2025, 3, 17),
        date(2025, 3, 21),
        date(2025, 5, 9),
    )
    assert (ilacs.overall, ilacs.leaders, ilacs.help_protection) == (
        "good",
        "outstanding",
        "requires_improvement",
    )
    assert ilacs.care_leavers is None
    assert (sif.framework, sif.start_date, sif.overall) == ("sif", None, None)
    assert (reformed.framework, reformed.overall, reformed.leaders) == (
        "post_reform",
        None,
        "outstanding",
    )


def test_ofsted_bad_rows_are_all_reported() -> None:
    text = (
        OFSTED_HEADER
        + ofsted_row()
        + ofsted_row(start="31/02/2021")  # row 3: impossible date, duplicate link
        + ofsted_row(link="https://x/2", start="21/03/2025", end="17/03/2025")  # row 4
        + ofsted_row(link="https://x/3", gss="E06000999", urn="1")  # row 5: unknown codes
        + ofsted_row(link="https://x/4", kind="extended", grades="great,good,good,good,good")
    )
    problems = problems_of(official.parse_ofsted_outcomes_csv, text, {"E06000059"}, {"2532283"})
    assert has(problems, 3, "inspection_start_date", "'31/02/2021' is not a date (DD/MM/YYYY)")
    assert has(problems, 3, "inspection_link", "duplicates row 2")
    assert has(problems, 4, "inspection_end_date", "before the start date")
    assert has(problems, 5, "gss_code", "'E06000999' is not a known council")
    assert has(problems, 5, "urn", "'1' is not a known Ofsted URN")
    assert has(problems, 6, "inspection_framework", "'extended'")
    assert has(problems, 6, "overall_effectiveness_grade", "'great' is not an Ofsted judgement")
    assert str(next(p for p in problems if p.row == 3 and "date" in p.message)) == (
        "row 3, column inspection_start_date: '31/02/2021' is not a date (DD/MM/YYYY)"
    )


def test_ofsted_repeated_inspection_is_a_duplicate() -> None:
    text = OFSTED_HEADER + ofsted_row() + ofsted_row(link="https://files.ofsted.gov.uk/v1/9")
    problems = problems_of(official.parse_ofsted_outcomes_csv, text)
    assert has(problems, 3, "inspection_start_date", "already has an inspection starting")


def test_ofsted_row_with_wrong_number_of_values() -> None:
    text = OFSTED_HEADER + ofsted_row() + "838,E06000059,2532283,dorset\n"
    problems = problems_of(official.parse_ofsted_outcomes_csv, text)
    assert has(problems, 3, None, "expected 14 values but found 4")


@pytest.mark.parametrize(
    ("when", "has_type", "marker", "judged", "expected"),
    [
        (date(2012, 8, 10), False, False, False, "child_protection"),
        (date(2015, 3, 27), False, False, False, "sif"),
        (date(2017, 11, 9), True, False, False, "sif"),  # late SIF labelled "standard"
        (date(2018, 8, 24), False, False, False, "sif"),  # SIF report published in 2018
        (date(2018, 7, 23), True, False, True, "ilacs"),
        (date(2022, 9, 5), False, False, True, "ilacs"),
        (date(2026, 5, 11), True, True, False, "post_reform"),
    ],
)
def test_infer_framework(
    when: date, has_type: bool, marker: bool, judged: bool, expected: str
) -> None:
    assert (
        official.infer_framework(
            when, has_type=has_type, post_reform_marker=marker, has_judgements=judged
        )
        == expected
    )


# --- bank holidays ---------------------------------------------------------------------------


def bank_holidays(events: list[object]) -> str:
    return json.dumps(
        {
            "england-and-wales": {"division": "england-and-wales", "events": events},
            "scotland": {"division": "scotland", "events": [{"title": "St Andrew", "date": "x"}]},
        }
    )


def test_bank_holidays_england_and_wales_only() -> None:
    text = bank_holidays(
        [
            {"title": "Boxing Day", "date": "2027-12-28", "notes": "Substitute day"},
            {"title": "Christmas Day", "date": "2027-12-27", "notes": "Substitute day"},
        ]
    )
    holidays = official.parse_bank_holidays_json(text.encode("utf-8"))
    assert [(h.date, h.title) for h in holidays] == [
        (date(2027, 12, 27), "Christmas Day"),
        (date(2027, 12, 28), "Boxing Day"),
    ]


def test_bank_holidays_reject_bad_events() -> None:
    text = bank_holidays(
        [
            {"title": "Christmas Day", "date": "2027-12-27"},
            {"title": "Christmas again", "date": "2027-12-27"},
            {"title": "Boxing Day", "date": "28/12/2027"},
            {"title": "", "date": "2027-05-03"},
        ]
    )
    problems = problems_of(official.parse_bank_holidays_json, text)
    assert has(problems, 2, "date", "2027-12-27 is listed twice")
    assert has(problems, 3, "date", "'28/12/2027' is not a date (YYYY-MM-DD)")
    assert has(problems, 4, "title", "no title")


def test_bank_holidays_wrong_shape_and_bad_json() -> None:
    assert "england-and-wales" in str(
        problems_of(official.parse_bank_holidays_json, '{"scotland": {}}')[0]
    )
    problems = problems_of(official.parse_bank_holidays_json, '{"england-and-wales": \n[')
    assert problems[0].row == 2 and "not valid JSON" in problems[0].message


def test_import_problem_str_without_location() -> None:
    assert str(ImportProblem(None, None, "the file is empty")) == "the file is empty"
    assert str(ImportProblem(4, None, "x")) == "row 4: x"
    error = ImportFileError([ImportProblem(2, "a", "b")], "councils")
    assert str(error) == "councils: 1 problem(s): row 2, column a: b"


@pytest.mark.parametrize(
    "parse",
    [
        official.parse_councils_csv,
        official.parse_borders_csv,
        lambda data: official.parse_statistical_neighbours_csv(data, DFE_TO_GSS),
        official.parse_ofsted_outcomes_csv,
        official.parse_bank_holidays_json,
    ],
    ids=["councils", "borders", "neighbours", "ofsted", "bank_holidays"],
)
def test_every_parser_reports_non_utf8_bytes(parse) -> None:
    data = "Local authority,Bexley\nSt Helens’ row,1\n".encode("cp1252")
    problems = problems_of(parse, data)
    assert len(problems) == 1
    assert problems[0].row == 2 and "not UTF-8" in problems[0].message


def test_windows_line_endings_are_fine_and_rows_still_counted() -> None:
    text = (OFSTED_HEADER + ofsted_row() + ofsted_row(start="32/01/2025")).replace("\n", "\r\n")
    problems = problems_of(official.parse_ofsted_outcomes_csv, text)
    assert has(problems, 3, "inspection_start_date", "'32/01/2025' is not a date")
    good = (OFSTED_HEADER + ofsted_row()).replace("\n", "\r\n")
    assert len(official.parse_ofsted_outcomes_csv(good)) == 1


def test_header_only_file_is_a_problem_not_an_empty_register() -> None:
    problems = problems_of(official.parse_ofsted_outcomes_csv, OFSTED_HEADER)
    assert problems[0].message == "the file has a header row but no data rows"
