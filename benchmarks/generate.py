"""National-scale benchmark problems built from the repository's seeds.

Instances (all deterministic for a given seed):
- ``2017``: the report's picture. Judgements drawn to its mix (28% good or better, 49%
  requires improvement, 23% inadequate; councils judged inadequate are in intervention), every
  council due one review plus a few focused ones (~160), ~670 reviewers, one year, windows
  of 8-12 weeks, 3-5 days on site, teams of 3-5. Credible directors are the binding limit.
- ``today``: each council's latest Ofsted judgement from ``seeds/ofsted_inspections.csv``,
  every council due one review, and national concurrency binding (``max_concurrent`` 3).
- ``x5``: five copies of the 2017 instance's councils (codes renamed ``<code>-1`` ..
  ``<code>-4``; borders, partners and statistical neighbours kept inside each copy), ~3,300
  reviewers and ~800 reviews: does the solver scale?

    .venv/bin/python -m benchmarks.generate 2017 --seed 0 --out /tmp/2017.json
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
INSTANCES = ("2017", "today", "x5")
AREAS = (
    "front_door",
    "early_help",
    "child_protection",
    "children_in_care",
    "edge_of_care",
    "care_leavers",
    "leadership",
    "partnership",
    "corporate_support",
    "quality_assurance",
    "workforce",
)
YEAR_START, YEAR_END = date(2027, 1, 4), date(2027, 12, 17)
# The report's 2017 mix of the councils inspected under the SIF.
MIX_2017 = {"good": 0.22, "outstanding": 0.06, "requires_improvement": 0.49, "inadequate": 0.23}
PRIORITY = {"inadequate": 5, "requires_improvement": 4, None: 3, "good": 2, "outstanding": 1}


@dataclass(frozen=True)
class Seeds:
    """What the generator reads from ``seeds/`` (current councils only)."""

    councils: list[dict[str, Any]]
    borders: list[tuple[str, str]]
    relations: list[tuple[str, str, str]]  # (kind, a, b) with kind partners|shared_leadership
    latest_judgement: dict[str, str]
    bank_holidays: list[date]


def load_seeds(folder: Path = SEEDS) -> Seeds:
    with open(folder / "councils.json", encoding="utf-8") as f:
        councils = [c for c in json.load(f)["councils"] if c.get("valid_to") is None]
    councils.sort(key=lambda c: c["gss_code"])
    codes = {c["gss_code"] for c in councils}
    with open(folder / "borders.csv", encoding="utf-8", newline="") as f:
        borders = sorted(
            (r["council_a"], r["council_b"])
            for r in csv.DictReader(f)
            if r["council_a"] in codes and r["council_b"] in codes
        )
    return Seeds(
        councils=councils,
        borders=borders,
        relations=_relations(folder / "case_histories.json", codes),
        latest_judgement=_latest_judgements(folder / "ofsted_inspections.csv", codes),
        bank_holidays=_bank_holidays(folder / "bank_holidays.csv"),
    )


def _relations(path: Path, codes: set[str]) -> list[tuple[str, str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        events = json.load(f)["events"]
    kinds = {
        "strategic_partner": "partners",
        "shared_leadership": "shared_leadership",
        "shared_delivery": "shared_leadership",
    }
    out = []
    for e in events:
        kind = kinds.get(e.get("kind", "")) if e["type"] == "relation" else None
        if kind and e["council"] in codes and e.get("other_council") in codes:
            out.append((kind, e["council"], e["other_council"]))
    return sorted(out)


def _latest_judgements(path: Path, codes: set[str]) -> dict[str, str]:
    latest: dict[str, tuple[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            when = row.get("start_date") or row.get("published") or ""
            code, overall = row["council"], row.get("overall")
            if code in codes and overall and when and when > latest.get(code, ("", ""))[0]:
                latest[code] = (when, overall)
    return {code: overall for code, (_when, overall) in latest.items()}


def _bank_holidays(path: Path) -> list[date]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        days = [date.fromisoformat(r["date"]) for r in csv.DictReader(f)]
    return sorted(d for d in days if YEAR_START <= d <= YEAR_END)


# --------------------------------------------------------------------------- councils


def _judgements_2017(codes: list[str], rng: random.Random) -> dict[str, str]:
    """The report's mix, shuffled over the councils."""
    shuffled = codes[:]
    rng.shuffle(shuffled)
    out: dict[str, str] = {}
    start = 0
    for i, (judgement, share) in enumerate(MIX_2017.items()):
        end = len(codes) if i == len(MIX_2017) - 1 else start + round(share * len(codes))
        out.update(dict.fromkeys(shuffled[start:end], judgement))
        start = end
    return out


