"""The invitation loop: ask, answer, confirm, remind, and tell people about changes.

`sync_reviews` is the one place that compares a published review with the invitations about
it and decides who must be told what: a new member is invited, a member taken off the team
gets a METHOD:CANCEL, new dates ask everyone again, a new team asks the council again, a
cancelled review cancels every invitation. It is idempotent, so the rota's pages call it after
every publish and edit (`invite_for_published`). Database changes and the messages to send are
made first; `deliver` sends after the caller's commit, so a failing mail server never undoes
an answer or an edit (the invitation then shows as not sent, and reminders retry it).

A decline or an objection takes the member(s) off the team through the rota's own
`withdraw_member` (so a re-plan keeps them off) and starts a re-plan of that review alone
(`runs.start_replan` with only it freed): the coordinator sees it as a proposed change and
publishes it, which invites the new member(s).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import (
    Council,
    Invitation,
    Review,
    Reviewer,
    ReviewerConflict,
    Rota,
    SolverRun,
    User,
)
from peerreview.models.invitations import OPEN
from peerreview.rota import edits, plans, runs

#: Review statuses whose invitations this module keeps in step.
SYNCED = ("published", "cancelled")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class Outgoing:
    """A message to send once the caller has committed: `what` is invite, update, cancel,
    confirmed or reminder."""

    invitation_id: int
    what: str


# ------------------------------------------------------------------------- reading


def invitations_of(review: Review) -> list[Invitation]:
    return list(db.session.scalars(
        select(Invitation).where(Invitation.review_id == review.id).order_by(Invitation.id)
    ))


def _latest(items: list[Invitation]) -> dict[Any, Invitation]:
    """The newest invitation per member (reviewer id) or for the council (key "council")."""
    latest: dict[Any, Invitation] = {}
    for item in items:
        latest[item.reviewer_id if item.kind == "member" else "council"] = item
    return latest


def team_ids(review: Review) -> list[int]:
    return sorted(m.reviewer_id for m in review.team_members)


def is_confirmed(review: Review, items: list[Invitation] | None = None) -> bool:
    """Every member on the team accepted these dates and the council approved this team."""
    if review.status != "published" or not review.team_members or review.start_date is None:
        return False
    latest = _latest(invitations_of(review) if items is None else items)
    dates = (review.start_date, review.end_date)
    for reviewer_id in team_ids(review):
        item = latest.get(reviewer_id)
        if item is None or item.status != "accepted" or (item.start_date, item.end_date) != dates:
            return False
    council = latest.get("council")
    return (
        council is not None
        and council.status == "approved"
        and sorted(council.team or []) == team_ids(review)
        and (council.start_date, council.end_date) == dates
    )


@dataclass(frozen=True)
class Answer:
    """One line of a review's answers as the coordinator sees them."""

    invitation: Invitation
    who: str
    kind: str


def answers(review: Review) -> list[Answer]:
    """The standing invitation of each current member and of the council."""
    latest = _latest(invitations_of(review))
    rows = []
    for reviewer_id in team_ids(review):
        item = latest.get(reviewer_id)
        if item is not None:
            rows.append(Answer(item, item.name, "member"))
    if "council" in latest:
        rows.append(Answer(latest["council"], latest["council"].name, "council"))
    return rows


# ------------------------------------------------------------------------- keeping in step


def _council_user(code: str) -> User | None:
    for user in db.session.scalars(
        select(User).where(User.council_code == code, User.active.is_(True)).order_by(User.id)
    ):
        if user.has_role("council_user"):
            return user
    return None


def _ask(item: Invitation, review: Review) -> None:
    """(Re)issue the question about the review as it stands: a fresh answer is awaited."""
    item.status = "pending"
    item.reason = None
    item.answered_at = None
    item.sent_at = None
    item.reminded_at = None
    item.reminders = 0
    item.start_date, item.end_date = review.start_date, review.end_date
    item.team = team_ids(review)


def _new(review: Review, kind: str, *, reviewer: Reviewer | None = None,
         user: User | None = None, council: Council | None = None) -> Invitation:
    if kind == "member":
        assert reviewer is not None
        item = Invitation(review_id=review.id, kind="member", reviewer_id=reviewer.id,
                          name=reviewer.name, email=reviewer.email, issue=1, objected_to=[])
    else:
        name = user.name if user else f"{council.name if council else review.council_code}"
        item = Invitation(review_id=review.id, kind="council", user_id=user.id if user else None,
                          name=name, email=user.email if user else None, issue=1,
                          objected_to=[])
    _ask(item, review)
    db.session.add(item)
    return item


def _reissue(item: Invitation, review: Review) -> None:
    item.issue = (item.issue or 1) + 1
    _ask(item, review)


