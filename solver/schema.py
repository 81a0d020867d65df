"""The solver's contract as typed objects: parse, validate and serialise problems and plans.

Everything the solver, the checker, the CLI and the web app exchange goes through this module,
so the JSON documents of `/contracts/solver-io` have exactly one reading. Parsing validates
against the shipped JSON Schemas first (shape), then checks what a schema cannot say (unique
ids, references that exist, ordered dates, consistent fixed teams), and reports *every* problem
found, one human line each, naming the record and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jsonschema

PROBLEM_FORMAT = "peerreview-problem/1"
PLAN_FORMAT = "peerreview-plan/1"

ROLES = ("director", "senior_manager", "practitioner", "councillor")
JUDGEMENTS = ("outstanding", "good", "requires_improvement", "inadequate")
GOOD_OR_BETTER = frozenset({"outstanding", "good"})
COUNCIL_TYPES = ("county", "metropolitan", "london_borough", "unitary")
PLAN_STATUSES = ("optimal", "feasible", "infeasible", "unknown")
# The independence relations between councils, by their field names.
RELATIONS = ("partners", "shared_leadership", "borders")
MAX_DAYS_ON_SITE = 5
MIN_EXPERT_LEVEL = 2  # hard rule 5: a focus area needs a member at this level or more

_SCHEMA_DIR = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> date:
    """ISO `YYYY-MM-DD` to a date; ValueError otherwise."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    return date.fromisoformat(text)


def on_site_dates(start: date, days: int) -> list[date]:
    """The `days` consecutive calendar dates from `start` (a review is on site every one)."""
    return [start + timedelta(days=i) for i in range(days)]


def end_date(start: date, days: int) -> date:
    """The last on-site day of a review of `days` days starting on `start`."""
    return start + timedelta(days=days - 1)


# --------------------------------------------------------------------------- problem


@dataclass(frozen=True)
class Calendar:
    """The planning horizon. A working day is Mon-Fri in [start, end] and not closed."""

    start: date
    end: date
    closed_dates: frozenset[date] = frozenset()
    max_concurrent: int | None = None

    def is_working_day(self, d: date) -> bool:
        return self.start <= d <= self.end and d.weekday() < 5 and d not in self.closed_dates

    @cached_property
    def _working_days(self) -> tuple[date, ...]:
        days = []
        d = self.start
        while d <= self.end:
            if self.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        return tuple(days)

    def working_days(self) -> list[date]:
        """All working days of the horizon, in order."""
        return list(self._working_days)

    def can_be_on_site(self, start: date, days: int) -> bool:
        """True when every one of the `days` consecutive dates from `start` is a working day."""
        return all(self.is_working_day(d) for d in on_site_dates(start, days))


@dataclass(frozen=True)
class Rules:
    """Switches for the hard rules; defaults are the contract's."""

    exclude_borders: bool = True
    lead_from_good_or_better: bool = True
    protect_intervention_councils: bool = True
    no_reciprocal: bool = True
    max_reviews_per_lending_council: int | None = None
    min_gap_days: int = 0


@dataclass(frozen=True)
class Council:
    """A council with children's services. Relations may be listed on one side only."""

    code: str
    name: str
    region: str
    type: str | None
    latest_judgement: str | None
    in_intervention: bool
    borders: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    shared_leadership: frozenset[str] = frozenset()
    # Optional extension: DfE statistical neighbours by rank, used for "similar context".
    statistical_neighbours: tuple[str, ...] = ()

    @property
    def good_or_better(self) -> bool:
        return self.latest_judgement in GOOD_OR_BETTER


@dataclass(frozen=True)
class Reviewer:
    """A person a council lends to review others."""

    id: str
    council: str
    role: str
    expertise: Mapping[str, int] = field(default_factory=dict)
    max_reviews: int | None = None
    max_days: int | None = None
    unavailable: tuple[tuple[date, date], ...] = ()
    worked_at: frozenset[str] = frozenset()
    conflicts: frozenset[str] = frozenset()
    reviewed_before: frozenset[str] = frozenset()

    def level(self, area: str) -> int:
        """Expertise level in `area`, 0 when not declared."""
        return self.expertise.get(area, 0)

    def is_available(self, start: date, end: date) -> bool:
        """True when [start, end] touches none of the reviewer's unavailable ranges."""
        return all(end < first or start > last for first, last in self.unavailable)


