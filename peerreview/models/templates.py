"""Team templates: named review shapes (days on site and who is on the team).

A request picks a template to get sensible days and team numbers in one step; the request keeps
its own copy of the numbers, so editing a template never changes requests already made.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db


class TeamTemplate(db.Model):
    __tablename__ = "team_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(String(1000))
    days: Mapped[int] = mapped_column(Integer, default=3)
    directors: Mapped[int] = mapped_column(Integer, default=1)
    senior_managers: Mapped[int] = mapped_column(Integer, default=1)
    practitioners: Mapped[int] = mapped_column(Integer, default=2)
    councillors: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def team_size(self) -> int:
        return self.directors + self.senior_managers + self.practitioners + self.councillors

    def team(self) -> dict[str, int]:
        return {
            "director": self.directors,
            "senior_manager": self.senior_managers,
            "practitioner": self.practitioners,
            "councillor": self.councillors,
        }
