"""Plans: read them, check them, compare them, accept a draft, publish a rota.

A plan always travels as the contract's JSON. The plan of a rota as it stands in the
database is rebuilt by `rota_plan_dict`, so the same independent checker (`solver.check_plan`)
judges a solver's draft, every manual edit and the publish step.

Feeds read published reviews: publishing, and every later change to a published review,
raises `Review.sequence` and sets `updated_at` (`touch`); cancelling sets status "cancelled"
and never deletes a published review.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Review,
    Reviewer,
    ReviewRequest,
    Rota,
    SolverRun,
    TeamAssignment,
)
from peerreview.rota.problem import (
    ProblemSettings,
    build_problem,
    register_part,
    reviewer_references,
)
from peerreview.rota.runs import now
from peerreview.rota.settings import settings_from_dict, settings_to_dict
from solver import PLAN_FORMAT, ProblemError, check_plan, parse_plan, parse_problem

ROLE_ORDER = {"director": 0, "senior_manager": 1, "practitioner": 2, "councillor": 3}
ROLE_COLUMNS = {
    "director": "directors",
    "senior_manager": "senior_managers",
    "practitioner": "practitioners",
    "councillor": "councillors",
}
#: Statuses of a rota's reviews that the checker judges together.
LIVE = ("draft", "published")
CREDIBILITY_TAG = "[rule 4 credibility]"


class PlanRefused(Exception):
    """An action refused because the plan would break hard rules; `errors` lists them."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


# ------------------------------------------------------------------------- reading a rota


def rota_reviews(rota: Rota, statuses: tuple[str, ...] = LIVE) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.rota_id == rota.id, Review.status.in_(statuses))
            .options(selectinload(Review.team_members))
            .order_by(Review.start_date, Review.id)
        )
    )


def rota_settings(rota: Rota) -> ProblemSettings:
    return settings_from_dict(rota.settings)


def review_key(review: Review) -> str:
    return f"RV-{review.id}"


def rota_plan_dict(reviews: list[Review], *, unplaced: bool = True) -> dict[str, Any]:
    """The contract's plan for reviews as they stand in the database. ``unplaced=False``
    leaves reviews without dates out altogether: given as a re-plan's ``previous``, a review
    listed as unscheduled stays so, and one not listed is placed if it can be."""
    references = reviewer_references({m.reviewer_id for r in reviews for m in r.team_members})
    planned, unscheduled = [], []
    for review in reviews:
        if review.start_date is None or review.end_date is None:
            if unplaced:
                unscheduled.append({"id": review_key(review), "reasons": ["Not yet placed"]})
            continue
        members = sorted(review.team_members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.id))
        planned.append(
            {
                "id": review_key(review),
                "start": review.start_date.isoformat(),
                "end": review.end_date.isoformat(),
                "team": [
                    {
                        "reviewer": references[m.reviewer_id],
                        "role": m.role,
                        "lead": bool(m.lead),
                    }
                    | ({"reasons": list(m.reasons)} if m.reasons else {})
                    for m in members
                ],
            }
        )
    return {
        "format": PLAN_FORMAT,
        "status": "feasible",
        "objective": None,
        "bound": None,
        "solve_seconds": 0,
        "reviews": planned,
        "unscheduled": unscheduled,
    }


def rota_register(rota: Rota) -> dict[str, Any]:
    """The register part of the rota's problem (calendar, rules, councils), to hand to
    `rota_violations` when the rota is checked again with only its reviews changed."""
    return register_part(rota_settings(rota))


def rota_violations(
    rota: Rota, reviews: list[Review] | None = None, *, register: dict[str, Any] | None = None
) -> list[str]:
    """Every hard-rule violation of the rota as it stands, less credibility findings a
    coordinator has overridden with a written reason.

    `register` is `rota_register(rota)` built earlier: a manual edit checks the rota before
    and after the change, which touches reviews and teams only, so both checks share it.
    """
    reviews = rota_reviews(rota) if reviews is None else reviews
    if not reviews:
        return []
    plan_json = rota_plan_dict(reviews)
    # The checker only reads reviewers who are on a team: building only those (not the whole
    # pool) keeps a check fast enough to run on every edit.
    on_teams = {m["reviewer"] for p in plan_json["reviews"] for m in p["team"]}
    problem_json = build_problem(
        rota_settings(rota),
        [],
        reviews,
        free=[r.id for r in reviews],
        register=register,
        reviewers=on_teams,
    )
    try:
        problem = parse_problem(problem_json)
    except ProblemError as error:
        return error.errors
    errors = check_plan(problem, parse_plan(plan_json))
    overridden = {
        review_key(r)
        for r in reviews
        if any(m.role == "director" and m.override_reason for m in r.team_members)
    }
    return [e for e in errors if not is_overridden(e, overridden)]


