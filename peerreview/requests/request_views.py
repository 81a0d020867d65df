"""Review requests: list, make, read, and a coordinator's decisions on them."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.models import Council, Review, Reviewer, ReviewRequest, TeamTemplate
from peerreview.reference import vocabulary
from peerreview.requests import bp, services
from peerreview.requests.forms import (
    AmendForm,
    ApproveForm,
    DeclineForm,
    RequestForm,
    as_choices,
)

REQUESTERS = (*services.COORDINATOR_ROLES, "council_user")


@bp.get("/requests")
@roles_required(*REQUESTERS)
def index():
    status = request.args.get("status") if request.args.get("status") in services.STATUSES else ""
    nudge = None
    if not services.is_coordinator() and current_user.council_code:
        entry = services.current_nudges([current_user.council_code]).get(
            current_user.council_code
        )
        if entry is not None and entry.after:
            nudge = {
                **entry.after,
                "window_start": dt.date.fromisoformat(entry.after["window_start"]),
                "window_end": dt.date.fromisoformat(entry.after["window_end"]),
            }
    return render_template(
        "requests/index.html",
        nudge=nudge,
        rows=services.visible_requests(status or None),
        status=status,
        statuses=services.STATUSES,
        status_tags=services.STATUS_TAGS,
        coordinator=services.is_coordinator(),
    )


def _request_form() -> RequestForm:
    form = RequestForm()
    councils = services.councils_in_scope()
    form.council.choices = as_choices(
        [("", "Select a council")] + [(c.gss_code, c.name) for c in councils]
    )
    templates = services.all_templates()
    form.team_template.choices = as_choices(
        [("", "Select a team template")]
        + [(str(t.id), f"{t.name} ({t.days} days, team of {t.team_size})") for t in templates]
    )
    if not services.is_coordinator():
        del form.priority
        if len(councils) == 1 and request.method == "GET":
            form.council.data = councils[0].gss_code
    if request.method == "GET":
        wanted = request.args.get("council", "")
        if any(c.gss_code == wanted for c in councils):
            form.council.data = wanted
        if request.args.get("kind") in vocabulary.REVIEW_KINDS:
            form.kind.data = request.args["kind"]
        focus = [a for a in request.args.getlist("focus") if a in vocabulary.PRACTICE_AREAS]
        if focus:
            form.focus.data = focus
        if templates and not form.team_template.data:
            standard = next((t for t in templates if t.days == 3), templates[0])
            form.team_template.data = str(standard.id)
    return form


@bp.route("/requests/new", methods=["GET", "POST"])
@roles_required(*REQUESTERS)
def new():
    form = _request_form()
    if not services.councils_in_scope():
        abort(403)
    if form.validate_on_submit():
        council = db.session.get(Council, form.council.data)
        template = db.session.get(TeamTemplate, int(form.team_template.data))
        if council is None or not services.council_in_scope(council) or template is None:
            abort(400)
        coordinator = services.is_coordinator()
        item = ReviewRequest(
            council_code=council.gss_code,
            kind=form.kind.data,
            earliest=form.earliest.data,
            latest=form.latest.data,
            focus=list(form.focus.data),
            aims=form.aims.data.strip(),
            success_criteria=(form.success_criteria.data or "").strip() or None,
            priority=int(form.priority.data) if coordinator else 3,
            status="approved" if coordinator else "requested",
        )
        services.apply_template(item, template)
        services.create_request(item)
        if coordinator:
            flash(f"Request for {council.name} made and approved.", "success")
        else:
            flash("Request sent. A coordinator will approve, amend or decline it; you will "
                  "see the decision here.", "success")
        return redirect(url_for("requests.show", request_id=item.id))
    status = 400 if request.method == "POST" else 200
    return render_template("requests/new.html", form=form,
                           coordinator=services.is_coordinator()), status


def _show(item: ReviewRequest, council: Council, *, status: int = 200, **forms):
    coordinator = services.is_coordinator()
    approve_form = forms.get("approve_form") or ApproveForm(formdata=None, version=item.version)
    decline_form = forms.get("decline_form") or DeclineForm(formdata=None, version=item.version)
    entries = services.history(item)
    names = services.user_names({item.requested_by, item.decided_by})
    template = (
        db.session.get(TeamTemplate, item.team_template_id) if item.team_template_id else None
    )
    return render_template(
        "requests/show.html",
        item=item,
        council=council,
        reviews=_reviews_from(item, coordinator),
        may_open_review=coordinator and (
            current_user.has_role("national_coordinator") or council.region == current_user.region
        ),
        template=template,
        history=entries,
        names=names,
        coordinator=coordinator,
        approve_form=approve_form,
        decline_form=decline_form,
        form=forms.get("failed"),
        conflict=forms.get("conflict"),
        status_tags=services.STATUS_TAGS,
    ), status


def _reviews_from(item: ReviewRequest, coordinator: bool) -> list[tuple[Review, list]]:
    """The reviews planned from this request, each with its team (name, role, council):
    what the council most wants to know once the request is approved. Drafts are the
    coordinators' working copy, so the council sees published and completed reviews only."""
    statuses = ("draft", "published", "completed") if coordinator else ("published", "completed")
    reviews = list(db.session.scalars(
        select(Review)
        .where(Review.request_id == item.id, Review.status.in_(statuses))
        .order_by(Review.start_date)
    ))
    if not reviews:
        return []
    ids = {m.reviewer_id for review in reviews for m in review.team_members}
    people = {p.id: p for p in db.session.scalars(select(Reviewer).where(Reviewer.id.in_(ids)))}
    names = dict(db.session.execute(select(Council.gss_code, Council.name)).all())
    result = []
    for review in reviews:
        team = []
        for member in sorted(review.team_members, key=lambda m: (not m.lead, m.role)):
            person = people[member.reviewer_id]
            team.append((person.name, member.role, member.lead, names.get(person.council_code)))
        result.append((review, team))
    return result


