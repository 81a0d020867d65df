"""Deterministic generator of the demo reviewer pool (invented people, never real ones).

Demonstrations, solver benchmarks and tests need a realistic pool: ~420 reviewers from every
region, more from larger councils, a realistic mix of roles and expertise, summer leave, some
past employers and declared conflicts. A fixed seed makes the committed file reproducible, so
a change to the generator shows up as a reviewable diff of ``seeds/demo/reviewers.json``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from .records import CouncilRecord, DeclaredConflict, DemoReviewer, PastEmployer
from .vocabulary import CONFLICT_KINDS, PRACTICE_AREAS, REGIONS

DEMO_SEED = 20270101
DEMO_YEAR = 2027
EMAIL_DOMAIN = "demo.peerreview.invalid"  # .invalid is reserved (RFC 2606): mail never goes out

#: How many reviewers of each role the pool has (the report: directors and senior managers
#: from credible councils are the scarce resource; practitioners and councillors complete teams).
ROLE_COUNTS = {"director": 130, "senior_manager": 150, "practitioner": 100, "councillor": 40}

FIRST_NAMES = (
    "Aisha",
    "Alex",
    "Amara",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Dev",
    "Eleanor",
    "Emeka",
    "Fatima",
    "Finn",
    "Grace",
    "Hamza",
    "Harriet",
    "Imran",
    "Isla",
    "Jack",
    "Jasmine",
    "Kai",
    "Laura",
    "Leon",
    "Maya",
    "Mohammed",
    "Niamh",
    "Noah",
    "Olivia",
    "Owen",
    "Priya",
    "Rhys",
    "Ruth",
    "Sam",
    "Sana",
    "Tom",
    "Uma",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
    "Zoe",
)
LAST_NAMES = (
    "Ashdown",
    "Barraclough",
    "Brightwater",
    "Calloway",
    "Dunmore",
    "Eversley",
    "Fairholme",
    "Garside",
    "Hartwell",
    "Ingleby",
    "Jessop",
    "Kettlewell",
    "Langridge",
    "Marchbank",
    "Netherby",
    "Oakenshaw",
    "Pembury",
    "Quarrie",
    "Rushworth",
    "Saltmarsh",
    "Thistlewood",
    "Underhill",
    "Varley",
    "Westerby",
    "Yarrow",
    "Ambler",
    "Birtwhistle",
    "Copeland",
    "Dewhurst",
    "Elmsley",
    "Fenwick",
    "Greaves",
    "Holroyd",
    "Ibbotson",
    "Kershaw",
    "Lumb",
    "Mossop",
    "Nuttall",
    "Ormerod",
    "Pickles",
)

_CONFLICT_NOTES = {
    "personal": "Close family member works in children's services there (demo).",
    "professional": "Was interim consultant to this council's improvement board (demo).",
    "collaborator": "Co-leads a regional practice project with this council (demo).",
}


def generate_demo_reviewers(
    councils: Sequence[CouncilRecord], seed: int = DEMO_SEED
) -> list[DemoReviewer]:
    """Generate the demo pool from the current councils; same input and seed, same output."""
    current = sorted((c for c in councils if c.is_current), key=lambda c: c.gss_code)
    if not current:
        raise ValueError("no current councils to place demo reviewers in")
    rng = random.Random(seed)
    roles = [role for role, count in ROLE_COUNTS.items() for _ in range(count)]
    rng.shuffle(roles)
    homes = _home_councils(current, len(roles), rng)
    by_region: dict[str, list[CouncilRecord]] = {}
    for council in current:
        by_region.setdefault(council.region, []).append(council)
    used_emails: set[str] = set()
    reviewers: list[DemoReviewer] = []
    for number, (role, home) in enumerate(zip(roles, homes, strict=True), start=1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = _unique_email(first, last, used_emails)
        reviewers.append(
            DemoReviewer(
                id=f"DEMO-R{number:04d}",
                name=f"{first} {last}",
                email=email,
                council=home.gss_code,
                role=role,
                expertise=_expertise(role, rng),
                max_reviews=rng.randint(2, 4),
                max_days=rng.randint(8, 16),
                unavailable=_unavailable(rng),
                past_employers=_past_employers(home, by_region, current, rng),
                conflicts=_conflicts(home, by_region, rng),
                demo=True,
            )
        )
    return reviewers


def _home_councils(
    councils: list[CouncilRecord], count: int, rng: random.Random
) -> list[CouncilRecord]:
    """One reviewer per region first (every region represented), the rest weighted by size."""
    homes = [rng.choice([c for c in councils if c.region == region]) for region in REGIONS]
    # Square-root weighting: larger councils send more reviewers, small ones still send some.
    weights = [max(c.population_0_25 or 1, 1) ** 0.5 for c in councils]
    homes += rng.choices(councils, weights=weights, k=count - len(homes))
    rng.shuffle(homes)
    return homes


def _unique_email(first: str, last: str, used: set[str]) -> str:
    base = f"{first}.{last}".lower()
    candidate, suffix = base, 1
    while f"{candidate}@{EMAIL_DOMAIN}" in used:
        suffix += 1
        candidate = f"{base}{suffix}"
    email = f"{candidate}@{EMAIL_DOMAIN}"
    used.add(email)
    return email


def _expertise(role: str, rng: random.Random) -> dict[str, int]:
    """2-5 areas at levels 1-3; directors and councillors always bring leadership."""
    areas = list(PRACTICE_AREAS)
    chosen = rng.sample(areas, rng.randint(2, 5))
    if role in ("director", "councillor") and "leadership" not in chosen:
        chosen[0] = "leadership"
    levels = {area: rng.randint(1, 3) for area in chosen}
    if role == "director":
        levels["leadership"] = 3
    return {area: levels[area] for area in PRACTICE_AREAS if area in levels}


def _weekdays_from(monday: date, days: int) -> tuple[date, date]:
    return monday, monday + timedelta(days=days - 1)


def _unavailable(rng: random.Random) -> tuple[tuple[date, date], ...]:
    """Two or three weeks of summer leave for most people, plus up to two odd weeks."""
    periods: list[tuple[date, date]] = []
    first_monday = date(DEMO_YEAR, 1, 4)  # 4 January 2027 is a Monday
    if rng.random() < 0.75:
        start = first_monday + timedelta(weeks=rng.randint(28, 33))  # mid-July to late August
        periods.append(_weekdays_from(start, 7 * rng.randint(2, 3) - 2))
    for _ in range(rng.randint(0, 2)):
        start = first_monday + timedelta(weeks=rng.randint(0, 50))
        period = _weekdays_from(start, 5)
        if all(period[1] < s or period[0] > e for s, e in periods):
            periods.append(period)
    return tuple(sorted(periods))


def _past_employers(
    home: CouncilRecord,
    by_region: dict[str, list[CouncilRecord]],
    councils: list[CouncilRecord],
    rng: random.Random,
) -> tuple[PastEmployer, ...]:
    """About a third moved within their region (sometimes further) in the last seven years."""
    if rng.random() >= 0.35:
        return ()
    employers: list[PastEmployer] = []
    until = date(2026, rng.randint(1, 10), 1) - timedelta(days=1)
    for _ in range(rng.randint(1, 2)):
        pool = by_region[home.region] if rng.random() < 0.7 else councils
        council = rng.choice(pool)
        if council.gss_code == home.gss_code or any(
            e.council == council.gss_code for e in employers
        ):
            continue
        employers.append(PastEmployer(council.gss_code, until))
        until = date(until.year - rng.randint(1, 3), until.month, 1) - timedelta(days=1)
    return tuple(employers)


def _conflicts(
    home: CouncilRecord, by_region: dict[str, list[CouncilRecord]], rng: random.Random
) -> tuple[DeclaredConflict, ...]:
    """A few reviewers (about 1 in 12) declare a conflict, usually with a council nearby."""
    if rng.random() >= 0.08:
        return ()
    others = [c for c in by_region[home.region] if c.gss_code != home.gss_code]
    council = rng.choice(others)
    kind = rng.choice(CONFLICT_KINDS)
    return (DeclaredConflict(council.gss_code, kind, _CONFLICT_NOTES[kind]),)
