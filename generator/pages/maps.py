"""Maps drawn at build time: a locator for each country page and a map of the briefing.

Both are frozen views of path data, markers and labels; the templates lay them out as
inline SVG. Each map is memoized by exactly what it reads (a locator by the country's
code, the overview's by its list of entries), so a build that changes no country, a
note edit in `serve` say, draws no map again. Coordinates are whole units of the
picture, with relative moves: a locator weighs a few tens of kilobytes at most.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from .geo import (EQUAL_EARTH_X, EQUAL_EARTH_Y, Points, Polygon, Project, Shape, area_centroid, azimuthal, clip, distance,
                  equal_earth, path, unit_vector, where, world)
from .maplabels import LABEL_SETS, Label, Labels

WIDTH, HEIGHT = 960, 640  # a regional map; the world map keeps Equal Earth's own proportions
MARGIN = 4  # rings are cut just outside the picture, so their cut edges are never seen
MIN_HALF = 0.13  # half the width of the smallest region shown, in Earth radii (about 7.5 degrees)
ROOM = 1.9  # a locator is this many times the country's extent: room for its neighbours
LAND_SHARE = 0.04  # a locator with less of its neighbours' land than this is drawn wider
MAX_REACH = 0.7  # but no wider than about 40 degrees from the centre, in radians
PAD = 0.2  # yet a band of at most this much (about 11 degrees) round a large country
INSET_WIDTH = 240
SOUTH = -58  # the world maps leave Antarctica out
NOTE = ("Boundaries as Natural Earth draws them (its default view of de facto control), "
        "which takes no position on disputed borders.")


class ShapeView(NamedTuple):
    code: str | None
    name: str
    d: str
    cls: str  # focus, land, or on the overview the country's colour class
    href: str | None = None
    label: str | None = None  # what a link's accessible name says


class Marker(NamedTuple):
    code: str
    name: str
    x: int
    y: int
    r: int
    cls: str
    href: str | None = None
    label: str | None = None


class Inset(NamedTuple):
    y: int
    width: int
    height: int
    land: str
    focus: str
    x: int  # the ring round the country on the world map
    ring_y: int


class MapView(NamedTuple):
    width: int
    height: int
    desc: str
    shapes: tuple[ShapeView, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Label, ...]
    inset: Inset | None
    note: str = NOTE
    legend: tuple[tuple[str, str], ...] = ()  # (colour class, what it means) on the overview
    legend_title: str = ""


class Entry(NamedTuple):
    """One country of the briefing on the overview map."""

    code: str
    name: str
    href: str
    cls: str
    label: str  # the country and what its colour means, for the link's name


class _Frame(NamedTuple):
    """Projected units to picture units: x0..x1 and y0..y1 fill width by height."""

    project: Project
    x0: float
    y1: float
    scale: float
    width: int
    height: int
    centre: tuple[float, float] | None  # regional maps: shapes beyond `reach` of it are skipped
    reach: float
    unit: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the centre as a unit vector

    def ring(self, ring, trig=None) -> Points | None:
        fast = getattr(self.project, "ring", None)
        if fast and trig is not None:
            return fast(trig, self.x0, self.y1, self.scale)
        out = []
        for lon, lat in ring:
            p = self.project(lon, lat)
            if p is None:
                return None
            out.append(((p[0] - self.x0) * self.scale, (self.y1 - p[1]) * self.scale))
        return out

    def point(self, lon: float, lat: float) -> tuple[float, float] | None:
        p = self.project(lon, lat)
        return None if p is None else ((p[0] - self.x0) * self.scale, (self.y1 - p[1]) * self.scale)


def _regional(centre: tuple[float, float], half_x: float, half_y: float, room: float = ROOM,
              pad: float = PAD) -> _Frame:
    # Room for the neighbours, but no more than a band of them round a large country.
    half_x, half_y = half_x + min(half_x * (room - 1), pad), half_y + min(half_y * (room - 1), pad)
    half_x = max(half_x, MIN_HALF, half_y * WIDTH / HEIGHT)
    half_y = half_x * HEIGHT / WIDTH
    reach = 2 * math.asin(min(math.hypot(half_x, half_y) / 2, 1.0))
    return _Frame(azimuthal(*centre), -half_x, half_y, WIDTH / (2 * half_x), WIDTH, HEIGHT, centre, reach,
                  unit_vector(*centre))


def _world_frame(width: int) -> _Frame:
    y0 = equal_earth(0, SOUTH)[1]
    scale = width / (2 * EQUAL_EARTH_X)
    return _Frame(equal_earth, -EQUAL_EARTH_X, EQUAL_EARTH_Y, scale, width,
                  round((EQUAL_EARTH_Y - y0) * scale), None, math.pi)


def _parts(shape: Shape) -> list[Polygon]:
    """The parts of a country a map frames: its largest, the parts whose middle lies
    within it, and large parts close by. The United States without Alaska, Norway
    without Svalbard, Japan and New Zealand with all their main islands."""
    if not shape.polygons:
        return []
    main = shape.polygons[0]
    return [p for p in shape.polygons if distance(p.centre, main.centre) <= main.reach
            or p.area >= 0.25 * main.area and distance(p.centre, main.centre) <= main.reach + 0.1]


def _extent(project: Project, rings: list) -> tuple[float, float]:
    """Half the width and height, round the projection's centre, that hold the rings."""
    xs, ys = [0.0], [0.0]
    for ring in rings:
        for lon, lat in ring:
            q = project(lon, lat)
            if q:
                xs.append(abs(q[0]))
                ys.append(abs(q[1]))
    return max(xs), max(ys)


