"""Rota pages: thin views over peerreview.rota.{runs, plans, edits, outcomes}."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.invitations import services as invitations
from peerreview.models import (
    Council,
    Escalation,
    Review,
    Reviewer,
    ReviewRequest,
    Rota,
    SolverRun,
    TeamAssignment,
)
from peerreview.reference import vocabulary
from peerreview.rota import bp, edits, outcomes, plans, runs
from peerreview.rota.charts import progress_chart
from peerreview.rota.forms import (
    DatesForm,
    DecisionForm,
    EscalationForm,
    MemberForm,
    OutcomeForm,
    ReplanForm,
    SolveForm,
    WithdrawForm,
)
from peerreview.rota.settings import RULES, default_settings, describe, settings_from_dict

COORDINATORS = ("national_coordinator", "regional_coordinator")
NATIONAL = "national_coordinator"
CONFLICT = "Someone else changed this review while you were editing it. Check it and try again."


def _get_or_404(model, ident: int):
    item = db.session.get(model, ident)
    if item is None:
        abort(404)
    return item


def _my_councils() -> set[str] | None:
    """The councils whose reviews the user may open: None for a national coordinator (all);
    a regional coordinator only their region's (a review page names its team)."""
    if current_user.has_role(NATIONAL):
        return None
    if not current_user.has_role("regional_coordinator"):
        return set()
    return set(db.session.scalars(
        select(Council.gss_code).where(Council.region == current_user.region)
    ))


def _in_my_region(council_code: str) -> bool:
    mine = _my_councils()
    return mine is None or council_code in mine


def _shown_region() -> str:
    """The region whose reviews a rota or run page lists ("" for all of England). A national
    coordinator chooses; a regional coordinator sees their own region only, as on review and
    reviewer pages (a team names people from other regions' councils)."""
    if not current_user.has_role(NATIONAL):
        return current_user.region or "-"  # "-" matches no council: nothing is shown
    asked = request.args.get("region", "")
    return asked if asked in vocabulary.REGIONS else ""


def _regions_of_councils() -> dict[str, str]:
    return dict(db.session.execute(select(Council.gss_code, Council.region)).all())


def _in_region(view: plans.PlanView | None, region: str, regions: dict[str, str]):
    """The plan view with only the reviews (scheduled or not) of councils in ``region``
    (``regions``: council code -> region), and the loads of the people and councils on
    those reviews' teams."""
    if view is None:
        return None
    reviews = [r for r in view.reviews if regions.get(r["council_code"]) == region]
    people = {m["reference"] for r in reviews for m in r["team"]}
    lenders = {m["council"] for r in reviews for m in r["team"]}
    return dataclasses.replace(
        view,
        reviews=reviews,
        unscheduled=[r for r in view.unscheduled if regions.get(r["council_code"]) == region],
        reviewer_load=[r for r in view.reviewer_load if r["reference"] in people],
        council_load=[c for c in view.council_load if c["council"] in lenders],
    )


#: How the checker names a review in its findings ("RV-12", or "RQ-7" for a request).
_REVIEW_IN_FINDING = re.compile(r"\bR[VQ]-\d+\b")


def _findings_in(errors: list[str], keys: set[str]) -> list[str]:
    """The checker's findings that name one of the reviews ``keys``."""
    return [e for e in errors if keys.intersection(_REVIEW_IN_FINDING.findall(e))]


def _visible_review_or_404(review_id: int) -> Review:
    review = _get_or_404(Review, review_id)
    if not _in_my_region(review.council_code):
        abort(404)
    return review


# ------------------------------------------------------------------------- index and solve


@bp.get("/")
@roles_required(*COORDINATORS)
def index():
    rotas = list(db.session.scalars(select(Rota).order_by(Rota.id.desc())))
    counts = {
        (rota_id, status): n
        for rota_id, status, n in db.session.execute(
            select(Review.rota_id, Review.status, func.count()).group_by(
                Review.rota_id, Review.status
            )
        )
    }
    recent = list(db.session.scalars(select(SolverRun).order_by(SolverRun.id.desc()).limit(20)))
    open_escalations = db.session.scalar(
        select(func.count()).select_from(Escalation).where(Escalation.status == "open")
    )
    approved = db.session.scalar(
        select(func.count()).select_from(ReviewRequest).where(ReviewRequest.status == "approved")
    )
    return render_template(
        "rota/index.html", rotas=rotas, counts=counts, runs=recent,
        open_escalations=open_escalations, approved=approved,
    )


