"""Issues and progress for the terminal (and, through `serve`, for the browser)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # (a build with nothing to do prints its summary without loading dataclasses)
    from .errors import Issue


# Nouns whose plural is not the noun with an "s": every count the tool prints goes
# through `count()`, so that no message says "1 people" or "error(s)".
PLURALS = {"person": "people", "country": "countries", "entry": "entries"}
NO_BASE_URL = "no base_url: no sitemap, no canonical links"

# A file pasted wrong can hold 89,000 bad quotes: the first few of each file, and of all,
# say what to fix; the rest are counted.
PER_FILE, IN_ALL = 20, 100


def issue_lines(issues: list[Issue], per_file: int = PER_FILE, in_all: int = IN_ALL) -> list[str]:
    """The issues to show: at most `per_file` of a file, followed by a line counting the
    rest of that file, and `in_all` in all, followed by a line counting the other files'."""
    lines: list[str] = []
    counts: dict[str, int] = {}
    shown: dict[str, list[int]] = {}  # path -> [issues shown, index in `lines` after the last]
    for issue in issues:
        path = issue.pos.path
        counts[path] = counts.get(path, 0) + 1
        if counts[path] <= per_file and len(lines) < in_all:
            lines.append(str(issue))
            shown[path] = [shown.get(path, [0])[0] + 1, len(lines)]
    rest = len(issues) - len(lines)
    for path, (number, at) in sorted(shown.items(), key=lambda kv: -kv[1][1]):
        if counts[path] > number:
            lines.insert(at, f"{path}: {_more(counts[path] - number)} in this file not shown")
            rest -= counts[path] - number
    if rest:
        lines.append(f"{_more(rest)} in other files not shown")
    return lines


def _more(n: int) -> str:
    return f"{n:,} more {'error' if n == 1 else 'errors'}"


def count(n: int, noun: str) -> str:
    """`count(1, "person")` -> "1 person", `count(2, "person")` -> "2 people"."""
    return f"{n} {noun if n == 1 else PLURALS.get(noun, noun + 's')}"


def format_issues(issues: list[Issue], then: str = "nothing was written") -> str:
    """Every issue on its line, then one closing line: `check`, `build` and `serve` alike."""
    return "\n".join([*issue_lines(issues), f"{count(len(issues), 'error')} found; {then}."])


def empty_sheets(site) -> list[str]:
    """Warnings for finished sheets that give their page nothing but a name: not errors
    (a sheet may be started on purpose), but said, since the page would be bare."""
    found = [(c.pos, "country") for c in site.countries
             if not (c.summary or c.role or c.leaders or c.facts or c.relations)]
    found += [(p.pos, "person") for p in site.people if not (p.summary or p.role or p.facts)]
    return [f"{pos}: warning: this {kind} sheet has nothing to show but its name; "
            "add a summary or a fact with its quote, or mark it 'draft: true'" for pos, kind in sorted(found)]


def content_warnings(site) -> list[str]:
    """What `check`, `build` and `serve` say of content that builds but would not show as
    its writer meant: bare sheets, and notes too heavy to convert from Markdown."""
    from .pages.bounds import note_shown_as_typed

    return [*empty_sheets(site), *(
        f"{n.pos}: warning: this note is shown as plain text: a paragraph has more marks "
        "(such as *, `, [ or &) than can be converted in bounded time, or it nests lists or "
        "quotes deeper than 32 levels; split the paragraph or remove marks" for n in site.notes if note_shown_as_typed(n.body))]


def pending(site) -> list[str]:
    """What `briefing check` lists as not yet finished: each draft sheet, then each draft
    fact of a finished sheet at its line, with the first words of its claim."""
    lines = [f"draft pending: {path}" for path in site.drafts]
    for d in site.draft_facts:
        claim = d.claim if len(d.claim) <= 72 else d.claim[:71].rstrip() + "…"
        lines.append(f"{d.pos.path}:{d.pos.line}: draft fact pending: {claim or '(no claim yet)'}")
    return lines


def summary(pages: int, written: int, unchanged: int, deleted: int, seconds: float,
            drafts: int | None = 0, base_url: bool = True) -> str:
    """What `build` and `serve` print after a good build: a line, and a line for each thing left out."""
    if written == 0 and deleted == 0:
        line = f"Built {count(pages, 'file')} in {seconds:.2f} s: nothing changed, nothing written"
    else:
        line = (f"Built {count(pages, 'file')} in {seconds:.2f} s: {written} written, {unchanged} unchanged"
                + (f", {deleted} deleted" if deleted else ""))
    notes = [NO_BASE_URL] if not base_url else []
    if drafts:
        notes.append(f"{count(drafts, 'draft')} left out; `briefing check` lists them")
    return "\n".join(f"{part}." for part in (line, *notes))


class Progress:
    """A one-line progress display on a terminal, shown only once work takes a moment."""

    def __init__(self, stream: TextIO = sys.stderr, delay: float = 0.5):
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        self.shown = True
        self.stream.write(f"\r{stage}: {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
