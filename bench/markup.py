"""The Markdown conversion alone: CPU per note of the synthetic corpus, in one process.

    python -m bench markup --notes 1000 --rounds 7

Converts the first N notes of a corpus made by bench/corpus.py (200 × 50, in a temporary
folder unless `--corpus DIR` names one), the way a page does (links resolved, converted,
headings demoted, sanitized), with the briefing's converter and with Python-Markdown's own
passes (`converter(prefilter=False)`: the same extensions without the prefilter, gates and
heading-id pass), round after round, alternately. CPU time (`time.process_time`), so that
other work on the machine costs wall time but not these figures; the minimum and median
of the rounds are printed, in milliseconds per note.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from generator.pages import markup

from .corpus import generate


def note_texts(corpus: Path, count: int) -> list[str]:
    """The bodies of the first `count` notes, their [[links]] resolved as a page does."""
    links = markup.Markup(lambda slug: f"countries/{slug}/", {})
    paths = sorted((corpus / "content" / "notes").glob("*.md"))[:count]
    return [links._links(p.read_text(encoding="utf-8").split("---\n", 2)[2]) for p in paths]


def _page(convert: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: markup.sanitize(markup._demote_headings(convert(text)))


def measure(texts: list[str], rounds: int) -> dict[str, list[float]]:
    """CPU seconds per note, one figure per round, for each way of converting."""
    stock = markup.converter(prefilter=False)
    ways = {"briefing": _page(markup.convert), "python-markdown": _page(lambda t: stock.reset().convert(t))}
    for convert in ways.values():  # warm: the converters are made, the regular expressions compiled
        convert(texts[0])
    per_note: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, convert in ways.items():
            start = time.process_time()
            for text in texts:
                convert(text)
            per_note[name].append((time.process_time() - start) / len(texts))
    return per_note


def same_output(texts: list[str]) -> bool:
    stock = markup.converter(prefilter=False)
    return all(markup.convert(t) == stock.reset().convert(t) for t in texts)


def main(notes: int, rounds: int, corpus: Path | None, say: Callable[[str], None]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        if corpus is None:
            corpus = Path(tmp) / "large"
            say("generating the large corpus (200 countries × 50 notes)")
            generate(corpus, 200, 50)
        texts = note_texts(corpus, notes)
    if not texts or not same_output(texts):
        raise SystemExit("the briefing's conversion differs from Python-Markdown's own")
    per_note = measure(texts, rounds)
    lines = [f"{len(texts)} notes, {rounds} rounds: CPU ms per note (min, median)"]
    for name, figures in per_note.items():
        lines.append(f"{name:16} {min(figures) * 1e3:6.3f} {statistics.median(figures) * 1e3:6.3f}")
    return "\n".join(lines)