def sync_review(review: Review) -> list[tuple[Invitation, str]]:
    """Bring the review's invitations in step with it; returns (invitation, what) to send."""
    if review.status not in SYNCED:
        return []
    items = invitations_of(review)
    latest = _latest(items)
    out: list[tuple[Invitation, str]] = []
    if review.status == "cancelled":
        for item in latest.values():
            if item.status in (*OPEN, "objected"):
                item.status = "cancelled"
                item.reason = "The review was cancelled"
                out.append((item, "cancel"))
        if review.confirmed_at is not None:
            review.confirmed_at = None
        return out
    team = team_ids(review)
    dates = (review.start_date, review.end_date)
    # Members taken off the team (replaced, or withdrawn by a coordinator).
    for key, item in latest.items():
        if key != "council" and key not in team and item.status in OPEN:
            item.status = "cancelled"
            item.reason = "Taken off the team"
            out.append((item, "cancel"))
    # A team short of a role waits for its re-plan: nobody is asked about it yet.
    whole = not runs.affected_reviews([review])
    if whole:
        for reviewer_id in team:
            item = latest.get(reviewer_id)
            if item is None or item.status not in OPEN:
                reviewer = db.session.get(Reviewer, reviewer_id)
                if reviewer is not None:
                    out.append((_new(review, "member", reviewer=reviewer), "invite"))
            elif (item.start_date, item.end_date) != dates:
                _reissue(item, review)
                out.append((item, "update"))
        council = latest.get("council")
        if council is None or council.status not in OPEN:
            user = _council_user(review.council_code)
            item = _new(review, "council", user=user,
                        council=db.session.get(Council, review.council_code))
            out.append((item, "invite"))
        elif sorted(council.team or []) != team or (council.start_date, council.end_date) != dates:
            _reissue(council, review)
            out.append((council, "update"))
        elif council.status == "pending" and not council.email:
            # The council had no account when first asked; ask the account it has now.
            user = _council_user(review.council_code)
            if user is not None:
                council.user_id, council.name, council.email = user.id, user.name, user.email
                out.append((council, "invite"))
    db.session.flush()
    _settle(review, out)
    return out


def _settle(review: Review, out: list[tuple[Invitation, str]]) -> None:
    """Set or clear `confirmed_at`; on becoming confirmed, everyone is told."""
    confirmed = is_confirmed(review)
    if confirmed and review.confirmed_at is None:
        review.confirmed_at = now()
        plans.touch(review)  # STATUS goes TENTATIVE -> CONFIRMED: calendars must update
        record_change("confirm", "review", review.id, {"confirmed": False}, {"confirmed": True})
        sent = {item.id for item, _ in out}
        for item in _latest(invitations_of(review)).values():
            if item.status in ("accepted", "approved") and item.id not in sent:
                out.append((item, "confirmed"))
    elif not confirmed and review.confirmed_at is not None:
        review.confirmed_at = None
        record_change("unconfirm", "review", review.id, {"confirmed": True}, {"confirmed": False})


def sync_reviews(reviews: list[Review]) -> list[tuple[Invitation, str]]:
    out: list[tuple[Invitation, str]] = []
    for review in reviews:
        out.extend(sync_review(review))
    return out


def invite_for_published(reviews: list[Review]) -> int:
    """After a publish, re-plan or edit has been committed: invite, update or cancel as the
    reviews now stand, commit, and send. Returns how many messages were sent."""
    try:
        out = sync_reviews(reviews)
        db.session.commit()
    except Exception:  # the caller's change is committed already: never turn it into a 500
        db.session.rollback()
        current_app.logger.exception("could not bring invitations in step with the rota")
        return 0
    return deliver(out)


# ------------------------------------------------------------------------- sending


def deliver(out: list[tuple[Invitation, str]]) -> int:
    """Send each message and note when it went; a failure is logged and left unsent."""
    from peerreview.invitations.messages import send

    sent = 0
    for item, what in out:
        if not item.email:
            continue
        try:
            send(item, what)
        except Exception:  # a mail server failure must not lose the answers already saved
            current_app.logger.exception("could not send invitation %s (%s)", item.id, what)
            continue
        stamp = now()
        if what == "reminder":
            item.reminded_at = stamp
            item.reminders = (item.reminders or 0) + 1
        elif what in ("invite", "update"):
            item.sent_at = stamp
        item.sequence = db.session.get(Review, item.review_id).sequence or 0
        sent += 1
    db.session.commit()
    return sent


# ------------------------------------------------------------------------- answering


class AnswerRefused(Exception):
    """An answer that cannot be taken (the invitation is no longer open)."""


def _snapshot(item: Invitation) -> dict[str, Any]:
    return {"status": item.status, "reason": item.reason, "issue": item.issue,
            "objected_to": list(item.objected_to or [])}


def _answerable(item: Invitation, kind: str) -> Review:
    review = db.session.get(Review, item.review_id)
    if item.kind != kind or item.status != "pending" or review is None \
            or review.status != "published":
        raise AnswerRefused("This invitation has already been answered or withdrawn")
    return review


def accept(item: Invitation) -> list[tuple[Invitation, str]]:
    """A member accepts; the review may now be confirmed. The caller commits, then delivers."""
    return _agree(item, "member", "accepted")


def approve(item: Invitation) -> list[tuple[Invitation, str]]:
    """The council approves the team."""
    return _agree(item, "council", "approved")


