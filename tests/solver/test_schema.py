"""Parsing the contract's JSON: valid input becomes typed objects, every broken field is named."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings

from solver.schema import (
    PlanError,
    Problem,
    ProblemError,
    load_problem,
    load_schema,
    parse_plan,
    parse_problem,
    plan_to_dict,
    problem_to_dict,
)
from tests.solver.problems import hand_made, hand_made_dict, problem_dicts, valid_plan

CONTRACT_EXAMPLE = {
    "format": "peerreview-problem/1",
    "calendar": {
        "start": "2027-01-04",
        "end": "2027-12-17",
        "closed_dates": ["2027-03-26", "2027-03-29"],
        "max_concurrent": 6,
    },
    "rules": {
        "exclude_borders": True,
        "lead_from_good_or_better": True,
        "protect_intervention_councils": True,
        "no_reciprocal": True,
        "max_reviews_per_lending_council": None,
        "min_gap_days": 0,
    },
    "councils": [
        {
            "code": "E08000005",
            "name": "Rochdale",
            "region": "North West",
            "type": "metropolitan",
            "latest_judgement": "requires_improvement",
            "in_intervention": False,
            "borders": ["E08000001"],
            "partners": [],
            "shared_leadership": [],
        },
        {
            "code": "E08000001",
            "name": "Bolton",
            "region": "North West",
            "latest_judgement": "good",
            "in_intervention": False,
        },
        {
            "code": "E10000014",
            "name": "Hampshire",
            "region": "South East",
            "latest_judgement": "outstanding",
            "in_intervention": False,
        },
    ],
    "reviewers": [
        {
            "id": "R0001",
            "council": "E10000014",
            "role": "director",
            "expertise": {"leadership": 3, "front_door": 2},
            "max_reviews": 2,
            "max_days": 10,
            "unavailable": [["2027-07-26", "2027-08-31"]],
            "worked_at": [],
            "conflicts": [],
            "reviewed_before": ["E08000005"],
        }
    ],
    "reviews": [
        {
            "id": "RV-001",
            "council": "E08000005",
            "kind": "baseline",
            "earliest": "2027-02-01",
            "latest": "2027-05-28",
            "days": 4,
            "team": {"director": 1, "senior_manager": 1, "practitioner": 1, "councillor": 0},
            "focus": ["front_door", "care_leavers"],
            "priority": 5,
            "fixed": None,
        }
    ],
}


def errors_of(data: dict) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        parse_problem(data)
    assert caught.value.errors, "a ProblemError must carry at least one line"
    return caught.value.errors


# ------------------------------------------------------------------ valid input


def test_contract_example_parses_to_typed_objects():
    problem = parse_problem(CONTRACT_EXAMPLE)
    assert problem.calendar.start == date(2027, 1, 4)
    assert date(2027, 3, 26) in problem.calendar.closed_dates
    assert problem.calendar.max_concurrent == 6
    rochdale = problem.councils["E08000005"]
    assert rochdale.borders == frozenset({"E08000001"})
    assert problem.reviewers["R0001"].unavailable == ((date(2027, 7, 26), date(2027, 8, 31)),)
    review = problem.reviews[0]
    assert review.team == {"director": 1, "senior_manager": 1, "practitioner": 1, "councillor": 0}
    assert review.team_size == 3
    assert review.focus == ("front_door", "care_leavers")


def test_optional_fields_take_the_contract_defaults():
    problem = hand_made()
    assert problem.rules.exclude_borders is True
    assert problem.rules.lead_from_good_or_better is True
    assert problem.rules.protect_intervention_councils is True
    assert problem.rules.no_reciprocal is True
    assert problem.rules.max_reviews_per_lending_council is None
    assert problem.rules.min_gap_days == 0
    d1 = problem.reviewers["D1"]
    assert (d1.max_reviews, d1.max_days, d1.unavailable, d1.worked_at) == (None, None, (), set())
    rv2 = problem.review("RV-002")
    # A role missing from `team` means 0; priority and fixed default to 1 and null.
    assert rv2.team["senior_manager"] == 0 and rv2.team["councillor"] == 0
    assert rv2.focus == () and rv2.fixed is None
    data = hand_made_dict()
    del data["reviews"][1]["priority"]
    assert parse_problem(data).review("RV-002").priority == 1


def test_relations_count_both_ways_whichever_side_lists_them():
    problem = hand_made()
    # GOOD2 lists REV1 as a border; REV1 lists nothing.
    assert problem.related("REV1", "GOOD2") == {"borders"}
    assert problem.related("GOOD2", "REV1") == {"borders"}
    assert problem.related("RI1", "REV2") == {"partners"}
    assert problem.related("GOOD1", "REV2") == {"shared_leadership"}
    assert problem.related("GOOD1", "REV1") == set()
    assert problem.excluded_councils("REV1") == {"REV1", "GOOD2"}
    assert problem.excluded_councils("REV2") == {"REV2", "RI1", "GOOD1"}


def test_working_days_skip_weekends_and_closed_dates():
    calendar = hand_made().calendar
    days = calendar.working_days()
    assert days[0] == date(2027, 1, 4)
    assert date(2027, 1, 9) not in days  # Saturday
    assert date(2027, 1, 20) not in days  # closed
    assert len(days) == 19
    assert not calendar.is_working_day(date(2027, 2, 1))  # after the end


def test_start_dates_fit_window_and_working_days():
    problem = hand_made()
    starts = problem.start_dates(problem.review("RV-001"))  # 3 days on site
    assert date(2027, 1, 4) in starts and date(2027, 1, 6) in starts
    assert date(2027, 1, 7) not in starts  # would run into Saturday
    assert date(2027, 1, 18) not in starts  # would touch the closed 20th
    assert date(2027, 1, 27) in starts and date(2027, 1, 28) not in starts


@settings(max_examples=40, deadline=None)
@given(problem_dicts())
def test_problem_round_trips_through_json(data):
    problem = parse_problem(data)
    again = parse_problem(json.loads(json.dumps(problem_to_dict(problem))))
    assert again == problem


def test_plan_round_trips_and_validates_against_its_schema():
    plan = valid_plan()
    data = plan_to_dict(plan)
    assert data["format"] == "peerreview-plan/1"
    assert data["reviews"][0]["team"][0] == {"reviewer": "D1", "role": "director", "lead": True}
    assert parse_plan(json.loads(json.dumps(data))) == plan


def test_schemas_are_valid_draft_2020_12():
    import jsonschema

    for name in ("problem", "plan"):
        schema = load_schema(name)
        assert schema["$schema"].endswith("2020-12/schema")
        jsonschema.Draft202012Validator.check_schema(schema)


# ------------------------------------------------------------------ errors name record and field


def test_days_above_five_names_review_and_field():
    data = hand_made_dict()
    data["reviews"][1]["days"] = 7
    assert errors_of(data) == ["reviews[1] (id RV-002).days: 7 is more than 5"]


def test_missing_required_field_is_named():
    data = hand_made_dict()
    del data["reviewers"][2]["role"]
    assert errors_of(data) == ["reviewers[2] (id D3).role: is required but missing"]


def test_bad_enum_lists_the_allowed_values():
    data = hand_made_dict()
    data["councils"][0]["latest_judgement"] = "fine"
    [line] = errors_of(data)
    assert line.startswith('councils[0] (code GOOD1).latest_judgement: "fine" is not one of')
    assert "requires_improvement" in line


def test_unknown_field_is_reported():
    data = hand_made_dict()
    data["reviews"][0]["prioirty"] = 2
    assert errors_of(data) == ["reviews[0] (id RV-001): unknown field(s) 'prioirty'"]


def test_wrong_format_is_reported():
    data = hand_made_dict()
    data["format"] = "peerreview-problem/2"
    assert errors_of(data) == ['format: "peerreview-problem/2" should be "peerreview-problem/1"']


def test_all_schema_errors_are_collected():
    data = hand_made_dict()
    data["reviews"][0]["priority"] = 9
    data["reviewers"][0]["expertise"]["front_door"] = 4
    data["calendar"]["start"] = "4 Jan 2027"
    errors = errors_of(data)
    assert "reviews[0] (id RV-001).priority: 9 is more than 5" in errors
    assert "reviewers[0] (id D1).expertise.front_door: 4 is more than 3" in errors
    assert 'calendar.start: "4 Jan 2027" is not a date (YYYY-MM-DD)' in errors
    assert len(errors) == 3


def test_impossible_date_is_reported():
    data = hand_made_dict()
    data["reviews"][0]["latest"] = "2027-02-30"
    assert errors_of(data) == [
        'reviews[0] (id RV-001).latest: "2027-02-30" is not a real date (YYYY-MM-DD)'
    ]


def test_window_ending_before_it_starts_is_reported():
    data = hand_made_dict()
    data["reviews"][1]["earliest"] = "2027-01-20"
    data["reviews"][1]["latest"] = "2027-01-10"
    assert errors_of(data) == [
        "reviews[1] (id RV-002).latest: 2027-01-10 is before earliest 2027-01-20"
    ]


def test_unordered_unavailable_range_is_reported():
    data = hand_made_dict()
    data["reviewers"][0]["unavailable"] = [["2027-01-10", "2027-01-05"]]
    assert errors_of(data) == [
        "reviewers[0] (id D1).unavailable[0]: range ends 2027-01-05 before it starts 2027-01-10"
    ]


def test_calendar_end_before_start_is_reported():
    data = hand_made_dict()
    data["calendar"]["end"] = "2027-01-01"
    assert errors_of(data) == ["calendar.end: 2027-01-01 is before start 2027-01-04"]


def test_duplicate_ids_are_reported():
    data = hand_made_dict()
    data["reviewers"][1]["id"] = "D1"
    data["reviews"][1]["id"] = "RV-001"
    data["councils"][1]["code"] = "GOOD1"
    errors = errors_of(data)
    assert "reviewers[1] (id D1).id: 'D1' repeats reviewers[0]" in errors
    assert "reviews[1] (id RV-001).id: 'RV-001' repeats reviews[0]" in errors
    assert "councils[1] (code GOOD1).code: 'GOOD1' repeats councils[0]" in errors


def test_unknown_references_are_reported_everywhere():
    data = hand_made_dict()
    data["councils"][0]["borders"] = ["NOWHERE"]
    data["reviewers"][0]["council"] = "ATLANTIS"
    data["reviewers"][1]["conflicts"] = ["GOOD1", "ELDORADO"]
    data["reviews"][0]["council"] = "LILLIPUT"
    errors = errors_of(data)
    assert errors == [
        "councils[0] (code GOOD1).borders[0]: unknown council code 'NOWHERE'",
        "reviewers[0] (id D1).council: unknown council code 'ATLANTIS'",
        "reviewers[1] (id D2).conflicts[1]: unknown council code 'ELDORADO'",
        "reviews[0] (id RV-001).council: unknown council code 'LILLIPUT'",
    ]


def test_council_related_to_itself_is_reported():
    data = hand_made_dict()
    data["councils"][4]["partners"] = ["REV1"]
    assert errors_of(data) == [
        "councils[4] (code REV1).partners: a council cannot be related to itself"
    ]


def test_empty_team_is_reported():
    data = hand_made_dict()
    data["reviews"][1]["team"] = {"director": 0}
    assert errors_of(data) == ["reviews[1] (id RV-002).team: needs at least one member"]


def test_fixed_team_must_match_roles_and_counts():
    data = hand_made_dict()
    data["reviews"][1]["fixed"] = {
        "start": "2027-01-11",
        "team": [
            {"reviewer": "S1", "role": "director"},  # S1 is a senior manager
            {"reviewer": "P1", "role": "practitioner"},
            {"reviewer": "P1", "role": "practitioner"},  # twice
            {"reviewer": "GHOST", "role": "councillor"},
        ],
    }
    errors = errors_of(data)
    assert errors == [
        "reviews[1] (id RV-002).fixed.team[0].role: S1 is a senior_manager, not a director",
        "reviews[1] (id RV-002).fixed.team[2].reviewer: P1 appears twice in the team",
        "reviews[1] (id RV-002).fixed.team[3].reviewer: unknown reviewer id 'GHOST'",
        "reviews[1] (id RV-002).fixed.team: has 2 practitioner member(s) but the review's team "
        "needs 1",
        "reviews[1] (id RV-002).fixed.team: has 1 councillor member(s) but the review's team "
        "needs 0",
    ]


def test_valid_fixed_review_parses():
    data = hand_made_dict()
    data["reviews"][1]["fixed"] = {
        "start": "2027-01-11",
        "team": [
            {"reviewer": "D2", "role": "director"},
            {"reviewer": "P1", "role": "practitioner"},
        ],
    }
    fixed = parse_problem(data).review("RV-002").fixed
    assert fixed is not None and fixed.start == date(2027, 1, 11)
    assert [m.reviewer for m in fixed.team] == ["D2", "P1"]


def test_top_level_must_be_an_object():
    assert errors_of([]) == ["document: [] should be object"]


def test_load_problem_reports_unreadable_and_invalid_json(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(ProblemError) as caught:
        load_problem(missing)
    assert caught.value.errors[0].startswith(f"{missing}: cannot read file")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    with pytest.raises(ProblemError) as caught:
        load_problem(broken)
    assert caught.value.errors[0].startswith(f"{broken}: not valid JSON")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(hand_made_dict()))
    assert isinstance(load_problem(good), Problem)


def test_bad_plan_raises_plan_error_naming_the_field():
    data = plan_to_dict(valid_plan())
    data["reviews"][0]["team"][0]["lead"] = "yes"
    data["status"] = "great"
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    assert 'reviews[0] (id RV-001).team[0].lead: "yes" should be boolean' in caught.value.errors
    assert any(line.startswith('status: "great" is not one of') for line in caught.value.errors)
