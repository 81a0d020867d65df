"""Adding, correcting and deleting events on a council's record, and who may do it."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import (
    AuditEntry,
    CapacityAssessment,
    CouncilRelation,
    ImprovementPhase,
    LeadershipChange,
    OfstedEvent,
    SupportPackage,
)
from tests.conftest import sign_in

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
NORTH_WEST = ("northwest@demo.peerreview.invalid", "demo-northwest")
ROCHDALE_USER = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")

ROCHDALE = "E08000005"  # North West
OLDHAM = "E08000004"  # North West, Rochdale's neighbour
CORNWALL = "E06000052"  # South West: outside the North West coordinator's region

SLUGS = ["inspection", "monitoring-visit", "focused-visit", "leadership", "phase", "support",
         "relation", "capacity"]


def date_fields(name: str, day: int | str, month: int | str, year: int | str) -> list:
    """GOV.UK date inputs post three values under one name: day, month, year."""
    return [(name, str(day)), (name, str(month)), (name, str(year))]


def post(client, url: str, pairs: list[tuple[str, str]]):
    from werkzeug.datastructures import MultiDict

    return client.post(url, data=MultiDict(pairs))


def title_of(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def error_links(page: str) -> list[tuple[str, str]]:
    summary = re.search(r"govuk-error-summary__list.*?</ul>", page, re.S)
    assert summary, "no error summary on the page"
    links = re.findall(r"<a href=\"#([^\"]+)\">([^<]+)</a>", summary.group(0))
    return [(href, html.unescape(text)) for href, text in links]


def inspection_form(**overrides) -> list[tuple[str, str]]:
    values = {
        "framework": "ilacs",
        "inspection_type": "standard",
        "overall": "good",
        "leaders": "good",
        "help_protection": "requires_improvement",
        "in_care": "good",
        "care_leavers": "good",
        "report_url": "https://reports.ofsted.gov.uk/provider/44/80501",
        "note": "Added in a test",
    }
    dates = {"start_date": (3, 11, 2025), "end_date": (14, 11, 2025)}
    for key, value in overrides.items():
        if key in dates:
            dates[key] = value
        else:
            values[key] = value
    pairs = [(key, value) for key, value in values.items() if value is not None]
    for key, value in dates.items():
        if value is not None:
            pairs += date_fields(key, *value)
    return pairs


def audit_entries(entity: str, entity_id: int) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id)
        )
    )


def newest(model, **where):
    db.session.expire_all()
    query = select(model).order_by(model.id.desc())
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalars(query).first()


# --- Who may change the record ----------------------------------------------------------------


def test_record_is_public_but_shows_no_forms_to_anonymous_users(client):
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Timeline" in page
    assert "Add to the record" not in page
    assert f"/councils/{ROCHDALE}/inspection/new" not in page
    assert ">Correct<" not in page
    assert "Capacity assessments" not in page


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_users_are_sent_to_sign_in(client, slug):
    for response in (client.get(f"/councils/{ROCHDALE}/{slug}/new"),
                     client.post(f"/councils/{ROCHDALE}/{slug}/new", data={})):
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_anonymous_users_cannot_edit_or_delete(client):
    event = newest(OfstedEvent, council_code=ROCHDALE, kind="inspection")
    for url in (f"/councils/{ROCHDALE}/inspection/{event.id}/edit",
                f"/councils/{ROCHDALE}/inspection/{event.id}/delete"):
        response = client.post(url, data={"version": str(event.version)})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.get(OfstedEvent, event.id) is not None


@pytest.mark.parametrize("who", [ROCHDALE_USER, REVIEWER], ids=["council_user", "reviewer"])
def test_council_users_and_reviewers_may_not_change_a_record(client, who):
    sign_in(client, *who)
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Add to the record" not in page
    assert client.get(f"/councils/{ROCHDALE}/inspection/new").status_code == 403
    before = db.session.scalar(select(db.func.count(OfstedEvent.id)))
    response = post(client, f"/councils/{ROCHDALE}/inspection/new", inspection_form())
    assert response.status_code == 403
    assert db.session.scalar(select(db.func.count(OfstedEvent.id))) == before
    event = newest(OfstedEvent, council_code=ROCHDALE, kind="inspection")
    assert client.post(f"/councils/{ROCHDALE}/inspection/{event.id}/delete",
                       data={"version": str(event.version)}).status_code == 403


def test_regional_coordinator_edits_own_region_only(client):
    sign_in(client, *NORTH_WEST)
    assert client.get(f"/councils/{ROCHDALE}/inspection/new").status_code == 200
    assert "Add to the record" in client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    cornwall_page = client.get(f"/councils/{CORNWALL}").get_data(as_text=True)
    assert "Add to the record" not in cornwall_page
    assert client.get(f"/councils/{CORNWALL}/inspection/new").status_code == 403
    response = post(client, f"/councils/{CORNWALL}/inspection/new", inspection_form())
    assert response.status_code == 403
    event = newest(OfstedEvent, council_code=CORNWALL)
    slug = {"inspection": "inspection", "monitoring_visit": "monitoring-visit"}[event.kind]
    assert client.get(f"/councils/{CORNWALL}/{slug}/{event.id}/edit").status_code == 403
    assert client.post(f"/councils/{CORNWALL}/{slug}/{event.id}/delete",
                       data={"version": str(event.version)}).status_code == 403


# --- Not found --------------------------------------------------------------------------------


def test_unknown_council_kind_or_item_is_404(client):
    sign_in(client, *COORDINATOR)
    assert client.get("/councils/E99999999/inspection/new").status_code == 404
    assert client.get(f"/councils/{ROCHDALE}/party/new").status_code == 404
    assert client.get(f"/councils/{ROCHDALE}/inspection/999999/edit").status_code == 404
    assert client.post(f"/councils/{ROCHDALE}/inspection/999999/delete").status_code == 404


def test_an_event_is_only_reachable_through_its_own_council(client):
    sign_in(client, *COORDINATOR)
    cornwall_event = newest(OfstedEvent, council_code=CORNWALL, kind="inspection")
    assert client.get(
        f"/councils/{ROCHDALE}/inspection/{cornwall_event.id}/edit").status_code == 404
    # The right council but the wrong kind of event is not found either.
    assert client.get(
        f"/councils/{CORNWALL}/focused-visit/{cornwall_event.id}/edit").status_code == 404
    phase = newest(ImprovementPhase, council_code=CORNWALL)
    assert client.get(f"/councils/{ROCHDALE}/phase/{phase.id}/delete").status_code == 404


# --- Inspections ------------------------------------------------------------------------------


def test_coordinator_adds_an_inspection_and_it_is_audited(client):
    sign_in(client, *COORDINATOR)
    form = client.get(f"/councils/{ROCHDALE}/inspection/new")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert 'id="start_date-day"' in page and 'id="start_date-year"' in page
    response = post(client, f"/councils/{ROCHDALE}/inspection/new", inspection_form())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    event = newest(OfstedEvent, council_code=ROCHDALE)
    assert (event.kind, event.framework, event.overall) == ("inspection", "ilacs", "good")
    assert event.help_protection == "requires_improvement"
    assert event.start_date.isoformat() == "2025-11-03"
    [entry] = audit_entries("ofsted_event", event.id)
    assert entry.action == "create" and entry.actor == COORDINATOR[0]
    assert entry.before is None and entry.after["overall"] == "good"
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "3 November 2025" in page
    assert "Inspection added" in page or "Ofsted inspection added" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": (1, 11, 2025)}, "end_date-day",
         "End date must be the same as or after the start date"),
        ({"start_date": (31, 2, 2025)}, "start_date-day", "Start date must be a real date"),
        ({"start_date": (3, "", 2025)}, "start_date-day", "Start date must include a month"),
        ({"start_date": ("x", 11, 2025)}, "start_date-day", "Start date must be a real date"),
        ({"start_date": None}, "start_date-day", "Enter the start date"),
        ({"report_url": "http://reports.ofsted.gov.uk/x"}, "report_url",
         "Enter a report address that starts with https://"),
        ({"framework": None}, "framework", "Select the inspection framework"),
        ({"framework": "post_reform"}, "overall", "Leave overall effectiveness blank"),
        ({"leaders": "splendid"}, "leaders", "Select a valid option for impact of leaders"),
    ],
)
def test_inspection_form_validation(client, overrides, field, message):
    sign_in(client, *COORDINATOR)
    before = db.session.scalar(select(db.func.count(OfstedEvent.id)))
    response = post(client, f"/councils/{ROCHDALE}/inspection/new", inspection_form(**overrides))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert title_of(page).startswith("Error: ")
    links = error_links(page)
    assert any(href == field and text.startswith(message) for href, text in links), links
    assert f'id="{field}"' in page  # the summary's link lands on a real field
    assert db.session.scalar(select(db.func.count(OfstedEvent.id))) == before


def test_post_reform_inspection_without_overall_judgement_is_accepted(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/inspection/new",
                    inspection_form(framework="post_reform", overall="",
                                    start_date=(4, 5, 2026), end_date=(8, 5, 2026)))
    assert response.status_code == 302
    event = newest(OfstedEvent, council_code=ROCHDALE)
    assert event.framework == "post_reform" and event.overall is None
    assert event.leaders == "good"


def test_correcting_an_inspection_records_before_after_and_reason(client):
    sign_in(client, *COORDINATOR)
    post(client, f"/councils/{ROCHDALE}/inspection/new", inspection_form())
    event = newest(OfstedEvent, council_code=ROCHDALE)
    seen = event.version
    url = f"/councils/{ROCHDALE}/inspection/{event.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="2025"' in page and f'name="version" type="hidden" value="{seen}"' in page
    pairs = inspection_form(overall="requires_improvement")
    pairs += [("version", str(seen)), ("reason", "Misread the report")]
    response = post(client, url, pairs)
    assert response.status_code == 302
    corrected = newest(OfstedEvent, council_code=ROCHDALE)
    assert corrected.overall == "requires_improvement" and corrected.version == seen + 1
    entries = audit_entries("ofsted_event", event.id)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["overall"] == "good"
    assert entries[1].after["overall"] == "requires_improvement"
    assert entries[1].reason == "Misread the report"


def test_correction_validation_failure_is_400(client):
    sign_in(client, *COORDINATOR)
    event = newest(OfstedEvent, council_code=ROCHDALE, kind="inspection")
    pairs = inspection_form(end_date=(1, 1, 2000)) + [("version", str(event.version))]
    response = post(client, f"/councils/{ROCHDALE}/inspection/{event.id}/edit", pairs)
    assert response.status_code == 400
    assert title_of(response.get_data(as_text=True)).startswith("Error: ")


def test_concurrent_correction_is_refused_with_a_clear_message(client):
    sign_in(client, *COORDINATOR)
    event = newest(OfstedEvent, council_code=ROCHDALE, kind="inspection")
    seen_version = event.version
    # Someone else corrects it after our form was opened.
    event.note = "Changed by someone else"
    db.session.commit()
    pairs = inspection_form(overall="inadequate") + [("version", str(seen_version))]
    response = post(client, f"/councils/{ROCHDALE}/inspection/{event.id}/edit", pairs)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert title_of(page).startswith("Error: ")
    assert "Someone else changed this record" in page
    assert "Changed by someone else" in page  # the form now shows their version
    db.session.expire_all()
    assert db.session.get(OfstedEvent, event.id).overall != "inadequate"


def test_deleting_an_event_asks_first_and_is_audited(client):
    sign_in(client, *COORDINATOR)
    post(client, f"/councils/{ROCHDALE}/inspection/new", inspection_form())
    event = newest(OfstedEvent, council_code=ROCHDALE)
    url = f"/councils/{ROCHDALE}/inspection/{event.id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "Delete this Ofsted inspection?" in page and "3 November 2025" in page
    response = client.post(url, data={"version": str(event.version), "reason": "Duplicate"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(OfstedEvent, event.id) is None
    entry = audit_entries("ofsted_event", event.id)[-1]
    assert entry.action == "delete" and entry.after is None and entry.reason == "Duplicate"
    assert entry.before["framework"] == "ilacs"


def test_deleting_with_a_stale_version_is_refused(client):
    sign_in(client, *COORDINATOR)
    phase = newest(ImprovementPhase, council_code=ROCHDALE)
    response = client.post(f"/councils/{ROCHDALE}/phase/{phase.id}/delete",
                           data={"version": str(phase.version + 5)})
    assert response.status_code == 409
    assert title_of(response.get_data(as_text=True)).startswith("Error: ")
    db.session.expire_all()
    assert db.session.get(ImprovementPhase, phase.id) is not None


def test_delete_reason_too_long_is_400(client):
    sign_in(client, *COORDINATOR)
    phase = newest(ImprovementPhase, council_code=ROCHDALE)
    response = client.post(f"/councils/{ROCHDALE}/phase/{phase.id}/delete",
                           data={"version": str(phase.version), "reason": "x" * 2001})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert title_of(page).startswith("Error: ")
    assert ("reason", "Reason must be 2000 characters or fewer") in error_links(page)


# --- Visits, leadership, phases ---------------------------------------------------------------


def test_monitoring_visit_is_added_to_the_timeline(client):
    sign_in(client, *NORTH_WEST)
    response = post(client, f"/councils/{ROCHDALE}/monitoring-visit/new",
                    date_fields("start_date", 9, 9, 2025) + [("note", "Progress noted")])
    assert response.status_code == 302
    event = newest(OfstedEvent, council_code=ROCHDALE)
    assert event.kind == "monitoring_visit"
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Ofsted monitoring visit" in page and "9 September 2025" in page


def test_focused_visit_needs_priority_areas(client):
    sign_in(client, *COORDINATOR)
    url = f"/councils/{ROCHDALE}/focused-visit/new"
    response = post(client, url, date_fields("start_date", 1, 7, 2025))
    assert response.status_code == 400
    assert ("priority_areas", "Select at least one priority area") in error_links(
        response.get_data(as_text=True))
    response = post(client, url, date_fields("start_date", 1, 7, 2025)
                    + [("priority_areas", "care_leavers"), ("priority_areas", "front_door")])
    assert response.status_code == 302
    event = newest(OfstedEvent, council_code=ROCHDALE)
    assert event.kind == "focused_visit" and event.priority_areas == "care_leavers,front_door"
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Priority areas: Care leavers, Front door, thresholds and referrals" in page
    edit = client.get(f"/councils/{ROCHDALE}/focused-visit/{event.id}/edit").get_data(
        as_text=True)
    assert re.search(r'value="care_leavers"\s+checked', edit)


def test_leadership_change_shows_the_new_director(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/leadership/new",
                    date_fields("date", 1, 9, 2025) + [("role", "director"),
                                                        ("name", "A. Director")])
    assert response.status_code == 302
    change = newest(LeadershipChange, council_code=ROCHDALE)
    assert change.name == "A. Director"
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "New director of children&#39;s services: A. Director" in page


def test_leadership_change_needs_a_date(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/leadership/new",
                    date_fields("date", 1, 13, 2025) + [("role", "director")])
    assert response.status_code == 400
    assert ("date-day", "Date they took up post must be a real date") in error_links(
        response.get_data(as_text=True))


def test_new_phase_becomes_the_current_phase(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/phase/new",
                    [("phase", "good_to_great")] + date_fields("start_date", 1, 1, 2026))
    assert response.status_code == 302
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    glance = page.split("Current phase", 1)[1][:400]
    assert "Good to great" in glance and "1 January 2026" in glance


def test_two_phases_cannot_start_on_the_same_day(client):
    sign_in(client, *COORDINATOR)
    existing = newest(ImprovementPhase, council_code=ROCHDALE)
    day = existing.start_date
    response = post(client, f"/councils/{ROCHDALE}/phase/new",
                    [("phase", "sustaining")] + date_fields("start_date", day.day, day.month,
                                                             day.year))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert title_of(page).startswith("Error: ")
    assert ("start_date-day", "Another phase already starts on this date") in error_links(page)


def test_phase_end_before_start_is_refused(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/phase/new",
                    [("phase", "sustaining")] + date_fields("start_date", 1, 1, 2026)
                    + date_fields("end_date", 1, 1, 2025))
    assert response.status_code == 400
    assert ("end_date-day", "End date must be the same as or after the start date") in (
        error_links(response.get_data(as_text=True)))


# --- Support ----------------------------------------------------------------------------------


def test_support_kind_must_belong_to_its_form(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/support/new",
                    [("form", "sector_led"), ("kind", "commissioner")]
                    + date_fields("start_date", 1, 4, 2025))
    assert response.status_code == 400
    assert ("kind", "Select a kind of support that belongs to sector-led improvement") in (
        error_links(response.get_data(as_text=True)))


def test_strategic_partnership_needs_a_partner_council(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/support/new",
                    [("form", "sector_led"), ("kind", "strategic_partnership"),
                     ("cost_estimate", "lots")] + date_fields("start_date", 1, 4, 2025))
    assert response.status_code == 400
    links = error_links(response.get_data(as_text=True))
    assert ("partner_council",
            "Select the partner council for strategic partnership with another council") in links
    assert ("cost_estimate",
            "Estimated cost must be a whole number of pounds, like 250000") in links


def test_support_package_shows_as_support_in_place(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/support/new",
                    [("form", "intervention"), ("kind", "commissioner"),
                     ("lead_person", "A. Commissioner"), ("cost_estimate", "250000")]
                    + date_fields("start_date", 1, 4, 2025))
    assert response.status_code == 302
    package = newest(SupportPackage, council_code=ROCHDALE)
    assert (package.form, package.kind, package.cost_estimate) == (
        "intervention", "commissioner", 250000)
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    glance = page.split("Support in place", 1)[1][:600]
    assert "Children&#39;s services commissioner" in glance
    assert "Led by A. Commissioner" in page


# --- Relations --------------------------------------------------------------------------------


def test_relation_is_shown_on_both_councils_and_editable_from_either(client):
    sign_in(client, *COORDINATOR)
    url = f"/councils/{ROCHDALE}/relation/new"
    response = post(client, url, [("other_council", OLDHAM), ("kind", "shared_delivery")])
    assert response.status_code == 400
    assert ("organisation", "Enter the name of the shared delivery organisation") in (
        error_links(response.get_data(as_text=True)))
    response = post(client, url, [("other_council", OLDHAM), ("kind", "shared_delivery"),
                                  ("organisation", "Pennine Children's Trust")])
    assert response.status_code == 302
    relation = newest(CouncilRelation, council_a=ROCHDALE)
    assert relation.council_b == OLDHAM
    for code in (ROCHDALE, OLDHAM):
        page = client.get(f"/councils/{code}").get_data(as_text=True)
        assert "Pennine Children&#39;s Trust" in page
    # Corrected from the other council's page: the other side is Rochdale.
    edit_url = f"/councils/{OLDHAM}/relation/{relation.id}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    assert re.search(rf'value="{ROCHDALE}"\s+selected', page)
    response = post(client, edit_url, [("other_council", ROCHDALE), ("kind", "shared_delivery"),
                                       ("organisation", "Pennine Trust"),
                                       ("version", str(relation.version))])
    assert response.status_code == 302
    db.session.expire_all()
    relation = db.session.get(CouncilRelation, relation.id)
    assert (relation.council_a, relation.council_b, relation.organisation) == (
        ROCHDALE, OLDHAM, "Pennine Trust")


def test_duplicate_relation_is_refused(client):
    sign_in(client, *COORDINATOR)
    pairs = [("other_council", OLDHAM), ("kind", "strategic_partner")]
    assert post(client, f"/councils/{ROCHDALE}/relation/new", pairs).status_code == 302
    response = post(client, f"/councils/{OLDHAM}/relation/new",
                    [("other_council", ROCHDALE), ("kind", "strategic_partner")])
    assert response.status_code == 400
    assert ("other_council", "This relation with that council is already recorded") in (
        error_links(response.get_data(as_text=True)))


def test_a_council_cannot_be_related_to_itself(client):
    sign_in(client, *COORDINATOR)
    response = post(client, f"/councils/{ROCHDALE}/relation/new",
                    [("other_council", ROCHDALE), ("kind", "strategic_partner")])
    assert response.status_code == 400


# --- Capacity assessments ---------------------------------------------------------------------


def capacity_form(answers: tuple[str, str, str, str], decision: str, day=(1, 10, 2025)):
    names = ("can_self_assess", "can_set_strategy", "can_implement", "systemic_issues")
    return (list(zip(names, answers, strict=True)) + [("decision", decision)]
            + date_fields("date", *day))


def test_capacity_assessment_shows_suggestion_beside_the_decision(client):
    sign_in(client, *NORTH_WEST)
    url = f"/councils/{ROCHDALE}/capacity/new"
    # The framework would suggest sector-led support; the coordinator decides otherwise.
    response = post(client, url, capacity_form(("yes", "yes", "yes", "no"), "intervention"))
    assert response.status_code == 302
    assessment = newest(CapacityAssessment, council_code=ROCHDALE)
    assert assessment.decision == "intervention" and assessment.suggestion == "sector_led"
    assert assessment.assessed_by
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    section = page.split('id="capacity"', 1)[1]
    decision = section.split("Coordinator's decision", 1)[1].split("Framework suggestion")[0]
    suggestion = section.split("Framework suggestion", 1)[1][:300]
    assert "External scrutiny and formal intervention" in decision
    assert "(advice only)" in suggestion and "Sector-led improvement" in suggestion
    assert "The decision differs from the suggestion" in section


def test_capacity_assessments_keep_their_history(client):
    sign_in(client, *COORDINATOR)
    url = f"/councils/{ROCHDALE}/capacity/new"
    post(client, url, capacity_form(("no", "no", "no", "yes"), "", day=(1, 3, 2024)))
    post(client, url, capacity_form(("yes", "yes", "no", "no"), "intervention", day=(1, 3, 2025)))
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Latest assessment: 1 March 2025" in page
    assert "Earlier assessment: 1 March 2024" in page
    assert "Not decided yet" in page
    assert "Alternative delivery model" in page  # the earlier one's suggestion


def test_capacity_assessment_needs_every_answer_and_no_future_date(client):
    sign_in(client, *COORDINATOR)
    pairs = capacity_form(("yes", "yes", "yes", "no"), "sector_led", day=(1, 1, 2100))
    pairs = [pair for pair in pairs if pair[0] != "can_implement"]
    response = post(client, f"/councils/{ROCHDALE}/capacity/new", pairs)
    assert response.status_code == 400
    links = dict(error_links(response.get_data(as_text=True)))
    assert links["date-day"] == "Date of the assessment must be today or in the past"
    assert links["can_implement"] == "Select whether the council's leadership can implement them"


def test_capacity_assessments_are_private_to_the_council_and_its_coordinators(app, client):
    db.session.add(CapacityAssessment(
        council_code=ROCHDALE, date=__import__("datetime").date(2025, 1, 1),
        can_self_assess=False, can_set_strategy=False, can_implement=False,
        systemic_issues=True, decision="alternative_delivery", note="Private note"))
    db.session.commit()
    assert "Private note" not in client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    sign_in(client, *ROCHDALE_USER)
    page = client.get(f"/councils/{ROCHDALE}").get_data(as_text=True)
    assert "Private note" in page and ">Correct<" not in page


VALID = {
    "inspection": inspection_form(),
    "monitoring-visit": date_fields("start_date", 9, 9, 2025),
    "focused-visit": date_fields("start_date", 1, 7, 2025) + [("priority_areas", "early_help")],
    "leadership": date_fields("date", 1, 9, 2025) + [("role", "director")],
    "phase": [("phase", "sustaining")] + date_fields("start_date", 2, 2, 2026),
    "support": [("form", "sector_led"), ("kind", "peer_challenge")]
    + date_fields("start_date", 1, 4, 2025),
    "relation": [("other_council", OLDHAM), ("kind", "strategic_partner")],
    "capacity": capacity_form(("yes", "yes", "no", "no"), "intervention"),
}
MODELS = {
    "inspection": OfstedEvent, "monitoring-visit": OfstedEvent, "focused-visit": OfstedEvent,
    "leadership": LeadershipChange, "phase": ImprovementPhase, "support": SupportPackage,
    "relation": CouncilRelation, "capacity": CapacityAssessment,
}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_kind_can_be_added_corrected_and_deleted(client, slug):
    sign_in(client, *NORTH_WEST)
    model = MODELS[slug]
    response = post(client, f"/councils/{ROCHDALE}/{slug}/new", VALID[slug])
    assert response.status_code == 302, error_links(response.get_data(as_text=True))
    row = newest(model)
    row_id, version = row.id, row.version
    edit_url = f"/councils/{ROCHDALE}/{slug}/{row_id}/edit"
    form = client.get(edit_url)
    assert form.status_code == 200
    assert f'name="version" type="hidden" value="{version}"' in form.get_data(as_text=True)
    pairs = [pair for pair in VALID[slug] if pair[0] != "note"]
    response = post(client, edit_url, pairs + [("note", "Corrected"), ("version", str(version))])
    assert response.status_code == 302, error_links(response.get_data(as_text=True))
    db.session.expire_all()
    corrected = db.session.get(model, row_id)
    assert corrected.note == "Corrected" and corrected.version == version + 1
    delete_url = f"/councils/{ROCHDALE}/{slug}/{row_id}/delete"
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url, data={"version": str(version + 1)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(model, row_id) is None
    assert [e.action for e in audit_entries(model.__tablename__, row_id)] == [
        "create", "update", "delete"]
