"""Where a map's names go: greedy placement that never overlaps two labels.

A name goes on its country when the country is wide and tall enough to hold it, else
beside it with a short leader line. Text widths are estimates (no font is measured at
build time), generous for the bold names.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class Label(NamedTuple):
    x: int
    y: int
    text: str
    cls: str
    leader: tuple[int, int, int, int] | None = None  # a line from the shape to a label set beside it


class Labels:
    """Greedy placement: a label goes where it overlaps no earlier label and no inset.

    A map carries two sets of labels, one for a wide screen and one, in larger type, for
    a phone's (where the picture is drawn at under half its size); CSS shows one."""

    def __init__(self, width: int, height: int, blocked: tuple[float, float, float, float] | None,
                 font: int, size: str):
        self.width, self.height, self.font, self.size = width, height, font, size
        self.boxes = [blocked] if blocked else []
        self.placed: list[Label] = []

    def text_width(self, text: str, cls: str = "name") -> float:
        # An estimate for the system's sans-serif; the bold names are wider.
        return (0.56 if cls == "land" else 0.62) * self.font * len(text)

    def add(self, x: float, y: float, text: str, cls: str, force: bool = False,
            anchor: tuple[float, float] | None = None) -> bool:
        half = self.text_width(text, cls) / 2
        x = min(max(x, half + 4), self.width - half - 4)
        y = min(max(y, self.font + 2), self.height - 6)
        box = (x - half, y - self.font, x + half, y + 4)
        if not force and any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in self.boxes):
            return False
        self.boxes.append(box)
        leader = None
        if anchor:  # to the nearest point of the label's box
            ax, ay = anchor
            bx, by = min(max(ax, box[0]), box[2]), min(max(ay, box[1]), box[3])
            leader = (round(ax), round(ay), round(bx), round(by)) if math.hypot(bx - ax, by - ay) >= 4 else None
        self.placed.append(Label(round(x), round(y), text, f"{cls} {self.size}", leader))
        return True

    def on(self, x: float, y: float, w: float, h: float, text: str, cls: str) -> bool:
        """On the shape, when the shape is wide and tall enough to hold it."""
        return w >= 0.8 * self.text_width(text, cls) and h >= self.font + 6 and self.add(x, y + self.font / 3, text, cls)

    def beside(self, x: float, y: float, size: float, text: str, cls: str, force: bool = False) -> bool:
        """On the shape when it is wide enough, else right of, left of, above or below it."""
        if self.on(x, y, size, size, text, cls):
            return True
        half, font = self.text_width(text, cls) / 2, self.font
        gap = size / 2 + 6
        spots = []
        for dy in (font / 3, font * 4 / 3, -font * 2 / 3, font * 7 / 3):
            spots += [(x + gap + half, y + dy), (x - gap - half, y + dy)]
        spots += [(x, y - gap), (x, y + gap + font)]
        return (any(self.add(sx, sy, text, cls, anchor=(x, y)) for sx, sy in spots)
                or force and self.add(*spots[0], text, cls, force=True, anchor=(x, y)))


LABEL_SETS = (("wide", 15), ("narrow", 30))