@dataclass(frozen=True)
class TeamMember:
    reviewer: str
    role: str


@dataclass(frozen=True)
class Fixed:
    """A published review: its start and team are to be kept as they are."""

    start: date
    team: tuple[TeamMember, ...]


@dataclass(frozen=True)
class Review:
    """A review to place. `team` maps every role in ROLES to the number needed (maybe 0)."""

    id: str
    council: str
    kind: str
    earliest: date
    latest: date
    days: int
    team: Mapping[str, int]
    focus: tuple[str, ...] = ()
    priority: int = 1
    fixed: Fixed | None = None

    @property
    def team_size(self) -> int:
        return sum(self.team.values())

    def end_for(self, start: date) -> date:
        return end_date(start, self.days)


@dataclass(frozen=True)
class Problem:
    """One planning problem, already validated: every reference resolves."""

    calendar: Calendar
    rules: Rules
    councils: Mapping[str, Council]
    reviewers: Mapping[str, Reviewer]
    reviews: tuple[Review, ...]

    @cached_property
    def reviews_by_id(self) -> dict[str, Review]:
        return {r.id: r for r in self.reviews}

    def review(self, review_id: str) -> Review:
        return self.reviews_by_id[review_id]

    @cached_property
    def _symmetric(self) -> dict[str, dict[str, frozenset[str]]]:
        """relation name -> council code -> related codes, listed on either side."""
        table: dict[str, dict[str, set[str]]] = {name: {} for name in RELATIONS}
        for council in self.councils.values():
            for name in RELATIONS:
                for other in getattr(council, name):
                    table[name].setdefault(council.code, set()).add(other)
                    table[name].setdefault(other, set()).add(council.code)
        return {
            name: {code: frozenset(codes) for code, codes in by_code.items()}
            for name, by_code in table.items()
        }

    def related_councils(self, code: str, relation: str) -> frozenset[str]:
        """Councils linked to `code` by `relation` ('partners', 'shared_leadership', 'borders'),
        whichever side lists the link."""
        return self._symmetric[relation].get(code, frozenset())

    def related(self, a: str, b: str) -> set[str]:
        """Which relations (names from RELATIONS) link councils `a` and `b`, in either direction.
        Empty when they are unrelated (or the same council)."""
        return {name for name in RELATIONS if b in self.related_councils(a, name)}

    def excluded_councils(self, code: str) -> frozenset[str]:
        """Councils that may not lend any member to a review of `code` under the independence
        rule (the council itself, partners, shared leadership, and borders when excluded)."""
        names = ["partners", "shared_leadership"]
        if self.rules.exclude_borders:
            names.append("borders")
        excluded = {code}
        for name in names:
            excluded |= self.related_councils(code, name)
        return frozenset(excluded)

    def start_dates(self, review: Review) -> list[date]:
        """Every start allowed by hard rule 2 (window and working days), in order."""
        cal = self.calendar
        return [
            d
            for d in cal.working_days()
            if d >= review.earliest
            and review.end_for(d) <= review.latest
            and cal.can_be_on_site(d, review.days)
        ]


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class PlannedMember:
    reviewer: str
    role: str
    lead: bool
    # Optional extension: why this reviewer (e.g. "front_door level 3", "reviewed it in 2024").
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedReview:
    id: str
    start: date
    end: date
    team: tuple[PlannedMember, ...]

    @property
    def lead(self) -> str | None:
        """Reviewer id of the lead, if any member is flagged lead."""
        return next((m.reviewer for m in self.team if m.lead), None)


