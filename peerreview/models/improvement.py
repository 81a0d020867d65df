"""A council's improvement journey: leadership, phases, support and capacity."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db


class LeadershipChange(db.Model):
    """A new director of children's services: one of the report's key transition points."""

    __tablename__ = "leadership_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(40), default="director")
    name: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ImprovementPhase(db.Model):
    """The phase a council is in; a council is in one phase at a time, from its start date."""

    __tablename__ = "improvement_phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    phase: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class SupportPackage(db.Model):
    """Support in one of the report's three forms: sector-led, external scrutiny and
    intervention, or an alternative delivery model. A council may have several at once."""

    __tablename__ = "support_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    form: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    partner_council: Mapped[str | None] = mapped_column(ForeignKey("council.gss_code"))
    lead_person: Mapped[str | None] = mapped_column(String(200))
    cost_estimate: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class CapacityAssessment(db.Model):
    """The report's three capacity questions, and the coordinator's own decision.

    The framework's suggestion is derived, never stored over the decision: the product
    advises, the coordinator decides.
    """

    __tablename__ = "capacity_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    can_self_assess: Mapped[bool] = mapped_column(Boolean)
    can_set_strategy: Mapped[bool] = mapped_column(Boolean)
    can_implement: Mapped[bool] = mapped_column(Boolean)
    systemic_issues: Mapped[bool] = mapped_column(Boolean)
    decision: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(2000))
    assessed_by: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def suggestion(self) -> str:
        """The report's decision framework applied to the answers."""
        if self.can_self_assess and self.can_set_strategy and self.can_implement:
            return "intervention" if self.systemic_issues else "sector_led"
        if self.can_self_assess and self.can_set_strategy:
            return "intervention"
        if self.systemic_issues:
            return "alternative_delivery"
        return "intervention"
