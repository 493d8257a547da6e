"""The only module that writes the site.

A first build goes into a staging folder beside the output, renamed into place when
complete. Later builds write only the files whose bytes changed: staged first, then
moved into place with `os.replace` while Ctrl-C is held back, so an interrupted build
leaves the previous site whole and unchanged files keep their modification times.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def _existing(out: Path) -> dict[str, Path]:
    found = {}
    for dirpath, _dirs, files in os.walk(out):
        for name in files:
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
    made: set[Path] = set()
    for rel, data in files.items():
        path = staging / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def write_site(out: Path, files: dict[str, bytes]) -> WriteReport:
    out = out.absolute()
    report = WriteReport()
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            _stage(staging, files)
            os.rename(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report.written = sorted(files)
        return report

    existing = _existing(out)
    changed = {rel: data for rel, data in files.items() if not (rel in existing and _same(existing[rel], data))}
    stale = sorted(set(existing) - set(files))
    report.unchanged = len(files) - len(changed)
    if not changed and not stale:
        return report
    try:
        _stage(staging, changed)
        with _no_interrupt():
            for rel in stale:
                existing[rel].unlink()
                _prune(existing[rel].parent, out)
            for rel in sorted(changed):
                target = out / rel
                if target.is_dir():
                    shutil.rmtree(target)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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
