"""Small problems for the solver tests: one hand-made problem with a known valid plan, and
hypothesis strategies that build random valid problems.

The hand-made problem (two weeks from Monday 4 January 2027, 20 January closed) has:
- lenders GOOD1 (good), GOOD2 (outstanding), RI1 (requires improvement), INAD (inadequate and
  in intervention);
- reviewed councils REV1 and REV2. GOOD2 lists REV1 as a border (REV1 does not list it back),
  REV2 lists RI1 as a partner and GOOD1 as sharing its leadership with it.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from solver.schema import (
    Plan,
    PlannedMember,
    PlannedReview,
    Problem,
    Unscheduled,
    parse_problem,
)

MONDAY = date(2027, 1, 4)
AREAS = ("front_door", "care_leavers", "leadership", "early_help")
ROLE_NAMES = ("director", "senior_manager", "practitioner", "councillor")


def council(code: str, judgement: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": code.title(),
        "region": extra.pop("region", "North West"),
        "type": extra.pop("type", "unitary"),
        "latest_judgement": judgement,
        "in_intervention": extra.pop("in_intervention", False),
        **extra,
    }


def reviewer(rid: str, council_code: str, role: str, **extra: Any) -> dict[str, Any]:
    return {"id": rid, "council": council_code, "role": role, "expertise": {}, **extra}


def hand_made_dict() -> dict[str, Any]:
    """The hand-made problem as contract JSON (a fresh copy each call, safe to mutate)."""
    return copy.deepcopy(_HAND_MADE)


def hand_made() -> Problem:
    return parse_problem(hand_made_dict())


_HAND_MADE: dict[str, Any] = {
    "format": "peerreview-problem/1",
    "calendar": {
        "start": "2027-01-04",
        "end": "2027-01-29",
        "closed_dates": ["2027-01-20"],
        "max_concurrent": None,
    },
    "rules": {},
    "councils": [
        council("GOOD1", "good"),
        council("GOOD2", "outstanding", borders=["REV1"]),
        council("RI1", "requires_improvement"),
        council("INAD", "inadequate", in_intervention=True),
        council("REV1", "requires_improvement"),
        council("REV2", "inadequate", partners=["RI1"], shared_leadership=["GOOD1"]),
    ],
    "reviewers": [
        reviewer("D1", "GOOD1", "director", expertise={"front_door": 3}),
        reviewer("D2", "GOOD2", "director", expertise={"leadership": 2}),
        reviewer("D3", "RI1", "director", expertise={"front_door": 3}),
        reviewer("D4", "GOOD1", "director", expertise={"front_door": 1}),
        reviewer("D5", "INAD", "director"),
        reviewer("S1", "GOOD1", "senior_manager", expertise={"care_leavers": 2}),
        reviewer("S2", "RI1", "senior_manager"),
        reviewer("P1", "GOOD2", "practitioner", expertise={"front_door": 2}),
        reviewer("P2", "RI1", "practitioner"),
        reviewer("P3", "INAD", "practitioner"),
        reviewer("P4", "REV2", "practitioner"),
        reviewer("P5", "REV1", "practitioner"),
        reviewer("P6", "GOOD1", "practitioner"),
        reviewer("C1", "GOOD1", "councillor"),
    ],
    "reviews": [
        {
            "id": "RV-001",
            "council": "REV1",
            "kind": "baseline",
            "earliest": "2027-01-04",
            "latest": "2027-01-29",
            "days": 3,
            "team": {"director": 1, "senior_manager": 1, "practitioner": 1},
            "focus": ["front_door"],
            "priority": 5,
        },
        {
            "id": "RV-002",
            "council": "REV2",
            "kind": "validation",
            "earliest": "2027-01-04",
            "latest": "2027-01-29",
            "days": 2,
            "team": {"director": 1, "practitioner": 1},
            "priority": 3,
        },
    ],
}


def member(rid: str, role: str) -> PlannedMember:
    return PlannedMember(reviewer=rid, role=role, lead=role == "director")


def planned(review_id: str, start: date, days: int, *team: tuple[str, str]) -> PlannedReview:
    return PlannedReview(
        id=review_id,
        start=start,
        end=start + timedelta(days=days - 1),
        team=tuple(member(rid, role) for rid, role in team),
    )


def valid_plan() -> Plan:
    """A plan of the hand-made problem that obeys every hard rule."""
    return Plan(
        status="feasible",
        objective=8,
        bound=8,
        solve_seconds=0.0,
        reviews=(
            planned(
                "RV-001",
                date(2027, 1, 5),
                3,
                ("D1", "director"),
                ("S1", "senior_manager"),
                ("P2", "practitioner"),
            ),
            planned("RV-002", date(2027, 1, 11), 2, ("D2", "director"), ("P1", "practitioner")),
        ),
        unscheduled=(),
    )


def plan_of(*reviews: PlannedReview, unscheduled: tuple[str, ...] = ()) -> Plan:
    return Plan(
        status="feasible",
        objective=None,
        bound=None,
        solve_seconds=0.0,
        reviews=tuple(reviews),
        unscheduled=tuple(Unscheduled(rid, ("not placed",)) for rid in unscheduled),
    )


# --------------------------------------------------------------------------- random problems


@st.composite
def problem_dicts(
    draw: st.DrawFn,
    *,
    councils: tuple[int, int] = (4, 10),
    reviewers: tuple[int, int] = (6, 25),
    reviews: tuple[int, int] = (1, 6),
    calendar_days: tuple[int, int] = (10, 28),
    review_days: tuple[int, int] = (1, 5),
    max_team: int = 5,
    with_fixed: bool = True,
    with_gap: bool = True,
    max_borders: int = 2,
) -> dict[str, Any]:
    """A random valid problem. Hypothesis draws the sizes (so failures shrink to small
    problems) and a seed; `random_problem_dict` fills in the details with tuned odds, which
    hypothesis's own draws (biased to the first choice) would not give."""
    return random_problem_dict(
        random.Random(draw(st.integers(0, 2**32 - 1))),
        councils=draw(st.integers(*councils)),
        reviewers=draw(st.integers(*reviewers)),
        reviews=draw(st.integers(*reviews)),
        calendar_days=draw(st.integers(*calendar_days)),
        review_days=review_days,
        max_team=max_team,
        with_fixed=with_fixed,
        with_gap=with_gap,
        max_borders=max_borders,
    )


