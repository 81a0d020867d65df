"""The independent checker catches each hard rule being broken, on plans built by hand.

Every test starts from the hand-made problem and its valid plan (see problems.py), breaks one
thing, and expects exactly the rule concerned to be reported.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from solver.check import check_plan
from solver.schema import PlannedMember, Unscheduled, parse_problem
from tests.solver.problems import hand_made, hand_made_dict, plan_of, planned, valid_plan

MON_11 = date(2027, 1, 11)


def rules_broken(lines: list[str]) -> set[str]:
    """The rule labels (`rule 3 independence`, `coverage`, ...) of the checker's lines."""
    return {line[1 : line.index("]")] for line in lines}


def check_with(problem_changes=None, *reviews, unscheduled=()):
    data = hand_made_dict()
    if problem_changes:
        problem_changes(data)
    return check_plan(parse_problem(data), plan_of(*reviews, unscheduled=unscheduled))


RV1_OK = planned(
    "RV-001",
    date(2027, 1, 5),
    3,
    ("D1", "director"),
    ("S1", "senior_manager"),
    ("P2", "practitioner"),
)
RV2_OK = planned("RV-002", MON_11, 2, ("D2", "director"), ("P1", "practitioner"))


def test_valid_plan_passes():
    assert check_plan(hand_made(), valid_plan()) == []


def test_unscheduling_everything_is_valid():
    assert check_with(None, unscheduled=("RV-001", "RV-002")) == []


# ------------------------------------------------------------------ coverage


def test_review_missing_from_plan_is_caught():
    lines = check_with(None, RV1_OK)
    assert lines == ["[coverage] RV-002: is neither scheduled nor unscheduled"]


def test_review_both_scheduled_and_unscheduled_is_caught():
    lines = check_with(None, RV1_OK, RV2_OK, unscheduled=("RV-002",))
    assert lines == ["[coverage] RV-002: appears 2 times in the plan, not once"]


def test_unknown_review_is_caught():
    lines = check_with(None, RV1_OK, RV2_OK, unscheduled=("RV-999",))
    assert lines == ["[coverage] RV-999: is not a review of the problem"]


# ------------------------------------------------------------------ rule 1: team


def test_missing_member_is_caught():
    short = planned("RV-001", date(2027, 1, 5), 3, ("D1", "director"), ("S1", "senior_manager"))
    lines = check_with(None, short, RV2_OK)
    assert lines == ["[rule 1 team] RV-001: has 0 practitioner(s), needs exactly 1"]


def test_same_reviewer_twice_is_caught():
    twice = planned("RV-002", MON_11, 2, ("D2", "director"), ("D2", "director"))
    lines = check_with(lambda d: d["reviews"][1]["team"].update(director=2, practitioner=0), twice)
    assert "[rule 1 team] RV-002: reviewer D2 is in the team more than once" in lines


def test_member_in_wrong_role_is_caught():
    wrong = planned("RV-002", MON_11, 2, ("D2", "director"), ("S1", "practitioner"))
    lines = check_with(None, RV1_OK, wrong)
    assert "[rule 1 team] RV-002: S1 is a senior_manager but serves as practitioner" in lines


def test_unknown_reviewer_is_caught():
    ghost = planned("RV-002", MON_11, 2, ("D2", "director"), ("GHOST", "practitioner"))
    lines = check_with(None, RV1_OK, ghost)
    assert lines == [
        "[rule 1 team] RV-002: unknown reviewer GHOST",
        "[rule 1 team] RV-002: has 0 practitioner(s), needs exactly 1",
    ]


# ------------------------------------------------------------------ lead flag


def test_lead_must_be_the_director():
    team = (
        PlannedMember("D2", "director", lead=False),
        PlannedMember("P1", "practitioner", lead=True),
    )
    lines = check_with(None, RV1_OK, replace(RV2_OK, team=team))
    assert lines == [
        "[lead] RV-002: lead P1 is a practitioner, not director",
        "[lead] RV-002: has 0 director(s) flagged lead, needs exactly one",
    ]


def test_director_without_lead_flag_is_caught():
    team = tuple(replace(m, lead=False) for m in RV2_OK.team)
    lines = check_with(None, RV1_OK, replace(RV2_OK, team=team))
    assert lines == ["[lead] RV-002: has 0 director(s) flagged lead, needs exactly one"]


def test_team_without_director_names_no_lead():
    def no_director(data):
        data["reviews"][1]["team"] = {"practitioner": 1}

    leaderless = planned("RV-002", MON_11, 2, ("P1", "practitioner"))
    assert check_with(no_director, RV1_OK, leaderless) == []
    flagged = replace(leaderless, team=(PlannedMember("P1", "practitioner", lead=True),))
    assert "[lead] RV-002: has no director, so must name no lead" in check_with(
        no_director, RV1_OK, flagged
    )


