"""Where each quote stands in its source: character offsets into the body as stored.

The body is the file's text after its front matter (UTF-8, line ends as `\\n`), which is
what a reader of `content/sources/<slug>.md` sees; `body[start:end]` is the passage a
quote was found in. A quote matches after normalizing white space, quotes and dashes
(see text.fold), so the passage may differ from the quote in exactly those characters:
`exact` is always the source's own characters.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
        self.index = {s.id: i for i, s in enumerate(spans)}
        self._known: dict[tuple[str, tuple[str, ...]], tuple[Passage, ...]] = {}

    def passages(self, quote: str, cites: tuple[str, ...]) -> tuple[Passage, ...]:
        """The passages of `quote`, which the build found in the sentences `cites`."""
        key = (quote, cites)
        if key not in self._known:
            self._known[key] = tuple(p for a, b in self._runs(cites) for p in self._find(normalize(quote), a, b))
        return self._known[key]

    def _runs(self, cites: tuple[str, ...]):
        """The folded text's ranges to search: each run of consecutive cited sentences (every
        passage lies in cited sentences), so that a quote costs its sentences, not the source."""
        order = sorted(self.index[sid] for sid in cites)
        runs: list[list[int]] = []
        for i in order:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        for first, last in runs:
            yield bisect_left(self.where, self.starts[first]), bisect_left(self.where, self.ends[last])

    def _find(self, needle: str, lo: int, hi: int):
        at = self.folded.find(needle, lo, hi) if needle else -1
        while at >= 0:
            start, end = self.where[at], self.where[at + len(needle) - 1] + 1
            first = max(bisect_right(self.starts, start) - 1, 0)
            last = max(bisect_right(self.starts, end - 1) - 1, 0)
            ids = tuple(self.ids[i] for i in range(first, last + 1) if self.ends[i] > start)
            yield self._passage(start + self.offset, end + self.offset, ids)
            at = self.folded.find(needle, at + 1, hi)

    def _passage(self, start: int, end: int, ids: tuple[str, ...]) -> Passage:
        body = self.body
        return Passage(start, end, body[start:end], body[max(start - CONTEXT, 0):start],
                       body[end:end + CONTEXT], ids)
