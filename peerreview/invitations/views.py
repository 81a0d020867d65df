"""Answer pages (reached by a signed link, no sign-in), the coordinators' waiting list, and
the outbox of the embedded mode. Thin views over services.py."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from peerreview.auth.access import roles_required
from peerreview.calendar.services import teams_of
from peerreview.extensions import db
from peerreview.invitations import bp, services
from peerreview.invitations.forms import CouncilAnswerForm, MemberAnswerForm
from peerreview.invitations.links import invitation_for
from peerreview.mail import outbox_entries, read_outbox
from peerreview.models import Council, Invitation, Review, Reviewer
from peerreview.models.invitations import OPEN
from peerreview.rota import runs

COORDINATORS = ("national_coordinator", "regional_coordinator")
NATIONAL = "national_coordinator"
GONE = "This link does not work any more: it has expired, or the invitation has changed since."


def _no_store(response):
    """Answer pages show personal data to whoever holds the link: never cache them, and never
    send the link on as a referrer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _form_for(item: Invitation, review: Review):
    if item.kind == "member":
        return MemberAnswerForm()
    form = CouncilAnswerForm()
    names = {r.id: r.name for r in db.session.query(Reviewer).filter(
        Reviewer.id.in_([m.reviewer_id for m in review.team_members]))}
    form.members.choices = [SelectChoice(m.reviewer_id, names.get(m.reviewer_id, "?"))
                            for m in review.team_members]
    return form


@bp.route("/invitations/respond/<token>", methods=["GET", "POST"])
def respond(token: str):
    item = invitation_for(token)
    if item is None:
        abort(404, GONE)
    review = db.session.get(Review, item.review_id)
    council = db.session.get(Council, review.council_code)
    form = _form_for(item, review)
    status = 200
    if request.method == "POST":
        if item.status != "pending" or review.status != "published":
            abort(409, "This invitation has already been answered or withdrawn.")
        if form.validate_on_submit():
            try:
                _answer(item, form)
            except services.AnswerRefused as error:
                db.session.rollback()
                abort(409, str(error))
            except StaleDataError:
                db.session.rollback()
                flash("Someone changed this review while you were answering. Check it and "
                      "answer again.")
                return redirect(url_for("invitations.respond", token=token))
            flash("Thank you: your answer is recorded.", "success")
            return _no_store(redirect(url_for("invitations.respond", token=token)))
        status = 400
    page = render_template(
        "invitations/respond.html", item=item, review=review, council=council, form=form,
        # Someone taken off the team, or who declined, no longer sees who is on it.
        team=teams_of([review.id]).get(review.id, ())
        if item.status in (*OPEN, "objected") else None,
    )
    return _no_store(make_response(page, status))


def _answer(item: Invitation, form) -> None:
    """Apply the answer, commit, then send what it sets off (confirmation, or a re-plan)."""
    answer, reason = form.answer.data, (form.reason.data or "").strip()
    out, run = [], None
    if answer == "accept":
        out = services.accept(item)
    elif answer == "approve":
        out = services.approve(item)
    elif answer == "decline":
        run = services.decline(item, reason)
    else:
        run = services.object_to(item, reason, list(form.members.data or []))
    db.session.commit()
    if run is not None:
        runs.enqueue(run)
    services.deliver(out)


# ------------------------------------------------------------------------- coordinators


def _region() -> str | None:
    """Regional coordinators see their region's invitations; national ones see all."""
    if current_user.has_role(NATIONAL):
        return None
    return current_user.region or "-"


@bp.get("/invitations/waiting")
@roles_required(*COORDINATORS)
def waiting():
    rows = services.waiting(_region())
    replans = db.session.query(Invitation).filter(
        Invitation.replan_run_id.is_not(None),
        Invitation.status.in_(("declined", "objected")),
    ).order_by(Invitation.answered_at.desc()).limit(50).all()
    reviews = {r.id: r for r in db.session.query(Review).filter(
        Review.id.in_([i.review_id for i in replans]))} if replans else {}
    councils = dict(db.session.query(Council.gss_code, Council.name).all())
    region = _region()
    if region is not None:
        replans = [i for i in replans if i.review_id in reviews and db.session.get(
            Council, reviews[i.review_id].council_code).region == region]
    due = sum(1 for item, _, _ in rows if services.due_for_reminder(item))
    return render_template(
        "invitations/waiting.html", rows=rows, due=due, days=services.reminder_days(),
        replans=replans, reviews=reviews, councils=councils, now=services.now(),
        due_for_reminder=services.due_for_reminder,
    )


@bp.post("/invitations/remind")
@roles_required(*COORDINATORS)
def remind():
    sent = services.send_reminders(_region())
    flash(f"Sent {sent} reminder(s)." if sent else "No answer is overdue: no reminder sent.",
          "success")
    return redirect(url_for("invitations.waiting"))


@bp.post("/invitations/send")
@roles_required(NATIONAL)
def send_all():
    """Ask about every published review not asked yet (reviews published before invitations
    existed, or whose council has since got an account); safe to press twice."""
    reviews = list(db.session.scalars(select(Review).where(Review.status == "published")))
    sent = services.invite_for_published(reviews)
    flash(f"Sent {sent} invitation(s)." if sent else "Everyone has been asked already.",
          "success")
    return redirect(url_for("invitations.waiting"))


@bp.post("/invitations/<int:invitation_id>/yes")
@roles_required(NATIONAL)
def record_yes(invitation_id: int):
    """A coordinator records a yes given another way (by phone, or a council without an
    account); the audit trail shows who recorded it. A no goes through the rota's withdraw."""
    item = db.session.get(Invitation, invitation_id)
    if item is None:
        abort(404)
    try:
        out = services.accept(item) if item.kind == "member" else services.approve(item)
        db.session.commit()
    except services.AnswerRefused as error:
        db.session.rollback()
        abort(409, str(error))
    except StaleDataError:
        db.session.rollback()
        flash("Someone changed this review at the same time. Check it and try again.")
        return redirect(url_for("rota.review", review_id=item.review_id))
    services.deliver(out)
    flash(f"Recorded: {item.name} said yes.", "success")
    return redirect(url_for("rota.review", review_id=item.review_id))


@bp.get("/outbox")
@roles_required(NATIONAL)
def outbox():
    return render_template("invitations/outbox.html", entries=outbox_entries())


@bp.get("/outbox/<name>")
@roles_required(NATIONAL)
def outbox_message(name: str):
    message = read_outbox(name)
    if message is None:
        abort(404)
    body = message.get_body(preferencelist=("plain",))
    attachments = [(part.get_filename(), part.get_content_type(),
                    part.get_param("method"), part.get_content())
                   for part in message.iter_attachments()]
    return render_template(
        "invitations/message.html", name=name, message=message,
        body=body.get_content() if body else "", attachments=attachments,
    )


# ------------------------------------------------------------------------- rota page includes


@bp.app_template_global("invitation_answers")
def invitation_answers(review: Review) -> list[services.Answer]:
    """Who has answered for a review (templates/invitations/_answers.html)."""
    return services.answers(review)


@bp.app_template_global("invitation_summary")
def invitation_summary(review: Review) -> str:
    """One line for the rota's table: confirmed, or how many answers are still awaited."""
    if review.status != "published":
        return ""
    if review.confirmed_at is not None:
        return "Confirmed"
    rows = services.answers(review)
    if not rows:
        return "Not yet asked"
    yes = sum(1 for row in rows if row.invitation.status in ("accepted", "approved"))
    return f"{yes} of {len(rows)} said yes"
