"""Issues and progress for the terminal (and, through `serve`, for the browser)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .errors import Issue


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


def _more(count: int) -> str:
    return f"{count:,} more error{'s' if count != 1 else ''}"


def format_issues(issues: list[Issue]) -> str:
    lines = issue_lines(issues)
    count = len(issues)
    lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was written.")
    return "\n".join(lines)


def summary(pages: int, written: int, unchanged: int, deleted: int, seconds: float) -> str:
    if written == 0 and deleted == 0:
        return f"Built {pages} files in {seconds:.2f} s: nothing changed, nothing written."
    return (f"Built {pages} files in {seconds:.2f} s: {written} written, {unchanged} unchanged"
            + (f", {deleted} deleted" if deleted else "") + ".")


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
