"""What a folder holds, by stat: how a build tells, without reading a file, that nothing
changed since the last one."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

Stats = dict[str, list[int]]  # relative path -> [mtime_ns, size]


def stats(root: Path, folders: tuple[str, ...] = ("",)) -> Stats:
    """[mtime_ns, size] of every file under the given folders of `root`.

    A symlink counts as what it points to, and a linked folder inside `root` is walked
    too (`content/notes -> ../notes`: an edit there is a change here), each once and
    never into a folder it is inside of, so that links that loop end."""
    found: Stats = {}
    top = os.path.realpath(root)
    linked: set[str] = set()  # real paths of the folders entered through a link
    above: list[str] = []  # real paths of the folders being walked, outermost first

    def follow(entry: os.DirEntry) -> str | None:
        real = os.path.realpath(entry.path)
        inside = real == top or real.startswith(top.rstrip(os.sep) + os.sep)
        if not inside or real in linked or real in above:
            return None  # the loader refuses what leads out; the rest is walked already
        linked.add(real)
        return real

    def scan(folder: str, prefix: str, real: str) -> None:
        try:
            entries = os.scandir(folder)
        except OSError:
            return
        above.append(real)
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir():
                        sub = follow(entry) if entry.is_symlink() else os.path.join(real, entry.name)
                        if sub is not None:
                            scan(entry.path, prefix + entry.name + "/", sub)
                        continue
                    st = entry.stat()
                except OSError:  # a link that loops or leads nowhere
                    continue
                found[prefix + entry.name] = [st.st_mtime_ns, st.st_size]
        above.pop()

    for folder in folders:
        path = str(root / folder) if folder else str(root)
        scan(path, f"{folder}/" if folder else "", os.path.realpath(path))
    return found


def digest_of(found: Stats) -> str:
    """A short stand-in for a folder's stats (the same scan order gives the same digest)."""
    return hashlib.sha1(json.dumps(found, separators=(",", ":")).encode()).hexdigest()