@bp.route("/solve", methods=["GET", "POST"])
@roles_required(NATIONAL)
def solve():
    form = SolveForm()
    if request.method == "GET":
        defaults = default_settings()
        form.start.data, form.end.data = defaults.start, defaults.end
    if form.validate_on_submit():
        settings = form.settings()
        try:
            run = runs.start_solve(settings, time_limit=float(form.time_limit.data),
                                   user_id=current_user.id)
        except runs.RunError as error:
            db.session.rollback()
            form.start.errors = list(form.start.errors) + error.errors[:20]
            return render_template("rota/solve.html", form=form, rules=RULES), 400
        db.session.commit()
        runs.enqueue(run)
        return redirect(url_for("rota.run", run_id=run.id))
    status = 400 if request.method == "POST" else 200
    return render_template("rota/solve.html", form=form, rules=RULES), status


# ------------------------------------------------------------------------- runs


@bp.get("/runs/<int:run_id>")
@roles_required(*COORDINATORS)
def run(run_id: int):
    runs.mark_stopped_runs()
    solver_run = _get_or_404(SolverRun, run_id)
    db.session.refresh(solver_run)
    view = changes = None
    if solver_run.plan is not None:
        view = plans.describe_plan(solver_run.problem, solver_run.plan)
        if solver_run.kind == "replan" and solver_run.previous:
            changes = plans.diff_plans(solver_run.problem, solver_run.previous, solver_run.plan)
    others = [] if not current_user.has_role(NATIONAL) else list(
        db.session.scalars(
            select(SolverRun.id)
            .where(SolverRun.id != run_id, SolverRun.plan.is_not(None))
            .order_by(SolverRun.id.desc())
            .limit(10)
        )
    )
    region = _shown_region()
    check_errors = list(solver_run.check_errors or [])
    if region:
        regions = _regions_of_councils()
        keys = {
            r["id"] for r in solver_run.problem.get("reviews", [])
            if regions.get(r.get("council")) == region
        }
        changes = [c for c in changes or [] if c.id in keys]
        check_errors = _findings_in(check_errors, keys)
        view = _in_region(view, region, regions)
    return render_template(
        "rota/run.html",
        run=solver_run,
        view=view,
        region=region,
        regions=vocabulary.REGIONS,
        changes=changes,
        check_errors=check_errors,
        chart=progress_chart(solver_run.progress or []),
        settings=describe(settings_from_dict(solver_run.settings)) if solver_run.settings else [],
        refusals=plans.acceptable(solver_run) if solver_run.kind == "solve" else [],
        others=others,
        finished=solver_run.status in runs.FINISHED,
    )


@bp.get("/runs/<int:run_id>/progress.json")
@roles_required(*COORDINATORS)
def run_progress(run_id: int):
    runs.mark_stopped_runs()
    solver_run = _get_or_404(SolverRun, run_id)
    return jsonify(runs.progress_json(solver_run))


@bp.post("/runs/<int:run_id>/cancel")
@roles_required(NATIONAL)
def cancel_run(run_id: int):
    solver_run = _get_or_404(SolverRun, run_id)
    if runs.request_cancel(solver_run):
        db.session.commit()
        flash("Cancelling the run. The best plan found so far is kept; nothing is published.")
    else:
        flash("This run has already finished.")
    return redirect(url_for("rota.run", run_id=run_id))


@bp.post("/runs/<int:run_id>/accept")
@roles_required(NATIONAL)
def accept_run(run_id: int):
    solver_run = _get_or_404(SolverRun, run_id)
    try:
        rota = plans.accept_run(solver_run, user_id=current_user.id)
    except plans.PlanRefused as error:
        db.session.rollback()
        return _refused("rota/refused.html", error.errors,
                        back=url_for("rota.run", run_id=run_id))
    db.session.commit()
    flash("The plan is now the draft rota. Check it, edit it if needed, then publish it.",
          "success")
    return redirect(url_for("rota.show", rota_id=rota.id))