class _Drawn(NamedTuple):
    shape: Shape
    rings: list[Points]
    biggest: tuple[float, float, float, float, float]  # area, x, y, width, height of its largest visible ring


def _draw(frame: _Frame, shape: Shape, tolerance: float = 1.0) -> _Drawn | None:
    rings: list[Points] = []
    for polygon in shape.polygons:
        if frame.centre and polygon.beyond(frame.unit, frame.reach):
            continue
        projected = [frame.ring(r, t) for r, t in zip(polygon.rings, polygon.trig)]
        if any(r is None for r in projected):
            continue
        for r in projected:
            cut = clip(r, -MARGIN, -MARGIN, frame.width + MARGIN, frame.height + MARGIN)
            if len(cut) >= 3:
                rings.append(cut)
    if not rings:
        return None
    best = (0.0, 0.0, 0.0, 0.0, 0.0)
    for r in rings:
        a, cx, cy = area_centroid(r)
        if a > best[0]:
            xs, ys = [p[0] for p in r], [p[1] for p in r]
            best = (a, cx, cy, max(xs) - min(xs), max(ys) - min(ys))
    return _Drawn(shape, rings, best)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@lru_cache(maxsize=1024)
def locator(code: str) -> MapView | None:
    """The country highlighted among its neighbours, with a world inset; None for a code
    the geometry does not hold."""
    shape = world().by_code.get(code)
    if shape is None:
        return None
    centre = where(shape)
    half_x, half_y = _extent(azimuthal(*centre), [p.rings[0] for p in _parts(shape)])
    while True:
        frame = _regional(centre, half_x, half_y)
        drawn = [d for other in world().shapes if other.polygons for d in [_draw(frame, other)] if d]
        land = sum(a for d in drawn if d.shape.code != code for a, *_ in [d.biggest])
        # An island far out (the Seychelles, Tonga) is shown with the nearest coasts.
        if land >= LAND_SHARE * WIDTH * HEIGHT or frame.reach > MAX_REACH:
            break
        half_x, half_y = -frame.x0 * 1.5 / ROOM, frame.y1 * 1.5 / ROOM
    inset = _inset(code)
    neighbours: list[str] = []
    shapes = [ShapeView(d.shape.code, d.shape.name, path(d.rings), "focus" if d.shape.code == code else "land")
              for d in drawn]
    markers = []
    for other in world().shapes:
        if other.point:
            p = frame.point(*other.point)
            if p and 0 <= p[0] <= WIDTH and 0 <= p[1] <= HEIGHT:
                focus = other.code == code
                markers.append(Marker(other.code, other.name, round(p[0]), round(p[1]), 12 if focus else 5,
                                      "focus" if focus else "land"))
    me = next((d for d in drawn if d.shape.code == code), None)
    x, y, size = (me.biggest[1], me.biggest[2], max(me.biggest[3], me.biggest[4])) if me else (*frame.point(*centre), 0)
    if size < 14:  # too small to find at a glance: a ring round it
        markers.append(Marker(code, shape.name, round(x), round(y), 22, "ring"))
        size = 44
    placed: list[Label] = []
    for name, font in LABEL_SETS:
        labels = Labels(WIDTH, HEIGHT, (0, HEIGHT - inset.height - 8, INSET_WIDTH + 8, HEIGHT), font, name)
        labels.beside(x, y, size, shape.name, "focus", force=True)
        for d in sorted(drawn, key=lambda d: (-d.biggest[0], d.shape.name)):
            if d.shape.code != code and labels.on(*d.biggest[1:], d.shape.name, "land") and name == "wide":
                neighbours.append(d.shape.name)
        placed += labels.placed
    neighbours = neighbours[:8]  # the largest; the picture shows the rest
    where_text = (f"with {_names(neighbours)} around it" if neighbours else "with the sea around it")
    desc = (f"{shape.name} is highlighted, {where_text}. A small world map in the corner "
            f"rings where the region lies.")
    shapes.sort(key=lambda v: v.cls == "focus")  # on top, so its outline shows whole
    return MapView(WIDTH, HEIGHT, desc, tuple(shapes), tuple(markers), tuple(placed), inset)


