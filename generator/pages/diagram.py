"""The relations graph laid out at build time: coordinates only, drawn by the template.

Countries sit on a circle in a fixed order, so the same content always gives the same
picture; edges join their centres and carry their label at the middle. Linear in the
number of countries and relations. A pair of countries gets one line whichever sheets
declare it (two dashed lines on top of each other would read as a solid one); when the
sheets disagree on the kind, one line per kind, side by side.
"""

from __future__ import annotations

import math

from . import urls
from ..check.link import Linked
from .views import kinds, relation_pairs

WIDTH, HEIGHT = 720, 560
NODE_R = 30
GAP = 4  # between the parallel lines of a pair whose sheets give different kinds


def relation_graph(lk: Linked) -> dict:
    countries = lk.site.countries
    n = len(countries)
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = min(cx, cy) - NODE_R - 40
    nodes = {}
    for i, c in enumerate(countries):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        x, y = (cx, cy) if n == 1 else (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        # Labels sit outside the circle, on the side away from the centre.
        anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        lx = x + (NODE_R + 6) * math.cos(angle)
        ly = y + (NODE_R + 14) * math.sin(angle) + 4
        nodes[c.slug] = {"slug": c.slug, "name": c.name, "code": c.code, "x": round(x, 1), "y": round(y, 1),
                         "label_x": round(lx, 1), "label_y": round(ly, 1), "anchor": anchor,
                         "href": urls.href(urls.page("country", c.slug))}
    edges = []
    for a_slug, b_slug, declared in relation_pairs(lk):
        a, b = nodes[a_slug], nodes[b_slug]
        found = kinds(declared)
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        length = math.hypot(dx, dy) or 1
        nx, ny = -dy / length, dx / length  # the unit normal: parallel lines sit along it
        for i, k in enumerate(found):
            shift = (i - (len(found) - 1) / 2) * GAP
            ox, oy = nx * shift, ny * shift
            edges.append({"a": a["name"], "b": b["name"], "kind": k["kind"], "label": k["label"],
                          "x1": round(a["x"] + ox, 1), "y1": round(a["y"] + oy, 1),
                          "x2": round(b["x"] + ox, 1), "y2": round(b["y"] + oy, 1),
                          "mx": round((a["x"] + b["x"]) / 2 + ox, 1), "my": round((a["y"] + b["y"]) / 2 + oy, 1)})
    return {"width": WIDTH, "height": HEIGHT, "r": NODE_R, "nodes": list(nodes.values()), "edges": edges}