# ------------------------------------------------------------------ rule 2: dates


def test_review_spanning_a_weekend_is_caught():
    weekend = replace(RV1_OK, start=date(2027, 1, 7), end=date(2027, 1, 9))
    lines = check_with(None, weekend, RV2_OK)
    assert lines == [
        "[rule 2 dates] RV-001: on site 2027-01-09, a Saturday",
    ]


def test_review_on_a_closed_date_is_caught():
    closed = replace(RV1_OK, start=date(2027, 1, 19), end=date(2027, 1, 21))
    lines = check_with(None, closed, RV2_OK)
    assert lines == ["[rule 2 dates] RV-001: on site 2027-01-20, a closed date"]


def test_review_outside_its_window_is_caught():
    def narrow(data):
        data["reviews"][0]["earliest"] = "2027-01-06"
        data["reviews"][1]["latest"] = "2027-01-11"

    lines = check_with(narrow, RV1_OK, RV2_OK)
    assert lines == [
        "[rule 2 dates] RV-001: starts 2027-01-05, before earliest 2027-01-06",
        "[rule 2 dates] RV-002: ends 2027-01-12, after latest 2027-01-11",
    ]


def test_end_must_be_the_last_on_site_day():
    lines = check_with(None, replace(RV1_OK, end=date(2027, 1, 8)), RV2_OK)
    assert lines == [
        "[rule 2 dates] RV-001: end 2027-01-08 is not the last on-site day 2027-01-07 "
        "(3 days from 2027-01-05)"
    ]


def test_review_outside_the_calendar_is_caught():
    def late_window(data):
        data["reviews"][1]["latest"] = "2027-02-28"

    late = replace(RV2_OK, start=date(2027, 2, 1), end=date(2027, 2, 2))
    lines = check_with(late_window, RV1_OK, late)
    assert "[rule 2 dates] RV-002: on site 2027-02-01, outside the calendar" in lines


# ------------------------------------------------------------------ rule 3: independence


def _swap(review, old: str, new: str):
    team = tuple(replace(m, reviewer=new) if m.reviewer == old else m for m in review.team)
    return replace(review, team=team)


def test_member_from_reviewed_council_is_caught():
    lines = check_with(None, _swap(RV1_OK, "P2", "P5"), RV2_OK)
    assert lines == ["[rule 3 independence] RV-001: P5 (from REV1) is from the reviewed council"]


def test_border_listed_on_the_other_side_still_counts():
    # GOOD2 lists REV1 as a border; REV1 does not list GOOD2.
    lines = check_with(None, _swap(RV1_OK, "P2", "P1"), RV2_OK)
    assert lines == [
        "[rule 3 independence] RV-001: P1 (from GOOD2) is from a council bordering REV1"
    ]


def test_borders_allowed_when_rule_switched_off():
    def allow_borders(data):
        data["rules"]["exclude_borders"] = False

    assert check_with(allow_borders, _swap(RV1_OK, "P2", "P1"), RV2_OK) == []


def test_partner_and_shared_leadership_are_caught():
    lines = check_with(None, RV1_OK, _swap(RV2_OK, "P1", "P2"))
    assert lines == [
        "[rule 3 independence] RV-002: P2 (from RI1) is from a strategic partner of REV2"
    ]
    lines = check_with(None, RV1_OK, _swap(RV2_OK, "P1", "P6"))
    assert lines == [
        "[rule 3 independence] RV-002: P6 (from GOOD1) is from a council sharing leadership "
        "with REV2"
    ]


def test_worked_at_and_conflicts_are_caught():
    def history(data):
        data["reviewers"][0]["worked_at"] = ["REV1"]
        data["reviewers"][5]["conflicts"] = ["REV1"]

    lines = check_with(history, RV1_OK, RV2_OK)
    assert lines == [
        "[rule 3 independence] RV-001: D1 has worked at REV1",
        "[rule 3 independence] RV-001: S1 declared a conflict with REV1",
    ]


# ------------------------------------------------------------------ rule 4: credibility


def test_lead_from_council_requiring_improvement_is_caught():
    lines = check_with(None, _swap(RV1_OK, "D1", "D3"), RV2_OK)
    assert lines == [
        "[rule 4 credibility] RV-001: lead D3 is from RI1, judged requires_improvement, "
        "not good or outstanding"
    ]


