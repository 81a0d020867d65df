"""Team templates: the three defaults, and the coordinator's list, create and edit pages."""

from __future__ import annotations

from sqlalchemy import select, update

from peerreview.extensions import db
from peerreview.models import AuditEntry, TeamTemplate
from peerreview.requests.services import ensure_default_templates
from tests.app.test_requests_helpers import (
    COORDINATOR,
    ROCHDALE_USER,
    as_user,
    title_of,
    with_templates,
)

NEW = {
    "name": "5-day deep dive",
    "description": "For a council with systemic issues.",
    "days": "5",
    "directors": "1",
    "senior_managers": "2",
    "practitioners": "3",
    "councillors": "1",
}


def test_default_templates_are_the_reports_three_shapes(app):
    ensure_default_templates()
    assert ensure_default_templates() == 0  # idempotent
    shapes = {t.name: (t.days, t.team_size, t.councillors) for t in db.session.scalars(
        select(TeamTemplate))}
    assert shapes["3-day review"] == (3, 4, 0)  # a team of four led by a director
    assert shapes["4-day review with a councillor peer"][0::2] == (4, 1)
    assert shapes["2-day diagnostic"][0] == 2


def test_edited_default_template_survives_a_reload(app):
    ensure_default_templates()
    template = db.session.scalar(select(TeamTemplate).where(TeamTemplate.days == 3))
    template.practitioners = 3
    db.session.commit()
    ensure_default_templates()
    db.session.refresh(template)
    assert template.practitioners == 3


def test_templates_are_for_coordinators(client):
    assert client.get("/templates").status_code == 302
    as_user(client, ROCHDALE_USER)
    assert client.get("/templates").status_code == 403
    assert client.get("/templates/new").status_code == 403


def test_list_shows_templates(client, app):
    with_templates()
    html = as_user(client, COORDINATOR).get("/templates").get_data(as_text=True)
    assert "3-day review" in html and "2-day diagnostic" in html


def test_create_template(client, app):
    as_user(client, COORDINATOR)
    assert client.get("/templates/new").status_code == 200
    response = client.post("/templates/new", data=NEW)
    assert response.status_code == 302
    template = db.session.scalar(select(TeamTemplate).where(TeamTemplate.name == NEW["name"]))
    assert (template.days, template.team_size) == (5, 7)
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity == "team_template", AuditEntry.entity_id == str(template.id)
        )
    )
    assert entry.action == "create" and entry.after["days"] == 5


def test_create_template_validation(client, app):
    with_templates()
    response = as_user(client, COORDINATOR).post(
        "/templates/new",
        data={**NEW, "name": "3-day review", "days": "11", "practitioners": "lots"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title_of(html).startswith("Error:")
    assert "Days on site must be between 1 and 10" in html
    assert "Practitioners must be a whole number" in html
    assert 'href="#days"' in html
    response = client.post("/templates/new", data={**NEW, "name": "3-day review"})
    assert response.status_code == 400
    assert "A template with this name already exists" in response.get_data(as_text=True)


def test_edit_template(client, app):
    with_templates()
    template = db.session.scalar(select(TeamTemplate).where(TeamTemplate.days == 2))
    as_user(client, COORDINATOR)
    assert client.get(f"/templates/{template.id}/edit").status_code == 200
    response = client.post(
        f"/templates/{template.id}/edit",
        data={**NEW, "name": "2-day diagnostic", "days": "2", "version": str(template.version)},
    )
    assert response.status_code == 302
    db.session.refresh(template)
    assert template.practitioners == 3


def test_edit_template_conflict(client, app):
    with_templates()
    template = db.session.scalar(select(TeamTemplate).where(TeamTemplate.days == 2))
    seen = template.version
    db.session.execute(
        update(TeamTemplate).where(TeamTemplate.id == template.id).values(
            days=1, version=TeamTemplate.version + 1
        )
    )
    db.session.commit()
    response = as_user(client, COORDINATOR).post(
        f"/templates/{template.id}/edit", data={**NEW, "version": str(seen)}
    )
    assert response.status_code == 409
    assert "Someone else changed this template" in response.get_data(as_text=True)


def test_edit_missing_template_is_not_found(client):
    as_user(client, COORDINATOR)
    assert client.get("/templates/999/edit").status_code == 404
    assert client.post("/templates/999/edit", data=NEW).status_code == 404
