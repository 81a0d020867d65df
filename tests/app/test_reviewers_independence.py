"""Which councils a reviewer may not review, and why (solver contract, hard rules 3 and 4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select

from peerreview.extensions import db
from peerreview.models import (
    CouncilBorder,
    OfstedEvent,
    ReviewerConflict,
    ReviewerEmployment,
    SupportPackage,
)
from peerreview.reviewers import services
from peerreview.reviewers.independence import (
    credibility_notes,
    independence_conflicts,
    worked_at_recently,
)
from tests.app.reviewers_helpers import ESSEX, reviewer

CORNWALL = "E06000052"
ESSEX_CODE = "E10000012"
RICHMOND = "E09000027"
KINGSTON = "E09000021"
TODAY = dt.date(2026, 11, 27)


def new_reviewer(reference: str, council: str):
    return services.create_reviewer(
        reference,
        services.ReviewerDetails(
            name="Test Person", email=f"{reference.lower()}@example.org", council_code=council,
            role="director", max_reviews=None, max_days=None, expertise={"leadership": 3},
        ),
    )


def reasons_by_code(exclusions) -> dict[str, tuple[str, ...]]:
    return {e.council.gss_code: e.reasons for e in exclusions}


def test_own_council_comes_first(app):
    essex = reviewer(ESSEX)
    exclusions = independence_conflicts(essex, on=TODAY)
    assert exclusions[0].council.gss_code == ESSEX_CODE
    assert exclusions[0].reasons == ("Their own council",)


def test_strategic_partner_counts_both_ways(app):
    # The relation is recorded on Cornwall's side (council_a = Cornwall).
    from_essex = reasons_by_code(independence_conflicts(reviewer(ESSEX), on=TODAY))
    assert any("Strategic partner" in reason for reason in from_essex[CORNWALL])
    from_cornwall = reasons_by_code(
        independence_conflicts(new_reviewer("T-CORN", CORNWALL), on=TODAY)
    )
    assert any("Strategic partner" in reason for reason in from_cornwall[ESSEX_CODE])


def test_shared_delivery_organisation_excludes_both_councils(app):
    reasons = reasons_by_code(independence_conflicts(new_reviewer("T-KING", KINGSTON), on=TODAY))
    assert any("Achieving for Children" in reason for reason in reasons[RICHMOND])


def test_borders_follow_the_exclude_borders_rule(app):
    essex = reviewer(ESSEX)
    bordering = {
        a if b == ESSEX_CODE else b
        for a, b in db.session.execute(
            select(CouncilBorder.council_a, CouncilBorder.council_b).where(
                (CouncilBorder.council_a == ESSEX_CODE) | (CouncilBorder.council_b == ESSEX_CODE)
            )
        )
    }
    assert bordering
    with_borders = reasons_by_code(independence_conflicts(essex, on=TODAY))
    assert all("Borders their council" in with_borders[code] for code in bordering)
    without = reasons_by_code(independence_conflicts(essex, on=TODAY, exclude_borders=False))
    assert not any("Borders their council" in reasons for reasons in without.values())


def test_recent_employment_excludes_but_old_employment_does_not(app):
    person = new_reviewer("T-JOBS", CORNWALL)
    person.employments.append(ReviewerEmployment(council_code=RICHMOND, until=dt.date(2025, 3, 31)))
    person.employments.append(ReviewerEmployment(council_code=KINGSTON, until=dt.date(2020, 3, 31)))
    person.employments.append(ReviewerEmployment(council_code="E08000005", until=None))
    db.session.flush()
    reasons = reasons_by_code(independence_conflicts(person, on=TODAY))
    assert reasons[RICHMOND] == ("They worked there until 31 March 2025",)
    assert KINGSTON not in reasons
    assert "E08000005" in reasons
    assert worked_at_recently(person.employments, TODAY) == {RICHMOND, "E08000005"}


def test_declared_conflicts_say_whether_confirmed(app):
    person = new_reviewer("T-CONF", CORNWALL)
    person.conflicts.append(ReviewerConflict(council_code=RICHMOND, kind="personal", pinned=True))
    person.conflicts.append(ReviewerConflict(council_code=KINGSTON, kind="professional"))
    db.session.flush()
    reasons = reasons_by_code(independence_conflicts(person, on=TODAY))
    assert any("confirmed by a coordinator" in r for r in reasons[RICHMOND])
    assert any("declared by the reviewer" in r for r in reasons[KINGSTON])


def test_reasons_are_merged_per_council(app):
    person = new_reviewer("T-MERGE", CORNWALL)
    person.conflicts.append(ReviewerConflict(council_code=ESSEX_CODE, kind="personal"))
    db.session.flush()
    exclusions = independence_conflicts(person, on=TODAY)
    essex = [e for e in exclusions if e.council.gss_code == ESSEX_CODE]
    assert len(essex) == 1 and len(essex[0].reasons) == 2


def test_computed_in_a_few_queries_whatever_the_register(app):
    person = reviewer(ESSEX)
    _ = (person.employments, person.conflicts)
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("query")

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        independence_conflicts(person, on=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 4


def test_lead_never_from_council_below_good(app):
    person = new_reviewer("T-LEAD", CORNWALL)
    db.session.add(OfstedEvent(council_code=CORNWALL, kind="inspection",
                               start_date=dt.date(2026, 10, 1), overall="inadequate"))
    db.session.flush()
    notes = credibility_notes(person, on=TODAY)
    assert any(note.startswith("Cannot lead a review") and "inadequate" in note for note in notes)
    db.session.add(OfstedEvent(council_code=CORNWALL, kind="inspection",
                               start_date=dt.date(2026, 11, 1), overall="outstanding"))
    db.session.flush()
    assert not any("Cannot lead" in note for note in credibility_notes(person, on=TODAY))


def test_council_in_intervention_is_not_asked_to_lend(app):
    person = new_reviewer("T-INTV", CORNWALL)
    db.session.add(SupportPackage(council_code=CORNWALL, form="intervention", kind="commissioner",
                                  start_date=dt.date(2026, 1, 1)))
    db.session.flush()
    assert any("formal intervention" in note for note in credibility_notes(person, on=TODAY))


def test_record_page_shows_the_independence_view(client, app):
    from tests.app.reviewers_helpers import COORDINATOR, as_user

    as_user(client, COORDINATOR)
    page = client.get(f"/reviewers/{ESSEX}").get_data(as_text=True)
    assert "may not review" in page and "Cornwall" in page
