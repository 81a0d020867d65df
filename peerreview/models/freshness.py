"""One row whose stamp changes with every committed write (see peerreview.freshness)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db


class ChangeStamp(db.Model):
    """The register's change stamp: a random number replaced by every transaction that
    writes. Random rather than a counter, so that two copies of one database that change
    differently never show the same stamp to a cache that has seen both."""

    __tablename__ = "change_stamp"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger)