@bp.get("/requests/<int:request_id>")
@roles_required(*REQUESTERS)
def show(request_id: int):
    item, council = services.request_or_404(request_id)
    return _show(item, council)


def _decide(item: ReviewRequest, form, *, action: str, changes: dict, reason: str | None):
    """Apply a decision; on a conflict, show the request as it is now with a clear message."""
    try:
        version = int(form.version.data) if form.version.data else None
    except ValueError:
        version = None
    try:
        services.decide(item, expected_version=version, action=action, changes=changes,
                        reason=reason)
    except services.ConflictError:
        db.session.expire_all()
        fresh, council = services.request_or_404(item.id)
        return _show(fresh, council, status=409, conflict=services.CONFLICT_MESSAGE)
    return None


@bp.post("/requests/<int:request_id>/approve")
@roles_required(*services.COORDINATOR_ROLES)
def approve(request_id: int):
    item, council = services.request_or_404(request_id)
    if item.status != "requested":
        # A second click, or a stale page: the decision stands and history is not doubled.
        return _show(item, council, status=409,
                     conflict=f"This request is already {item.status}: nothing was changed.")
    form = ApproveForm()
    if not form.validate_on_submit():
        return _show(item, council, status=400, approve_form=form, failed=form)
    note = (form.note.data or "").strip() or None
    conflict = _decide(item, form, action="approve",
                       changes={"status": "approved", "decision_reason": note}, reason=note)
    if conflict:
        return conflict
    flash(f"Request for {council.name} approved.", "success")
    return redirect(url_for("requests.show", request_id=item.id))


@bp.post("/requests/<int:request_id>/decline")
@roles_required(*services.COORDINATOR_ROLES)
def decline(request_id: int):
    item, council = services.request_or_404(request_id)
    if item.status == "declined":
        return _show(item, council, status=409,
                     conflict="This request is already declined: nothing was changed.")
    form = DeclineForm()
    if not form.validate_on_submit():
        return _show(item, council, status=400, decline_form=form, failed=form)
    reason = form.reason.data.strip()
    conflict = _decide(item, form, action="decline",
                       changes={"status": "declined", "decision_reason": reason}, reason=reason)
    if conflict:
        return conflict
    flash(f"Request for {council.name} declined.", "success")
    return redirect(url_for("requests.show", request_id=item.id))


@bp.route("/requests/<int:request_id>/amend", methods=["GET", "POST"])
@roles_required(*services.COORDINATOR_ROLES)
def amend(request_id: int):
    item, council = services.request_or_404(request_id)
    form = AmendForm(obj=item) if request.method == "GET" else AmendForm()
    if request.method == "GET":
        form.priority.data = str(item.priority)
        form.focus.data = list(item.focus or [])
        form.version.data = str(item.version)
    conflict_message = None
    if form.validate_on_submit():
        changes = {
            "earliest": form.earliest.data,
            "latest": form.latest.data,
            "days": form.days.data,
            "directors": form.directors.data,
            "senior_managers": form.senior_managers.data,
            "practitioners": form.practitioners.data,
            "councillors": form.councillors.data,
            "focus": list(form.focus.data),
            "priority": int(form.priority.data),
            "status": "approved",
            "decision_reason": form.reason.data.strip(),
        }
        try:
            version = int(form.version.data) if form.version.data else None
        except ValueError:
            version = None
        try:
            services.decide(item, expected_version=version, action="amend", changes=changes,
                            reason=form.reason.data.strip())
        except services.ConflictError:
            db.session.expire_all()
            item, council = services.request_or_404(request_id)
            conflict_message = services.CONFLICT_MESSAGE
            form.version.data = str(item.version)
        else:
            flash(f"Request for {council.name} amended and approved.", "success")
            return redirect(url_for("requests.show", request_id=item.id))
    status = 200
    if request.method == "POST":
        status = 409 if conflict_message else 400
    return render_template("requests/amend.html", form=form, item=item, council=council,
                           conflict=conflict_message), status
