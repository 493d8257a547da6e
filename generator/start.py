"""The `briefing` command's first step: a build with nothing to do says so at once.

Loading the command line library (click, and what it imports) costs a sixth of that
answer's time. So `briefing build`, written in plain form, first asks the build cache
whether anything changed, with nothing but the cache loaded; any other command line, and
any build with work to do, goes on to `cli`, which parses everything. The cache carries
its answer across, so the question is asked once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .exits import INTERRUPTED

if TYPE_CHECKING:
    from .incremental.cache import BuildCache

STARTED = time.perf_counter()  # what the summary's time counts from

VALUED = {"--project": "project", "-p": "project", "--out": "out", "-o": "out", "--base-url": "base_url"}
FLAGS = {"--quiet": "quiet", "-q": "quiet"}


def build_options(argv: list[str]) -> dict[str, str | bool] | None:
    """`briefing build`'s options when `argv` is that command with its options spelled out
    (`--project DIR`, `--project=DIR`, `-p DIR`, `-q`), each at most once; None for every
    other command line, which `cli` parses (and, when it is wrong, explains)."""
    if not argv or argv[0] != "build":
        return None
    got: dict[str, str | bool] = {}
    rest = iter(argv[1:])
    for arg in rest:
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        key = FLAGS.get(arg) or VALUED.get(name)
        if key is None or key in got:
            return None
        if key in FLAGS.values():
            got[key] = True
            continue
        value = value if equals else next(rest, "")
        if not value or value.startswith("-"):
            return None
        got[key] = value
    base_url = got.get("base_url")
    if base_url and not str(base_url).startswith(("http://", "https://")):
        return None  # `cli` says what to write instead
    return got


def prepared(options: dict[str, str | bool]) -> BuildCache | None:
    """The build cache of the project and site these options name; None where there is
    no project, which `cli` explains."""
    from .incremental.cache import BuildCache  # (only a build needs it: not every command)

    project = Path(str(options.get("project", ".")))
    if not (project / "content").is_dir():
        return None
    site = Path(str(options["out"])) if "out" in options else project / "site"
    base_url = options.get("base_url")
    return BuildCache(project, site, str(base_url) if base_url else None)


def main() -> None:
    options = build_options(sys.argv[1:])
    cache = prepared(options) if options is not None else None
    count = None
    try:
        count = cache.unchanged(cache.out)[0] if cache else None
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except OSError:
        cache = None  # `cli`'s build asks again, and reports it
    if count is None:
        from .cli import main as cli

        cli(obj=cache)
    elif not options.get("quiet"):
        from .report import summary

        print(summary(count, 0, count, 0, time.perf_counter() - STARTED,
                      base_url=(cache.out / "sitemap.xml").exists()))