def _councils(seeds: Seeds, judgements: dict[str, str | None], suffix: str = "") -> list[dict]:
    codes = {c["gss_code"] for c in seeds.councils}
    borders: dict[str, list[str]] = {}
    for a, b in seeds.borders:  # listed once, on one side: the contract reads both ways
        borders.setdefault(a, []).append(b + suffix)
    related: dict[tuple[str, str], list[str]] = {}
    for kind, a, b in seeds.relations:
        related.setdefault((kind, a), []).append(b + suffix)
    out = []
    for c in seeds.councils:
        code = c["gss_code"]
        judgement = judgements.get(code)
        neighbours = [n for n in c.get("statistical_neighbours", []) if n in codes and n != code]
        out.append(
            {
                "code": code + suffix,
                "name": c["name"] + (f" ({suffix.strip('-')})" if suffix else ""),
                "region": c["region"],
                "type": c.get("type"),
                "latest_judgement": judgement,
                "in_intervention": judgement == "inadequate",
                "borders": sorted(borders.get(code, [])),
                "partners": sorted(related.get(("partners", code), [])),
                "shared_leadership": sorted(related.get(("shared_leadership", code), [])),
                "statistical_neighbours": [n + suffix for n in neighbours],
            }
        )
    return out


# --------------------------------------------------------------------------- reviewers


def _expertise(rng: random.Random) -> dict[str, int]:
    areas = rng.sample(AREAS, rng.randint(2, 4))
    return {a: rng.choices((1, 2, 3), weights=(2, 5, 3))[0] for a in areas}


def _unavailable(rng: random.Random) -> list[list[str]]:
    ranges = []
    if rng.random() < 0.8:  # summer leave
        first = date(2027, 7, 19) + timedelta(weeks=rng.randint(0, 4))
        ranges.append([first, first + timedelta(days=rng.choice((13, 20)))])
    if rng.random() < 0.3:  # another week away
        first = YEAR_START + timedelta(weeks=rng.randint(0, 48))
        ranges.append([first, first + timedelta(days=6)])
    return [[a.isoformat(), b.isoformat()] for a, b in sorted(ranges)]


def _reviewers(councils: list[dict], rng: random.Random, start_id: int = 1) -> list[dict]:
    """About 4.4 reviewers a council: a director (sometimes two), senior managers,
    practitioners and now and then a councillor."""
    codes = [c["code"] for c in councils]
    region_of = {c["code"]: c["region"] for c in councils}
    by_region: dict[str, list[str]] = {}
    for c in councils:
        by_region.setdefault(c["region"], []).append(c["code"])
    out = []
    n = start_id
    for c in councils:
        roles = ["director"] * (1 + (rng.random() < 0.1))
        roles += ["senior_manager"] * (1 + (rng.random() < 0.4))
        roles += ["practitioner"] * (1 + (rng.random() < 0.5))
        roles += ["councillor"] * (rng.random() < 0.4)
        for role in roles:
            region = by_region[region_of[c["code"]]]
            others = [x for x in region if x != c["code"]] or codes
            out.append(
                {
                    "id": f"R{n:05d}",
                    "council": c["code"],
                    "role": role,
                    "expertise": _expertise(rng),
                    "max_reviews": rng.choice((2, 3))
                    if role == "director"
                    else rng.choice((2, 3, 4)),
                    "max_days": rng.choice((10, 15, 20)),
                    "unavailable": _unavailable(rng),
                    "worked_at": [rng.choice(others)] if rng.random() < 0.2 else [],
                    "conflicts": [rng.choice(codes)] if rng.random() < 0.05 else [],
                    "reviewed_before": [rng.choice(others)] if rng.random() < 0.3 else [],
                }
            )
            n += 1
    return out


# --------------------------------------------------------------------------- reviews


