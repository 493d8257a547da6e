"""Time the briefing book alone: `python -m bench.book PROJECT [--runs N]`.

The content is checked once; each run then makes the book (its template, WeasyPrint's
layout and the PDF) from scratch and prints its wall and CPU time. A project whose
site.yaml says `book: false` (the benchmark corpus) is timed with the default options.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import time
from pathlib import Path

from generator.build import check_content
from generator.model import Book
from generator.output import book
from generator.pages.render import environment


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.book", description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    linked = check_content(args.project)
    if not linked.site.book.enabled:
        linked = dataclasses.replace(linked, site=dataclasses.replace(linked.site, book=Book()))
    env = environment(args.project)
    for run in range(1, args.runs + 1):
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        pdf, pages = book.make(env, book.output(linked, None))
        wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        print(f"run {run}: {pages} pages, {len(pdf) // 1024} KB: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
