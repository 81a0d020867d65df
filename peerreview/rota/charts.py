"""A small server-rendered SVG chart of a run's objective and bound over time (no script
needed, and nothing inline that the CSP would block: colours come from classes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, PAD = 640, 240, 40


@dataclass
class Chart:
    width: int
    height: int
    objective: str  # SVG polyline points
    bound: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    empty: bool


def progress_chart(progress: list[dict[str, Any]], stage: str = "schedule") -> Chart:
    """Objective and bound of one solver stage (stages optimise different aims, so their
    values do not share a scale)."""
    points = [p for p in progress if (p.get("stage") or "schedule") == stage]
    values = [v for p in points for v in (p.get("objective"), p.get("bound")) if v is not None]
    if not points or not values:
        return Chart(WIDTH, HEIGHT, "", "", [], [], True)
    t_max = max(p["seconds"] for p in points) or 1.0
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1

    def x(t: float) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * t / t_max, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - low) / (high - low), 1)

    def line(key: str) -> str:
        return " ".join(
            f"{x(p['seconds'])},{y(p[key])}" for p in points if p.get(key) is not None
        )

    x_ticks = [(x(t_max * i / 4), f"{t_max * i / 4:.1f} s") for i in range(5)]
    y_ticks = [(y(low + (high - low) * i / 4), f"{low + (high - low) * i / 4:g}") for i in range(5)]
    return Chart(WIDTH, HEIGHT, line("objective"), line("bound"), x_ticks, y_ticks, False)
