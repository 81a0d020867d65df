"""Invitations: each member of a published review is asked to accept, its council to approve.

One row per question asked. A member's invitation is answered accepted or declined; the
council's approved or objected. `issue` rises whenever the question changes (new dates, a new
team for the council to approve): the links in earlier emails carry the old issue and stop
working, so nobody answers a question that is no longer being asked. `start_date`,
`end_date` and `team` record what the invitee was asked about, so a later change to the
review is noticed by comparing them with the review as it stands. `sequence` is the review's
iCalendar SEQUENCE in the last message sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db

#: Kinds of invitation: a team member is asked to accept, the reviewed council to approve.
INVITATION_KINDS = ("member", "council")
#: Statuses. `cancelled`: the review was cancelled or the member taken off its team.
INVITATION_STATUSES = (
    "pending", "accepted", "declined", "approved", "objected", "cancelled",
)
#: Answers that count towards a confirmed review.
YES = ("accepted", "approved")
#: Invitations still standing: a change to the review must reach their holders.
OPEN = ("pending", "accepted", "approved")


class Invitation(db.Model):
    """A question put to one person about one review, and their answer."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: The member asked (kind "member").
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewer.id"), index=True)
    #: The council user asked (kind "council"); None when the council has no account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(String(2000))
    #: Reviewer ids a council's objection names (each becomes a declared conflict).
    objected_to: Mapped[list[int]] = mapped_column(JSON, default=list)
    issue: Mapped[int] = mapped_column(Integer, default=1)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    team: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    #: When the current issue was sent (None: not sent yet, or the mail server failed).
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    #: The re-plan a decline or an objection started (shown to the coordinator).
    replan_run_id: Mapped[int | None] = mapped_column(ForeignKey("solver_run.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
