"""A map of England drawn on the server: every council a dot at its latitude and longitude.

The projection is equirectangular with longitude scaled by the cosine of the middle latitude,
which is accurate enough at England's size and needs no map library or network. London's 33
councils would sit on top of each other at that scale, so they are drawn again, enlarged, in an
inset beside the main map; only the inset's dots are links, so each council is reached once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from peerreview.models import Council

#: The main map's size in SVG units; the page scales the drawing to the screen's width.
MAP_WIDTH = 460
INSET_WIDTH = 230
PADDING = 16
GAP = 24


@dataclass(frozen=True)
class Dot:
    council: Council
    judgement: str | None
    x: float
    y: float
    linked: bool


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class EnglandMap:
    width: float
    height: float
    dots: list[Dot]
    inset: Box | None
    #: Where London sits on the main map, drawn as a frame the inset enlarges.
    london: Box | None
    unplaced: list[Council]


class _Projection:
    """Fits a set of (latitude, longitude) points into a box, keeping the aspect ratio."""

    def __init__(self, points: list[tuple[float, float]], box: Box, mid_lat: float) -> None:
        self.cos = math.cos(math.radians(mid_lat))
        xs = [lon * self.cos for _, lon in points]
        ys = [-lat for lat, _ in points]
        self.min_x, self.min_y = min(xs), min(ys)
        span_x = max(max(xs) - self.min_x, 1e-6)
        span_y = max(max(ys) - self.min_y, 1e-6)
        self.scale = min(box.width / span_x, box.height / span_y)
        self.box = box
        self.used = Box(box.x, box.y, span_x * self.scale, span_y * self.scale)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.box.x + (lon * self.cos - self.min_x) * self.scale
        y = self.box.y + (-lat - self.min_y) * self.scale
        return round(x, 1), round(y, 1)


def england_map(councils: list[Council], judgements: dict[str, str | None]) -> EnglandMap:
    """Place each council with a location; London also goes into an enlarged inset."""
    placed = [c for c in councils if c.latitude is not None and c.longitude is not None]
    unplaced = [c for c in councils if c not in placed]
    if not placed:
        return EnglandMap(MAP_WIDTH, MAP_WIDTH, [], None, None, unplaced)
    points = [(c.latitude, c.longitude) for c in placed]
    mid_lat = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    main = _Projection(points, Box(PADDING, PADDING, MAP_WIDTH - 2 * PADDING, 10_000), mid_lat)
    height = main.used.height + 2 * PADDING

    london = [c for c in placed if c.region == "London"]
    dots: list[Dot] = []
    for council in placed:
        x, y = main(council.latitude, council.longitude)
        dots.append(Dot(council, judgements.get(council.gss_code), x, y,
                        linked=council not in london))

    inset = frame = None
    width = MAP_WIDTH
    if london:
        london_points = [(c.latitude, c.longitude) for c in london]
        corners = [main(lat, lon) for lat, lon in london_points]
        frame = Box(
            min(x for x, _ in corners) - 6,
            min(y for _, y in corners) - 6,
            max(x for x, _ in corners) - min(x for x, _ in corners) + 12,
            max(y for _, y in corners) - min(y for _, y in corners) + 12,
        )
        inner = Box(MAP_WIDTH + GAP + 14, 0, INSET_WIDTH - 28, 10_000)
        projection = _Projection(london_points, inner, mid_lat)
        inset_height = projection.used.height + 28
        # Beside the frame it enlarges, but never off the drawing.
        top = max(PADDING, min(frame.y - inset_height / 2, height - inset_height - PADDING))
        inner = Box(inner.x, top + 14, inner.width, inner.height)
        projection = _Projection(london_points, inner, mid_lat)
        inset = Box(MAP_WIDTH + GAP, top, INSET_WIDTH, projection.used.height + 28)
        for council in london:
            x, y = projection(council.latitude, council.longitude)
            dots.append(Dot(council, judgements.get(council.gss_code), x, y, linked=True))
        width = MAP_WIDTH + GAP + INSET_WIDTH + PADDING
    return EnglandMap(width, round(height, 1), dots, inset, frame, unplaced)
