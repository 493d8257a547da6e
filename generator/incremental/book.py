"""When the briefing book is laid out in a build, and the page count the overview shows.

The book is an output like a page: its key is its template's closure, its dependencies
what its context reads (see reads.py). But it takes seconds where a page takes a
millisecond, and the overview names its page count. So a build lays it out before the
pages, and renders the overview again when the count changed; the dev server leaves it
for the idle time after the edits (`pending`), and `briefing check` never lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import jinja2

from ..output import book
from ..pages.plan import BOOK_FILE, Output
from .reads import Reads

OVERVIEW = "index.html"


class Pending(NamedTuple):
    """A book left for the idle time: how to make it, where its reads go, and its key."""

    env: jinja2.Environment
    output: Output
    recorder: Reads
    key: str


@dataclass
class BookStep:
    """The book in one build: `output` (None when the site has none), the page count the
    overview shows, and what the build did with it: laid out (`pdf`, what it `reads`), left
    for the idle time (`pending`), or neither (unchanged)."""

    output: Output | None
    pages: int | None
    pdf: bytes | None = None
    reads: dict = field(default_factory=dict)
    pending: Pending | None = None

    def count(self) -> int | None:
        return self.pages

    def take(self, env: jinja2.Environment, outputs: list[Output], todo: list[Output], keys: dict[str, str],
             previous: dict[str, str], recorder: Reads, write: bool, defer: bool) -> list[Output]:
        """Lay the book out now if it is among the outputs to make (or leave it pending);
        returns the outputs still to render, with the overview when the count changed."""
        made = next((o for o in todo if o.file == BOOK_FILE), None)
        if made is None:
            return todo
        todo = [o for o in todo if o is not made]
        if not write or defer:  # not made here: the key it was last made with stands
            self.pending = Pending(env, made, recorder, keys[BOOK_FILE]) if write else None
            keys[BOOK_FILE] = previous.get(BOOK_FILE, "")
            return todo
        with recorder.page() as self.reads:
            self.pdf, pages = book.make(env, made)
        if pages != self.pages:
            self.pages = pages
            todo += [o for o in outputs if o.file == OVERVIEW and o not in todo]
        return todo


    def hand_over(self, writer: Any, rendered: list[str], page_reads: dict) -> None:
        """The book laid out, to the writer with the pages: after them, since the writer's
        threads would keep the render workers from forking."""
        if self.pdf:
            writer.add(BOOK_FILE, self.pdf)
            rendered.append(BOOK_FILE)
            page_reads[BOOK_FILE] = tuple(self.reads)  # made here: its values are the build's Reads'.

    def warnings(self, site: Any) -> list[str]:
        """Why a site that asks for a book has none (the system lacks what it needs)."""
        return [book.missing()] if site.book.enabled and not self.output else []


def lay_out_pending(pending: Pending, cancel: Any) -> tuple[bytes, int, dict] | None:
    """The book a build left for later, laid out in a child that `cancel` stops: the PDF,
    its page count and what it read; None when stopped."""
    with pending.recorder.page() as reads:
        made = book.make(pending.env, pending.output, cancel)
    return None if made is None else (*made, reads)