def test_only_the_lead_director_needs_a_good_council():
    def two_directors(data):
        data["reviews"][0]["team"]["director"] = 2

    team = (
        PlannedMember("D1", "director", lead=True),
        PlannedMember("D3", "director", lead=False),  # from RI1, not the lead
        PlannedMember("S1", "senior_manager", lead=False),
        PlannedMember("P2", "practitioner", lead=False),
    )
    assert check_with(two_directors, replace(RV1_OK, team=team), RV2_OK) == []
    swapped = tuple(replace(m, lead=m.reviewer == "D3") for m in team)
    lines = check_with(two_directors, replace(RV1_OK, team=swapped), RV2_OK)
    assert lines == [
        "[rule 4 credibility] RV-001: lead D3 is from RI1, judged requires_improvement, "
        "not good or outstanding"
    ]


def test_lead_credibility_rule_can_be_switched_off():
    def relax(data):
        data["rules"]["lead_from_good_or_better"] = False

    assert check_with(relax, _swap(RV1_OK, "D1", "D3"), RV2_OK) == []


def test_member_from_council_in_intervention_is_caught():
    lines = check_with(None, _swap(RV1_OK, "P2", "P3"), RV2_OK)
    assert lines == ["[rule 4 credibility] RV-001: P3 is from INAD, in intervention"]


def test_intervention_councils_may_lend_when_unprotected():
    def relax(data):
        data["rules"]["protect_intervention_councils"] = False

    assert check_with(relax, _swap(RV1_OK, "P2", "P3"), RV2_OK) == []


# ------------------------------------------------------------------ rule 5: expertise


def test_focus_area_without_level_two_member_is_caught():
    # D4 holds front_door at level 1 only.
    lines = check_with(None, _swap(RV1_OK, "D1", "D4"), RV2_OK)
    assert lines == ["[rule 5 expertise] RV-001: no member holds front_door at level 2 or more"]


# ------------------------------------------------------------------ rule 6: reviewer limits


def test_overlapping_reviews_of_one_reviewer_are_caught():
    # D1 cannot lead RV-002 (GOOD1 shares REV2's leadership) so use a fresh problem change:
    # let S1 serve on both reviews at overlapping dates.
    def s1_practitioner_slot(data):
        data["reviews"][1]["team"] = {"director": 1, "senior_manager": 1}
        data["councils"][5]["shared_leadership"] = []

    clash = planned("RV-002", date(2027, 1, 6), 2, ("D2", "director"), ("S1", "senior_manager"))
    lines = check_with(s1_practitioner_slot, RV1_OK, clash)
    assert lines == ["[rule 6 reviewer limits] RV-001: S1 is also on site at RV-002 then"]


def test_min_gap_days_is_enforced_end_to_next_start():
    def gap(n):
        def change(data):
            data["reviews"][1]["team"] = {"director": 1, "senior_manager": 1}
            data["councils"][5]["shared_leadership"] = []
            data["rules"]["min_gap_days"] = n

        return change

    # RV-001 ends Thursday 7th; S1 starts RV-002 on Monday 11th: 4 days after.
    later = planned("RV-002", MON_11, 2, ("D2", "director"), ("S1", "senior_manager"))
    assert check_with(gap(4), RV1_OK, later) == []
    assert check_with(gap(5), RV1_OK, later) == [
        "[rule 6 reviewer limits] RV-001: S1 starts RV-002 4 day(s) after this ends; "
        "at least 5 needed"
    ]


def test_unavailable_range_touching_a_review_is_caught():
    def away(data):
        data["reviewers"][1]["unavailable"] = [["2027-01-01", "2027-01-11"]]

    lines = check_with(away, RV1_OK, RV2_OK)
    assert lines == ["[rule 6 reviewer limits] RV-002: D2 is unavailable 2027-01-01 to 2027-01-11"]


def test_max_reviews_and_max_days_are_enforced():
    def limits(data):
        data["reviews"][1]["team"] = {"director": 1, "senior_manager": 1}
        data["councils"][5]["shared_leadership"] = []
        data["reviewers"][5]["max_reviews"] = 1
        data["reviewers"][5]["max_days"] = 4

    later = planned("RV-002", MON_11, 2, ("D2", "director"), ("S1", "senior_manager"))
    lines = check_with(limits, RV1_OK, later)
    assert lines == [
        "[rule 6 reviewer limits] S1: serves in 2 reviews, limit 1",
        "[rule 6 reviewer limits] S1: is on site 5 days, limit 4",
    ]


# ------------------------------------------------------------------ rule 7: reciprocity


def test_reciprocal_reviews_are_caught():
    # P4 from REV2 reviews REV1 while P5 from REV1 reviews REV2.
    rv1 = _swap(RV1_OK, "P2", "P4")
    rv2 = _swap(RV2_OK, "P1", "P5")
    lines = check_with(None, rv1, rv2)
    assert lines == [
        "[rule 7 no reciprocity] RV-002: REV1 reviews REV2 here while REV2 reviews REV1 in RV-001"
    ]

    def allow(data):
        data["rules"]["no_reciprocal"] = False

    assert check_with(allow, rv1, rv2) == []


