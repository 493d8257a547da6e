"""Where each quote stands in its source: character offsets into the body as stored.

The body is the file's text after its front matter (UTF-8, line ends as `\\n`), which is
what a reader of `content/sources/<slug>.md` sees; `body[start:end]` is the passage a
quote was found in. A quote matches after normalizing white space, quotes and dashes
(see text.fold), so the passage may differ from the quote in exactly those characters:
`exact` is always the source's own characters.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..model import Source
from ..text import fold, normalize, split_sentences

CONTEXT = 32  # characters of prefix and suffix: enough to find a quote again in a copy


@dataclass(frozen=True)
class Passage:
    start: int  # offsets into the body as stored
    end: int
    exact: str
    prefix: str
    suffix: str
    sentences: tuple[str, ...]  # ids of the sentences the passage lies in


class Anchors:
    """Finds every passage of one source that a quote matches."""

    def __init__(self, source: Source):
        self.offset = source.offset
        self.body = "\n" * source.offset + source.text
        self.folded, self.where = fold(source.text)
        spans = split_sentences(source.text)
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]
        self.ids = [s.id for s in spans]
        self._known: dict[str, tuple[Passage, ...]] = {}

    def passages(self, quote: str) -> tuple[Passage, ...]:
        if quote not in self._known:
            self._known[quote] = tuple(self._find(quote))
        return self._known[quote]

    def _find(self, quote: str):
        needle = normalize(quote)
        at = self.folded.find(needle) if needle else -1
        while at >= 0:
            start, end = self.where[at], self.where[at + len(needle) - 1] + 1
            first = max(bisect_right(self.starts, start) - 1, 0)
            last = max(bisect_right(self.starts, end - 1) - 1, 0)
            ids = tuple(self.ids[i] for i in range(first, last + 1) if self.ends[i] > start)
            yield self._passage(start + self.offset, end + self.offset, ids)
            at = self.folded.find(needle, at + 1)

    def _passage(self, start: int, end: int, ids: tuple[str, ...]) -> Passage:
        body = self.body
        return Passage(start, end, body[start:end], body[max(start - CONTEXT, 0):start],
                       body[end:end + CONTEXT], ids)
