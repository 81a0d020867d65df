"""Councils with children's services and the relations between them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerreview.extensions import db

if TYPE_CHECKING:
    from peerreview.models.ofsted import OfstedEvent


class Council(db.Model):
    """A council (local authority) with children's services, keyed by its GSS code.

    Councils created or abolished by reorganisation keep their rows with validity dates, so
    history recorded against an abolished council (Northamptonshire, say) stays readable.
    """

    __tablename__ = "council"

    gss_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    dfe_code: Mapped[str | None] = mapped_column(String(3), unique=True)
    ofsted_urn: Mapped[str | None] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    region: Mapped[str] = mapped_column(String(40), index=True)
    type: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    population_0_25: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(120))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    replaced_by: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)

    ofsted_events: Mapped[list[OfstedEvent]] = relationship(
        back_populates="council", order_by="OfstedEvent.start_date", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to > dt.date.today()

    def __repr__(self) -> str:
        return f"<Council {self.gss_code} {self.name}>"


class CouncilBorder(db.Model):
    """A shared boundary, stored once with the lower code first; it holds both ways."""

    __tablename__ = "council_border"
    __table_args__ = (CheckConstraint("council_a < council_b", name="ordered"),)

    council_a: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), primary_key=True)
    council_b: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), primary_key=True)


class StatisticalNeighbour(db.Model):
    """DfE's statistical neighbours: the councils most like this one, ranked 1 (closest) up."""

    __tablename__ = "statistical_neighbour"
    __table_args__ = (UniqueConstraint("council", "neighbour"),)

    council: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    neighbour: Mapped[str] = mapped_column(ForeignKey("council.gss_code"))
    closeness: Mapped[str | None] = mapped_column(String(40))


class CouncilRelation(db.Model):
    """A relation that breaks independence between two councils: a strategic partnership,
    shared leadership (one director across both) or a shared delivery organisation (a trust or
    company covering several councils). It counts both ways, whichever side it was recorded on.
    """

    __tablename__ = "council_relation"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_a: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    council_b: Mapped[str] = mapped_column(ForeignKey("council.gss_code"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    organisation: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    def active_on(self, day: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)