@bp.post("/runs/<int:run_id>/publish")
@roles_required(NATIONAL)
def publish_replan(run_id: int):
    solver_run = _get_or_404(SolverRun, run_id)
    rota = _get_or_404(Rota, solver_run.rota_id or 0)
    try:
        changes = plans.apply_replan(solver_run, rota)
    except plans.PlanRefused as error:
        db.session.rollback()
        return _refused("rota/refused.html", error.errors,
                        back=url_for("rota.run", run_id=run_id))
    db.session.commit()
    _tell_invitees(plans.rota_reviews(rota, ("published", "cancelled")))
    flash(f"The re-plan is published: {len(changes)} review(s) changed.", "success")
    return redirect(url_for("rota.show", rota_id=rota.id))


@bp.get("/compare")
@roles_required(NATIONAL)  # whole plans side by side: every region's teams
def compare():
    try:
        a, b = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        abort(404)
    first, second = _get_or_404(SolverRun, a), _get_or_404(SolverRun, b)
    if first.plan is None or second.plan is None:
        abort(404)
    # A solve plans requests, a re-plan the reviews made from them: compare by review.
    first_problem, second_problem, first_plan, second_plan = plans.as_review_ids(
        first.problem, second.problem, first.plan, second.plan
    )
    problem = {"reviews": list({r["id"]: r for r in first_problem["reviews"]
                                + second_problem["reviews"]}.values())}
    return render_template(
        "rota/compare.html",
        first=first,
        second=second,
        changes=plans.diff_plans(problem, first_plan, second_plan),
        parts=plans.objective_change(first.plan, second.plan),
    )


def _refused(template: str, errors: list[str], back: str):
    return render_template(template, errors=errors, back=back), 409


# ------------------------------------------------------------------------- a rota


@bp.get("/<int:rota_id>")
@roles_required(*COORDINATORS)
def show(rota_id: int):
    rota = _get_or_404(Rota, rota_id)
    reviews = plans.rota_reviews(rota, ("draft", "published", "completed", "cancelled"))
    live = [r for r in reviews if r.status in plans.LIVE]
    violations, view = [], None
    if live:
        # The check and the view share one build of the register part, and the view needs
        # only the reviewers on teams (not the whole pool).
        register = plans.rota_register(rota)
        violations = plans.rota_violations(rota, live, register=register)
        plan_json = plans.rota_plan_dict(live)
        on_teams = {m["reviewer"] for p in plan_json["reviews"] for m in p["team"]}
        problem_json = plans.build_problem(
            plans.rota_settings(rota), [], live, free=[r.id for r in live],
            register=register, reviewers=on_teams,
        )
        view = plans.describe_plan(problem_json, plan_json)
    mine = _my_councils()  # once, not per review listed
    drafts = sum(1 for r in reviews if r.status == "draft")  # publishing publishes them all
    region = _shown_region()
    hidden_findings = 0
    if region:
        regions = _regions_of_councils()
        reviews = [r for r in reviews if regions.get(r.council_code) == region]
        shown = _findings_in(violations, {plans.review_key(r) for r in reviews})
        hidden_findings, violations = len(violations) - len(shown), shown
        view = _in_region(view, region, regions)
    return render_template(
        "rota/show.html",
        rota=rota,
        reviews=reviews,
        view=view,
        region=region,
        regions=vocabulary.REGIONS,
        violations=violations,
        hidden_findings=hidden_findings,
        affected={r.id for r in runs.affected_reviews(live)},
        councils=_council_names(),
        settings=describe(plans.rota_settings(rota)),
        drafts=drafts,
        may_open=lambda code: mine is None or code in mine,
    )


@bp.post("/<int:rota_id>/publish")
@roles_required(NATIONAL)
def publish(rota_id: int):
    rota = _get_or_404(Rota, rota_id)
    try:
        count = plans.publish_rota(rota)
        db.session.commit()
    except plans.PlanRefused as error:
        db.session.rollback()
        return _refused("rota/refused.html", error.errors,
                        back=url_for("rota.show", rota_id=rota_id))
    except StaleDataError:
        db.session.rollback()
        flash(CONFLICT)
        return redirect(url_for("rota.show", rota_id=rota_id))
    _tell_invitees(plans.rota_reviews(rota, ("published",)))
    flash(f"Published {count} review(s). Councils and reviewers can now see them.", "success")
    return redirect(url_for("rota.show", rota_id=rota_id))


