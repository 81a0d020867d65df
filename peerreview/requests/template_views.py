"""Team templates: coordinators list, create and edit the named review shapes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from peerreview.audit import record_change
from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.models import TeamTemplate
from peerreview.requests import bp, services
from peerreview.requests.forms import TemplateForm

FIELDS = ("name", "description", "days", "directors", "senior_managers", "practitioners",
          "councillors")
CONFLICT = (
    "Someone else changed this template while you were editing it. Your changes have not been "
    "saved. Check the template as it is now and make your change again."
)


def _snapshot(template: TeamTemplate) -> dict[str, object]:
    return {name: getattr(template, name) for name in FIELDS}


def _fill(template: TeamTemplate, form: TemplateForm) -> None:
    """Copy the form's fields (never the hidden version) onto the template."""
    for name in FIELDS:
        setattr(template, name, getattr(form, name).data)


@bp.get("/templates")
@roles_required(*services.COORDINATOR_ROLES)
def templates():
    return render_template("requests/templates.html", templates=services.all_templates())


def _name_taken(form: TemplateForm, template_id: int | None) -> bool:
    other = db.session.scalar(
        select(TeamTemplate).where(TeamTemplate.name == form.name.data.strip())
    )
    if other is not None and other.id != template_id:
        form.name.errors = [*form.name.errors, "A template with this name already exists"]
        return True
    return False


@bp.route("/templates/new", methods=["GET", "POST"])
@roles_required(*services.COORDINATOR_ROLES)
def new_template():
    form = TemplateForm()
    if request.method == "GET":
        form.days.data, form.directors.data, form.senior_managers.data = 3, 1, 1
        form.practitioners.data, form.councillors.data = 2, 0
    if form.validate_on_submit() and not _name_taken(form, None):
        template = TeamTemplate()
        _fill(template, form)
        template.name = template.name.strip()
        template.description = (template.description or "").strip() or None
        db.session.add(template)
        db.session.flush()
        record_change("create", "team_template", template.id, None, _snapshot(template))
        db.session.commit()
        flash(f"Template “{template.name}” created.", "success")
        return redirect(url_for("requests.templates"))
    status = 400 if request.method == "POST" else 200
    return render_template("requests/template_form.html", form=form, template=None), status


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@roles_required(*services.COORDINATOR_ROLES)
def edit_template(template_id: int):
    template = db.session.get(TeamTemplate, template_id)
    if template is None:
        abort(404)
    form = TemplateForm(obj=template)
    if request.method == "GET":
        form.version.data = str(template.version)
    conflict = None
    if form.validate_on_submit() and not _name_taken(form, template.id):
        if form.version.data and form.version.data != str(template.version):
            conflict = CONFLICT
        else:
            before = _snapshot(template)
            _fill(template, form)
            template.name = template.name.strip()
            template.description = (template.description or "").strip() or None
            record_change("update", "team_template", template.id, before, _snapshot(template))
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                conflict = CONFLICT
            else:
                flash(f"Template “{template.name}” saved.", "success")
                return redirect(url_for("requests.templates"))
        if conflict:
            db.session.expire_all()
            template = db.session.get(TeamTemplate, template_id)
            form.version.data = str(template.version)
    status = 200
    if request.method == "POST":
        status = 409 if conflict else 400
    return render_template("requests/template_form.html", form=form, template=template,
                           conflict=conflict), status
