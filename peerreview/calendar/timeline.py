"""Geometry for the year's timeline picture: one row per region (or council), one bar per
review. Computed here and drawn by the template as SVG, so the page needs no script and no
inline style (bars are coloured by CSS classes in assets/app.scss)."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass

from peerreview.calendar.services import CalendarEntry, summary

LABEL_WIDTH = 210
CHART_WIDTH = 750
ROW_HEIGHT = 28
BAR_HEIGHT = 16
AXIS_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    css_class: str
    title: str
    href: str | None


@dataclass(frozen=True)
class MonthTick:
    x: float
    label: str


@dataclass(frozen=True)
class RowLabel:
    y: float
    text: str
    href: str | None


@dataclass(frozen=True)
class Timeline:
    year: int
    width: int
    height: int
    chart_left: int
    chart_width: int
    months: tuple[MonthTick, ...]
    rows: tuple[RowLabel, ...]
    bars: tuple[Bar, ...]
    row_lines: tuple[float, ...]
    today_x: float | None


def _x(day: dt.date, year: int) -> float:
    start = dt.date(year, 1, 1)
    days = 366 if stdlib_calendar.isleap(year) else 365
    offset = min(max((day - start).days, 0), days)
    return round(LABEL_WIDTH + CHART_WIDTH * offset / days, 1)


def build_timeline(
    year: int,
    rows: list[tuple[str, str | None, list[CalendarEntry]]],
    *,
    today: dt.date | None = None,
) -> Timeline:
    """`rows` are (label, link, entries); entries outside the year are clipped to it."""
    months = tuple(
        MonthTick(_x(dt.date(year, month, 1), year), dt.date(year, month, 1).strftime("%b"))
        for month in range(1, 13)
    )
    labels, bars, lines = [], [], []
    for index, (text, href, row_entries) in enumerate(rows):
        top = AXIS_HEIGHT + index * ROW_HEIGHT
        labels.append(RowLabel(top + ROW_HEIGHT / 2 + 5, text, href))
        lines.append(top + ROW_HEIGHT)
        for entry in row_entries:
            review = entry.review
            assert review.start_date is not None
            left = _x(review.start_date, year)
            right = _x(entry.end_exclusive, year)
            bars.append(
                Bar(
                    x=left,
                    y=top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                    width=max(round(right - left, 1), 3.0),
                    css_class=f"app-timeline-chart__bar--{review.status}",
                    title=f"{summary(review, entry.council)}, "
                    f"{review.start_date:%d %b} to {review.end_date:%d %b %Y}"
                    + (" (cancelled)" if review.status == "cancelled" else ""),
                    href=None,
                )
            )
    today_x = _x(today, year) if today and today.year == year else None
    return Timeline(
        year=year,
        width=LABEL_WIDTH + CHART_WIDTH + 10,
        height=AXIS_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 4,
        chart_left=LABEL_WIDTH,
        chart_width=CHART_WIDTH,
        months=months,
        rows=tuple(labels),
        bars=tuple(bars),
        row_lines=tuple(lines),
        today_x=today_x,
    )
