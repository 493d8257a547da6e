"""The geometry the maps are drawn from, the two projections, and drawing primitives.

The outlines are Natural Earth's 1:110m countries, shipped with the package (see
scripts/world_geometry.py); nothing is fetched at build time. Both projections are
written out here, being a few lines each: Lambert's azimuthal equal-area, centred on what
a map shows, for regional maps, and Equal Earth for the world.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import Callable, NamedTuple

Ring = tuple[tuple[float, float], ...]  # (lon, lat) in degrees
Project = Callable[[float, float], "tuple[float, float] | None"]
FAR_SIDE = math.radians(150)  # beyond this from the centre a regional map drops the polygon


class Polygon(NamedTuple):
    rings: tuple[Ring, ...]  # the outer ring first, then any holes
    centre: tuple[float, float]  # of its lon/lat box
    reach: float  # angular radius around the centre that holds every vertex, radians
    area: float  # of the outer ring, square degrees scaled by the cosine of latitude
    trig: tuple[tuple[tuple[float, float, float], ...], ...]  # each ring's (lon in radians, sin lat, cos lat)
    unit: tuple[float, float, float]  # the centre as a unit vector: distances by a dot product

    def beyond(self, unit: tuple[float, float, float], reach: float) -> bool:
        """Whether the polygon lies wholly beyond `reach` (radians) of the point `unit`."""
        limit = self.reach + reach
        return limit < math.pi and sum(a * b for a, b in zip(unit, self.unit)) < math.cos(limit)


class Shape(NamedTuple):
    code: str | None  # ISO 3166-1 alpha-2; None for the units ISO has no code for
    name: str  # Natural Earth's short name
    polygons: tuple[Polygon, ...]  # largest first; empty for a place drawn as a marker
    point: tuple[float, float] | None  # where a marker goes when there are no polygons


class World(NamedTuple):
    shapes: tuple[Shape, ...]  # in code order, the units without a code last
    by_code: dict[str, Shape]
    source: str


def unit_vector(lon: float, lat: float) -> tuple[float, float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in radians between two (lon, lat) points in degrees."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * math.asin(min(1.0, math.sqrt(h)))


def _unwrap(flat: list[int]) -> Ring:
    """A ring's points with longitudes made continuous: a ring that crosses the 180th
    meridian (Russia's, Fiji's) goes on past 180 instead of jumping to -180, so that its
    box, area and world-map outline come out whole."""
    points = []
    shift = 0.0
    last = None
    for x, y in zip(flat[0::2], flat[1::2]):
        lon = x / 100
        if last is not None and abs(lon + shift - last) > 180:
            shift += 360 if last > lon + shift else -360
        last = lon + shift
        points.append((last, y / 100))
    return tuple(points)


def _polygon(rings: list[list[int]]) -> Polygon:
    made = tuple(_unwrap(r) for r in rings)
    outer = made[0]
    lons, lats = [p[0] for p in outer], [p[1] for p in outer]
    middle = (min(lons) + max(lons)) / 2
    centre = ((middle + 180) % 360 - 180, (min(lats) + max(lats)) / 2)
    flat = sum(outer[i - 1][0] * outer[i][1] - outer[i][0] * outer[i - 1][1] for i in range(len(outer)))
    area = abs(flat) / 2 * math.cos(math.radians(centre[1]))
    trig = tuple(tuple((math.radians(lon), math.sin(math.radians(lat)), math.cos(math.radians(lat))) for lon, lat in r)
                 for r in made)
    return Polygon(made, centre, max(distance(centre, p) for p in outer), area, trig, unit_vector(*centre))


@lru_cache(maxsize=1)
def world() -> World:
    data = json.loads(files("generator.pages").joinpath("world-110m.json").read_text(encoding="utf-8"))
    names = data["names"]
    shapes = [Shape(code, names[code], tuple(sorted(map(_polygon, polys), key=lambda p: -p.area)), None)
              for code, polys in data["shapes"].items()]
    shapes += [Shape(code, names[code], (), (lon / 100, lat / 100)) for code, (lon, lat) in data["points"].items()]
    shapes.sort(key=lambda s: s.code)
    shapes += [Shape(None, name, tuple(sorted(map(_polygon, polys), key=lambda p: -p.area)), None)
               for name, polys in data["others"].items()]
    return World(tuple(shapes), {s.code: s for s in shapes if s.code}, data["source"])


def where(shape: Shape) -> tuple[float, float]:
    """The point a map of this country centres on: the middle of its largest part."""
    return shape.polygons[0].centre if shape.polygons else shape.point


# --- projections ------------------------------------------------------------------------

def azimuthal(lon0: float, lat0: float) -> Project:
    """Lambert azimuthal equal-area centred on (lon0, lat0): x east, y north, in Earth radii.

    None for a point on the far side: near the antipode a ring would wrap round the map's
    rim, so a polygon with such a point is left out (it lies far outside a regional map)."""
    l0, p0 = math.radians(lon0), math.radians(lat0)
    sin0, cos0 = math.sin(p0), math.cos(p0)
    limit = math.cos(FAR_SIDE)

    def project(lon: float, lat: float) -> tuple[float, float] | None:
        lam, phi = math.radians(lon) - l0, math.radians(lat)
        cos_c = sin0 * math.sin(phi) + cos0 * math.cos(phi) * math.cos(lam)
        if cos_c < limit:
            return None
        k = math.sqrt(2 / (1 + cos_c))
        return k * math.cos(phi) * math.sin(lam), k * (cos0 * math.sin(phi) - sin0 * math.cos(phi) * math.cos(lam))

    def ring(trig, x0: float, y1: float, scale: float) -> list[tuple[float, float]] | None:
        """A whole ring from its precomputed sines and cosines, straight into picture
        units: the same formula with half the trigonometry, where a build spends its time."""
        out = []
        sin, cos, sqrt = math.sin, math.cos, math.sqrt
        for lon, sp, cp in trig:
            lam = lon - l0
            cl = cos(lam)
            cos_c = sin0 * sp + cos0 * cp * cl
            if cos_c < limit:
                return None
            k = sqrt(2 / (1 + cos_c))
            out.append(((k * cp * sin(lam) - x0) * scale, (y1 - k * (cos0 * sp - sin0 * cp * cl)) * scale))
        return out

    project.ring = ring  # type: ignore[attr-defined]
    return project


_A1, _A2, _A3, _A4, _M = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth (Šavrič, Patterson and Jenny, 2018): x east, y north, in Earth radii."""
    t = math.asin(_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * math.radians(lon) * math.cos(t) / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    return x, t * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))