def random_problem_dict(
    rng: random.Random,
    *,
    councils: int,
    reviewers: int,
    reviews: int,
    calendar_days: int,
    review_days: tuple[int, int] = (1, 5),
    max_team: int = 5,
    with_fixed: bool = True,
    with_gap: bool = True,
    max_borders: int = 2,
) -> dict[str, Any]:
    """A valid problem of the given size, usually partly plannable: most councils are good or
    better, relations and conflicts are sparse, windows are a little wider than the review."""

    def chance(one_in: int) -> bool:
        return rng.randrange(one_in) == 0

    codes = [f"C{i:02d}" for i in range(councils)]
    council_list = []
    for code in codes:
        others = [c for c in codes if c != code]
        council_list.append(
            council(
                code,
                rng.choice(
                    ["good", "good", "outstanding", "requires_improvement", "inadequate", None]
                ),
                region=rng.choice(["North West", "London", "South West"]),
                type=rng.choice(["county", "metropolitan", "london_borough", "unitary"]),
                in_intervention=chance(6),
                borders=rng.sample(others, rng.randint(0, min(max_borders, len(others)))),
                partners=[rng.choice(others)] if chance(6) else [],
                shared_leadership=[rng.choice(others)] if chance(8) else [],
            )
        )

    start = MONDAY + timedelta(days=rng.randint(0, 4) if chance(3) else 0)
    length = calendar_days

    def day(offset: int) -> str:
        return (start + timedelta(days=min(offset, length - 1))).isoformat()

    closed = sorted(rng.sample(range(length), rng.choice([0, 0, 1, 2])))
    roles = ["director"] * 3 + ["senior_manager"] * 2 + ["practitioner"] * 3 + ["councillor"]
    reviewer_list = []
    for i in range(reviewers):
        unavailable = []
        if chance(5):
            first = rng.randrange(length)
            unavailable.append([day(first), day(first + rng.randint(0, 4))])
        areas = rng.sample(AREAS, rng.randint(0, 3))
        reviewer_list.append(
            reviewer(
                f"R{i:03d}",
                rng.choice(codes),
                rng.choice(roles),
                expertise={area: rng.randint(1, 3) for area in areas},
                max_reviews=rng.choice([None, None, 1, 2, 3]),
                max_days=rng.choice([None, None, 5, 8, 12]),
                unavailable=unavailable,
                worked_at=[rng.choice(codes)] if chance(8) else [],
                conflicts=[rng.choice(codes)] if chance(8) else [],
                reviewed_before=rng.sample(codes, rng.randint(0, 2)),
            )
        )

    review_list = []
    for i in range(reviews):
        days = rng.randint(*review_days)
        earliest = rng.randint(0, length // 3)
        latest = length - 1 if chance(2) else earliest + days - 1 + rng.randint(3, 10)
        team = {
            "director": 0 if chance(8) else 1,
            "senior_manager": rng.randint(0, 1),
            "practitioner": rng.randint(0, 2),
            "councillor": rng.randint(0, 1) if chance(2) else 0,
        }
        while sum(team.values()) > max_team:
            team[max(team, key=team.__getitem__)] -= 1
        if sum(team.values()) == 0:
            team["director"] = 1
        review = {
            "id": f"RV-{i + 1:03d}",
            "council": rng.choice(codes),
            "kind": rng.choice(["baseline", "validation", "focused"]),
            "earliest": day(earliest),
            "latest": day(latest),
            "days": days,
            "team": team,
            "focus": rng.sample(AREAS, 1) if chance(2) else [],
            "priority": rng.randint(1, 5),
            "fixed": None,
        }
        if with_fixed and chance(8):
            review["fixed"] = _some_fixed_team(rng, review, reviewer_list, council_list)
        review_list.append(review)

    return {
        "format": "peerreview-problem/1",
        "calendar": {
            "start": start.isoformat(),
            "end": day(length - 1),
            "closed_dates": [day(o) for o in closed],
            "max_concurrent": rng.choice([None, None, 1, 2, 3]),
        },
        "rules": {
            "exclude_borders": not chance(4),
            "lead_from_good_or_better": not chance(4),
            "protect_intervention_councils": not chance(4),
            "no_reciprocal": not chance(4),
            "max_reviews_per_lending_council": rng.choice([None, None, 1, 2, 3]),
            "min_gap_days": rng.randint(0, 4) if with_gap else 0,
        },
        "councils": council_list,
        "reviewers": reviewer_list,
        "reviews": review_list,
    }


def _some_fixed_team(
    rng: random.Random,
    review: dict[str, Any],
    reviewers: list[dict[str, Any]],
    councils: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """A published team for `review`: right roles, from councils not obviously barred, on the
    window's first weekday. It may still break a rule (a border, a limit, a holiday): the
    solver must then say why it no longer holds. None when some role is short of people."""
    by_code = {c["code"]: c for c in councils}
    target = by_code[review["council"]]

    def barred(code: str) -> bool:
        home = by_code[code]
        return code == target["code"] or any(
            code in target.get(rel, []) or target["code"] in home.get(rel, [])
            for rel in ("partners", "shared_leadership", "borders")
        )

    team = []
    for role, n in review["team"].items():
        pool = [r["id"] for r in reviewers if r["role"] == role and not barred(r["council"])]
        if len(pool) < n:
            return None
        team += [{"reviewer": rid, "role": role} for rid in rng.sample(pool, n)]
    start = date.fromisoformat(review["earliest"])
    while start.weekday() >= 5:
        start += timedelta(days=1)
    return {"start": start.isoformat(), "team": team}


def problems(**kwargs: Any) -> st.SearchStrategy[Problem]:
    """Random valid Problems (see `problem_dicts` for the knobs)."""
    return problem_dicts(**kwargs).map(parse_problem)
