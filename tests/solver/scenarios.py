"""Small, readable problems for the rule, greedy, explanation and solve tests.

``Scenario`` builds the contract's JSON one council, reviewer and review at a time, then parses
it with the real schema, so every test problem is a valid contract document. The horizon is two
working weeks from Monday 4 January 2027. ``medium_problem`` makes a seeded random instance
(councils in a ring of borders) big enough for the solver to have choices.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from solver.schema import Problem, parse_problem

MONDAY = date(2027, 1, 4)
AREAS = ("front_door", "care_leavers", "leadership", "early_help", "child_protection")


class Scenario:
    def __init__(self, *, weeks: int = 2, **rules: Any):
        self.doc: dict[str, Any] = {
            "format": "peerreview-problem/1",
            "calendar": {
                "start": MONDAY.isoformat(),
                "end": (MONDAY + timedelta(weeks=weeks, days=-3)).isoformat(),
                "closed_dates": [],
                "max_concurrent": None,
            },
            "rules": dict(rules),
            "councils": [],
            "reviewers": [],
            "reviews": [],
        }

    def council(self, code: str, judgement: str | None = "good", **extra: Any) -> Scenario:
        self.doc["councils"].append(
            {
                "code": code,
                "name": extra.pop("name", code.title()),
                "region": extra.pop("region", "South West"),
                "type": extra.pop("type", "unitary"),
                "latest_judgement": judgement,
                "in_intervention": extra.pop("in_intervention", False),
                **extra,
            }
        )
        return self

    def reviewer(self, rid: str, council: str, role: str, **extra: Any) -> Scenario:
        self.doc["reviewers"].append(
            {"id": rid, "council": council, "role": role, "expertise": {}, **extra}
        )
        return self

    def review(self, rid: str, council: str, team: dict[str, int] | None = None, **extra):
        self.doc["reviews"].append(
            {
                "id": rid,
                "council": council,
                "kind": "baseline",
                "earliest": extra.pop("earliest", MONDAY.isoformat()),
                "latest": extra.pop("latest", (MONDAY + timedelta(days=11)).isoformat()),
                "days": extra.pop("days", 3),
                "team": team or {"director": 1},
                **extra,
            }
        )
        return self

    def calendar(self, **fields: Any) -> Scenario:
        self.doc["calendar"].update(fields)
        return self

    def problem(self) -> Problem:
        return parse_problem(self.doc)


def torbay(**rules: Any) -> Scenario:
    """Torbay (requires improvement) to review, and the councils around it: a good bordering
    council, a good partner, a good council sharing its leadership, a requires-improvement
    council, a council in intervention, and two good councils far away."""
    return (
        Scenario(**rules)
        .council("TORBAY", "requires_improvement", name="Torbay", borders=["DEVON"])
        .council("DEVON", "good", name="Devon", type="county")
        .council("PLYMOUTH", "good", name="Plymouth", partners=["TORBAY"])
        .council("CORNWALL", "good", name="Cornwall", shared_leadership=["TORBAY"])
        .council("ROCHDALE", "requires_improvement", name="Rochdale", region="North West")
        .council("SLOUGH", "inadequate", name="Slough", in_intervention=True, region="South East")
        .council("LEEDS", "outstanding", name="Leeds", region="Yorkshire", type="metropolitan")
        .council("HAMPSHIRE", "good", name="Hampshire", region="South East", type="county")
    )


def medium_problem(seed: int = 0, councils: int = 24, weeks: int = 8, **rules: Any) -> Problem:
    """A seeded random instance: councils in a ring of borders, four reviewers each, one review
    for most councils with a three-week window."""
    rnd = random.Random(seed)
    judgements = ["outstanding", "good", "good", "requires_improvement", "inadequate"]
    s = Scenario(weeks=weeks, **rules)
    codes = [f"C{i:02d}" for i in range(councils)]
    for i, code in enumerate(codes):
        judgement = rnd.choice(judgements)
        s.council(
            code,
            judgement,
            region=("North", "South", "East")[i % 3],
            type=("county", "unitary")[i % 2],
            borders=[codes[(i + 1) % councils]],
            in_intervention=judgement == "inadequate" and rnd.random() < 0.5,
            statistical_neighbours=[codes[(i + 5) % councils]],
        )
    n = 0
    for code in codes:
        for role in ("director", "senior_manager", "practitioner", "practitioner"):
            n += 1
            s.reviewer(
                f"R{n:03d}",
                code,
                role,
                expertise={a: rnd.choice([1, 2, 3]) for a in rnd.sample(AREAS, 2)},
                max_reviews=rnd.choice([1, 2, 3]),
                reviewed_before=[rnd.choice(codes)] if rnd.random() < 0.3 else [],
            )
    for i, code in enumerate(codes):
        if rnd.random() < 0.15:
            continue
        first = MONDAY + timedelta(weeks=rnd.randrange(0, weeks - 3))
        s.review(
            f"RV{i:02d}",
            code,
            {"director": 1, "senior_manager": 1, "practitioner": rnd.choice([1, 2])},
            earliest=first.isoformat(),
            latest=(first + timedelta(weeks=3, days=-3)).isoformat(),
            days=rnd.choice([2, 3, 4, 5]),
            focus=rnd.sample(AREAS, 1),
            priority=rnd.randint(1, 5),
        )
    return s.problem()
