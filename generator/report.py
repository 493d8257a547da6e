"""Issues and progress for the terminal (and, through `serve`, for the browser)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .errors import Issue


def format_issues(issues: list[Issue]) -> str:
    lines = [str(i) for i in issues]
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
