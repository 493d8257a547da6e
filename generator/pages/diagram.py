"""The relations graph laid out at build time: coordinates only, drawn by the template.

Countries sit on a circle in a fixed order, so the same content always gives the same
picture; edges join their centres and carry their label at the middle. Linear in the
number of countries and relations.
"""

from __future__ import annotations

import math

from . import urls
from ..check.link import Linked
from .views import KIND_LABELS

WIDTH, HEIGHT = 720, 560
NODE_R = 30


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
    for c in countries:
        for e in lk.relations.get(c.slug, ()):
            if e.declared_by != c.slug:
                continue
            a, b = nodes[c.slug], nodes[e.other]
            edges.append({"a": a["name"], "b": b["name"], "kind": e.kind, "label": KIND_LABELS[e.kind],
                          "x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"],
                          "mx": round((a["x"] + b["x"]) / 2, 1), "my": round((a["y"] + b["y"]) / 2, 1)})
    return {"width": WIDTH, "height": HEIGHT, "r": NODE_R, "nodes": list(nodes.values()), "edges": edges}
