"""The due-list rules, on plain records: no database, no Flask."""

from __future__ import annotations

import datetime as dt

from peerreview.requests.due import (
    CouncilRecord,
    InspectionRecord,
    PhaseRecord,
    add_months,
    due_for_council,
    due_from_records,
    parse_priority_areas,
)

D = dt.date


def council(**history) -> CouncilRecord:
    return CouncilRecord(code="E08000005", name="Rochdale", region="North West", **history)


def inspected(day: dt.date, overall: str | None, **extra) -> InspectionRecord:
    return InspectionRecord(day, overall, **extra)


# --- Baseline --------------------------------------------------------------------------------


def test_inadequate_inspection_makes_baseline_due_one_to_four_months_after():
    record = council(
        inspections=[inspected(D(2026, 3, 14), "inadequate")], review_dates=[D(2025, 1, 1)]
    )
    due = due_for_council(record, D(2026, 3, 20))
    assert due is not None and due.kind == "baseline"
    assert due.reason == "Inspected 14 March 2026: inadequate"
    assert (due.window_start, due.window_end) == (D(2026, 4, 14), D(2026, 7, 14))
    assert due.priority == 5
    assert not due.overdue


def test_requires_improvement_inspection_makes_baseline_due():
    record = council(inspections=[inspected(D(2026, 1, 10), "requires_improvement")])
    due = due_for_council(record, D(2026, 1, 20))
    assert due.kind == "baseline" and due.priority == 4
    assert "requires improvement to be good" in due.reason


def test_new_director_makes_baseline_due_with_leadership_focus():
    record = council(
        inspections=[inspected(D(2020, 1, 1), "good")],
        director_changes=[D(2026, 5, 1)],
        review_dates=[D(2025, 6, 1)],
    )
    due = due_for_council(record, D(2026, 5, 2))
    assert due.kind == "baseline"
    assert due.reason == "New director of children's services from 1 May 2026"
    assert "leadership" in due.focus


def test_review_after_the_trigger_answers_the_baseline():
    record = council(
        inspections=[inspected(D(2026, 1, 10), "inadequate")], review_dates=[D(2026, 3, 1)]
    )
    assert due_for_council(record, D(2026, 6, 1)) is None


def test_review_before_the_trigger_does_not_answer_it():
    record = council(
        inspections=[inspected(D(2026, 1, 10), "inadequate")], review_dates=[D(2025, 12, 1)]
    )
    assert due_for_council(record, D(2026, 2, 1)).kind == "baseline"


def test_good_inspection_after_an_inadequate_one_ends_the_baseline():
    record = council(
        inspections=[inspected(D(2025, 1, 1), "inadequate"), inspected(D(2026, 1, 1), "good")],
        review_dates=[D(2024, 6, 1)],
    )
    due = due_for_council(record, D(2026, 2, 1))
    assert due.kind != "baseline"


def test_baseline_trigger_expires_after_trigger_months():
    record = council(
        inspections=[inspected(D(2020, 1, 1), "inadequate")], review_dates=[D(2024, 1, 1)]
    )
    assert due_for_council(record, D(2022, 6, 1), trigger_months=24).kind == "cycle"
    assert due_for_council(record, D(2021, 6, 1), trigger_months=24).kind == "baseline"


def test_events_after_the_as_of_date_are_unknown():
    record = council(
        inspections=[inspected(D(2027, 1, 1), "inadequate")], review_dates=[D(2025, 1, 1)]
    )
    assert due_for_council(record, D(2026, 6, 1)) is None


# --- Validation ------------------------------------------------------------------------------


def test_moving_into_a_new_phase_makes_validation_due_six_to_twelve_months_on():
    record = council(
        phases=[
            PhaseRecord("poor_to_fair", D(2024, 1, 1)),
            PhaseRecord("fair_to_good", D(2026, 2, 1)),
        ],
        review_dates=[D(2024, 3, 1)],
    )
    due = due_for_council(record, D(2026, 2, 10))
    assert due.kind == "validation"
    assert due.reason == "Moved into the fair-to-good phase (from poor-to-fair) on 1 February 2026"
    assert (due.window_start, due.window_end) == (D(2026, 8, 1), D(2027, 2, 1))


def test_moving_back_a_phase_is_not_a_validation():
    record = council(
        phases=[
            PhaseRecord("fair_to_good", D(2024, 1, 1)),
            PhaseRecord("poor_to_fair", D(2026, 2, 1)),
        ],
        review_dates=[D(2025, 3, 1)],
    )
    assert due_for_council(record, D(2026, 2, 10)) is None


def test_improved_judgement_is_a_validation_not_a_new_baseline():
    record = council(
        inspections=[
            inspected(D(2024, 1, 1), "inadequate"),
            inspected(D(2026, 1, 1), "requires_improvement"),
        ],
        review_dates=[D(2024, 3, 1)],
    )
    due = due_for_council(record, D(2026, 2, 1))
    assert due.kind == "validation"
    assert "Improved from inadequate to requires improvement" in due.reason


