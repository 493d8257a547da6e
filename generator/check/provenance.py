"""Quotes into the ids of the source sentences they lie in."""

from __future__ import annotations

from bisect import bisect_right

from ..model import Sentence, Source
from ..text import closest, fold, normalize, split_sentences


class QuoteFinder:
    """Finds quotes in one source, however its quotes, dashes and spaces were typed."""

    def __init__(self, source: Source):
        self.sentences: tuple[Sentence, ...] = source.sentences
        spans = split_sentences(source.text)
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]
        self.folded, self.where = fold(source.text)
        self._folded_sentences: list[str] | None = None
        self._known: dict[str, tuple[str, ...]] = {}

    def cites(self, quote: str) -> tuple[str, ...]:
        """Ids of every sentence that an occurrence of `quote` overlaps, in text order."""
        if quote not in self._known:
            self._known[quote] = self._find(quote)
        return self._known[quote]

    def _find(self, quote: str) -> tuple[str, ...]:
        needle = normalize(quote)
        found: list[int] = []
        at = self.folded.find(needle) if needle else -1
        while at >= 0:
            start, end = self.where[at], self.where[at + len(needle) - 1] + 1
            first = max(bisect_right(self.starts, start) - 1, 0)
            last = max(bisect_right(self.starts, end - 1) - 1, 0)
            found.extend(i for i in range(first, last + 1) if self.ends[i] > start and i not in found)
            at = self.folded.find(needle, at + 1)
        return tuple(self.sentences[i].id for i in sorted(found))

    def closest(self, quote: str) -> Sentence | None:
        if self._folded_sentences is None:
            self._folded_sentences = [normalize(s.text) for s in self.sentences]
        i = closest(normalize(quote), self._folded_sentences)
        return None if i is None else self.sentences[i]
