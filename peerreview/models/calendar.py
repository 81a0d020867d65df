"""Dates on which no review is held."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from peerreview.extensions import db


class BankHoliday(db.Model):
    """An England and Wales bank holiday (GOV.UK's list); reviews never fall on one."""

    __tablename__ = "bank_holiday"

    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
