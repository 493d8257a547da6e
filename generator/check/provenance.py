"""Quotes into the ids of the source sentences they lie in."""

from __future__ import annotations

from bisect import bisect_right

from ..model import Sentence, Source
from ..text import closest, difference, fold, normalize, split_sentences

# A quote must be long enough to identify its sentence: "." or "Kim" would cite dozens.
# Words for languages written with spaces; letters and digits for those written without.
MIN_WORDS, MIN_LETTERS = 3, 12
QUOTE_RULE = f"at least {MIN_WORDS} words or {MIN_LETTERS} letters"


def too_short(quote: str) -> bool:
    words = 0
    for word in quote.split():
        if any(c.isalnum() for c in word):
            words += 1
            if words >= MIN_WORDS:
                return False
    return sum(c.isalnum() for c in quote) < MIN_LETTERS


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
        found: set[int] = set()
        at = self.folded.find(needle) if needle else -1
        while at >= 0:
            start, end = self.where[at], self.where[at + len(needle) - 1] + 1
            first = max(bisect_right(self.starts, start) - 1, 0)
            last = max(bisect_right(self.starts, end - 1) - 1, 0)
            found.update(i for i in range(first, last + 1) if self.ends[i] > start)
            at = self.folded.find(needle, at + 1)
        return tuple(self.sentences[i].id for i in sorted(found))

    def closest(self, quote: str) -> tuple[Sentence, tuple[str, str] | None] | None:
        """The sentence most like a missed quote, and where they differ (see `difference`)."""
        if self._folded_sentences is None:
            self._folded_sentences = [normalize(s.text) for s in self.sentences]
        needle = normalize(quote)
        i = closest(needle, self._folded_sentences)
        return None if i is None else (self.sentences[i], difference(needle, self._folded_sentences[i]))
