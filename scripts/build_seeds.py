#!/usr/bin/env python3
"""Rebuild seeds/ from the public data folder (maintainers only; users never run this).

    .venv/bin/python scripts/build_seeds.py [SHARED_DATA_DIR] [--seeds DIR] [--demo-only]

SHARED_DATA_DIR defaults to ../shared/data (relative to the repository). It must hold the
files described in seeds/SOURCES.md. Every input goes through the same parsers a coordinator's
upload would, so a bad new edition fails loudly here instead of producing odd seeds.

``seeds/case_histories.json`` is curated by hand from the LGA 2017 report and is not rebuilt;
``seeds/demo/reviewers.json`` is regenerated from councils.json with a fixed seed
(``--demo-only`` regenerates just that file, which needs no shared data).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from peerreview.reference import official, seedfiles
from peerreview.reference.demo import generate_demo_reviewers
from peerreview.reference.errors import ImportFileError
from peerreview.reference.records import CouncilRecord

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data"

COUNCILS_CSV = "english_childrens_services_authorities.csv"
BORDERS_CSV = "childrens_services_authority_borders.csv"
NEIGHBOURS_CSV = "statistical_neighbours_dfe_may2025.csv"
OFSTED_CSV = "ofsted_la_childrens_services_inspections.csv"
BANK_HOLIDAYS_JSON = "govuk-bank-holidays.json"

#: Corrections to the upstream councils file, each with the reason.
WEBSITE_FIXES = {
    # Upstream lists an analytics vendor's domain for Suffolk.
    "E10000029": "https://www.suffolk.gov.uk",
}

BCP, DORSET = "E06000058", "E06000059"
NORTH_NORTHANTS, WEST_NORTHANTS = "E06000061", "E06000062"
CUMBERLAND, WESTMORLAND = "E06000063", "E06000064"


def _abolished(
    gss: str,
    dfe: str,
    urn: str | None,
    name: str,
    region: str,
    council_type: str,
    valid_to: date,
    replaced_by: tuple[str, ...],
) -> CouncilRecord:
    return CouncilRecord(
        gss_code=gss,
        dfe_code=dfe,
        ofsted_urn=urn,
        name=name,
        region=region,
        type=council_type,
        latitude=None,
        longitude=None,
        population_0_25=None,
        website=None,
        valid_to=valid_to,
        replaced_by=replaced_by,
    )


#: Councils abolished by reorganisation that histories refer to. Codes are the published ONS
#: GSS codes and DfE LA codes; URNs are from JT-39's Provider_data_lookup.csv (left out where
#: no source gave one). ``valid_to`` is the day the successors took over.
ABOLISHED = (
    _abolished(
        "E06000028", "837", None, "Bournemouth", "South West", "unitary", date(2019, 4, 1), (BCP,)
    ),
    _abolished(
        "E06000029", "836", "137316", "Poole", "South West", "unitary", date(2019, 4, 1), (BCP,)
    ),
    # Dorset County Council: Christchurch borough went to BCP, the rest to Dorset Council.
    _abolished(
        "E10000009",
        "835",
        None,
        "Dorset County Council",
        "South West",
        "county",
        date(2019, 4, 1),
        (DORSET, BCP),
    ),
    _abolished(
        "E10000021",
        "928",
        "121939",
        "Northamptonshire",
        "East Midlands",
        "county",
        date(2021, 4, 1),
        (NORTH_NORTHANTS, WEST_NORTHANTS),
    ),
    _abolished(
        "E10000006",
        "909",
        "135513",
        "Cumbria",
        "North West",
        "county",
        date(2023, 4, 1),
        (CUMBERLAND, WESTMORLAND),
    ),
)

#: Current councils created by those reorganisations start on the day they took over. (Councils
#: that only changed code, such as Buckinghamshire, Somerset and North Yorkshire, keep no start
#: date: same area, DfE code and URN, so their whole inspection history stays with them.)
VALID_FROM = {
    BCP: date(2019, 4, 1),
    DORSET: date(2019, 4, 1),
    NORTH_NORTHANTS: date(2021, 4, 1),
    WEST_NORTHANTS: date(2021, 4, 1),
    CUMBERLAND: date(2023, 4, 1),
    WESTMORLAND: date(2023, 4, 1),
}


def build(shared: Path, seeds: Path) -> None:
    """Parse every public file, then write every seed file (nothing is written on failure)."""
    councils = official.parse_councils_csv((shared / COUNCILS_CSV).read_bytes())
    dfe_to_gss = {c.dfe_code: c.gss_code for c in councils if c.dfe_code}
    neighbours = official.parse_statistical_neighbours_csv(
        (shared / NEIGHBOURS_CSV).read_bytes(), dfe_to_gss
    )
    ranked: dict[str, list[str]] = {}
    for record in sorted(neighbours, key=lambda r: (r.council, r.rank)):
        ranked.setdefault(record.council, []).append(record.neighbour)
    current = [
        replace(
            c,
            website=WEBSITE_FIXES.get(c.gss_code, c.website),
            # The DfE file is the authority for neighbours; the councils file's copy is checked.
            statistical_neighbours=tuple(ranked.get(c.gss_code, ())),
            valid_from=VALID_FROM.get(c.gss_code),
            # Six decimals is ~0.1 m: enough for a map, and no float noise in diffs.
            latitude=round(c.latitude, 6) if c.latitude is not None else None,
            longitude=round(c.longitude, 6) if c.longitude is not None else None,
        )
        for c in councils
    ]
    disagree = [
        c.gss_code
        for c in councils
        if c.statistical_neighbours != tuple(ranked.get(c.gss_code, ()))
    ]
    if disagree:
        print(f"note: councils file and DfE neighbours disagree for {disagree}", file=sys.stderr)
    all_councils = current + list(ABOLISHED)
    current_codes = {c.gss_code for c in current}
    borders = official.parse_borders_csv((shared / BORDERS_CSV).read_bytes(), current_codes)
    inspections = official.parse_ofsted_outcomes_csv(
        (shared / OFSTED_CSV).read_bytes(),
        known_gss={c.gss_code for c in all_councils},
        known_urns={c.ofsted_urn for c in all_councils if c.ofsted_urn},
    )
    holidays = official.parse_bank_holidays_json((shared / BANK_HOLIDAYS_JSON).read_bytes())

    seedfiles.write_councils(all_councils, seeds)
    seedfiles.write_borders(borders, seeds)
    seedfiles.write_neighbours(neighbours, seeds)
    seedfiles.write_inspections(inspections, seeds)
    seedfiles.write_bank_holidays(holidays, seeds)
    print(
        f"councils: {len(current)} current + {len(ABOLISHED)} abolished; "
        f"borders: {len(borders)}; neighbours: {len(neighbours)}; "
        f"inspections: {len(inspections)}; bank holidays: {len(holidays)}"
    )
    build_demo(seeds, seeds)


def build_demo(councils_from: Path, seeds: Path) -> None:
    """Regenerate demo/reviewers.json from councils.json (deterministic)."""
    reviewers = generate_demo_reviewers(seedfiles.read_councils(councils_from))
    seedfiles.write_demo_reviewers(reviewers, seeds)
    print(f"demo reviewers: {len(reviewers)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument("--demo-only", action="store_true", help="only regenerate demo data")
    parser.add_argument(
        "--councils-from",
        type=Path,
        default=None,
        help="seeds folder to read councils.json from for --demo-only (default: --seeds)",
    )
    args = parser.parse_args(argv)
    try:
        if args.demo_only:
            build_demo(args.councils_from or args.seeds, args.seeds)
        else:
            build(args.shared, args.seeds)
    except ImportFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
