"""Ofsted's inspections and visits, as a dated list per council."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerreview.extensions import db

if TYPE_CHECKING:
    from peerreview.models.councils import Council


class OfstedEvent(db.Model):
    """An inspection, monitoring visit or focused visit.

    `overall` is null where no overall judgement exists: visits, early reports whose grades
    were not captured, and inspections after the 2026 reform, which dropped the single grade.
    """

    __tablename__ = "ofsted_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="inspection")
    framework: Mapped[str | None] = mapped_column(String(30))
    inspection_type: Mapped[str | None] = mapped_column(String(20))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    published: Mapped[dt.date | None] = mapped_column(Date)
    overall: Mapped[str | None] = mapped_column(String(30))
    leaders: Mapped[str | None] = mapped_column(String(30))
    help_protection: Mapped[str | None] = mapped_column(String(30))
    in_care: Mapped[str | None] = mapped_column(String(30))
    care_leavers: Mapped[str | None] = mapped_column(String(30))
    priority_areas: Mapped[str | None] = mapped_column(String(500))
    report_url: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    council: Mapped[Council] = relationship(back_populates="ofsted_events")

    @property
    def sub_judgements(self) -> dict[str, str | None]:
        return {
            "leaders": self.leaders,
            "help_protection": self.help_protection,
            "in_care": self.in_care,
            "care_leavers": self.care_leavers,
        }
