"""The due list and the national capacity picture."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerreview.auth.access import roles_required
from peerreview.councils.services import council_by_code
from peerreview.extensions import db
from peerreview.forms_common import GovukDateField, as_choices
from peerreview.reference import vocabulary
from peerreview.requests import bp, capacity, services
from peerreview.requests.due import KIND_ORDER, due_reviews
from peerreview.requests.forms import DueFilterForm

COORDINATORS = services.COORDINATOR_ROLES


class DueForm(DueFilterForm):
    as_of = GovukDateField("As of", what="The as-of date", description="Leave blank for today. "
                         "A past date shows what the record said then.")


def _due_form() -> DueForm:
    form = DueForm(request.args)
    form.region.choices = as_choices([("", "All regions"), *[(r, r) for r in vocabulary.REGIONS]])
    if "region" not in request.args and services.coordinator_region():
        form.region.data = services.coordinator_region()
    if form.cycle_years.data is None and not form.cycle_years.errors:
        form.cycle_years.data = 3
    return form


@bp.get("/due")
@roles_required(*COORDINATORS)
def due():
    """Councils at a key transition point, most urgent first; filterable by the query string."""
    form = _due_form()
    valid = form.validate() if request.args else True
    today = dt.date.today()
    if not valid:
        return render_template("requests/due.html", form=form, rows=[], counts={},
                               today=today, on=today, kinds=KIND_ORDER), 400
    on = form.as_of.data or today
    cycle_years = form.cycle_years.data or 3
    items = due_reviews(
        on,
        cycle_years=cycle_years,
        region=form.region.data or None,
        kinds=[form.kind.data] if form.kind.data else None,
    )
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    open_requests = services.open_requests_by_council() if on == today else {}
    planned = services.planned_reviews_by_council(today) if on == today else {}
    nudges = services.current_nudges() if on == today else {}
    rows = []
    for item in items:
        rows.append(
            {
                "due": item,
                "open_request": open_requests.get(item.council_code),
                "planned": planned.get(item.council_code),
                "nudged": nudges.get(item.council_code),
                "can_request": on == today and services.scope_allows(item.council_code,
                                                                     item.region),
            }
        )
    return render_template(
        "requests/due.html", form=form, rows=rows, counts=counts, today=today, on=on,
        kinds=KIND_ORDER, cycle_years=cycle_years,
        planned_count=sum(1 for row in rows if row["planned"]),
    )


def _posted_due():
    """The council named in the form (404 if unknown or out of scope), whether it already has
    an open request, and its due review today (or None)."""
    council = council_by_code((request.form.get("council") or "")[:120])
    if council is None or not services.council_in_scope(council):
        abort(404)
    try:
        cycle_years = min(max(int(request.form.get("cycle_years", "3")), 1), 10)
    except ValueError:
        cycle_years = 3
    existing = services.open_requests_by_council().get(council.gss_code)
    found = [
        item for item in due_reviews(dt.date.today(), cycle_years=cycle_years,
                                     region=council.region)
        if item.council_code == council.gss_code
    ]
    return council, existing, (found[0] if found else None)


@bp.post("/due/nudge")
@roles_required(*COORDINATORS)
def nudge():
    """Suggest to the council that it asks for the review due; it sees this on its requests."""
    council, existing, item = _posted_due()
    if existing is not None:
        flash(f"{council.name} already has a request ({existing.status}).")
        return redirect(url_for("requests.show", request_id=existing.id))
    if item is None:
        flash(f"No review is due for {council.name} now, so no suggestion was sent.")
        return redirect(url_for("requests.due"))
    services.nudge_council(item)
    db.session.commit()
    flash(f"{council.name} will see a suggestion to request a {item.kind} review on its "
          "requests page.", "success")
    return redirect(url_for("requests.due", region=council.region))


@bp.post("/due/request")
@roles_required(*COORDINATORS)
def request_from_due():
    """Turn a due-list row into an approved request, pre-filled from the rules."""
    council, existing, item = _posted_due()
    if existing is not None:
        flash(f"{council.name} already has a request ({existing.status}).")
        return redirect(url_for("requests.show", request_id=existing.id))
    if item is None:
        flash(f"No review is due for {council.name} now, so no request was made.")
        return redirect(url_for("requests.due"))
    template = services.suggested_template(item, services.all_templates())
    made = services.request_from_due(item, template)
    flash(f"Request made for {council.name} and approved. Amend it if the window or team "
          "needs to change.", "success")
    return redirect(url_for("requests.show", request_id=made.id))


@bp.get("/capacity")
@roles_required(*COORDINATORS)
def capacity_page():
    """Demand against credible independent supply, per region and for England."""
    try:
        cycle_years = min(max(int(request.args.get("cycle_years", "3")), 1), 10)
    except ValueError:
        cycle_years = 3
    picture = capacity.capacity_picture(dt.date.today(), cycle_years=cycle_years)
    return render_template(
        "requests/capacity.html",
        picture=picture,
        chart=capacity.chart(picture),
        roles=vocabulary.ROLES,
        user_region=services.coordinator_region() if current_user.is_authenticated else None,
    )