EQUAL_EARTH_X, EQUAL_EARTH_Y = equal_earth(180, 0)[0], equal_earth(0, 90)[1]

# --- drawing ----------------------------------------------------------------------------

Points = list[tuple[float, float]]


def clip(points: Points, x0: float, y0: float, x1: float, y1: float) -> Points:
    """Sutherland–Hodgman: the ring cut to the box. Linear in the ring's length per side."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
        return points  # the common case: wholly inside
    if max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
        return []
    def cut(pts: Points, inside: Callable[[tuple[float, float]], bool],
            cross: Callable[[tuple[float, float], tuple[float, float]], tuple[float, float]]) -> Points:
        out: Points = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(cross(q, p))
                out.append(p)
            elif inside(q):
                out.append(cross(q, p))
        return out

    def at_x(x: float):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in ((lambda p: p[0] >= x0, at_x(x0)), (lambda p: p[0] <= x1, at_x(x1)),
                          (lambda p: p[1] >= y0, at_y(y0)), (lambda p: p[1] <= y1, at_y(y1))):
        points = cut(points, inside, cross)
        if not points:
            break
    return points


def path(rings: list[Points], tolerance: float = 1.0) -> str:
    """SVG path data in whole units, relative moves, dropping points closer than
    `tolerance` to the last one kept: the same rings always give the same bytes."""
    parts = []
    for ring in rings:
        kept: list[tuple[int, int]] = []
        for x, y in ring:
            p = (round(x), round(y))
            if not kept or abs(p[0] - kept[-1][0]) + abs(p[1] - kept[-1][1]) > tolerance:
                kept.append(p)
        if len(kept) < 3:
            continue
        steps = [f"M{kept[0][0]} {kept[0][1]}"]
        moves = []
        for (ax, ay), (bx, by) in zip(kept, kept[1:]):
            moves.append(f"{bx - ax} {by - ay}")
        steps.append("l" + " ".join(moves) + "z")
        parts.append("".join(steps).replace(" -", "-"))
    return "".join(parts)


def area_centroid(ring: Points) -> tuple[float, float, float]:
    """Area and centroid of a ring (shoelace); the box's middle when it has no area."""
    a = cx = cy = 0.0
    for i, (x1, y1) in enumerate(ring):
        x0, y0 = ring[i - 1]
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if abs(a) < 1e-9:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)