def _agree(item: Invitation, kind: str, status: str) -> list[tuple[Invitation, str]]:
    review = _answerable(item, kind)
    before = _snapshot(item)
    item.status, item.answered_at = status, now()
    action = "accept_invitation" if status == "accepted" else "approve_invitation"
    record_change(action, "invitation", item.id, before, _snapshot(item))
    out: list[tuple[Invitation, str]] = []
    db.session.flush()
    _settle(review, out)
    return out


def decline(item: Invitation, reason: str) -> SolverRun | None:
    """A member declines: off the team (recorded as a withdrawal, so a re-plan keeps them off)
    and a re-plan of this review alone is started. Returns the run to enqueue after commit."""
    review = _answerable(item, "member")
    before = _snapshot(item)
    item.status, item.reason, item.answered_at = "declined", reason, now()
    member = next((m for m in review.team_members if m.reviewer_id == item.reviewer_id), None)
    if member is not None:
        edits.withdraw_member(review, member, f"Declined the invitation: {reason}")
    record_change("decline_invitation", "invitation", item.id, before, _snapshot(item),
                  reason=reason)
    return _replan_after(item, review)


def object_to(item: Invitation, reason: str, reviewer_ids: list[int]) -> SolverRun | None:
    """The council objects to named members. Each becomes a declared conflict with the council
    (pinned: the reviewer cannot remove it, a coordinator can) and leaves the team; a re-plan
    of this review alone is started. Returns the run to enqueue after commit."""
    review = _answerable(item, "council")
    named = [m for m in review.team_members if m.reviewer_id in set(reviewer_ids)]
    if not named:
        raise AnswerRefused("Select the member or members you object to")
    before = _snapshot(item)
    item.status, item.reason, item.answered_at = "objected", reason, now()
    item.objected_to = sorted(m.reviewer_id for m in named)
    for member in named:
        exists = db.session.scalar(select(ReviewerConflict).where(
            ReviewerConflict.reviewer_id == member.reviewer_id,
            ReviewerConflict.council_code == review.council_code,
        ))
        if exists is None:
            conflict = ReviewerConflict(
                reviewer_id=member.reviewer_id, council_code=review.council_code,
                kind="professional", pinned=True,
                note=f"Declared by the council when it objected to a review team: {reason}"[:500],
            )
            db.session.add(conflict)
            db.session.flush()
            record_change("declare_conflict", "reviewer", member.reviewer_id, None,
                          {"council": review.council_code, "kind": "professional",
                           "source": "council objection"}, reason=reason)
    for member in named:
        edits.withdraw_member(review, member, f"The council objected: {reason}")
    record_change("object_invitation", "invitation", item.id, before, _snapshot(item),
                  reason=reason)
    return _replan_after(item, review)


def _replan_after(item: Invitation, review: Review) -> SolverRun | None:
    """Start a re-plan with only this review freed; None when it cannot start (the waiting
    page then shows the review as needing a re-plan, which the coordinator can start)."""
    review.confirmed_at = None
    rota = db.session.get(Rota, review.rota_id) if review.rota_id else None
    if rota is None:
        return None
    limit = float(current_app.config.get("INVITATION_REPLAN_TIME_LIMIT", 10))
    try:
        run = runs.start_replan(rota, plans.rota_settings(rota), plans.rota_reviews(rota),
                                {review.id}, time_limit=limit, user_id=None)
    except runs.RunError as error:
        current_app.logger.warning("re-plan after invitation %s could not start: %s",
                                   item.id, error)
        return None
    item.replan_run_id = run.id
    return run


# ------------------------------------------------------------------------- reminders


def waiting(region: str | None = None) -> list[tuple[Invitation, Review, Council]]:
    """Pending invitations of published reviews, oldest first (never-sent ones first)."""
    query = (
        select(Invitation, Review, Council)
        .join(Review, Review.id == Invitation.review_id)
        .join(Council, Council.gss_code == Review.council_code)
        .where(Invitation.status == "pending", Review.status == "published")
        .order_by(Invitation.sent_at.is_not(None), Invitation.sent_at, Invitation.id)
    )
    if region is not None:
        query = query.where(Council.region == region)
    return [(row[0], row[1], row[2]) for row in db.session.execute(query)]


def reminder_days() -> int:
    return int(current_app.config.get("INVITATION_REMINDER_DAYS", 7))


def due_for_reminder(item: Invitation, at: dt.datetime | None = None) -> bool:
    """Sent more than INVITATION_REMINDER_DAYS ago and not reminded within that time; or
    never sent (the mail server failed), which a reminder retries."""
    if not item.email:
        return False
    at = at or now()
    cutoff = at - dt.timedelta(days=reminder_days())
    if item.sent_at is None:
        return True
    return item.sent_at <= cutoff and (item.reminded_at is None or item.reminded_at <= cutoff)


def send_reminders(region: str | None = None) -> int:
    """Remind everyone whose answer is overdue; returns how many messages went."""
    out = []
    for item, _review, _council in waiting(region):
        if due_for_reminder(item):
            out.append((item, "reminder" if item.sent_at else "invite"))
    if out:
        record_change("send_reminders", "invitation", "*", None, {"count": len(out)})
        db.session.commit()
    return deliver(out)
