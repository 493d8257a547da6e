"""The only module that writes the site.

A first build goes into a staging folder beside the output, renamed into place when
complete. Later builds write only the files whose bytes changed: staged first, then
moved into place with `os.replace` while Ctrl-C is held back, so an interrupted build
leaves the previous site whole, and unchanged files keep their modification times.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

WRITERS = 8
# Files made from the written pages (the search index): a prefix and the maker.
Derived = tuple[str, Callable[[Path], dict[str, bytes]]]


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # everything the folder now holds


def _existing(out: Path) -> dict[str, Path]:
    found = {}
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            path = Path(dirpath, name)
            found[path.relative_to(out).as_posix()] = path
    return found


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold Ctrl-C until the block is done; re-raise it afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda sig, frame: caught.append(sig))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _stage(staging: Path, files: dict[str, bytes]) -> None:
    """Write files under `staging`, many at a time: creating thousands of small files is
    bound by the file system's latency, not by this process."""
    folders: set[Path] = set()
    for rel in files:
        folder = (staging / rel).parent
        while folder != staging and folder not in folders:
            folders.add(folder)
            folder = folder.parent
    staging.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WRITERS) as pool:
        # Parents before children: each depth level is made before the next one starts.
        by_depth: dict[int, list[Path]] = {}
        for folder in folders:
            by_depth.setdefault(len(folder.parts), []).append(folder)
        for depth in sorted(by_depth):
            list(pool.map(lambda f: f.mkdir(exist_ok=True), by_depth[depth]))
        list(pool.map(lambda item: (staging / item[0]).write_bytes(item[1]), files.items()))


def write_site(out: Path, files: dict[str, bytes | None], previous: dict[str, bytes | None] | None = None,
               derived: Derived | None = None) -> WriteReport:
    """Make `out` hold exactly `files` (plus the `derived` files made from them).

    A file given as None is known to be in `out` already, unchanged: it is left alone.
    `previous`, when given, is what the caller last wrote there: comparing against it
    spares reading every file back (the dev server rebuilds on every save).
    """
    out = out.absolute()
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    try:
        if not out.exists():
            return _first(out, staging, files, derived)
        with _no_interrupt():  # the pages and the index made from them change together
            return _update(out, staging, files, previous, derived)
    finally:
        with _no_interrupt():  # a Ctrl-C here would leave the staging folder behind
            shutil.rmtree(staging, ignore_errors=True)


def _update(out: Path, staging: Path, files: dict[str, bytes | None], previous: dict[str, bytes | None] | None,
            derived: Derived | None) -> WriteReport:
    report = _sync(out, staging, files, previous, keep=derived[0] if derived else None)
    if derived:
        prefix, make = derived
        made = make(out)
        old = {rel: data for rel, data in (previous or {}).items() if rel.startswith(prefix)}
        more = _sync(out, staging, {**files, **made}, {**files, **old} if previous is not None else None)
        report.written += more.written
        report.deleted += more.deleted
        report.unchanged = len(files) + len(made) - len(report.written)
        report.files = {**files, **made}
    return report


def _first(out: Path, staging: Path, files: dict[str, bytes], derived: Derived | None) -> WriteReport:
    out.parent.mkdir(parents=True, exist_ok=True)
    _stage(staging, files)
    made = derived[1](staging) if derived else {}
    _stage(staging, made)
    os.rename(staging, out)
    everything = {**files, **made}
    return WriteReport(written=sorted(everything), files=everything)


def _sync(out: Path, staging: Path, files: dict[str, bytes], previous: dict[str, bytes] | None,
          keep: str | None = None) -> WriteReport:
    if previous is not None:
        existing = {rel: out / rel for rel in previous}
        changed = {rel: data for rel, data in files.items() if data is not None and previous.get(rel) != data}
    else:
        existing = _existing(out)
        changed = {rel: data for rel, data in files.items()
                   if data is not None and not (rel in existing and _same(existing[rel], data))}
    stale = sorted(rel for rel in set(existing) - set(files) if not (keep and rel.startswith(keep)))
    report = WriteReport(unchanged=len(files) - len(changed), files=files)
    if not changed and not stale:
        return report
    shutil.rmtree(staging, ignore_errors=True)
    _stage(staging, changed)
    for rel in stale:
        existing[rel].unlink(missing_ok=True)
        _prune(existing[rel].parent, out)
    for folder in sorted({(out / rel).parent for rel in changed}):
        folder.mkdir(parents=True, exist_ok=True)

    def move(rel: str) -> None:
        target = out / rel
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(staging / rel, target)

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(move, sorted(changed)))
    report.written = sorted(changed)
    report.deleted = stale
    return report


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by deleted pages, up to (not including) the output root."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
