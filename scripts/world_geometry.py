"""Make generator/pages/world-110m.json, the country outlines the maps are drawn from.

Source: Natural Earth's Admin 0 countries (public domain), 1:110m for the outlines and
1:50m for the location of the small countries 1:110m leaves out, as the npm package
`world-atlas` 2.0.2 carries them (TopoJSON; Natural Earth 4.1.0). Run once, offline:

    npm install --prefix /tmp/atlas world-atlas@2.0.2
    python scripts/world_geometry.py /tmp/atlas/node_modules/world-atlas

The output is keyed by ISO 3166-1 alpha-2 code (from the numeric code through pycountry);
coordinates are whole hundredths of a degree, each ring a flat list [lon, lat, lon, lat, ...].
Shapes without an ISO code (Natural Earth draws Kosovo, Northern Cyprus and Somaliland as
units of their own) are kept under their names, to be drawn as context only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

# Places neither scale draws (part of a larger unit there, or too small even at 1:50m), at
# their geographic coordinates as the CIA World Factbook gives them (lon, lat in degrees).
EXTRA_POINTS = {
    "BQ": ("Caribbean Netherlands", -68.25, 12.18), "BV": ("Bouvet I.", 3.40, -54.43),
    "CC": ("Cocos Is.", 96.83, -12.50), "CX": ("Christmas I.", 105.67, -10.50),
    "GF": ("French Guiana", -53.00, 4.00), "GI": ("Gibraltar", -5.35, 36.13),
    "GP": ("Guadeloupe", -61.58, 16.25), "MQ": ("Martinique", -61.00, 14.67),
    "RE": ("Réunion", 55.60, -21.10), "SJ": ("Svalbard", 20.00, 78.00),
    "TK": ("Tokelau", -172.00, -9.00), "TV": ("Tuvalu", 178.00, -8.00),
    "UM": ("U.S. Minor Outlying Is.", 166.60, 19.28), "YT": ("Mayotte", 45.17, -12.83),
}

OUT = Path(__file__).resolve().parent.parent / "generator" / "pages" / "world-110m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized and delta-encoded
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[int]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    flat: list[int] = []
    for lon, lat in points:
        x, y = round(lon * 100), round(lat * 100)
        if flat[-2:] != [x, y]:
            flat += [x, y]
    if flat[:2] == flat[-2:]:
        flat = flat[:-2]  # closed implicitly
    return flat


def polygons(geometry: dict, arcs: list) -> list[list[list[int]]]:
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    out = []
    for polygon in parts:
        rings = [r for r in (ring(arcs, indexes) for indexes in polygon) if len(r) >= 6]
        if rings:
            out.append(rings)
    return out


def code(geometry: dict) -> str | None:
    found = pycountry.countries.get(numeric=geometry["id"]) if geometry.get("id") else None
    return found.alpha_2 if found else None


def area(flat: list[int]) -> float:
    xs, ys = flat[0::2], flat[1::2]
    return abs(sum(xs[i - 1] * ys[i] - xs[i] * ys[i - 1] for i in range(len(xs)))) / 2


def centre(polys: list[list[list[int]]]) -> list[int]:
    """The centroid of the largest outer ring: where a marker for a small country goes."""
    flat = max((p[0] for p in polys), key=area)
    xs, ys = flat[0::2], flat[1::2]
    return [round(sum(xs) / len(xs)), round(sum(ys) / len(ys))]


def main(folder: str) -> None:
    small = json.loads((Path(folder) / "countries-110m.json").read_text())
    medium = json.loads((Path(folder) / "countries-50m.json").read_text())
    arcs = decode_arcs(small)
    shapes: dict[str, list] = {}
    others: dict[str, list] = {}
    names: dict[str, str] = {}
    for g in small["objects"]["countries"]["geometries"]:
        iso = code(g)
        polys = polygons(g, arcs)
        if iso:
            shapes[iso] = polys
            names[iso] = g["properties"]["name"]
        else:
            others[g["properties"]["name"]] = polys
    arcs50 = decode_arcs(medium)
    points: dict[str, list[int]] = {}
    for g in medium["objects"]["countries"]["geometries"]:
        iso = code(g)
        if iso and iso not in shapes:
            polys = polygons(g, arcs50)
            if polys:
                points[iso] = centre(polys)
                names[iso] = g["properties"]["name"]
    for iso, (name, lon, lat) in EXTRA_POINTS.items():
        if iso not in shapes and iso not in points:
            points[iso] = [round(lon * 100), round(lat * 100)]
            names[iso] = name
    data = {"source": "Natural Earth 4.1.0 Admin 0 countries, 1:110m (points: 1:50m), via world-atlas 2.0.2;"
                      " public domain",
            "names": dict(sorted(names.items())), "shapes": dict(sorted(shapes.items())),
            "others": dict(sorted(others.items())), "points": dict(sorted(points.items()))}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{OUT.name}: {len(shapes)} shapes, {len(points)} points, {len(others)} others, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
