"""The solver end to end: the source report's scenarios, re-planning, cancel and time limit."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

from solver.explain import NOT_REOPENED
from solver.greedy import greedy_plan
from solver.solve import Progress, solve
from tests.solver.helpers import assert_valid
from tests.solver.scenarios import medium_problem, torbay


def test_every_review_accounted_for_and_valid_on_a_medium_instance():
    problem = medium_problem(seed=1)
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    assert plan.status in ("optimal", "feasible")
    assert set(plan.objective_parts) == {
        "scheduled_priority",
        "expertise_depth",
        "continuity_context",
        "urgency_delay",
        "load_excess",
    }
    assert plan.objective == plan.objective_parts["scheduled_priority"]
    assert plan.bound is not None and plan.bound >= plan.objective


def test_never_worse_than_greedy_on_aim_one():
    for seed in (2, 3):
        problem = medium_problem(seed=seed)
        plan, hand_made = solve(problem, time_limit=3), greedy_plan(problem)
        assert_valid(problem, plan)
        assert plan.objective >= hand_made.objective


def test_urgent_review_first_when_one_director_for_two():
    problem = (
        torbay()
        .reviewer("D", "LEEDS", "director", max_reviews=1)
        .review("RV-LOW", "ROCHDALE", priority=1)
        .review("RV-URGENT", "TORBAY", priority=5)
        .problem()
    )
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    assert [r.id for r in plan.reviews] == ["RV-URGENT"]
    assert plan.status == "optimal"


def test_continuity_preferred_between_equal_experts():
    problem = (
        torbay()
        .reviewer("NEW", "HAMPSHIRE", "director")
        .reviewer("KNOWS", "HAMPSHIRE", "director", reviewed_before=["TORBAY"])
        .review("RV-1", "TORBAY")
        .problem()
    )
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    lead = plan.reviews[0].team[0]
    assert lead.reviewer == "KNOWS"
    assert "reviewed Torbay before" in lead.reasons


def test_urgent_review_starts_early_in_its_window():
    problem = torbay().reviewer("D", "LEEDS", "director").review("RV-1", "TORBAY", priority=5)
    plan = solve(problem.problem(), time_limit=3)
    assert plan.reviews[0].start == date(2027, 1, 4)


def test_load_spread_between_two_directors():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director")
        .reviewer("D2", "HAMPSHIRE", "director")
        .review("RV-1", "TORBAY", latest="2027-01-08")
        .review("RV-2", "ROCHDALE", earliest="2027-01-11")
        .problem()
    )
    plan = solve(problem, time_limit=3)
    assert_valid(problem, plan)
    leads = {r.lead for r in plan.reviews}
    assert leads == {"D1", "D2"}


def _withdraw(problem, reviewer_id):
    reviewer = problem.reviewers[reviewer_id]
    gone = replace(reviewer, unavailable=((problem.calendar.start, problem.calendar.end),))
    return replace(problem, reviewers={**problem.reviewers, reviewer_id: gone})


def _placements(plan):
    return {r.id: (r.start, {m.reviewer for m in r.team}) for r in plan.reviews}


def test_replan_after_a_withdrawal_changes_nothing_else():
    problem = (
        torbay()
        .reviewer("D1", "LEEDS", "director", expertise={"leadership": 3})
        .reviewer("D2", "HAMPSHIRE", "director", expertise={"leadership": 3})
        .reviewer("SPARE", "LEEDS", "director", expertise={"leadership": 2})
        .reviewer("P1", "LEEDS", "practitioner")
        .reviewer("P2", "HAMPSHIRE", "practitioner")
        .review("RV-1", "TORBAY", {"director": 1, "practitioner": 1}, focus=["leadership"])
        .review("RV-2", "ROCHDALE", {"director": 1, "practitioner": 1}, focus=["leadership"])
        .problem()
    )
    first = solve(problem, time_limit=3)
    assert_valid(problem, first)
    assert len(first.reviews) == 2
    withdrawn = first.reviews[0].lead
    changed = _withdraw(problem, withdrawn)

    second = solve(changed, time_limit=3, previous=first)
    assert_valid(changed, second)
    before, after = _placements(first), _placements(second)
    kept = first.reviews[1].id
    assert after[kept] == before[kept]
    start, team = after[first.reviews[0].id]
    assert start == first.reviews[0].start
    assert team == (before[first.reviews[0].id][1] - {withdrawn}) | {"SPARE"}


def test_replan_leaves_what_the_previous_plan_left_out_and_places_new_reviews():
    """A re-plan repairs: a review the previous plan could not place stays unscheduled with
    the earlier reasons passed on (not worked out again), and a review new to the problem is
    placed."""
    scenario = (
        torbay()
        .reviewer("D1", "LEEDS", "director", max_reviews=1)
        .reviewer("D2", "HAMPSHIRE", "director", max_reviews=1)
        .review("RV-1", "TORBAY", priority=5)
        .review("RV-2", "ROCHDALE", priority=1)
    )
    # Only D1 is credible and free for both (D2 is kept off Rochdale by a conflict).
    scenario.doc["reviewers"][1]["conflicts"] = ["ROCHDALE", "TORBAY"]
    problem = scenario.problem()
    first = solve(problem, time_limit=3)
    assert [r.id for r in first.reviews] == ["RV-1"]
    assert [u.id for u in first.unscheduled] == ["RV-2"]

    scenario.review("RV-3", "DEVON", priority=2)
    grown = scenario.problem()
    second = solve(grown, time_limit=3, previous=first)
    assert_valid(grown, second)
    assert _placements(second)["RV-1"] == _placements(first)["RV-1"]
    assert "RV-3" in _placements(second)
    left = {u.id: u.reasons for u in second.unscheduled}
    assert left["RV-2"][0] == NOT_REOPENED
    assert left["RV-2"][1:] == first.unscheduled[0].reasons


def test_replan_on_a_medium_instance_drops_the_withdrawn_reviewer():
    problem = medium_problem(seed=4)
    first = solve(problem, time_limit=3)
    withdrawn = first.reviews[0].team[-1].reviewer
    changed = _withdraw(problem, withdrawn)
    second = solve(changed, time_limit=3, previous=first)
    assert_valid(changed, second)
    assert all(withdrawn not in team for _start, team in _placements(second).values())
    served = [r.id for r in first.reviews if withdrawn in {m.reviewer for m in r.team}]
    # At worst the reviews they served are lost; everything else can always stay.
    assert second.objective >= first.objective - sum(problem.review(rid).priority for rid in served)


def test_progress_reported_for_improved_solutions():
    seen: list[Progress] = []
    problem = medium_problem(seed=5)
    plan = solve(problem, time_limit=3, on_progress=seen.append)
    assert_valid(problem, plan)
    assert seen and all(isinstance(p, Progress) for p in seen)
    assert seen[0].stage == "greedy"
    assert {p.stage for p in seen} <= {
        "greedy",
        "schedule",
        "expertise",
        "context",
        "timing_and_load",
    }
    assert all(p.gap is None or p.gap >= 0 for p in seen)
    assert plan.progress == tuple(seen)


def test_cancel_from_another_thread_returns_a_valid_plan():
    problem = medium_problem(seed=6, councils=40, weeks=10)
    cancel = threading.Event()
    timer = threading.Timer(1.0, cancel.set)
    timer.start()
    try:
        plan = solve(problem, time_limit=120, cancel=cancel)
    finally:
        timer.cancel()
    assert_valid(problem, plan)
    assert plan.status in ("feasible", "optimal")


def test_tiny_time_limit_still_returns_a_valid_plan():
    problem = medium_problem(seed=7, councils=40, weeks=10)
    plan = solve(problem, time_limit=0.01)
    assert_valid(problem, plan)
    assert plan.status in ("feasible", "optimal")
