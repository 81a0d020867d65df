"""The pool of reviewers: senior officers, practitioners and councillors of other councils."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerreview.extensions import db


class Reviewer(db.Model):
    """A person who can serve on review teams. `demo` marks invented people from the demo set,
    so they can never be mistaken for, or mixed up with, real ones."""

    __tablename__ = "reviewer"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    max_reviews: Mapped[int | None] = mapped_column(Integer)
    max_days: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)

    expertise: Mapped[list[ReviewerExpertise]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewerExpertise.area"
    )
    unavailability: Mapped[list[ReviewerUnavailability]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewerUnavailability.start_date"
    )
    employments: Mapped[list[ReviewerEmployment]] = relationship(cascade="all, delete-orphan")
    conflicts: Mapped[list[ReviewerConflict]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def expertise_levels(self) -> dict[str, int]:
        return {item.area: item.level for item in self.expertise}


class ReviewerExpertise(db.Model):
    """A practice area and a level: 1 working knowledge, 2 experienced, 3 expert."""

    __tablename__ = "reviewer_expertise"
    __table_args__ = (UniqueConstraint("reviewer_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)
    area: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)


class ReviewerUnavailability(db.Model):
    """An inclusive range of dates on which the reviewer cannot be on site."""

    __tablename__ = "reviewer_unavailability"

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))


class ReviewerEmployment(db.Model):
    """A past employer: someone who worked at a council recently may not review it."""

    __tablename__ = "reviewer_employment"

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"))
    until: Mapped[dt.date | None] = mapped_column(Date)


class ReviewerConflict(db.Model):
    """A declared conflict of interest with a council.

    As in HotCRP, a conflict a coordinator has confirmed is pinned: the reviewer cannot remove
    it themselves.
    """

    __tablename__ = "reviewer_conflict"
    __table_args__ = (UniqueConstraint("reviewer_id", "council_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"))
    kind: Mapped[str] = mapped_column(String(30), default="personal")
    note: Mapped[str | None] = mapped_column(String(500))
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