@bp.route("/<int:rota_id>/replan", methods=["GET", "POST"])
@roles_required(NATIONAL)
def replan(rota_id: int):
    rota = _get_or_404(Rota, rota_id)
    reviews = plans.rota_reviews(rota)
    affected = {r.id for r in runs.affected_reviews(reviews)}
    form = ReplanForm()
    chosen = affected
    if form.validate_on_submit():
        extra = {int(v) for v in request.form.getlist("free") if v.isdigit()}
        chosen = affected | (extra & {r.id for r in reviews if not r.pinned})
        if not chosen:
            form.time_limit.errors = list(form.time_limit.errors) + [
                "Select at least one review to re-plan"
            ]
        else:
            try:
                solver_run = runs.start_replan(
                    rota, plans.rota_settings(rota), reviews, chosen,
                    time_limit=float(form.time_limit.data), user_id=current_user.id,
                )
            except runs.RunError as error:
                db.session.rollback()
                form.time_limit.errors = list(form.time_limit.errors) + error.errors[:20]
            else:
                db.session.commit()
                runs.enqueue(solver_run)
                return redirect(url_for("rota.run", run_id=solver_run.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "rota/replan.html", rota=rota, reviews=reviews, affected=affected, chosen=chosen,
        form=form, councils=_council_names(),
    ), status


def _tell_invitees(reviews: list[Review]) -> None:
    """After a committed change: invite, update or cancel by email (peerreview.invitations)."""
    invitations.invite_for_published(reviews)


def _council_names() -> dict[str, str]:
    return dict(db.session.execute(select(Council.gss_code, Council.name)).all())


# ------------------------------------------------------------------------- a review


def _review_page(review: Review, status: int = 200, **forms):
    team = []
    for member in sorted(review.team_members, key=lambda m: plans.ROLE_ORDER.get(m.role, 9)):
        team.append((member, db.session.get(Reviewer, member.reviewer_id)))
    rota = db.session.get(Rota, review.rota_id) if review.rota_id else None
    escalations = list(db.session.scalars(
        select(Escalation).where(Escalation.review_id == review.id).order_by(Escalation.id)
    ))
    return render_template(
        "rota/review.html",
        review=review,
        council=db.session.get(Council, review.council_code),
        team=team,
        rota=rota,
        escalations=escalations,
        member_form=forms.get("member_form") or MemberForm(formdata=None),
        dates_form=forms.get("dates_form") or DatesForm(formdata=None),
        withdraw_form=WithdrawForm(formdata=None),
        errors=forms.get("errors", []),
        field_errors=forms.get("field_errors", []),
        swap_error=forms.get("swap_error"),
        withdraw_error=forms.get("withdraw_error"),
        can_override=forms.get("can_override", False),
        may_record=outcomes.may_record_outcome(review),
        feedback_due=outcomes.feedback_due(review),
        aims=outcomes.aims_of(review),
        areas=vocabulary.PRACTICE_AREAS,
        form=forms.get("form"),
        today=dt.date.today(),
    ), status


@bp.get("/reviews/<int:review_id>")
@roles_required(*COORDINATORS)
def review(review_id: int):
    return _review_page(_visible_review_or_404(review_id))


def _member_reviewer(form: MemberForm) -> Reviewer | None:
    reference = (form.reviewer.data or "").strip()
    reviewer = db.session.scalar(select(Reviewer).where(Reviewer.reference == reference))
    if reviewer is None or not reviewer.active:
        form.reviewer.errors = list(form.reviewer.errors) + [
            "Enter the reference of an active reviewer, like DEMO-R0042"
        ]
        return None
    return reviewer


def _edit(review: Review, action, *, form, form_key: str):
    """Run an edit; on refusal roll back and show the rule's message on the review page."""
    try:
        action()
        db.session.commit()
    except plans.PlanRefused as error:
        db.session.rollback()
        db.session.refresh(review)
        can_override = bool(error.errors) and all(plans.is_overridable(e) for e in error.errors)
        kept = {form_key: form} if form_key else {}
        return _review_page(review, 400, errors=error.errors, can_override=can_override, **kept)
    except StaleDataError:
        db.session.rollback()
        flash(CONFLICT)
        return redirect(url_for("rota.review", review_id=review.id))
    _tell_invitees([review])
    flash("Saved. The rota still passes every hard rule it passed before.", "success")
    return redirect(url_for("rota.review", review_id=review.id))


@bp.post("/reviews/<int:review_id>/members/<int:member_id>/swap")
@roles_required(NATIONAL)
def swap_member(review_id: int, member_id: int):
    review = _get_or_404(Review, review_id)
    member = _get_or_404(TeamAssignment, member_id)
    if member.review_id != review.id:
        abort(404)
    form = MemberForm()
    reviewer = _member_reviewer(form) if form.validate_on_submit() else None
    if reviewer is None:
        # The swap fields live in the member's row, not in the "Add a member" form.
        message = next(iter(form.reviewer.errors or form.override_reason.errors), "")
        return _review_page(
            review, 400, swap_error=(member.id, message),
            field_errors=[{"text": message, "href": f"#swap-{member.id}"}],
        )
    override = (form.override_reason.data or "").strip() or None
    return _edit(review, lambda: edits.swap_member(review, member, reviewer, override),
                 form=form, form_key=None)


@bp.post("/reviews/<int:review_id>/members")
@roles_required(NATIONAL)
def add_member(review_id: int):
    review = _get_or_404(Review, review_id)
    form = MemberForm()
    reviewer = _member_reviewer(form) if form.validate_on_submit() else None
    if reviewer is None:
        return _review_page(review, 400, member_form=form, form=form)
    override = (form.override_reason.data or "").strip() or None
    return _edit(review, lambda: edits.add_member(review, reviewer, override),
                 form=form, form_key="member_form")


@bp.post("/reviews/<int:review_id>/dates")
@roles_required(NATIONAL)
def move_dates(review_id: int):
    review = _get_or_404(Review, review_id)
    form = DatesForm()
    if not form.validate_on_submit():
        return _review_page(review, 400, dates_form=form, form=form)
    return _edit(review, lambda: edits.move_dates(review, form.start.data),
                 form=form, form_key="dates_form")


@bp.post("/reviews/<int:review_id>/pin")
@roles_required(NATIONAL)
def pin(review_id: int):
    review = _get_or_404(Review, review_id)
    pinned = request.form.get("pinned") == "1"
    try:
        edits.set_pinned(review, pinned)
        db.session.commit()
    except plans.PlanRefused as error:
        db.session.rollback()
        return _review_page(review, 400, errors=error.errors)
    flash("Pinned: later solves keep this review as it is." if pinned
          else "Unpinned: later solves may change this review.", "success")
    return redirect(url_for("rota.review", review_id=review.id))


@bp.post("/reviews/<int:review_id>/members/<int:member_id>/withdraw")
@roles_required(NATIONAL)
def withdraw_member(review_id: int, member_id: int):
    review = _get_or_404(Review, review_id)
    member = _get_or_404(TeamAssignment, member_id)
    if member.review_id != review.id:
        abort(404)
    form = WithdrawForm()
    if not form.validate_on_submit():
        message = next((e for es in form.errors.values() for e in es), "")
        return _review_page(
            review, 400, withdraw_error=(member.id, message),
            field_errors=[{"text": message, "href": f"#withdraw-{member.id}"}],
        )
    try:
        edits.withdraw_member(review, member, form.reason.data.strip())
        db.session.commit()
    except plans.PlanRefused as error:
        db.session.rollback()
        return _review_page(review, 400, errors=error.errors)
    _tell_invitees([review])
    flash("The member has withdrawn. Re-plan the rota to fill their place.", "success")
    if review.rota_id:
        return redirect(url_for("rota.replan", rota_id=review.rota_id))
    return redirect(url_for("rota.review", review_id=review.id))


# ------------------------------------------------------------------------- after the visit


def _review_for_outcome(review_id: int) -> Review:
    review = _get_or_404(Review, review_id)
    if review.status not in ("published", "completed") or not outcomes.may_record_outcome(review):
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>/outcome", methods=["GET", "POST"])
@roles_required(*COORDINATORS, "reviewer")
def outcome(review_id: int):
    review = _review_for_outcome(review_id)
    form = OutcomeForm(data=_outcome_data(review) if request.method == "GET" else None)
    if form.validate_on_submit():
        findings = {area: getattr(form, f"finding_{area}").data or ""
                    for area in vocabulary.PRACTICE_AREAS}
        try:
            outcomes.record_outcome(
                review, letter_sent=form.letter_sent.data, findings=findings,
                aims_met=form.aims_met.data, aims_evaluation=form.aims_evaluation.data.strip(),
            )
            db.session.commit()
        except plans.PlanRefused as error:
            db.session.rollback()
            form.letter_sent.errors = list(form.letter_sent.errors) + error.errors
        except StaleDataError:
            db.session.rollback()
            flash(CONFLICT)
            return redirect(url_for("rota.outcome", review_id=review_id))
        else:
            flash("The outcome is recorded and the review is completed.", "success")
            return redirect(url_for("rota.outcome", review_id=review_id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "rota/outcome.html", review=review, form=form,
        council=db.session.get(Council, review.council_code),
        feedback_due=outcomes.feedback_due(review), aims=outcomes.aims_of(review),
        areas=vocabulary.PRACTICE_AREAS, escalation_form=EscalationForm(formdata=None),
        days=outcomes.FEEDBACK_WORKING_DAYS,
    ), status


def _outcome_data(review: Review) -> dict | None:
    if not review.outcome:
        return None
    data = {
        "letter_sent": dt.date.fromisoformat(review.outcome["feedback_letter_sent"]),
        "aims_met": review.outcome.get("aims_met"),
        "aims_evaluation": review.outcome.get("aims_evaluation"),
    }
    for area, text in review.outcome.get("findings", {}).items():
        data[f"finding_{area}"] = text
    return data


@bp.post("/reviews/<int:review_id>/escalate")
@roles_required(*COORDINATORS, "reviewer")
def escalate(review_id: int):
    review = _review_for_outcome(review_id)
    form = EscalationForm()
    if not form.validate_on_submit():
        return render_template(
            "rota/outcome.html", review=review, form=OutcomeForm(formdata=None),
            council=db.session.get(Council, review.council_code),
            feedback_due=outcomes.feedback_due(review), aims=outcomes.aims_of(review),
            areas=vocabulary.PRACTICE_AREAS, escalation_form=form,
            days=outcomes.FEEDBACK_WORKING_DAYS,
        ), 400
    escalation = outcomes.escalate(review, form.concern.data.strip(), current_user.id)
    db.session.commit()
    flash("The concern is escalated to the national coordinator.", "success")
    if current_user.is_coordinator:
        return redirect(url_for("rota.escalation", escalation_id=escalation.id))
    return redirect(url_for("rota.outcome", review_id=review_id))


@bp.get("/escalations")
@roles_required(*COORDINATORS)
def escalations():
    query = select(Escalation).order_by(Escalation.status.desc(), Escalation.id.desc())
    if not current_user.has_role(NATIONAL):
        query = query.join(Council, Council.gss_code == Escalation.council_code).where(
            Council.region == current_user.region
        )
    items = list(db.session.scalars(query))
    return render_template("rota/escalations.html", items=items, councils=_council_names())


@bp.route("/escalations/<int:escalation_id>", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def escalation(escalation_id: int):
    item = _get_or_404(Escalation, escalation_id)
    if not _in_my_region(item.council_code):
        abort(404)
    form = DecisionForm()
    if request.method == "POST":
        if not current_user.has_role(NATIONAL):
            abort(403)
        if item.status == "decided":
            abort(409)
        if form.validate_on_submit():
            outcomes.decide(item, form.decision.data.strip(), current_user.id)
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                flash(CONFLICT)
            else:
                flash("The decision is recorded.", "success")
            return redirect(url_for("rota.escalation", escalation_id=item.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "rota/escalation.html", item=item, form=form,
        review=db.session.get(Review, item.review_id),
        council=db.session.get(Council, item.council_code),
    ), status
