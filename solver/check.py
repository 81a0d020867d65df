"""An independent plan checker: re-tests every hard rule of the contract on a finished plan.

It shares no code with the model (solver/rules, solve, greedy, explain, supply) on purpose: a
misunderstanding written once in a constraint builder must not be repeated here and so go
unseen. Each rule is one plain function that reads the problem's raw fields itself (even the
symmetric council relations are rebuilt here rather than taken from `Problem.related`).

`check_plan` returns one line per violation, each starting `[rule N name]`; an empty list
means the plan obeys every hard rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from solver.schema import Plan, PlannedReview, Problem, Review

ROLE_NAMES = ("director", "senior_manager", "practitioner", "councillor")
GOOD_JUDGEMENTS = ("good", "outstanding")


def check_plan(problem: Problem, plan: Plan) -> list[str]:
    """Every hard-rule violation of `plan` for `problem`, one line each (empty: valid)."""
    problems: list[str] = []
    problems += _coverage(problem, plan)
    # The per-review rules only make sense for reviews the problem knows about.
    placed = [
        (problem.reviews_by_id[p.id], p) for p in plan.reviews if p.id in problem.reviews_by_id
    ]
    for review, planned in placed:
        problems += _team(problem, review, planned)
        problems += _lead(problem, review, planned)
        problems += _dates(problem, review, planned)
        problems += _independence(problem, review, planned)
        problems += _credibility(problem, review, planned)
        problems += _expertise(problem, review, planned)
    problems += _reviewer_limits(problem, placed)
    problems += _reciprocity(problem, placed)
    problems += _national_capacity(problem, placed)
    problems += _lending(problem, placed)
    problems += _fixed(problem, plan)
    return problems


def _line(rule: str, subject: str, message: str) -> str:
    """`[rule] subject: message`; the subject is a review id, or the reviewer, council or date
    a plan-wide rule is about."""
    return f"[{rule}] {subject}: {message}"


def _known_members(problem: Problem, planned: PlannedReview):
    """(member, reviewer record) for members whose reviewer exists (unknown ones are reported
    by the team rule)."""
    for member in planned.team:
        reviewer = problem.reviewers.get(member.reviewer)
        if reviewer is not None:
            yield member, reviewer


def _on_site(planned: PlannedReview, review: Review) -> list[date]:
    """The dates a review is on site: `days` consecutive dates from its start."""
    return [planned.start + timedelta(days=i) for i in range(review.days)]


# ---------------------------------------------------------------- every review exactly once


def _coverage(problem: Problem, plan: Plan) -> Iterator[str]:
    rule = "coverage"
    counts: dict[str, int] = defaultdict(int)
    for item in (*plan.reviews, *plan.unscheduled):
        counts[item.id] += 1
    for review_id, n in counts.items():
        if review_id not in problem.reviews_by_id:
            yield _line(rule, review_id, "is not a review of the problem")
        elif n > 1:
            yield _line(rule, review_id, f"appears {n} times in the plan, not once")
    for review in problem.reviews:
        if counts[review.id] == 0:
            yield _line(rule, review.id, "is neither scheduled nor unscheduled")


# ---------------------------------------------------------------- rule 1: team


def _team(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    rule = "rule 1 team"
    ids = [m.reviewer for m in planned.team]
    for rid in sorted({r for r in ids if ids.count(r) > 1}):
        yield _line(rule, review.id, f"reviewer {rid} is in the team more than once")
    count = dict.fromkeys(ROLE_NAMES, 0)
    for member in planned.team:
        reviewer = problem.reviewers.get(member.reviewer)
        if reviewer is None:
            yield _line(rule, review.id, f"unknown reviewer {member.reviewer}")
            continue
        if member.role not in count:
            yield _line(rule, review.id, f"{member.reviewer} has unknown role {member.role!r}")
            continue
        if reviewer.role != member.role:
            yield _line(
                rule,
                review.id,
                f"{member.reviewer} is a {reviewer.role} but serves as {member.role}",
            )
        count[member.role] += 1
    for role in ROLE_NAMES:
        needed = review.team.get(role, 0)
        if count[role] != needed:
            yield _line(rule, review.id, f"has {count[role]} {role}(s), needs exactly {needed}")


def _lead(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    """The lead is the director member; a team with no director names no lead."""
    rule = "lead"
    leads = [m for m in planned.team if m.lead]
    directors = [m for m in planned.team if m.role == "director"]
    for member in leads:
        if member.role != "director":
            yield _line(rule, review.id, f"lead {member.reviewer} is a {member.role}, not director")
    director_leads = [m for m in directors if m.lead]
    if directors and len(director_leads) != 1:
        yield _line(
            rule,
            review.id,
            f"has {len(director_leads)} director(s) flagged lead, needs exactly one",
        )
    if not directors and leads:
        yield _line(rule, review.id, "has no director, so must name no lead")


# ---------------------------------------------------------------- rule 2: dates


def _dates(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    rule = "rule 2 dates"
    cal = problem.calendar
    if not 1 <= review.days <= 5:
        yield _line(rule, review.id, f"{review.days} days on site is outside 1 to 5")
    expected_end = planned.start + timedelta(days=review.days - 1)
    if planned.end != expected_end:
        yield _line(
            rule,
            review.id,
            f"end {planned.end} is not the last on-site day {expected_end} "
            f"({review.days} days from {planned.start})",
        )
    if planned.start < review.earliest:
        yield _line(rule, review.id, f"starts {planned.start}, before earliest {review.earliest}")
    if expected_end > review.latest:
        yield _line(rule, review.id, f"ends {expected_end}, after latest {review.latest}")
    for d in _on_site(planned, review):
        if not cal.start <= d <= cal.end:
            yield _line(rule, review.id, f"on site {d}, outside the calendar")
        elif d.weekday() >= 5:
            yield _line(rule, review.id, f"on site {d}, a {d:%A}")
        elif d in cal.closed_dates:
            yield _line(rule, review.id, f"on site {d}, a closed date")


# ---------------------------------------------------------------- rule 3: independence


def _linked(problem: Problem, a: str, b: str, relation: str) -> bool:
    """True when either council lists the other under `relation`."""
    council_a, council_b = problem.councils.get(a), problem.councils.get(b)
    return (council_a is not None and b in getattr(council_a, relation)) or (
        council_b is not None and a in getattr(council_b, relation)
    )


def _independence(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    rule = "rule 3 independence"
    reviewed = review.council
    for member, reviewer in _known_members(problem, planned):
        home = reviewer.council
        who = f"{member.reviewer} (from {home})"
        if home == reviewed:
            yield _line(rule, review.id, f"{who} is from the reviewed council")
        if _linked(problem, home, reviewed, "partners"):
            yield _line(rule, review.id, f"{who} is from a strategic partner of {reviewed}")
        if _linked(problem, home, reviewed, "shared_leadership"):
            yield _line(
                rule, review.id, f"{who} is from a council sharing leadership with {reviewed}"
            )
        if problem.rules.exclude_borders and _linked(problem, home, reviewed, "borders"):
            yield _line(rule, review.id, f"{who} is from a council bordering {reviewed}")
        if reviewed in reviewer.worked_at:
            yield _line(rule, review.id, f"{member.reviewer} has worked at {reviewed}")
        if reviewed in reviewer.conflicts:
            yield _line(rule, review.id, f"{member.reviewer} declared a conflict with {reviewed}")


# ---------------------------------------------------------------- rule 4: credibility


def _credibility(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    rule = "rule 4 credibility"
    directors = [m for m in planned.team if m.role == "director"]
    # The lead is the director member. If the flags do not say which director (an error the
    # lead check reports), every director is held to the lead's standard.
    flagged = [m for m in directors if m.lead]
    leads = {m.reviewer for m in (flagged if len(flagged) == 1 else directors)}
    for member, reviewer in _known_members(problem, planned):
        council = problem.councils.get(reviewer.council)
        if council is None:
            continue
        if (
            problem.rules.lead_from_good_or_better
            and member.reviewer in leads
            and council.latest_judgement not in GOOD_JUDGEMENTS
        ):
            yield _line(
                rule,
                review.id,
                f"lead {member.reviewer} is from {council.code}, judged "
                f"{council.latest_judgement or 'not yet'}, not good or outstanding",
            )
        if problem.rules.protect_intervention_councils and council.in_intervention:
            yield _line(
                rule, review.id, f"{member.reviewer} is from {council.code}, in intervention"
            )


# ---------------------------------------------------------------- rule 5: expertise


def _expertise(problem: Problem, review: Review, planned: PlannedReview) -> Iterator[str]:
    rule = "rule 5 expertise"
    members = [reviewer for _, reviewer in _known_members(problem, planned)]
    for area in review.focus:
        if not any(reviewer.expertise.get(area, 0) >= 2 for reviewer in members):
            yield _line(rule, review.id, f"no member holds {area} at level 2 or more")


# ---------------------------------------------------------------- rule 6: reviewer limits


def _reviewer_limits(problem: Problem, placed: list[tuple[Review, PlannedReview]]) -> Iterator[str]:
    rule = "rule 6 reviewer limits"
    by_reviewer: dict[str, list[tuple[Review, PlannedReview]]] = defaultdict(list)
    for review, planned in placed:
        for member in planned.team:
            if member.reviewer in problem.reviewers:
                by_reviewer[member.reviewer].append((review, planned))
    gap = problem.rules.min_gap_days
    for rid, jobs in sorted(by_reviewer.items()):
        reviewer = problem.reviewers[rid]
        jobs.sort(key=lambda job: job[1].start)
        spans = [(p.start, p.start + timedelta(days=r.days - 1), r) for r, p in jobs]
        # Overlap and gap: compare every pair, not only neighbours, so nothing hides.
        for i, (start_a, end_a, rev_a) in enumerate(spans):
            for start_b, end_b, rev_b in spans[i + 1 :]:
                if start_b <= end_a and start_a <= end_b:
                    yield _line(rule, rev_a.id, f"{rid} is also on site at {rev_b.id} then")
                elif start_b > end_a and (start_b - end_a).days < gap:
                    yield _line(
                        rule,
                        rev_a.id,
                        f"{rid} starts {rev_b.id} {(start_b - end_a).days} day(s) after this "
                        f"ends; at least {gap} needed",
                    )
        for start, end, rev in spans:
            for first, last in reviewer.unavailable:
                if start <= last and first <= end:
                    yield _line(rule, rev.id, f"{rid} is unavailable {first} to {last}")
        if reviewer.max_reviews is not None and len(spans) > reviewer.max_reviews:
            yield _line(rule, rid, f"serves in {len(spans)} reviews, limit {reviewer.max_reviews}")
        days = sum(rev.days for _, _, rev in spans)
        if reviewer.max_days is not None and days > reviewer.max_days:
            yield _line(rule, rid, f"is on site {days} days, limit {reviewer.max_days}")


# ---------------------------------------------------------------- rule 7: reciprocity


def _reciprocity(problem: Problem, placed: list[tuple[Review, PlannedReview]]) -> Iterator[str]:
    if not problem.rules.no_reciprocal:
        return
    rule = "rule 7 no reciprocity"
    # (lending council, reviewed council) -> a review showing it
    visits: dict[tuple[str, str], str] = {}
    for review, planned in placed:
        for _, reviewer in _known_members(problem, planned):
            visits.setdefault((reviewer.council, review.council), review.id)
    for (a, b), review_id in sorted(visits.items()):
        if a < b and (b, a) in visits:
            yield _line(
                rule,
                review_id,
                f"{a} reviews {b} here while {b} reviews {a} in {visits[(b, a)]}",
            )


# ---------------------------------------------------------------- rule 8: national capacity


def _national_capacity(
    problem: Problem, placed: list[tuple[Review, PlannedReview]]
) -> Iterator[str]:
    limit = problem.calendar.max_concurrent
    if limit is None:
        return
    rule = "rule 8 national capacity"
    on_site: dict[date, list[str]] = defaultdict(list)
    for review, planned in placed:
        for d in _on_site(planned, review):
            on_site[d].append(review.id)
    for d, ids in sorted(on_site.items()):
        if len(ids) > limit:
            yield _line(
                rule, d.isoformat(), f"{len(ids)} reviews on site ({', '.join(ids)}), limit {limit}"
            )


# ---------------------------------------------------------------- rule 9: lending


def _lending(problem: Problem, placed: list[tuple[Review, PlannedReview]]) -> Iterator[str]:
    limit = problem.rules.max_reviews_per_lending_council
    if limit is None:
        return
    rule = "rule 9 lending"
    served: dict[str, set[str]] = defaultdict(set)
    for review, planned in placed:
        for _, reviewer in _known_members(problem, planned):
            served[reviewer.council].add(review.id)
    for council, ids in sorted(served.items()):
        if len(ids) > limit:
            yield _line(rule, council, f"members serve in {len(ids)} reviews, limit {limit}")


# ---------------------------------------------------------------- rule 10: fixed


def _fixed(problem: Problem, plan: Plan) -> Iterator[str]:
    rule = "rule 10 fixed"
    planned_by_id = {p.id: p for p in plan.reviews}
    unscheduled_by_id = {u.id: u for u in plan.unscheduled}
    for review in problem.reviews:
        if review.fixed is None:
            continue
        planned = planned_by_id.get(review.id)
        if planned is None:
            # Allowed only when the plan says why the published review no longer holds.
            dropped = unscheduled_by_id.get(review.id)
            if dropped is not None and not dropped.reasons:
                yield _line(rule, review.id, "fixed review dropped without a reason")
            continue
        if planned.start != review.fixed.start:
            yield _line(rule, review.id, f"starts {planned.start}, fixed at {review.fixed.start}")
        kept = sorted((m.reviewer, m.role) for m in planned.team)
        fixed = sorted((m.reviewer, m.role) for m in review.fixed.team)
        if kept != fixed:
            yield _line(rule, review.id, f"team {kept} differs from the fixed team {fixed}")
