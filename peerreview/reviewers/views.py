"""The reviewer pool's pages. Views stay thin: access in access.py, changes in services.py."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerUnavailability,
)
from peerreview.reference import vocabulary
from peerreview.reviewers import bp, forms, independence, services, transfer
from peerreview.reviewers.access import (
    COORDINATOR_ROLES,
    RECORD_ROLES,
    can_manage,
    coordinator_region,
    is_own_record,
    own_reviewer_or_404,
    reviewer_or_404,
)

PER_PAGE = 25
STALE = (
    "Someone else changed this reviewer while you were editing. The form now shows your "
    "changes; check them against the record and save again"
)


# --- List --------------------------------------------------------------------------------------


def _filters() -> services.ListFilters:
    args = request.args
    level = args.get("level", "1")
    return services.ListFilters(
        q=(args.get("q") or "").strip()[:100],
        region=args.get("region") if args.get("region") in vocabulary.REGIONS else "",
        role=args.get("role") if args.get("role") in vocabulary.ROLES else "",
        area=args.get("area") if args.get("area") in vocabulary.PRACTICE_AREAS else "",
        level=int(level) if level in ("1", "2", "3") else 1,
        council=(args.get("council") or "").strip().upper()[:9],
        status=args.get("status") if args.get("status") in ("active", "retired", "all")
        else "active",
        sort=args.get("sort") if args.get("sort") in services.SORTS else "name",
    )


def _pagination(page: int, pages: int, filters: dict[str, object]) -> dict[str, object]:
    """Parameters for GOV.UK's pagination component: first, last, neighbours, ellipses."""

    def link(number: int) -> str:
        return url_for("reviewers.index", **filters, page=number)

    items: list[dict[str, object]] = []
    last_shown = 0
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 1:
            if number - last_shown > 1:
                items.append({"ellipsis": True})
            items.append({"number": number, "href": link(number), "current": number == page})
            last_shown = number
    params: dict[str, object] = {"items": items}
    if page > 1:
        params["previous"] = {"href": link(page - 1)}
    if page < pages:
        params["next"] = {"href": link(page + 1)}
    return params


