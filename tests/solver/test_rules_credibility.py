"""Hard rule 4: the lead comes from a good or better council; councils in intervention lend
no one."""

from __future__ import annotations

from solver.rules.context import RuleContext
from solver.rules.credibility import can_lead, credibility_conflict, lending_barred
from solver.solve import solve
from tests.solver.helpers import assert_valid, reasons_of, team_of
from tests.solver.scenarios import torbay


def test_only_good_or_better_councils_lead():
    problem = (
        torbay()
        .reviewer("GOOD", "HAMPSHIRE", "director")
        .reviewer("OUTSTANDING", "LEEDS", "director")
        .reviewer("RI", "ROCHDALE", "director")
        .problem()
    )
    ctx = RuleContext(problem)
    verdicts = {pid: can_lead(ctx, p) for pid, p in problem.reviewers.items()}
    assert verdicts == {"GOOD": True, "OUTSTANDING": True, "RI": False}
    assert credibility_conflict(ctx, problem.reviewers["RI"], "director") == "lead_judgement"


def test_any_council_leads_when_the_rule_is_off():
    problem = torbay(lead_from_good_or_better=False).reviewer("RI", "ROCHDALE", "director")
    ctx = RuleContext(problem.problem())
    assert can_lead(ctx, ctx.problem.reviewers["RI"])


def test_council_in_intervention_is_barred_from_lending():
    problem = torbay().reviewer("P", "SLOUGH", "practitioner").problem()
    ctx = RuleContext(problem)
    assert lending_barred(ctx, problem.reviewers["P"])
    assert not lending_barred(
        RuleContext(
            torbay(protect_intervention_councils=False)
            .reviewer("P", "SLOUGH", "practitioner")
            .problem()
        ),
        problem.reviewers["P"],
    )


def test_lead_never_from_council_requiring_improvement():
    scenario = torbay().reviewer("RI", "ROCHDALE", "director").review("RV-1", "TORBAY")
    problem = scenario.problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert plan.reviews == ()
    assert "1 from councils not judged good or better" in reasons_of(plan, "RV-1")

    problem = scenario.reviewer("GOOD", "HAMPSHIRE", "director").problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert team_of(plan, "RV-1") == {"GOOD": "director"}
    assert plan.reviews[0].lead == "GOOD"


def test_council_in_intervention_lends_no_one():
    scenario = (
        torbay()
        .reviewer("D", "LEEDS", "director")
        .reviewer("P", "SLOUGH", "practitioner")
        .review("RV-1", "TORBAY", {"director": 1, "practitioner": 1})
    )
    problem = scenario.problem()
    plan = solve(problem, time_limit=5)
    assert_valid(problem, plan)
    assert plan.reviews == ()
    assert "1 from councils in intervention" in reasons_of(plan, "RV-1")
