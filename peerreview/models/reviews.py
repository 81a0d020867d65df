"""Review requests, reviews with their teams, and solver runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerreview.extensions import db


class TeamShape:
    """Columns shared by requests and reviews: how long on site and who is on the team."""

    days: Mapped[int] = mapped_column(Integer, default=3)
    directors: Mapped[int] = mapped_column(Integer, default=1)
    senior_managers: Mapped[int] = mapped_column(Integer, default=1)
    practitioners: Mapped[int] = mapped_column(Integer, default=1)
    councillors: Mapped[int] = mapped_column(Integer, default=0)
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)

    def team(self) -> dict[str, int]:
        return {
            "director": self.directors,
            "senior_manager": self.senior_managers,
            "practitioner": self.practitioners,
            "councillor": self.councillors,
        }


class ReviewRequest(TeamShape, db.Model):
    """A council's request for a review, decided by a coordinator.

    Status: `requested` (waiting for a coordinator), `approved` (possibly amended: window,
    days, team, focus or priority changed) or `declined` (with a reason). A coordinator's own
    request from the due list starts approved. `priority` runs 1 (can wait) to 5 (most urgent),
    as the solver reads it.
    """

    __tablename__ = "review_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    earliest: Mapped[dt.date] = mapped_column(Date)
    latest: Mapped[dt.date] = mapped_column(Date)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    aims: Mapped[str | None] = mapped_column(String(2000))
    success_criteria: Mapped[str | None] = mapped_column(String(2000))
    team_template_id: Mapped[int | None] = mapped_column(ForeignKey("team_template.id"))
    #: Why the request exists when a coordinator raised it from the due list (the due reason).
    prompted_by: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20), default="requested")
    decision_reason: Mapped[str | None] = mapped_column(String(2000))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Review(TeamShape, db.Model):
    """A review on the calendar: drafted by the solver, published, completed or cancelled.

    `uid` and `sequence` belong to calendar feeds: the uid never changes, the sequence rises
    on every material change so subscribed calendars update.
    """

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("review_request.id"))
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    earliest: Mapped[dt.date] = mapped_column(Date)
    latest: Mapped[dt.date] = mapped_column(Date)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The rota (planning round) this review was planned in; its rules are the ones every
    # edit and the publish check test it against.
    rota_id: Mapped[int | None] = mapped_column(ForeignKey("rota.id"), index=True)
    # Set when every member has accepted and the council has approved the team (see
    # peerreview.invitations); cleared when a change asks them again.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    @property
    def calendar_status(self) -> str:
        """The status calendars show: a published review everyone has said yes to is
        "confirmed"; until then it stays "published" (TENTATIVE in feeds)."""
        if self.status == "published" and self.confirmed_at is not None:
            return "confirmed"
        return self.status

    team_members: Mapped[list[TeamAssignment]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class TeamAssignment(db.Model):
    """A reviewer on a review's team, with the solver's reasons for choosing them."""

    __tablename__ = "team_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewer.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    lead: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    override_reason: Mapped[str | None] = mapped_column(String(2000))

    review: Mapped[Review] = relationship(back_populates="team_members")


class SolverRun(db.Model):
    """One solve: its problem and plan as the contract's JSON, its progress and its fate.

    Runs execute in a background job; a run that fails or is killed is marked so and
    changes nothing published.
    """

    __tablename__ = "solver_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    time_limit: Mapped[float] = mapped_column(Float, default=30.0)
    problem: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    progress: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(String(4000))
    # "solve" plans approved requests; "replan" re-solves a published rota with some reviews
    # freed (`free`, review ids of the problem) and the current plan as `previous`.
    kind: Mapped[str] = mapped_column(String(20), default="solve")
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    free: Mapped[list[str]] = mapped_column(JSON, default=list)
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rota_id: Mapped[int | None] = mapped_column(ForeignKey("rota.id"), index=True)
    # Written by the job every half second while it runs: a stale heartbeat means the process
    # running it died, and the run is then shown as failed.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The independent checker's findings on the plan (empty: every hard rule holds).
    check_errors: Mapped[list[str] | None] = mapped_column(JSON)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