# ------------------------------------------------------------------ rule 8: national capacity


def test_too_many_reviews_on_site_at_once_is_caught():
    def one_at_a_time(data):
        data["calendar"]["max_concurrent"] = 1

    assert check_with(one_at_a_time, RV1_OK, RV2_OK) == []
    same_days = replace(RV2_OK, start=date(2027, 1, 6), end=date(2027, 1, 7))
    lines = check_with(one_at_a_time, RV1_OK, same_days)
    assert lines == [
        "[rule 8 national capacity] 2027-01-06: 2 reviews on site (RV-001, RV-002), limit 1",
        "[rule 8 national capacity] 2027-01-07: 2 reviews on site (RV-001, RV-002), limit 1",
    ]


# ------------------------------------------------------------------ rule 9: lending


def test_lending_council_over_its_limit_is_caught():
    def k(n):
        def change(data):
            data["rules"]["max_reviews_per_lending_council"] = n

        return change

    # GOOD1 lends D1 and S1, both to RV-001: that is one review.
    assert check_with(k(1), RV1_OK, RV2_OK) == []
    # RI1 lends P2 to RV-001 and S2 ... make GOOD2 lend to two reviews instead.
    rv1 = _swap(RV1_OK, "S1", "S2")  # RI1 now lends P2 and S2 to RV-001 (one review)
    assert check_with(k(1), rv1, RV2_OK) == []
    rv1_good2 = planned(
        "RV-001",
        date(2027, 1, 5),
        3,
        ("D1", "director"),
        ("S1", "senior_manager"),
        ("P6", "practitioner"),
    )
    rv2_good1 = RV2_OK  # GOOD2 lends D2 and P1 to RV-002

    def k1_no_shared(data):
        k(1)(data)

    assert check_with(k1_no_shared, rv1_good2, rv2_good1) == []
    # Now GOOD2 serves in both reviews: P1 may not visit REV1 (border), so allow borders.
    rv1_two = _swap(rv1_good2, "P6", "P1")

    def k1_borders_allowed(data):
        k(1)(data)
        data["rules"]["exclude_borders"] = False

    lines = check_with(k1_borders_allowed, rv1_two, rv2_good1)
    assert lines == ["[rule 9 lending] GOOD2: members serve in 2 reviews, limit 1"]


# ------------------------------------------------------------------ rule 10: fixed


def _fix_rv2(data):
    data["reviews"][1]["fixed"] = {
        "start": "2027-01-11",
        "team": [
            {"reviewer": "D2", "role": "director"},
            {"reviewer": "P1", "role": "practitioner"},
        ],
    }


def test_fixed_review_kept_is_valid():
    assert check_with(_fix_rv2, RV1_OK, RV2_OK) == []


def test_fixed_review_moved_is_caught():
    moved = replace(RV2_OK, start=date(2027, 1, 12), end=date(2027, 1, 13))
    lines = check_with(_fix_rv2, RV1_OK, moved)
    assert lines == ["[rule 10 fixed] RV-002: starts 2027-01-12, fixed at 2027-01-11"]


def test_fixed_review_with_changed_team_is_caught():
    def fix_with_p6_allowed(data):
        _fix_rv2(data)
        data["councils"][5]["shared_leadership"] = []

    changed = _swap(RV2_OK, "P1", "P6")
    lines = check_with(fix_with_p6_allowed, RV1_OK, changed)
    assert lines == [
        "[rule 10 fixed] RV-002: team [('D2', 'director'), ('P6', 'practitioner')] differs "
        "from the fixed team [('D2', 'director'), ('P1', 'practitioner')]"
    ]


def test_fixed_review_dropped_needs_a_reason():
    problem = hand_made_dict()
    _fix_rv2(problem)
    silent = plan_of(RV1_OK)
    silent = replace(silent, unscheduled=(Unscheduled("RV-002", ()),))
    lines = check_plan(parse_problem(problem), silent)
    assert lines == ["[rule 10 fixed] RV-002: fixed review dropped without a reason"]
    explained = replace(silent, unscheduled=(Unscheduled("RV-002", ("D2 now unavailable",)),))
    assert check_plan(parse_problem(problem), explained) == []


def test_every_rule_has_a_test_above():
    """Guard: the labels the checker can emit are all exercised in this module."""
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    for label in (
        "coverage",
        "lead",
        *(f"rule {n} " for n in range(1, 11)),
    ):
        assert f"[{label}" in source
    assert rules_broken(["[rule 3 independence] x: y"]) == {"rule 3 independence"}