def is_overridden(error: str, overridden: set[str]) -> bool:
    """True for the lead-credibility finding on a review whose lead was overridden."""
    if not error.startswith(CREDIBILITY_TAG) or "not good or outstanding" not in error:
        return False
    review_id = error[len(CREDIBILITY_TAG) :].strip().split(":", 1)[0]
    return review_id in overridden


def is_overridable(error: str) -> bool:
    """Only the lead-credibility rule may be overridden; independence never."""
    return error.startswith(CREDIBILITY_TAG) and "not good or outstanding" in error


# ------------------------------------------------------------------------- explaining a plan


@dataclass
class PlanView:
    """A plan as pages show it: names instead of ids, loads, objective parts."""

    reviews: list[dict[str, Any]] = field(default_factory=list)
    unscheduled: list[dict[str, Any]] = field(default_factory=list)
    reviewer_load: list[dict[str, Any]] = field(default_factory=list)
    council_load: list[dict[str, Any]] = field(default_factory=list)
    objective_parts: dict[str, Any] = field(default_factory=dict)


def describe_plan(problem: dict[str, Any], plan: dict[str, Any]) -> PlanView:
    """Join a plan with its problem and the register for display."""
    reviews_by_id = {r["id"]: r for r in problem.get("reviews", [])}
    reviewers_by_id = {r["id"]: r for r in problem.get("reviewers", [])}
    names = _council_names()
    people = dict(db.session.execute(select(Reviewer.reference, Reviewer.name)).all())
    view = PlanView(objective_parts=dict(plan.get("objective_parts", {})))
    per_reviewer: dict[str, dict[str, Any]] = {}
    per_council: Counter[str] = Counter()
    for planned in sorted(plan.get("reviews", []), key=lambda p: (p["start"], p["id"])):
        review = reviews_by_id.get(planned["id"], {})
        team = []
        for member in planned["team"]:
            reviewer = reviewers_by_id.get(member["reviewer"], {})
            council = reviewer.get("council", "")
            team.append(
                {
                    "reference": member["reviewer"],
                    "name": people.get(member["reviewer"], member["reviewer"]),
                    "role": member["role"],
                    "lead": member.get("lead", False),
                    "council": names.get(council, council),
                    "reasons": member.get("reasons", []),
                }
            )
            load = per_reviewer.setdefault(
                member["reviewer"],
                {
                    "reference": member["reviewer"],
                    "name": people.get(member["reviewer"], member["reviewer"]),
                    "council": names.get(council, council),
                    "role": member["role"],
                    "reviews": 0,
                    "days": 0,
                    "max_reviews": reviewer.get("max_reviews"),
                },
            )
            load["reviews"] += 1
            load["days"] += review.get("days", 0)
            per_council[council] += 1
        view.reviews.append(
            {
                "id": planned["id"],
                "council": names.get(review.get("council", ""), review.get("council", "")),
                "council_code": review.get("council", ""),
                "kind": review.get("kind", ""),
                "start": _date(planned["start"]),
                "end": _date(planned["end"]),
                "focus": review.get("focus", []),
                "fixed": review.get("fixed") is not None,
                "team": team,
            }
        )
    for item in plan.get("unscheduled", []):
        review = reviews_by_id.get(item["id"], {})
        view.unscheduled.append(
            {
                "id": item["id"],
                "council": names.get(review.get("council", ""), review.get("council", "")),
                "council_code": review.get("council", ""),
                "kind": review.get("kind", ""),
                "reasons": item.get("reasons", []),
            }
        )
    view.reviewer_load = sorted(per_reviewer.values(), key=lambda r: (-r["reviews"], r["name"]))
    view.council_load = [
        {"council": names.get(code, code), "code": code, "members": count}
        for code, count in sorted(
            per_council.items(), key=lambda kv: (-kv[1], names.get(kv[0], ""))
        )
    ]
    return view


def _council_names() -> dict[str, str]:
    return dict(db.session.execute(select(Council.gss_code, Council.name)).all())


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


