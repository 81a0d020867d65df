"""The register's pages: the list, the map, a council's record and the forms that change it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from peerreview import freshness
from peerreview.auth.access import can_see_council_private
from peerreview.councils import bp, events, mapping, services
from peerreview.councils.access import can_edit_council, require_editor
from peerreview.councils.events import EditConflict, EventRuleBroken
from peerreview.models import Council
from peerreview.reference import vocabulary
from peerreview.requests.due import DueReview, due_reviews

SORTS = {
    "name": lambda row: row.name,
    "region": lambda row: (row.region, row.name),
    "judgement": lambda row: (
        vocabulary.JUDGEMENTS.index(row.judgement) if row.judgement else 99, row.name
    ),
    "inspected": lambda row: (row.inspected or dt.date.min, row.name),
    "phase": lambda row: (
        vocabulary.PHASES.index(row.phase) if row.phase in vocabulary.PHASES else 99, row.name
    ),
}

#: Filters on the list, each a facet: the value(s) a row has for it.
FACETS = ("region", "judgement", "type", "phase", "support", "due")
#: Short names for the list's narrow "review due" column; the filter keeps the full labels.
DUE_SHORT = {"baseline": "Baseline", "validation": "Validation", "cycle": "Regular cycle",
             "focused": "Focused"}
CONFLICT_MESSAGE = (
    "Someone else changed this record while you were editing it. The form now shows their "
    "version: check it and make your change again."
)


@dataclass(frozen=True)
class ListRow:
    """One council on the list, as plain data so it can be reused between requests."""

    code: str
    name: str
    region: str
    type: str | None
    judgement: str | None
    inspected: dt.date | None
    phase: str | None
    support: tuple[str, ...]  # kinds of support in place
    due: tuple[DueReview, ...]
    facets: dict[str, frozenset[str]]


def _list_rows(today: dt.date) -> list[ListRow]:
    latest = services.latest_inspections()
    phases = services.current_phases(today)
    support = services.active_support(today)
    due: dict[str, list[DueReview]] = {}
    for item in due_reviews(today):
        due.setdefault(item.council_code, []).append(item)
    rows = []
    for council in services.current_councils():
        inspection = latest.get(council.gss_code)
        phase = phases.get(council.gss_code)
        packages = support.get(council.gss_code, [])
        kinds_due = {item.kind for item in due.get(council.gss_code, [])}
        rows.append(ListRow(
            code=council.gss_code,
            name=council.name,
            region=council.region,
            type=council.type,
            judgement=inspection.overall if inspection else None,
            inspected=inspection.start_date if inspection else None,
            phase=phase.phase if phase else None,
            support=tuple(p.kind for p in packages),
            due=tuple(due.get(council.gss_code, [])),
            facets={
                "region": frozenset({council.region}),
                "judgement": frozenset({inspection.overall if inspection else "none"}),
                "type": frozenset({council.type or ""}),
                "phase": frozenset({phase.phase if phase else "none"}),
                "support": frozenset({p.form for p in packages} or {"none"}),
                "due": frozenset(kinds_due | {"any"} if kinds_due else {"none"}),
            },
        ))
    return rows


@bp.get("/")
def index():
    """All current councils, filtered by the query string so a filtered list can be shared.

    Each filter shows how many councils each of its values would give, given the other
    filters (faceted counts), so nobody picks a value that empties the list by surprise.
    """
    today = dt.date.today()
    query = (request.args.get("q") or "").strip().lower()[:100]
    filters = {name: (request.args.get(name) or "")[:40] for name in FACETS}
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "name"

    rows = freshness.remember(("councils list", today), lambda: _list_rows(today))
    total = len(rows)
    if query:
        rows = [r for r in rows if query in r.name.lower() or query == r.code.lower()]

    def matches(row: ListRow, skip: str | None = None) -> bool:
        return all(
            not wanted or wanted in row.facets[name]
            for name, wanted in filters.items()
            if name != skip
        )

    facet_counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for name in FACETS:
        for row in rows:
            if matches(row, skip=name):
                for value in row.facets[name]:
                    facet_counts[name][value] = facet_counts[name].get(value, 0) + 1
    rows = [row for row in rows if matches(row)]
    rows.sort(key=SORTS[sort])
    counts: dict[str, int] = {}
    for row in rows:
        key = row.judgement or "none"
        counts[key] = counts.get(key, 0) + 1
    return render_template(
        "councils/index.html",
        rows=rows,
        total=total,
        counts=counts,
        facet_counts=facet_counts,
        filters={"q": query, **filters, "sort": sort},
        regions=vocabulary.REGIONS,
        types=vocabulary.COUNCIL_TYPES,
        judgements=vocabulary.JUDGEMENTS,
        phases=vocabulary.PHASES,
        support_forms=vocabulary.SUPPORT_FORMS,
        review_kinds=vocabulary.REVIEW_KINDS,
        due_short=DUE_SHORT,
    )


@bp.get("/map")
def england_map():
    """Every current council on a map of England, coloured by latest judgement."""
    councils = services.current_councils()
    latest = services.latest_inspections()
    judgements = {code: event.overall for code, event in latest.items()}
    drawing = mapping.england_map(councils, judgements)
    counts: dict[str, int] = {}
    for council in councils:
        key = judgements.get(council.gss_code) or "none"
        counts[key] = counts.get(key, 0) + 1
    return render_template(
        "councils/map.html",
        drawing=drawing,
        councils=sorted(councils, key=lambda c: (c.region, c.name)),
        latest=latest,
        counts=counts,
        judgements=vocabulary.JUDGEMENTS,
    )


def _council_or_404(code: str) -> Council:
    council = services.council_by_code(code)
    if council is None:
        abort(404)
    return council


@bp.get("/<code>")
def show(code: str):
    council = _council_or_404(code)
    today = dt.date.today()
    latest = services.latest_inspections().get(council.gss_code)
    private = can_see_council_private(council.gss_code, council.region)
    return render_template(
        "councils/show.html",
        council=council,
        latest=latest,
        phase=services.current_phases(today).get(council.gss_code),
        support=services.active_support(today).get(council.gss_code, []),
        timeline=services.timeline(council),
        borders=services.borders_of(council.gss_code),
        neighbours=services.statistical_neighbours_of(council.gss_code),
        relations=services.relations_of(council.gss_code),
        assessments=events.capacity_assessments(council.gss_code) if private else None,
        can_edit=can_edit_council(council),
        kinds=events.KINDS,
    )


def _kind_or_404(slug: str) -> events.EventKind:
    kind = events.KINDS.get(slug)
    if kind is None:
        abort(404)
    return kind


def _render_form(council: Council, kind: events.EventKind, form: Any, row: Any = None,
                 status: int = 200, conflict: str | None = None):
    return render_template(
        "councils/event_form.html",
        council=council,
        kind=kind,
        form=form,
        row=row,
        conflict=conflict,
    ), status


@bp.route("/<code>/<slug>/new", methods=["GET", "POST"])
def event_new(code: str, slug: str):
    council = _council_or_404(code)
    kind = _kind_or_404(slug)
    if (refusal := require_editor(council)) is not None:
        return refusal
    form = kind.form(council_code=council.gss_code)
    if form.validate_on_submit():
        try:
            events.create(kind, council, form.values(), form.reason.data or None)
        except EventRuleBroken as broken:
            getattr(form, broken.field).errors.append(broken.message)
            return _render_form(council, kind, form, status=400)
        flash(f"{kind.noun[0].upper()}{kind.noun[1:]} added", "success")
        return redirect(url_for("councils.show", code=council.gss_code))
    return _render_form(council, kind, form, status=400 if request.method == "POST" else 200)


def _row_or_404(kind: events.EventKind, council: Council, item_id: int) -> Any:
    row = events.find(kind, council, item_id)
    if row is None:
        abort(404)
    return row


@bp.route("/<code>/<slug>/<int:item_id>/edit", methods=["GET", "POST"])
def event_edit(code: str, slug: str, item_id: int):
    council = _council_or_404(code)
    kind = _kind_or_404(slug)
    if (refusal := require_editor(council)) is not None:
        return refusal
    row = _row_or_404(kind, council, item_id)
    form = kind.form(data=kind.form.initial(row, council.gss_code), council_code=council.gss_code)
    if form.validate_on_submit():
        try:
            # The version the browser saw, never the one just loaded: that is the guard.
            events.update(kind, council, row, form.values(), request.form.get("version"),
                          form.reason.data or None)
        except EventRuleBroken as broken:
            getattr(form, broken.field).errors.append(broken.message)
            return _render_form(council, kind, form, row, status=400)
        except EditConflict:
            current = events.find(kind, council, item_id)
            if current is None:
                flash(f"Someone else deleted this {kind.noun} while you were editing it.")
                return redirect(url_for("councils.show", code=council.gss_code))
            fresh = kind.form(formdata=None, data=kind.form.initial(current, council.gss_code),
                              council_code=council.gss_code)
            return _render_form(council, kind, fresh, current, status=409,
                                conflict=CONFLICT_MESSAGE)
        flash(f"{kind.noun[0].upper()}{kind.noun[1:]} corrected", "success")
        return redirect(url_for("councils.show", code=council.gss_code))
    return _render_form(council, kind, form, row,
                        status=400 if request.method == "POST" else 200)


@bp.route("/<code>/<slug>/<int:item_id>/delete", methods=["GET", "POST"])
def event_delete(code: str, slug: str, item_id: int):
    from peerreview.councils.forms import DeleteForm

    council = _council_or_404(code)
    kind = _kind_or_404(slug)
    if (refusal := require_editor(council)) is not None:
        return refusal
    row = _row_or_404(kind, council, item_id)
    form = DeleteForm(data={"version": str(row.version)})
    conflict = None
    status = 200
    if form.validate_on_submit():
        try:
            events.delete(kind, row, request.form.get("version"), form.reason.data or None)
        except EditConflict:
            db_row = events.find(kind, council, item_id)
            if db_row is None:
                flash(f"This {kind.noun} had already been deleted.")
                return redirect(url_for("councils.show", code=council.gss_code))
            row = db_row
            form = DeleteForm(formdata=None, data={"version": str(row.version)})
            conflict = ("Someone else changed this record since you opened this page. Check "
                        "the current details below before deleting it.")
            status = 409
        else:
            flash(f"{kind.noun[0].upper()}{kind.noun[1:]} deleted", "success")
            return redirect(url_for("councils.show", code=council.gss_code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "councils/event_delete.html",
        council=council,
        kind=kind,
        row=row,
        form=form,
        conflict=conflict,
        details=_describe(kind, council, row),
    ), status


def _describe(kind: events.EventKind, council: Council, row: Any) -> list[tuple[str, str]]:
    """The row as label and value pairs, for the page that confirms a deletion."""
    from peerreview.web import long_date

    form = kind.form(formdata=None, data=kind.form.initial(row, council.gss_code),
                     council_code=council.gss_code)
    pairs = []
    for field in form.editable_fields():
        value = field.data
        if isinstance(value, dt.date):
            text = long_date(value)
        elif hasattr(field, "iter_choices"):
            lookup = {str(choice.value): choice.label for choice in field.iter_choices()}
            if isinstance(value, list):
                text = ", ".join(lookup.get(v, v) for v in value)
            else:
                text = lookup.get(str(value), str(value or ""))
        else:
            text = str(value or "")
        if text:
            pairs.append((field.label.text.replace(" (optional)", ""), text))
    return pairs
