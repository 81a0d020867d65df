"""Serious concerns found on a review, escalated to the national coordinator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db

ESCALATION_STATUSES = ("open", "decided")


class Escalation(db.Model):
    """A serious concern raised after a visit, tracked until the national coordinator decides.

    The concern and the decision are both kept: the decision never overwrites the concern.
    """

    __tablename__ = "escalation"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    concern: Mapped[str] = mapped_column(String(4000))
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    status: Mapped[str] = mapped_column(String(20), default="open")
    decision: Mapped[str | None] = mapped_column(String(4000))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