def _reviews(councils: list[dict], rng: random.Random, start_id: int = 1) -> list[dict]:
    """One review per council (every council is due), windows of 8-12 weeks in the year, and
    focused reviews for about one council in twenty of those not yet good."""
    out = []
    horizon_weeks = (YEAR_END - YEAR_START).days // 7
    for i, c in enumerate(councils):
        judgement = c["latest_judgement"]
        weeks = rng.randint(8, 12)
        earliest = YEAR_START + timedelta(weeks=rng.randint(0, horizon_weeks - weeks))
        latest = min(earliest + timedelta(weeks=weeks, days=-3), YEAR_END)
        team = {
            "director": 1,
            "senior_manager": 1,
            "practitioner": rng.choice((1, 1, 2)),
            "councillor": rng.choice((0, 0, 1)),
        }
        if rng.random() < 0.15:
            team["senior_manager"] += 1  # a few teams of five
        out.append(
            {
                "id": f"RV-{start_id + i:04d}",
                "council": c["code"],
                "kind": "baseline"
                if judgement in ("inadequate", "requires_improvement")
                else "validation",
                "earliest": earliest.isoformat(),
                "latest": latest.isoformat(),
                "days": rng.randint(3, 5),
                "team": team,
                "focus": rng.sample(AREAS, rng.randint(1, 2)),
                "priority": max(1, min(5, PRIORITY[judgement] + rng.choice((-1, 0, 0, 1)))),
                "fixed": None,
            }
        )
    # A few focused reviews on top, for councils not yet good (one priority area each).
    not_good = [c for c in councils if c["latest_judgement"] not in ("good", "outstanding")]
    for c in rng.sample(not_good, min(len(not_good), round(0.05 * len(councils)))):
        review = dict(out[councils.index(c)])
        review |= {
            "id": f"RV-{start_id + len(out):04d}",
            "kind": "focused",
            "days": 3,
            "team": {"director": 1, "senior_manager": 0, "practitioner": 2, "councillor": 0},
            "focus": rng.sample(AREAS, 1),
            "priority": 3,
        }
        out.append(review)
    return out


# --------------------------------------------------------------------------- instances


def generate(instance: str, seed: int = 0, seeds: Seeds | None = None) -> dict[str, Any]:
    """The problem JSON of benchmark `instance` (one of INSTANCES)."""
    if instance not in INSTANCES:
        raise ValueError(f"unknown instance {instance!r}; choose one of {', '.join(INSTANCES)}")
    seeds = seeds or load_seeds()
    rng = random.Random(f"{instance}:{seed}")
    codes = [c["gss_code"] for c in seeds.councils]
    copies = 5 if instance == "x5" else 1
    councils, reviewers, reviews = [], [], []
    for k in range(copies):
        suffix = f"-{k}" if k else ""
        if instance == "today":
            judgements: dict[str, str | None] = dict(seeds.latest_judgement)
        else:
            judgements = dict(_judgements_2017(codes, rng))
        copy = _councils(seeds, judgements, suffix)
        councils += copy
        reviewers += _reviewers(copy, rng, start_id=len(reviewers) + 1)
        reviews += _reviews(copy, rng, start_id=len(reviews) + 1)
    return {
        "format": "peerreview-problem/1",
        "calendar": {
            "start": YEAR_START.isoformat(),
            "end": YEAR_END.isoformat(),
            "closed_dates": [d.isoformat() for d in seeds.bank_holidays],
            "max_concurrent": 3 if instance == "today" else None,
        },
        "rules": {
            "exclude_borders": True,
            "lead_from_good_or_better": True,
            "protect_intervention_councils": True,
            "no_reciprocal": True,
            "max_reviews_per_lending_council": None,
            "min_gap_days": 0,
        },
        "councils": councils,
        "reviewers": reviewers,
        "reviews": reviews,
    }


def describe(problem: dict[str, Any]) -> str:
    """A one-line summary: sizes and the judgement mix."""
    councils = problem["councils"]
    good = sum(c["latest_judgement"] in ("good", "outstanding") for c in councils)
    directors = sum(r["role"] == "director" for r in problem["reviewers"])
    return (
        f"{len(councils)} councils ({100 * good / len(councils):.0f}% good or better), "
        f"{len(problem['reviewers'])} reviewers ({directors} directors), "
        f"{len(problem['reviews'])} reviews, max_concurrent "
        f"{problem['calendar']['max_concurrent']}"
    )


@click.command()
@click.argument("instance", type=click.Choice(INSTANCES))
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Default: standard output.")
def main(instance: str, seed: int, out: str | None) -> None:
    """Write benchmark problem INSTANCE (peerreview-problem/1 JSON)."""
    problem = generate(instance, seed)
    text = json.dumps(problem, indent=1) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    click.echo(f"{instance}: {describe(problem)}", err=True)


if __name__ == "__main__":
    main()