@dataclass(frozen=True)
class Unscheduled:
    id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """One improved solution found while solving."""

    seconds: float
    objective: float | None
    bound: float | None
    gap: float | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Plan:
    status: str
    objective: int | float | None
    bound: int | float | None
    solve_seconds: float
    reviews: tuple[PlannedReview, ...]
    unscheduled: tuple[Unscheduled, ...]
    # Optional extensions: named parts of the objective, the supply check, solve progress.
    objective_parts: Mapping[str, int | float] = field(default_factory=dict)
    supply: tuple[Any, ...] = ()
    progress: tuple[Any, ...] = ()

    @cached_property
    def reviews_by_id(self) -> dict[str, PlannedReview]:
        return {r.id: r for r in self.reviews}

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 = proved optimal), None if unknown."""
        if self.objective is None or self.bound is None:
            return None
        if self.bound == self.objective:
            return 0.0
        return abs(self.bound - self.objective) / max(abs(self.bound), 1e-9)


# --------------------------------------------------------------------------- errors


class ProblemError(Exception):
    """Input that breaks the contract. `errors` holds one human line per problem."""

    def __init__(self, errors: Iterable[str]):
        self.errors: list[str] = list(errors)
        super().__init__("\n".join(self.errors))


class PlanError(ProblemError):
    """A plan document that breaks the contract."""


# --------------------------------------------------------------------------- JSON Schemas


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The shipped JSON Schema `problem` or `plan` (draft 2020-12)."""
    with open(_SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    """The schema with every local `{"$ref": "#/$defs/x"}` replaced by its definition.

    Validating a national problem (thousands of records) spends a third of its time resolving
    references; the shipped file keeps `$defs` for readers, the validator gets this copy.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    return jsonschema.Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


_RECORD_KEYS = {"councils": "code", "reviewers": "id", "reviews": "id", "unscheduled": "id"}


def _where(doc: Any, path: Iterable[Any]) -> str:
    """Human path to a value: `reviews[3] (id RV-004).team.director`."""
    text = ""
    node = doc
    parent_key: Any = None
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            key = _RECORD_KEYS.get(parent_key) if isinstance(parent_key, str) else None
            if key and isinstance(node, dict) and isinstance(node.get(key), str):
                text += f" ({key} {node[key]})"
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
        parent_key = part
    return text or "document"


def _describe(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """Path and message for one schema error, worded for a person fixing the file."""
    path = list(error.absolute_path)
    v, value, instance = error.validator, error.validator_value, error.instance
    if v == "required":
        m = re.match(r"'(.+)' is a required property", error.message)
        name = m.group(1) if m else str(value)
        return path + [name], "is required but missing"
    if v == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in known)
        return path, f"unknown field(s) {', '.join(map(repr, extra))}"
    if v == "maximum":
        return path, f"{instance!r} is more than {value}"
    if v == "minimum":
        return path, f"{instance!r} is less than {value}"
    if v == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        return path, f"{json.dumps(instance)} should be {wanted}"
    if v == "enum":
        allowed = ", ".join("null" if a is None else str(a) for a in value)
        return path, f"{json.dumps(instance)} is not one of: {allowed}"
    if v == "const":
        return path, f"{json.dumps(instance)} should be {json.dumps(value)}"
    if v == "pattern":
        return path, f"{json.dumps(instance)} is not a date (YYYY-MM-DD)"
    if v in ("minItems", "maxItems") and isinstance(instance, list):
        return path, f"should be a [from, to] pair of dates, got {len(instance)} item(s)"
    if v == "minLength":
        return path, "should not be empty"
    return path, error.message


def _schema_errors(name: str, data: Any) -> list[str]:
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(map(str, e.path)))
    lines = []
    for error in errors:
        path, message = _describe(error)
        lines.append(f"{_where(data, path)}: {message}")
    return lines


# --------------------------------------------------------------------------- parse problem


class _Collector:
    """Gathers semantic errors so every one is reported, not only the first."""

    def __init__(self, doc: Any):
        self.doc = doc
        self.errors: list[str] = []

    def add(self, path: list[Any], message: str) -> None:
        self.errors.append(f"{_where(self.doc, path)}: {message}")

    def date(self, value: str, path: list[Any]) -> date | None:
        try:
            return parse_date(value)
        except ValueError:
            self.add(path, f"{json.dumps(value)} is not a real date (YYYY-MM-DD)")
            return None


def _unique(c: _Collector, records: list[dict], list_name: str, key: str) -> None:
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        value = record[key]
        if value in seen:
            c.add([list_name, i, key], f"{value!r} repeats {list_name}[{seen[value]}]")
        else:
            seen[value] = i


def _refs(c: _Collector, values: list[str], known: set[str] | dict, path: list[Any], what: str):
    for j, value in enumerate(values):
        if value not in known:
            c.add(path + [j], f"unknown {what} {value!r}")


def _parse_calendar(c: _Collector, raw: dict) -> Calendar | None:
    start = c.date(raw["start"], ["calendar", "start"])
    end = c.date(raw["end"], ["calendar", "end"])
    closed = [
        c.date(d, ["calendar", "closed_dates", i])
        for i, d in enumerate(raw.get("closed_dates", []))
    ]
    if start and end and start > end:
        c.add(["calendar", "end"], f"{end} is before start {start}")
    if start is None or end is None or None in closed:
        return None
    return Calendar(
        start=start,
        end=end,
        closed_dates=frozenset(d for d in closed if d is not None),
        max_concurrent=raw.get("max_concurrent"),
    )


def _parse_councils(c: _Collector, raw: list[dict]) -> dict[str, Council]:
    _unique(c, raw, "councils", "code")
    codes = {r["code"] for r in raw}
    councils: dict[str, Council] = {}
    for i, r in enumerate(raw):
        for name in (*RELATIONS, "statistical_neighbours"):
            values = r.get(name, [])
            _refs(c, values, codes, ["councils", i, name], "council code")
            if r["code"] in values:
                c.add(["councils", i, name], "a council cannot be related to itself")
        councils.setdefault(
            r["code"],
            Council(
                code=r["code"],
                name=r["name"],
                region=r["region"],
                type=r.get("type"),
                latest_judgement=r["latest_judgement"],
                in_intervention=r["in_intervention"],
                borders=frozenset(r.get("borders", [])),
                partners=frozenset(r.get("partners", [])),
                shared_leadership=frozenset(r.get("shared_leadership", [])),
                statistical_neighbours=tuple(r.get("statistical_neighbours", [])),
            ),
        )
    return councils


def _parse_reviewers(c: _Collector, raw: list[dict], codes: set[str]) -> dict[str, Reviewer]:
    _unique(c, raw, "reviewers", "id")
    reviewers: dict[str, Reviewer] = {}
    for i, r in enumerate(raw):
        at = ["reviewers", i]
        if r["council"] not in codes:
            c.add(at + ["council"], f"unknown council code {r['council']!r}")
        for name in ("worked_at", "conflicts", "reviewed_before"):
            _refs(c, r.get(name, []), codes, at + [name], "council code")
        ranges = []
        for j, (first_text, last_text) in enumerate(r.get("unavailable", [])):
            first = c.date(first_text, at + ["unavailable", j, 0])
            last = c.date(last_text, at + ["unavailable", j, 1])
            if first and last:
                if first > last:
                    c.add(at + ["unavailable", j], f"range ends {last} before it starts {first}")
                ranges.append((first, last))
        reviewers.setdefault(
            r["id"],
            Reviewer(
                id=r["id"],
                council=r["council"],
                role=r["role"],
                expertise=dict(r["expertise"]),
                max_reviews=r.get("max_reviews"),
                max_days=r.get("max_days"),
                unavailable=tuple(ranges),
                worked_at=frozenset(r.get("worked_at", [])),
                conflicts=frozenset(r.get("conflicts", [])),
                reviewed_before=frozenset(r.get("reviewed_before", [])),
            ),
        )
    return reviewers


def _parse_fixed(
    c: _Collector, raw: dict, at: list[Any], team: dict[str, int], reviewers: dict[str, Reviewer]
) -> Fixed | None:
    start = c.date(raw["start"], at + ["start"])
    members = []
    seen: set[str] = set()
    counts = dict.fromkeys(ROLES, 0)
    for j, m in enumerate(raw["team"]):
        rid, role = m["reviewer"], m["role"]
        reviewer = reviewers.get(rid)
        if reviewer is None:
            c.add(at + ["team", j, "reviewer"], f"unknown reviewer id {rid!r}")
        elif reviewer.role != role:
            c.add(at + ["team", j, "role"], f"{rid} is a {reviewer.role}, not a {role}")
        if rid in seen:
            c.add(at + ["team", j, "reviewer"], f"{rid} appears twice in the team")
        seen.add(rid)
        counts[role] += 1
        members.append(TeamMember(reviewer=rid, role=role))
    for role in ROLES:
        if counts[role] != team[role]:
            c.add(
                at + ["team"],
                f"has {counts[role]} {role} member(s) but the review's team needs {team[role]}",
            )
    return Fixed(start=start, team=tuple(members)) if start else None


def _parse_reviews(
    c: _Collector, raw: list[dict], codes: set[str], reviewers: dict[str, Reviewer]
) -> list[Review]:
    _unique(c, raw, "reviews", "id")
    reviews = []
    for i, r in enumerate(raw):
        at = ["reviews", i]
        if r["council"] not in codes:
            c.add(at + ["council"], f"unknown council code {r['council']!r}")
        earliest = c.date(r["earliest"], at + ["earliest"])
        latest = c.date(r["latest"], at + ["latest"])
        if earliest and latest and earliest > latest:
            c.add(at + ["latest"], f"{latest} is before earliest {earliest}")
        team = {role: r["team"].get(role, 0) for role in ROLES}
        if sum(team.values()) == 0:
            c.add(at + ["team"], "needs at least one member")
        fixed = None
        if r.get("fixed") is not None:
            fixed = _parse_fixed(c, r["fixed"], at + ["fixed"], team, reviewers)
        if earliest and latest:
            reviews.append(
                Review(
                    id=r["id"],
                    council=r["council"],
                    kind=r["kind"],
                    earliest=earliest,
                    latest=latest,
                    days=r["days"],
                    team=team,
                    focus=tuple(r.get("focus", [])),
                    priority=r.get("priority", 1),
                    fixed=fixed,
                )
            )
    return reviews


def parse_problem(data: Any) -> Problem:
    """A validated Problem from the contract's JSON (already decoded).

    Raises ProblemError listing every problem found: schema errors first (if the shape is
    wrong nothing else is checked), otherwise every semantic error.
    """
    errors = _schema_errors("problem", data)
    if errors:
        raise ProblemError(errors)
    c = _Collector(data)
    calendar = _parse_calendar(c, data["calendar"])
    councils = _parse_councils(c, data["councils"])
    reviewers = _parse_reviewers(c, data["reviewers"], set(councils))
    reviews = _parse_reviews(c, data["reviews"], set(councils), reviewers)
    if c.errors or calendar is None:
        raise ProblemError(c.errors)
    return Problem(
        calendar=calendar,
        rules=Rules(**data.get("rules", {})),
        councils=councils,
        reviewers=reviewers,
        reviews=tuple(reviews),
    )


def load_problem(path: str | Path) -> Problem:
    """Read and parse a problem file; unreadable files and bad JSON become ProblemError."""
    return parse_problem(_read_json(path))


def _read_json(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        raise ProblemError([f"{path}: cannot read file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ProblemError([f"{path}: not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise ProblemError(
            [f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]
        ) from None


# --------------------------------------------------------------------------- problem to JSON


def _codes(values: Iterable[str]) -> list[str]:
    return sorted(values)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The contract's JSON for a Problem; `parse_problem` of the result equals `problem`."""
    cal, rules = problem.calendar, problem.rules
    return {
        "format": PROBLEM_FORMAT,
        "calendar": {
            "start": cal.start.isoformat(),
            "end": cal.end.isoformat(),
            "closed_dates": [d.isoformat() for d in sorted(cal.closed_dates)],
            "max_concurrent": cal.max_concurrent,
        },
        "rules": {
            "exclude_borders": rules.exclude_borders,
            "lead_from_good_or_better": rules.lead_from_good_or_better,
            "protect_intervention_councils": rules.protect_intervention_councils,
            "no_reciprocal": rules.no_reciprocal,
            "max_reviews_per_lending_council": rules.max_reviews_per_lending_council,
            "min_gap_days": rules.min_gap_days,
        },
        "councils": [
            {
                "code": c.code,
                "name": c.name,
                "region": c.region,
                "type": c.type,
                "latest_judgement": c.latest_judgement,
                "in_intervention": c.in_intervention,
                "borders": _codes(c.borders),
                "partners": _codes(c.partners),
                "shared_leadership": _codes(c.shared_leadership),
                "statistical_neighbours": list(c.statistical_neighbours),
            }
            for c in problem.councils.values()
        ],
        "reviewers": [
            {
                "id": r.id,
                "council": r.council,
                "role": r.role,
                "expertise": dict(r.expertise),
                "max_reviews": r.max_reviews,
                "max_days": r.max_days,
                "unavailable": [[a.isoformat(), b.isoformat()] for a, b in r.unavailable],
                "worked_at": _codes(r.worked_at),
                "conflicts": _codes(r.conflicts),
                "reviewed_before": _codes(r.reviewed_before),
            }
            for r in problem.reviewers.values()
        ],
        "reviews": [
            {
                "id": r.id,
                "council": r.council,
                "kind": r.kind,
                "earliest": r.earliest.isoformat(),
                "latest": r.latest.isoformat(),
                "days": r.days,
                "team": {role: r.team.get(role, 0) for role in ROLES},
                "focus": list(r.focus),
                "priority": r.priority,
                "fixed": None
                if r.fixed is None
                else {
                    "start": r.fixed.start.isoformat(),
                    "team": [{"reviewer": m.reviewer, "role": m.role} for m in r.fixed.team],
                },
            }
            for r in problem.reviews
        ],
    }


# --------------------------------------------------------------------------- plan to/from JSON


def _jsonable(value: Any) -> Any:
    """Plain JSON for the free-form extension fields (supply lines may be dataclasses)."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {k: _jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def _progress_dict(point: Any) -> dict[str, Any]:
    if isinstance(point, Mapping):
        out = {k: point.get(k) for k in ("seconds", "objective", "bound", "gap", "stage")}
    elif hasattr(point, "seconds"):
        out = {
            k: getattr(point, k, None) for k in ("seconds", "objective", "bound", "gap", "stage")
        }
    else:
        seconds, objective, bound = tuple(point)[:3]
        out = {"seconds": seconds, "objective": objective, "bound": bound}
    return {k: v for k, v in out.items() if v is not None or k in ("objective", "bound")}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The contract's JSON for a Plan (with our optional extensions when present)."""
    out: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "solve_seconds": round(float(plan.solve_seconds), 3),
        "reviews": [
            {
                "id": r.id,
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "team": [
                    {"reviewer": m.reviewer, "role": m.role, "lead": m.lead}
                    | ({"reasons": list(m.reasons)} if m.reasons else {})
                    for m in r.team
                ],
            }
            for r in plan.reviews
        ],
        "unscheduled": [{"id": u.id, "reasons": list(u.reasons)} for u in plan.unscheduled],
    }
    if plan.objective_parts:
        out["objective_parts"] = dict(plan.objective_parts)
    if plan.supply:
        out["supply"] = [_jsonable(s) for s in plan.supply]
    if plan.progress:
        out["progress"] = [_progress_dict(p) for p in plan.progress]
    return out