@lru_cache(maxsize=1)
def _world_land() -> tuple[str, _Frame]:
    frame = _world_frame(INSET_WIDTH)
    box = (-MARGIN, -MARGIN, frame.width + MARGIN, frame.height + MARGIN)
    rings = [r for s in world().shapes if s.code != "AQ" for p in s.polygons
             for r in [clip(frame.ring(p.rings[0]), *box)] if len(r) >= 3 and area_centroid(r)[0] > 1.5]
    return path(rings, tolerance=1.5), frame


@lru_cache(maxsize=1024)
def _inset(code: str) -> Inset:
    land, frame = _world_land()
    shape = world().by_code[code]
    x, y = frame.point(*where(shape))
    box = (-MARGIN, -MARGIN, frame.width + MARGIN, frame.height + MARGIN)
    rings = [clip(frame.ring(p.rings[0]), *box) for p in shape.polygons]
    return Inset(HEIGHT - frame.height, INSET_WIDTH, frame.height, land,
                 path([r for r in rings if len(r) >= 3], tolerance=0.5), round(x), round(y))


@lru_cache(maxsize=64)
def overview(entries: tuple[Entry, ...], legend: tuple[tuple[str, str], ...], legend_title: str,
             desc: str) -> MapView | None:
    """The briefing's countries in their colours, each a link to its page: a regional map
    when they lie close together, else the world."""
    w = world()
    found = [(e, w.by_code[e.code]) for e in entries if e.code in w.by_code]
    if not found:
        return None
    frame = _overview_frame([s for _, s in found])
    mine = {e.code: e for e, _ in found}
    shapes, markers, drawn = [], [], []
    for shape in w.shapes:
        if shape.code == "AQ" and frame.centre is None:
            continue
        entry = mine.get(shape.code)
        if shape.point:
            p = frame.point(*shape.point)
            if entry and p:
                markers.append(Marker(shape.code, entry.name, round(p[0]), round(p[1]), 9, entry.cls,
                                      entry.href, entry.label))
                drawn.append((entry, p[0], p[1], 0.0, 14.0))
            continue
        d = _draw(frame, shape)
        if not d:
            continue
        shapes.append(ShapeView(shape.code, shape.name, path(d.rings), entry.cls if entry else "land",
                                entry.href if entry else None, entry.label if entry else None))
        if entry:
            drawn.append((entry, d.biggest[1], d.biggest[2], d.biggest[0], max(d.biggest[3], d.biggest[4])))
    shapes.sort(key=lambda v: v.href is not None)  # the briefing's countries on top
    main = [e.code for e in entries if e.cls == "main"]
    drawn.sort(key=lambda d: (d[0].code not in main, -d[3]))  # the main country, then the largest
    placed: list[Label] = []
    for name, font in LABEL_SETS:
        labels = Labels(frame.width, frame.height, None, font, name)
        for entry, x, y, area, size in drawn:
            labels.beside(x, y, size, entry.name, "name")
        placed += labels.placed
    return MapView(frame.width, frame.height, desc, tuple(shapes), tuple(markers), tuple(placed), None,
                   legend=legend, legend_title=legend_title)


def _overview_frame(shapes: list[Shape]) -> _Frame:
    # The centre: the mean of the countries' positions on the sphere.
    vectors = [unit_vector(*where(s)) for s in shapes]
    x, y, z = (sum(v[i] for v in vectors) for i in range(3))
    if math.hypot(x, y, z) < 1e-9:
        return _world_frame(WIDTH)
    centre = (math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y))))
    if max(distance(centre, where(s)) + (s.polygons[0].reach if s.polygons else 0) for s in shapes) > math.radians(60):
        return _world_frame(WIDTH)
    rings = [p.rings[0] for s in shapes for p in _parts(s)] + [(s.point,) for s in shapes if s.point]
    half_x, half_y = _extent(azimuthal(*centre), rings)
    return _regional(centre, half_x, half_y, room=1.25, pad=0.12)