@dataclass
class Change:
    """What happened to one review between two plans."""

    id: str
    council: str
    what: str  # "added", "removed", "moved", "team", "moved and team", "unscheduled"
    before: str
    after: str
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def as_review_ids(*documents: dict[str, Any]) -> list[dict[str, Any]]:
    """Copies of plans or problems with each request's key ("RQ-7") replaced by the key of
    the review accepting a plan made from it ("RV-31"), so that a first solve (which plans
    requests) and a later re-plan (which plans reviews) can be compared review by review."""
    requested = {
        int(item["id"][3:])
        for doc in documents
        for item in [*doc.get("reviews", []), *doc.get("unscheduled", [])]
        if item["id"].startswith("RQ-")
    }
    rows = db.session.execute(
        select(Review.request_id, Review.id)
        .where(Review.request_id.in_(sorted(requested)))
        .order_by(Review.id)
    ).all() if requested else []
    key = {f"RQ-{request_id}": f"RV-{review_id}" for request_id, review_id in rows}

    def renamed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item | {"id": key.get(item["id"], item["id"])} for item in items]

    return [
        doc | {part: renamed(doc[part]) for part in ("reviews", "unscheduled") if part in doc}
        for doc in documents
    ]


def diff_plans(problem: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every review whose dates or team differ between `old` and `new` (by review id)."""
    councils = {r["id"]: r["council"] for r in problem.get("reviews", [])}
    names = _council_names()
    people = dict(db.session.execute(select(Reviewer.reference, Reviewer.name)).all())
    old_by = {r["id"]: r for r in old.get("reviews", [])}
    new_by = {r["id"]: r for r in new.get("reviews", [])}
    new_unscheduled = {u["id"]: u.get("reasons", []) for u in new.get("unscheduled", [])}
    changes = []

    def label(planned: dict[str, Any] | None) -> str:
        if planned is None:
            return "Not scheduled"
        start, end = _date(planned["start"]), _date(planned["end"])
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"

    def who(refs: set[str]) -> list[str]:
        return sorted(people.get(ref, ref) for ref in refs)

    for review_id in sorted(set(old_by) | set(new_by) | set(new_unscheduled)):
        before, after = old_by.get(review_id), new_by.get(review_id)
        council = names.get(councils.get(review_id, ""), councils.get(review_id, review_id))
        if before is None and after is None:
            if review_id in new_unscheduled and review_id in {
                u["id"] for u in old.get("unscheduled", [])
            }:
                continue
            changes.append(
                Change(
                    review_id,
                    council,
                    "unscheduled",
                    "Not scheduled",
                    "Not scheduled",
                    reasons=new_unscheduled.get(review_id, []),
                )
            )
            continue
        if before is None:
            changes.append(
                Change(
                    review_id,
                    council,
                    "added",
                    label(None),
                    label(after),
                    joined=who({m["reviewer"] for m in after["team"]}),
                )
            )
            continue
        if after is None:
            changes.append(
                Change(
                    review_id,
                    council,
                    "unscheduled",
                    label(before),
                    label(None),
                    left=who({m["reviewer"] for m in before["team"]}),
                    reasons=new_unscheduled.get(review_id, []),
                )
            )
            continue
        old_team = {m["reviewer"] for m in before["team"]}
        new_team = {m["reviewer"] for m in after["team"]}
        moved = before["start"] != after["start"]
        restaffed = old_team != new_team
        if moved or restaffed:
            what = "moved and team" if moved and restaffed else ("moved" if moved else "team")
            changes.append(
                Change(
                    review_id,
                    council,
                    what,
                    label(before),
                    label(after),
                    joined=who(new_team - old_team),
                    left=who(old_team - new_team),
                )
            )
    return changes


def objective_change(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Each objective part of two plans side by side, with the difference."""
    a, b = old.get("objective_parts", {}), new.get("objective_parts", {})
    rows = []
    for name in list(dict.fromkeys([*a, *b])):
        before, after = a.get(name), b.get(name)
        numbers = isinstance(before, int | float) and isinstance(after, int | float)
        delta = after - before if numbers else None
        rows.append({"name": name, "before": before, "after": after, "delta": delta})
    return rows


# ------------------------------------------------------------------------- accepting a draft


def touch(review: Review) -> None:
    """A material change to a review the feeds may already show."""
    review.sequence = (review.sequence or 0) + 1
    review.updated_at = now()


def snapshot(review: Review) -> dict[str, Any]:
    """The review as the audit trail records it."""
    return {
        "status": review.status,
        "council": review.council_code,
        "start": review.start_date.isoformat() if review.start_date else None,
        "end": review.end_date.isoformat() if review.end_date else None,
        "pinned": review.pinned,
        "team": [
            {"reviewer": m.reviewer_id, "role": m.role, "lead": m.lead}
            | ({"override_reason": m.override_reason} if m.override_reason else {})
            for m in review.team_members
        ],
    }


def rota_for(settings: ProblemSettings, *, demo: bool = False) -> Rota:
    """The rota with this horizon, created when it does not exist yet."""
    data = settings_to_dict(settings)
    for rota in db.session.scalars(select(Rota).order_by(Rota.id)):
        if rota.settings.get("start") == data["start"] and rota.settings.get("end") == data["end"]:
            rota.settings = data
            return rota
    rota = Rota(
        name=f"Rota {settings.start:%-d %B %Y} to {settings.end:%-d %B %Y}",
        settings=data,
        demo=demo,
    )
    db.session.add(rota)
    db.session.flush()
    return rota


def acceptable(run: SolverRun) -> list[str]:
    """Why a run's plan cannot become a draft (empty: it can)."""
    if run.kind != "solve":
        return ["A re-plan is published from its own page, not accepted as a draft"]
    if run.plan is None:
        return ["This run has no plan"]
    if run.accepted_at is not None:
        return ["This plan has already been accepted"]
    if run.check_errors:
        return ["The independent checker found problems with this plan", *run.check_errors]
    return []


def accept_run(run: SolverRun, *, user_id: int | None, demo: bool = False) -> Rota:
    """Turn a solve's plan into draft reviews of its rota, replacing unpinned drafts.

    Published reviews and pinned drafts were fixed in the problem and are left as they are.
    The caller commits."""
    problems = acceptable(run)
    if problems:
        raise PlanRefused(problems)
    settings = settings_from_dict(run.settings or {})
    rota = rota_for(settings, demo=demo)
    rota.accepted_run_id = run.id
    if user_id is not None and rota.created_by is None:
        rota.created_by = user_id
    removed = 0
    for review in rota_reviews(rota, ("draft",)):
        if not review.pinned:
            db.session.delete(review)
            removed += 1
    reviewers = dict(db.session.execute(select(Reviewer.reference, Reviewer.id)).all())
    reviews_by_id = {r["id"]: r for r in run.problem["reviews"]}
    added = 0
    for planned in run.plan["reviews"]:
        if not planned["id"].startswith("RQ-"):
            continue
        request = db.session.get(ReviewRequest, int(planned["id"][3:]))
        spec = reviews_by_id[planned["id"]]
        review = Review(
            request_id=request.id if request else None,
            council_code=spec["council"],
            kind=spec["kind"],
            earliest=_date(spec["earliest"]),
            latest=_date(spec["latest"]),
            priority=spec.get("priority", 1),
            days=spec["days"],
            focus=list(spec.get("focus", [])),
            status="draft",
            start_date=_date(planned["start"]),
            end_date=_date(planned["end"]),
            uid=f"review-{uuid.uuid4()}@peerreview",
            sequence=0,
            demo=demo,
            rota_id=rota.id,
        )
        for role, column in ROLE_COLUMNS.items():
            setattr(review, column, spec["team"].get(role, 0))
        review.team_members = [
            TeamAssignment(
                reviewer_id=reviewers[m["reviewer"]],
                role=m["role"],
                lead=bool(m.get("lead")),
                reasons=list(m.get("reasons", [])),
            )
            for m in planned["team"]
        ]
        db.session.add(review)
        added += 1
    for planned in run.plan["reviews"]:
        if planned["id"].startswith("RV-"):
            review = db.session.get(Review, int(planned["id"][3:]))
            if review is not None and review.rota_id is None:
                review.rota_id = rota.id
    run.accepted_at = now()
    run.rota_id = rota.id
    db.session.flush()
    record_change(
        "accept_plan",
        "rota",
        rota.id,
        None,
        {"run": run.id, "drafts_added": added, "drafts_replaced": removed},
    )
    return rota


# ------------------------------------------------------------------------- publishing


def publish_rota(rota: Rota) -> int:
    """Publish every draft review of the rota if the whole rota passes the checker.

    Raises PlanRefused with the violations otherwise. Returns how many were published; the
    caller commits."""
    reviews = rota_reviews(rota)
    errors = rota_violations(rota, reviews)
    if errors:
        raise PlanRefused(errors)
    drafts = [r for r in reviews if r.status == "draft"]
    unplaced = [r for r in drafts if r.start_date is None]
    if unplaced:
        raise PlanRefused([f"RV-{r.id}: has no dates yet" for r in unplaced])
    for review in drafts:
        review.status = "published"
        touch(review)
        record_change("publish", "review", review.id, {"status": "draft"}, snapshot(review))
    rota.published_at = now()
    record_change("publish_rota", "rota", rota.id, None, {"published": len(drafts)})
    return len(drafts)


def _follow_spec(review: Review, spec: dict[str, Any] | None) -> None:
    """Copy a re-plan's review spec (the request as it is now) onto the review."""
    if spec is None:
        return
    review.earliest, review.latest = _date(spec["earliest"]), _date(spec["latest"])
    review.days, review.priority = spec["days"], spec.get("priority", 1)
    review.focus = list(spec.get("focus", []))
    for role, column in ROLE_COLUMNS.items():
        setattr(review, column, spec["team"].get(role, 0))


def changed_since(run: SolverRun, rota: Rota) -> list[Review]:
    """The rota's reviews whose dates or team differ from what the re-plan started from
    (its `previous`), or that appeared or went since: a coordinator's edit made while the
    re-plan ran, which publishing it would silently undo."""
    def placements(plan: dict[str, Any]) -> dict[str, tuple]:
        return {
            p["id"]: (p["start"], sorted((m["reviewer"], m["role"]) for m in p["team"]))
            for p in plan.get("reviews", [])
        }

    reviews = rota_reviews(rota)
    before = placements(run.previous or {})
    now = placements(rota_plan_dict(reviews, unplaced=False))
    return [
        r for r in reviews
        if before.get(review_key(r)) != now.get(review_key(r))
    ] + [
        r for r in rota_reviews(rota, ("cancelled", "completed"))
        if review_key(r) in before and review_key(r) not in now
    ]


def apply_replan(run: SolverRun, rota: Rota) -> list[Change]:
    """Apply a re-plan's changes to the rota and publish it, all or nothing.

    Reviews the re-plan could not place are cancelled (never deleted); their requests stay
    approved, so the next solve tries them again. Raises PlanRefused when the run is not a
    clean re-plan of this rota or when the rota would then break a hard rule."""
    if run.kind != "replan" or run.rota_id != rota.id:
        raise PlanRefused(["This run is not a re-plan of this rota"])
    if run.plan is None or run.status not in ("succeeded", "cancelled"):
        raise PlanRefused(["This run has no plan"])
    if run.accepted_at is not None:
        raise PlanRefused(["This re-plan has already been published"])
    if run.check_errors:
        raise PlanRefused(run.check_errors)
    moved = changed_since(run, rota)
    if moved:
        names = _council_names()
        listed = ", ".join(sorted({names.get(r.council_code, r.council_code) for r in moved}))
        raise PlanRefused([
            f"The rota has changed since this re-plan was made ({listed}). Publishing it "
            "would undo those changes: run the re-plan again, from the rota as it is now."
        ])
    current = rota_plan_dict(rota_reviews(rota))
    changes = diff_plans(run.problem, current, run.plan)
    reviewers = dict(db.session.execute(select(Reviewer.reference, Reviewer.id)).all())
    by_id = {p["id"]: p for p in run.plan["reviews"]}
    specs = {r["id"]: r for r in run.problem["reviews"]}
    for change in changes:
        review = db.session.get(Review, int(change.id[3:])) if change.id.startswith("RV-") else None
        if review is None:
            continue
        before = snapshot(review)
        planned = by_id.get(change.id)
        if planned is None:
            review.status = "cancelled"
        else:
            _follow_spec(review, specs.get(change.id))
            review.start_date, review.end_date = _date(planned["start"]), _date(planned["end"])
            keep = {(m.reviewer_id, m.role): m for m in review.team_members}
            members = []
            for m in planned["team"]:
                existing = keep.get((reviewers[m["reviewer"]], m["role"]))
                if existing is None:
                    existing = TeamAssignment(
                        reviewer_id=reviewers[m["reviewer"]],
                        role=m["role"],
                        reasons=list(m.get("reasons", [])),
                    )
                existing.lead = bool(m.get("lead"))
                members.append(existing)
            review.team_members = members
        touch(review)
        record_change("replan", "review", review.id, before, snapshot(review))
    changed = {change.id for change in changes}
    for key in run.free:  # a freed review whose request changed but whose place did not
        review = db.session.get(Review, int(key[3:])) if key not in changed else None
        if review is not None and review.status in LIVE and key in by_id:
            _follow_spec(review, specs.get(key))
    db.session.flush()
    errors = rota_violations(rota)
    if errors:
        raise PlanRefused(errors)
    publish_rota(rota)
    run.accepted_at = now()
    return changes