def parse_plan(data: Any) -> Plan:
    """A Plan from the contract's JSON; PlanError lists every problem found."""
    errors = _schema_errors("plan", data)
    if errors:
        raise PlanError(errors)
    c = _Collector(data)
    reviews = []
    for i, r in enumerate(data["reviews"]):
        start = c.date(r["start"], ["reviews", i, "start"])
        end = c.date(r["end"], ["reviews", i, "end"])
        team = tuple(
            PlannedMember(m["reviewer"], m["role"], m["lead"], tuple(m.get("reasons", [])))
            for m in r["team"]
        )
        if start and end:
            reviews.append(PlannedReview(id=r["id"], start=start, end=end, team=team))
    if c.errors:
        raise PlanError(c.errors)
    return Plan(
        status=data["status"],
        objective=data["objective"],
        bound=data["bound"],
        solve_seconds=data["solve_seconds"],
        reviews=tuple(reviews),
        unscheduled=tuple(Unscheduled(u["id"], tuple(u["reasons"])) for u in data["unscheduled"]),
        objective_parts=dict(data.get("objective_parts", {})),
        supply=tuple(data.get("supply", [])),
        progress=tuple(
            Progress(p["seconds"], p["objective"], p["bound"], p.get("gap"), p.get("stage"))
            for p in data.get("progress", [])
        ),
    )


def load_plan(path: str | Path) -> Plan:
    """Read and parse a plan file; unreadable files and bad JSON become PlanError."""
    try:
        data = _read_json(path)
    except ProblemError as exc:
        raise PlanError(exc.errors) from None
    return parse_plan(data)