@bp.get("/")
@roles_required(*COORDINATOR_ROLES)
def index():
    """The pool, filtered by the query string so a filtered list can be shared."""
    filters = _filters()
    scope = coordinator_region()
    query = services.filtered_query(filters, scope)
    total_query = select(func.count(Reviewer.id)).join(
        Council, Council.gss_code == Reviewer.council_code
    )
    if scope is not None:
        total_query = total_query.where(Council.region == scope)
    total = db.session.scalar(total_query) or 0
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    matching = db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())
    ) or 0
    pages = max(1, -(-matching // PER_PAGE))
    page_number = min(page_number, pages)
    rows = db.session.execute(query.limit(PER_PAGE).offset((page_number - 1) * PER_PAGE)).all()
    active_filters = {
        key: value
        for key, value in {
            "q": filters.q, "region": filters.region, "role": filters.role,
            "area": filters.area, "level": filters.level if filters.area else "",
            "council": filters.council, "status": filters.status, "sort": filters.sort,
        }.items()
        if value not in ("", None)
    }
    return render_template(
        "reviewers/index.html",
        rows=rows,
        total=total,
        matching=matching,
        counts=services.role_counts(query),
        page=page_number,
        pages=pages,
        first=(page_number - 1) * PER_PAGE + 1 if matching else 0,
        last=min(page_number * PER_PAGE, matching),
        pagination=_pagination(page_number, pages, active_filters) if pages > 1 else None,
        filters=filters,
        scope=scope,
        regions=vocabulary.REGIONS,
        roles=vocabulary.ROLES,
        areas=vocabulary.PRACTICE_AREAS,
        councils=services.current_councils(scope),
    )


# --- Record ------------------------------------------------------------------------------------


def _render_record(reviewer: Reviewer):
    councils = {
        c.gss_code: c
        for c in db.session.scalars(
            select(Council).where(
                Council.gss_code.in_(
                    {reviewer.council_code}
                    | {e.council_code for e in reviewer.employments}
                    | {c.council_code for c in reviewer.conflicts}
                )
            )
        )
    }
    return render_template(
        "reviewers/show.html",
        reviewer=reviewer,
        councils=councils,
        exclusions=independence.independence_conflicts(reviewer),
        notes=independence.credibility_notes(reviewer),
        manage=can_manage(reviewer),
        own=is_own_record(reviewer),
        areas=vocabulary.PRACTICE_AREAS,
        levels=reviewer.expertise_levels(),
        level_labels=vocabulary.EXPERTISE_LEVELS,
    )


@bp.get("/me")
@roles_required("reviewer")
def me():
    """A reviewer's own record: their availability and conflicts are theirs to keep."""
    return _render_record(own_reviewer_or_404())


@bp.get("/<reference>")
@roles_required(*RECORD_ROLES)
def show(reference: str):
    return _render_record(reviewer_or_404(reference))


@bp.get("/<reference>/independence")
@roles_required(*RECORD_ROLES)
def independence_view(reference: str):
    reviewer = reviewer_or_404(reference)
    return render_template(
        "reviewers/independence.html",
        reviewer=reviewer,
        home=db.session.get(Council, reviewer.council_code),
        exclusions=independence.independence_conflicts(reviewer),
        notes=independence.credibility_notes(reviewer),
        recent_years=independence.RECENT_EMPLOYMENT_DAYS // 365,
    )


# --- Create and edit ---------------------------------------------------------------------------


def _council_choices(form_field, region: str | None) -> None:
    form_field.choices = forms.council_choices(services.current_councils(region))


def _details(form: forms.ReviewerForm) -> services.ReviewerDetails:
    return services.ReviewerDetails(
        name=form.name.data,
        email=form.email.data,
        council_code=form.council_code.data,
        role=form.role.data,
        max_reviews=form.max_reviews.data,
        max_days=form.max_days.data,
        expertise=form.expertise_levels(),
    )


def _check_email(form: forms.ReviewerForm, reviewer: Reviewer | None) -> bool:
    other = services.reviewer_by_email(form.email.data or "")
    if other is not None and other is not reviewer:
        form.email.errors.append("Another reviewer already has this email address")
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def create():
    form = forms.ReviewerForm()
    _council_choices(form.council_code, coordinator_region())
    if request.method == "GET":
        form.reference.data = services.next_reference()
    if request.method == "POST":
        # Every check runs, so the error summary lists every problem at once.
        ok = form.validate_on_submit()
        ok = _check_email(form, None) and ok
        if services.reviewer_by_reference((form.reference.data or "").strip()) is not None:
            form.reference.errors.append("Another reviewer already has this reference")
            ok = False
        if ok:
            reviewer = services.create_reviewer(form.reference.data.strip(), _details(form))
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.reference.errors.append("Another reviewer already has this reference")
            else:
                flash(f"{reviewer.name} added to the pool.", "success")
                return redirect(url_for("reviewers.show", reference=reviewer.reference))
    status = 400 if form.errors else 200
    return render_template("reviewers/form.html", form=form, reviewer=None), status


@bp.route("/<reference>/edit", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def edit(reference: str):
    reviewer = reviewer_or_404(reference, manage=True)
    form = forms.ReviewerForm(obj=reviewer if request.method == "GET" else None)
    del form.reference
    _council_choices(form.council_code, coordinator_region())
    if request.method == "GET":
        form.version.data = str(reviewer.version)
        for area, level in reviewer.expertise_levels().items():
            getattr(form, f"expertise_{area}").data = str(level)
    valid = form.validate_on_submit()
    if request.method == "POST" and _check_email(form, reviewer) and valid:
        if form.version.data != str(reviewer.version):
            form.name.errors.append(STALE)
            form.version.data = str(reviewer.version)
        else:
            changed = services.update_reviewer(reviewer, _details(form))
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                reviewer = reviewer_or_404(reference, manage=True)
                form.name.errors.append(STALE)
                form.version.data = str(reviewer.version)
            else:
                flash("Reviewer saved." if changed else "Nothing changed.", "success")
                return redirect(url_for("reviewers.show", reference=reviewer.reference))
    status = 400 if form.errors else 200
    return render_template("reviewers/form.html", form=form, reviewer=reviewer), status


def _committed() -> bool:
    """Commit; if someone else changed the reviewer meanwhile, keep theirs and say so."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash("Someone else changed this reviewer at the same time, so nothing was saved. "
              "Check the record and try again.", "info")
        return False
    return True


@bp.route("/<reference>/retire", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def retire(reference: str):
    reviewer = reviewer_or_404(reference, manage=True)
    if not reviewer.active:
        flash(f"{reviewer.name} is already retired.", "info")
        return redirect(url_for("reviewers.show", reference=reference))
    form = forms.RetireForm()
    if form.validate_on_submit():
        services.set_active(reviewer, False, form.reason.data or None)
        if _committed():
            flash(f"{reviewer.name} has been retired from the pool. Their history is kept.",
                  "success")
        return redirect(url_for("reviewers.show", reference=reference))
    status = 400 if form.errors else 200
    return render_template("reviewers/retire.html", form=form, reviewer=reviewer), status


@bp.post("/<reference>/reinstate")
@roles_required(*COORDINATOR_ROLES)
def reinstate(reference: str):
    reviewer = reviewer_or_404(reference, manage=True)
    if not reviewer.active:
        services.set_active(reviewer, True)
        if _committed():
            flash(f"{reviewer.name} is back in the pool.", "success")
    return redirect(url_for("reviewers.show", reference=reference))


# --- Unavailable dates (coordinators and the reviewer) -----------------------------------------


def _back(reviewer: Reviewer) -> str:
    if is_own_record(reviewer) and request.args.get("from") == "me":
        return url_for("reviewers.me")
    return url_for("reviewers.show", reference=reviewer.reference)


@bp.route("/<reference>/unavailable/new", methods=["GET", "POST"])
@roles_required(*RECORD_ROLES)
def add_unavailable(reference: str):
    reviewer = reviewer_or_404(reference)
    form = forms.UnavailabilityForm()
    if form.validate_on_submit():
        services.add_unavailability(
            reviewer, form.start_date.data, form.end_date.data, form.reason.data
        )
        db.session.commit()
        flash("Unavailable dates added.", "success")
        return redirect(_back(reviewer))
    status = 400 if form.errors else 200
    return render_template(
        "reviewers/unavailable.html", form=form, reviewer=reviewer, back=_back(reviewer)
    ), status


@bp.post("/<reference>/unavailable/<int:item_id>/remove")
@roles_required(*RECORD_ROLES)
def remove_unavailable(reference: str, item_id: int):
    reviewer = reviewer_or_404(reference)
    item = db.session.get(ReviewerUnavailability, item_id)
    if item is None or item.reviewer_id != reviewer.id:
        abort(404)
    services.remove_unavailability(reviewer, item)
    db.session.commit()
    flash("Unavailable dates removed.", "success")
    return redirect(_back(reviewer))


# --- Past employers (coordinators) -------------------------------------------------------------


@bp.route("/<reference>/employers/new", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def add_employer(reference: str):
    reviewer = reviewer_or_404(reference, manage=True)
    form = forms.EmploymentForm()
    _council_choices(form.council_code, None)
    if form.validate_on_submit():
        services.add_employment(reviewer, form.council_code.data, form.until.data)
        db.session.commit()
        flash("Past employer added.", "success")
        return redirect(url_for("reviewers.show", reference=reference))
    status = 400 if form.errors else 200
    return render_template("reviewers/employer.html", form=form, reviewer=reviewer), status


@bp.post("/<reference>/employers/<int:item_id>/remove")
@roles_required(*COORDINATOR_ROLES)
def remove_employer(reference: str, item_id: int):
    reviewer = reviewer_or_404(reference, manage=True)
    item = db.session.get(ReviewerEmployment, item_id)
    if item is None or item.reviewer_id != reviewer.id:
        abort(404)
    services.remove_employment(reviewer, item)
    db.session.commit()
    flash("Past employer removed.", "success")
    return redirect(url_for("reviewers.show", reference=reference))


# --- Conflicts (the reviewer declares; a coordinator confirms, which pins) ---------------------


@bp.route("/<reference>/conflicts/new", methods=["GET", "POST"])
@roles_required(*RECORD_ROLES)
def add_conflict(reference: str):
    reviewer = reviewer_or_404(reference)
    manage = can_manage(reviewer)
    form = forms.ConflictForm()
    _council_choices(form.council_code, None)
    if form.validate_on_submit():
        code = form.council_code.data
        if code == reviewer.council_code:
            form.council_code.errors.append(
                "Their home council is always excluded; select another council"
            )
        elif any(c.council_code == code for c in reviewer.conflicts):
            form.council_code.errors.append("A conflict with this council is already recorded")
        else:
            services.add_conflict(
                reviewer, code, form.kind.data, form.note.data, pinned=manage
            )
            db.session.commit()
            flash("Conflict recorded.", "success")
            return redirect(_back(reviewer))
    status = 400 if form.errors else 200
    return render_template(
        "reviewers/conflict.html", form=form, reviewer=reviewer, manage=manage,
        back=_back(reviewer),
    ), status


def _conflict_or_404(reviewer: Reviewer, item_id: int) -> ReviewerConflict:
    conflict = db.session.get(ReviewerConflict, item_id)
    if conflict is None or conflict.reviewer_id != reviewer.id:
        abort(404)
    return conflict


@bp.post("/<reference>/conflicts/<int:item_id>/confirm")
@roles_required(*COORDINATOR_ROLES)
def confirm_conflict(reference: str, item_id: int):
    reviewer = reviewer_or_404(reference, manage=True)
    conflict = _conflict_or_404(reviewer, item_id)
    if not conflict.pinned:
        services.pin_conflict(reviewer, conflict)
        db.session.commit()
        flash("Conflict confirmed. The reviewer can no longer remove it.", "success")
    return redirect(url_for("reviewers.show", reference=reference))


@bp.post("/<reference>/conflicts/<int:item_id>/remove")
@roles_required(*RECORD_ROLES)
def remove_conflict(reference: str, item_id: int):
    reviewer = reviewer_or_404(reference)
    conflict = _conflict_or_404(reviewer, item_id)
    if conflict.pinned and not can_manage(reviewer):
        abort(403, "A coordinator has confirmed this conflict; ask them to remove it.")
    services.remove_conflict(reviewer, conflict)
    db.session.commit()
    flash("Conflict removed.", "success")
    return redirect(_back(reviewer))


# --- Import and export -------------------------------------------------------------------------


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # personal data
    return response


@bp.get("/export.csv")
@roles_required(*COORDINATOR_ROLES)
def export_csv():
    rows = transfer.export_rows(transfer.reviewers_for_export(coordinator_region()))
    return _download(transfer.to_csv(rows), "text/csv; charset=utf-8", "reviewers.csv")


@bp.get("/export.xlsx")
@roles_required(*COORDINATOR_ROLES)
def export_xlsx():
    rows = transfer.export_rows(transfer.reviewers_for_export(coordinator_region()))
    return _download(transfer.to_xlsx(rows), transfer.XLSX_MIME, "reviewers.xlsx")


@bp.get("/import/template.csv")
@roles_required(*COORDINATOR_ROLES)
def import_template():
    return _download(
        transfer.to_csv([list(transfer.COLUMNS)]), "text/csv; charset=utf-8",
        "reviewers-template.csv",
    )


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def import_file():
    form = forms.ImportForm()
    problems: list[transfer.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        filename = upload.filename or ""
        if not filename.lower().endswith((".csv", ".xlsx")):
            form.file.errors.append("The selected file must be a CSV or XLSX file")
        else:
            data = upload.read(transfer.MAX_BYTES + 1)
            try:
                result = transfer.import_reviewers(data, filename, region=coordinator_region())
                db.session.commit()
            except transfer.ImportProblems as error:
                db.session.rollback()
                problems = error.problems
                count = len(problems)
                form.file.errors.append(
                    f"The file has {count} problem{'s' if count != 1 else ''}; nothing was "
                    "imported. Fix every problem listed below and upload it again"
                )
            else:
                flash(f"Import complete: {result}.", "success")
                return redirect(url_for("reviewers.index", status="all"))
    status = 400 if form.errors else 200
    return render_template(
        "reviewers/import.html", form=form, problems=problems, column_help=transfer.COLUMN_HELP,
    ), status
