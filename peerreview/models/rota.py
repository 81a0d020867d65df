"""A rota: one planning round (a horizon and its rules) that reviews are planned in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db


class Rota(db.Model):
    """The horizon and rules a set of reviews was planned under.

    `settings` holds the solve form's choices (see peerreview.rota.settings): every manual
    edit and every publish re-checks the whole rota against these rules, so they are kept with
    the rota rather than with any one solver run.
    """

    __tablename__ = "rota"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_run_id: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