# --- Focused ---------------------------------------------------------------------------------


def test_priority_areas_named_by_the_inspection_make_a_focused_review_due():
    record = council(
        inspections=[
            inspected(D(2026, 3, 1), "good", priority_areas=("care_leavers", "early_help"))
        ],
        review_dates=[D(2025, 1, 1)],
    )
    due = due_for_council(record, D(2026, 3, 5))
    assert due.kind == "focused"
    assert due.focus[:2] == ("care_leavers", "early_help")
    assert (due.window_start, due.window_end) == (D(2026, 5, 1), D(2026, 9, 1))


def test_weak_sub_judgement_of_a_good_council_makes_a_focused_review_due():
    record = council(
        inspections=[
            inspected(D(2026, 3, 1), "good", sub_judgements={"care_leavers": "inadequate",
                                                             "leaders": "good"})
        ],
        review_dates=[D(2025, 1, 1)],
    )
    due = due_for_council(record, D(2026, 3, 5))
    assert due.kind == "focused" and due.priority == 4
    assert due.focus == ("care_leavers",)
    assert "care leavers" in due.reason


def test_baseline_carries_the_inspections_weak_areas_as_focus():
    record = council(
        inspections=[
            inspected(D(2026, 3, 1), "inadequate", sub_judgements={"in_care": "inadequate"})
        ],
    )
    due = due_for_council(record, D(2026, 3, 5))
    assert due.kind == "baseline"
    assert "children_in_care" in due.focus
    assert any("judged children in care less than good" in r for r in due.also)


# --- Cycle -----------------------------------------------------------------------------------


def test_no_review_for_the_cycle_period_makes_a_cycle_review_due():
    record = council(review_dates=[D(2022, 6, 1)])
    due = due_for_council(record, D(2026, 1, 1), cycle_years=3)
    assert due.kind == "cycle"
    assert due.reason == "Last peer review 1 June 2022: more than 3 years ago"
    assert due.overdue


def test_cycle_period_is_configurable():
    record = council(review_dates=[D(2022, 6, 1)])
    assert due_for_council(record, D(2026, 1, 1), cycle_years=4) is None
    assert due_for_council(record, D(2026, 1, 1), cycle_years=2).kind == "cycle"


def test_council_never_reviewed_is_due_a_cycle_review_within_the_next_cycle():
    due = due_for_council(council(), D(2026, 1, 1), cycle_years=3)
    assert due.kind == "cycle" and due.reason == "No peer review on record"
    assert due.window_start == D(2026, 2, 1) and due.window_end == D(2029, 1, 1)


def test_recently_reviewed_council_is_not_due():
    assert due_for_council(council(review_dates=[D(2025, 6, 1)]), D(2026, 1, 1)) is None


# --- One row per council, windows, ordering --------------------------------------------------


def test_one_entry_per_council_carries_the_other_reasons():
    record = council(
        inspections=[inspected(D(2025, 12, 1), "inadequate")], director_changes=[D(2026, 1, 5)]
    )
    due = due_for_council(record, D(2026, 1, 10))
    assert due.kind == "baseline"
    assert due.reason.startswith("New director")  # the most recent trigger leads
    assert due.also == ("Inspected 1 December 2025: inadequate",)
    assert due.priority == 5  # the most urgent trigger sets the priority


def test_overdue_window_is_moved_to_start_after_today():
    record = council(inspections=[inspected(D(2025, 1, 1), "inadequate")])
    on = D(2026, 1, 1)
    due = due_for_council(record, on)
    assert due.overdue
    assert due.window_start == on + dt.timedelta(days=14)
    assert (due.window_end - due.window_start).days >= 90


def test_due_list_is_most_urgent_first():
    records = [
        CouncilRecord("E1", "Alpha", "London", review_dates=[D(2020, 1, 1)]),
        CouncilRecord("E2", "Beta", "London", inspections=[inspected(D(2026, 1, 1), "inadequate")]),
        CouncilRecord("E3", "Gamma", "London", review_dates=[D(2025, 6, 1)]),
    ]
    due = due_from_records(records, D(2026, 2, 1))
    assert [d.council_name for d in due] == ["Beta", "Alpha"]


def test_rochdale_record_shows_baseline_due_in_2013():
    """The report's case: inadequate 2012, new director 2013. Without the 2013 review that
    followed, the due list in September 2013 still asks for the baseline."""
    record = council(
        inspections=[inspected(D(2012, 1, 1), "inadequate")],
        director_changes=[D(2013, 1, 1)],
        phases=[PhaseRecord("poor_to_fair", D(2012, 1, 1))],
    )
    due = due_for_council(record, D(2013, 9, 1))
    assert due.kind == "baseline"
    assert due.trigger_date.year == 2013
    assert due.window_start.year == 2013
    assert "Inspected 1 January 2012: inadequate" in due.reasons


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_priority_areas_read_as_keys_or_labels():
    parsed = parse_priority_areas("care_leavers; Early help, nonsense")
    assert parsed == ("care_leavers", "early_help")
    assert parse_priority_areas(None) == ()
