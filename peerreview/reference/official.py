"""Parsers for the public formats we import: ONS/JT-39 councils, borders, DfE statistical
neighbours, Ofsted outcomes and GOV.UK bank holidays.

Coordinators re-import these files when a new edition appears, so each parser checks
everything it can, collects every problem (row and column) and raises ``ImportFileError``
rather than returning a partial list: a half-imported Ofsted file would silently make councils
look uninspected. Each parser accepts ``bytes`` (an upload) or ``str``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import date

from .errors import ImportFileError, ImportProblem, ProblemList
from .records import BankHoliday, CouncilRecord, InspectionRecord, NeighbourRecord
from .tabular import decode_text, optional, parse_iso_date, parse_uk_date, read_csv_rows
from .vocabulary import (
    DFE_CODE_PATTERN,
    FRAMEWORKS,
    GSS_CODE_PATTERN,
    REGIONS,
    is_no_judgement,
    normalise_closeness,
    normalise_council_type,
    normalise_judgement,
)

# --- Councils ----------------------------------------------------------------------------

COUNCIL_COLUMNS = (
    "dfe_la_code",
    "gss_code",
    "name",
    "region",
    "la_type",
    "ofsted_urn",
    "lat",
    "long",
    "ons_population_0_25",
    "stat_neighbours_gss_2025",
    "website_domain",
)


def parse_councils_csv(data: bytes | str) -> list[CouncilRecord]:
    """Parse the councils file (english_childrens_services_authorities.csv shape).

    Checks code formats, regions, types, coordinates and uniqueness of every code, and that each
    statistical neighbour is itself a council in the file.
    """
    text = decode_text(data, "councils")
    problems = ProblemList()
    records: list[CouncilRecord] = []
    rows_of: dict[str, dict[str, int]] = {"gss_code": {}, "dfe_la_code": {}, "ofsted_urn": {}}
    neighbour_rows: list[tuple[int, str, tuple[str, ...]]] = []
    for row_number, row in read_csv_rows(text, COUNCIL_COLUMNS, problems):
        before = len(problems.problems)
        gss = row["gss_code"]
        if not GSS_CODE_PATTERN.match(gss):
            problems.add(row_number, "gss_code", f"{gss!r} is not an English upper-tier GSS code")
        dfe = row["dfe_la_code"]
        if not DFE_CODE_PATTERN.match(dfe):
            problems.add(row_number, "dfe_la_code", f"{dfe!r} is not a three-digit DfE LA code")
        urn = optional(row["ofsted_urn"])
        if urn is not None and not urn.isdigit():
            problems.add(row_number, "ofsted_urn", f"{urn!r} is not an Ofsted URN (digits)")
        for column, value in (("gss_code", gss), ("dfe_la_code", dfe), ("ofsted_urn", urn)):
            if value is None:
                continue
            if value in rows_of[column]:
                first = rows_of[column][value]
                problems.add(row_number, column, f"{value!r} duplicates row {first}")
            else:
                rows_of[column][value] = row_number
        if not row["name"]:
            problems.add(row_number, "name", "the council has no name")
        region = row["region"]
        if region not in REGIONS:
            problems.add(row_number, "region", f"{region!r} is not one of the 9 English regions")
        council_type = normalise_council_type(row["la_type"])
        if council_type is None:
            problems.add(row_number, "la_type", f"{row['la_type']!r} is not a known council type")
        latitude = _float(row, row_number, "lat", 49.8, 55.9, problems)
        longitude = _float(row, row_number, "long", -6.5, 1.8, problems)
        population = _int(row, row_number, "ons_population_0_25", problems)
        neighbours = tuple(n.strip() for n in row["stat_neighbours_gss_2025"].split(";") if n)
        for neighbour in neighbours:
            if not GSS_CODE_PATTERN.match(neighbour):
                problems.add(
                    row_number, "stat_neighbours_gss_2025", f"{neighbour!r} is not a GSS code"
                )
        neighbour_rows.append((row_number, gss, neighbours))
        domain = optional(row["website_domain"])
        if len(problems.problems) == before:
            records.append(
                CouncilRecord(
                    gss_code=gss,
                    dfe_code=dfe,
                    ofsted_urn=urn,
                    name=row["name"],
                    region=region,
                    type=council_type or "",
                    latitude=latitude,
                    longitude=longitude,
                    population_0_25=population,
                    website=f"https://{domain.lower()}" if domain else None,
                    statistical_neighbours=neighbours,
                )
            )
    known = set(rows_of["gss_code"])
    for row_number, gss, neighbours in neighbour_rows:
        for neighbour in neighbours:
            if neighbour == gss:
                problems.add(
                    row_number, "stat_neighbours_gss_2025", "a council is its own neighbour"
                )
            elif GSS_CODE_PATTERN.match(neighbour) and neighbour not in known:
                problems.add(
                    row_number,
                    "stat_neighbours_gss_2025",
                    f"neighbour {neighbour!r} is not a council in this file",
                )
    problems.raise_if_any("councils")
    return records


def _float(
    row: Mapping[str, str],
    row_number: int,
    column: str,
    low: float,
    high: float,
    problems: ProblemList,
) -> float | None:
    value = optional(row[column])
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        problems.add(row_number, column, f"{value!r} is not a number")
        return None
    if not low <= number <= high:
        problems.add(row_number, column, f"{number} is outside England ({low} to {high})")
        return None
    return number


def _int(row: Mapping[str, str], row_number: int, column: str, problems: ProblemList) -> int | None:
    value = optional(row[column])
    if value is None:
        return None
    if not value.isdigit():
        problems.add(row_number, column, f"{value!r} is not a whole number")
        return None
    return int(value)


# --- Borders -----------------------------------------------------------------------------


def parse_borders_csv(
    data: bytes | str, known_codes: Collection[str] | None = None
) -> list[tuple[str, str]]:
    """Parse shared borders (gss_a, gss_b, ...) into sorted, de-duplicated (a, b) pairs, a < b.

    A border is a symmetric relation, so B-A after A-B is a duplicate. Given ``known_codes``,
    codes that are not known councils are problems (a border to nowhere hides a typo).
    """
    text = decode_text(data, "borders")
    problems = ProblemList()
    seen: dict[tuple[str, str], int] = {}
    for row_number, row in read_csv_rows(text, ("gss_a", "gss_b"), problems):
        a, b = row["gss_a"], row["gss_b"]
        ok = True
        for column, code in (("gss_a", a), ("gss_b", b)):
            if not GSS_CODE_PATTERN.match(code):
                problems.add(row_number, column, f"{code!r} is not an English upper-tier GSS code")
                ok = False
            elif known_codes is not None and code not in known_codes:
                problems.add(row_number, column, f"{code!r} is not a known council")
                ok = False
        if a == b:
            problems.add(row_number, "gss_b", f"{a!r} cannot border itself")
            ok = False
        pair = (min(a, b), max(a, b))
        if ok and pair in seen:
            problems.add(row_number, "gss_b", f"the border {a}-{b} duplicates row {seen[pair]}")
            ok = False
        if ok:
            seen[pair] = row_number
    problems.raise_if_any("borders")
    return sorted(seen)


# --- Statistical neighbours --------------------------------------------------------------

NEIGHBOUR_COLUMNS = ("dfe_la_code", "rank", "sn_dfe_la_code", "closeness")


def parse_statistical_neighbours_csv(
    data: bytes | str, dfe_to_gss: Mapping[str, str]
) -> list[NeighbourRecord]:
    """Parse DfE's statistical neighbours (LAIT shape) into GSS-coded records.

    DfE publishes LA codes; everything else in the product is keyed by GSS code, hence the
    ``dfe_to_gss`` mapping. Unknown LA codes, bad or repeated ranks and repeated neighbours are
    problems.
    """
    text = decode_text(data, "statistical neighbours")
    problems = ProblemList()
    records: list[NeighbourRecord] = []
    ranks: dict[tuple[str, int], int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for row_number, row in read_csv_rows(text, NEIGHBOUR_COLUMNS, problems):
        before = len(problems.problems)
        council = _gss_for(row, row_number, "dfe_la_code", dfe_to_gss, problems)
        neighbour = _gss_for(row, row_number, "sn_dfe_la_code", dfe_to_gss, problems)
        rank_text = row["rank"]
        rank = int(rank_text) if rank_text.isdigit() else 0
        if not 1 <= rank <= 50:
            problems.add(row_number, "rank", f"{rank_text!r} is not a rank (1, 2, 3 ...)")
        closeness = normalise_closeness(row["closeness"])
        if row["closeness"] and closeness is None:
            problems.add(
                row_number, "closeness", f"{row['closeness']!r} is not a DfE closeness band"
            )
        if council and neighbour:
            if council == neighbour:
                problems.add(row_number, "sn_dfe_la_code", "a council is its own neighbour")
            if (council, rank) in ranks and rank:
                problems.add(
                    row_number, "rank", f"rank {rank} duplicates row {ranks[(council, rank)]}"
                )
            if (council, neighbour) in pairs:
                problems.add(
                    row_number,
                    "sn_dfe_la_code",
                    f"neighbour {row['sn_dfe_la_code']} duplicates row "
                    f"{pairs[(council, neighbour)]}",
                )
            ranks.setdefault((council, rank), row_number)
            pairs.setdefault((council, neighbour), row_number)
        if len(problems.problems) == before and council and neighbour:
            records.append(NeighbourRecord(council, rank, neighbour, closeness))
    problems.raise_if_any("statistical neighbours")
    return sorted(records, key=lambda r: (r.council, r.rank))


def _gss_for(
    row: Mapping[str, str],
    row_number: int,
    column: str,
    dfe_to_gss: Mapping[str, str],
    problems: ProblemList,
) -> str | None:
    code = row[column]
    gss = dfe_to_gss.get(code)
    if gss is None:
        problems.add(row_number, column, f"{code!r} is not a known DfE LA code")
    return gss


# --- Ofsted outcomes ---------------------------------------------------------------------

OFSTED_COLUMNS = (
    "gss_code",
    "urn",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
)

#: Ofsted column -> InspectionRecord field, for the five judgements.
JUDGEMENT_COLUMNS = {
    "overall_effectiveness_grade": "overall",
    "impact_of_leaders_grade": "leaders",
    "help_and_protection_grade": "help_protection",
    "in_care_grade": "in_care",
    "care_leavers_grade": "care_leavers",
}

#: The JT-39 "inspection_framework" column actually holds the ILACS inspection *type*.
_INSPECTION_TYPE_ALIASES = {
    "short": "short",
    "standard": "standard",
    # Wiltshire 2019: a standard inspection that ran longer than usual.
    "inspection duration longer than standard framework": "standard",
}


def parse_ofsted_outcomes_csv(
    data: bytes | str,
    known_gss: Collection[str] | None = None,
    known_urns: Collection[str] | None = None,
) -> list[InspectionRecord]:
    """Parse Ofsted outcomes (the JT-39 ``ofsted_csc_ilacs_history`` shape, with gss_code).

    Dates are DD/MM/YYYY or DD/MM/YY. The framework is not a column, so it is worked out (see
    :func:`infer_framework`); the column called ``inspection_framework`` holds the ILACS type
    (short or standard). Judgement markers such as ``data_unreadable`` become None; any other
    unrecognised judgement is a problem, as are unknown codes, repeated reports and fieldwork
    that ends before it starts.
    """
    text = decode_text(data, "Ofsted outcomes")
    problems = ProblemList()
    records: list[InspectionRecord] = []
    seen_links: dict[str, int] = {}
    seen_starts: dict[tuple[str, date], int] = {}
    for row_number, row in read_csv_rows(text, OFSTED_COLUMNS, problems):
        before = len(problems.problems)
        gss = row["gss_code"]
        if not GSS_CODE_PATTERN.match(gss):
            problems.add(row_number, "gss_code", f"{gss!r} is not an English upper-tier GSS code")
        elif known_gss is not None and gss not in known_gss:
            problems.add(row_number, "gss_code", f"{gss!r} is not a known council")
        urn = row["urn"]
        if known_urns is not None and urn not in known_urns:
            problems.add(row_number, "urn", f"{urn!r} is not a known Ofsted URN")
        start = _uk_date(row, row_number, "inspection_start_date", problems)
        end = _uk_date(row, row_number, "inspection_end_date", problems)
        published = _uk_date(row, row_number, "publication_date", problems)
        if start and end and end < start:
            problems.add(
                row_number,
                "inspection_end_date",
                f"{end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}",
            )
        if end and published and published < end:
            problems.add(
                row_number,
                "publication_date",
                f"{published:%d/%m/%Y} is before the end of fieldwork {end:%d/%m/%Y}",
            )
        type_text = row["inspection_framework"].lower()
        inspection_type = _INSPECTION_TYPE_ALIASES.get(type_text)
        if type_text and inspection_type is None:
            problems.add(
                row_number,
                "inspection_framework",
                f"{row['inspection_framework']!r} is not an inspection type (short or standard)",
            )
        judgements: dict[str, str | None] = {}
        for column, field_name in JUDGEMENT_COLUMNS.items():
            value = row[column]
            judgement = normalise_judgement(value)
            if judgement is None and not is_no_judgement(value):
                problems.add(row_number, column, f"{value!r} is not an Ofsted judgement")
            judgements[field_name] = judgement
        link = optional(row["inspection_link"])
        if link is not None:
            if not link.startswith(("https://", "http://")):
                problems.add(row_number, "inspection_link", f"{link!r} is not a web address")
            elif link in seen_links:
                problems.add(
                    row_number, "inspection_link", f"the report duplicates row {seen_links[link]}"
                )
            else:
                seen_links[link] = row_number
        if start is not None:
            if (gss, start) in seen_starts:
                problems.add(
                    row_number,
                    "inspection_start_date",
                    f"{gss} already has an inspection starting {start:%d/%m/%Y} "
                    f"(row {seen_starts[(gss, start)]})",
                )
            else:
                seen_starts[(gss, start)] = row_number
        when = start or published
        if when is None:
            problems.add(row_number, "publication_date", "the row has no date at all")
        if len(problems.problems) == before and when is not None:
            framework = infer_framework(
                when,
                has_type=inspection_type is not None,
                post_reform_marker=row["overall_effectiveness_grade"].strip().lower()
                == "not_reported_post_reform",
                has_judgements=any(judgements.values()),
            )
            if framework not in ("ilacs", "post_reform"):
                inspection_type = None  # short/standard only exist in ILACS
            records.append(
                InspectionRecord(
                    council=gss,
                    framework=framework,
                    inspection_type=inspection_type,
                    start_date=start,
                    end_date=end,
                    published=published,
                    report_url=link,
                    **judgements,
                )
            )
    problems.raise_if_any("Ofsted outcomes")
    return sorted(records, key=lambda r: (r.council, r.sort_date or date.min))


def infer_framework(
    when: date, *, has_type: bool, post_reform_marker: bool, has_judgements: bool
) -> str:
    """Work out the framework of an Ofsted row that does not state it.

    * the post-2026 reform is flagged in the data by ``not_reported_post_reform``;
    * otherwise the date decides: before November 2013 the child protection inspections, before
      2018 the SIF (the scrape sometimes labels a late-2017 SIF inspection "standard");
    * from 2018, a short/standard type or readable judgements mean ILACS; undated rows whose
      report could not be read were SIF reports still being published during 2018.
    ``when`` is the start of fieldwork, or the publication date when the start is unknown.
    """
    if post_reform_marker:
        return "post_reform"
    sif, ilacs = FRAMEWORKS["sif"], FRAMEWORKS["ilacs"]
    if sif.start is not None and when < sif.start:
        return "child_protection"
    if ilacs.start is not None and when < ilacs.start:
        return "sif"
    if has_type or has_judgements or when >= date(2019, 1, 1):
        return "ilacs"
    return "sif"


def _uk_date(
    row: Mapping[str, str], row_number: int, column: str, problems: ProblemList
) -> date | None:
    value = optional(row[column])
    if value is None:
        return None
    try:
        return parse_uk_date(value)
    except ValueError:
        problems.add(row_number, column, f"{value!r} is not a date (DD/MM/YYYY)")
        return None


# --- Bank holidays -----------------------------------------------------------------------

ENGLAND_AND_WALES = "england-and-wales"


def parse_bank_holidays_json(data: bytes | str) -> list[BankHoliday]:
    """Parse GOV.UK's bank-holidays.json and return the England and Wales holidays.

    Only England and Wales matter: every council reviewed is in England. Rows are numbered by
    position in the ``events`` list.
    """
    text = decode_text(data, "bank holidays")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            [ImportProblem(exc.lineno, None, f"not valid JSON: {exc.msg}")], "bank holidays"
        ) from exc
    division = document.get(ENGLAND_AND_WALES) if isinstance(document, dict) else None
    events = division.get("events") if isinstance(division, dict) else None
    if not isinstance(events, list):
        raise ImportFileError(
            [ImportProblem(None, None, f"no '{ENGLAND_AND_WALES}' division with an events list")],
            "bank holidays",
        )
    problems = ProblemList()
    holidays: dict[date, BankHoliday] = {}
    for position, event in enumerate(events, start=1):
        if not isinstance(event, dict):
            problems.add(position, None, "an event must be an object with a date and a title")
            continue
        title = str(event.get("title") or "").strip()
        if not title:
            problems.add(position, "title", "the holiday has no title")
        try:
            day = parse_iso_date(str(event.get("date", "")))
        except ValueError:
            problems.add(position, "date", f"{event.get('date')!r} is not a date (YYYY-MM-DD)")
            continue
        if day in holidays:
            problems.add(position, "date", f"{day.isoformat()} is listed twice")
        elif title:
            holidays[day] = BankHoliday(day, title)
    problems.raise_if_any("bank holidays")
    return sorted(holidays.values(), key=lambda h: h.date)
