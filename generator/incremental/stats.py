"""What a folder holds, by stat: how a build tells, without reading a file, that nothing
changed since the last one."""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
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


def outputs_after(out: Path, before: Stats | None, written: list[str], deleted: list[str]) -> Stats:
    """The output folder's stats after a build's writes: those taken as it began (`before`)
    with the files it wrote and deleted, a stat each; without them, the folder walked
    (a site has a folder for every page: a walk opens ten thousand)."""
    if before is None:
        return stats(out)
    gone = set(deleted)
    now = {f: st for f, st in before.items() if f not in gone}
    top = str(out) + os.sep
    for rel in written:
        st = os.stat(top + rel)
        now[rel] = [st.st_mtime_ns, st.st_size]
    return now


def digest_of(found: Stats) -> str:
    """A short stand-in for a folder's stats (the same scan order gives the same digest)."""
    return hashlib.sha1(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def folders_of(files: list[str]) -> list[str]:
    """Every folder that holds one of `files` (relative paths), the top one ("") included."""
    found = {""}
    for file in files:
        folder = file.rpartition("/")[0]
        while folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return sorted(found)


def listed_digest(root: Path, files: list[str], folders: list[str]) -> str | None:
    """A digest of the stats of the named files and folders under `root`; None when one is
    gone. With `folders_of(files)`, it changes whenever the walk of `stats(root)` would,
    without the walk: a file added to or taken from a folder changes the folder's time,
    and a stat is cheaper than opening a folder (a site has a folder for each page)."""
    numbers = array("q")
    top = str(root) + os.sep
    try:
        for folder in folders:
            numbers.append(os.stat(top + folder).st_mtime_ns)
        for file in files:
            st = os.stat(top + file)
            numbers.extend((st.st_mtime_ns, st.st_size))
    except (OSError, ValueError):  # gone, or a name the system refuses
        return None
    h = hashlib.sha1(numbers.tobytes())
    h.update("\0".join(files).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def model_files(inputs: Stats) -> Stats:
    """Of the project's files, those the model is made of (not templates, not static files)."""
    return {f: st for f, st in inputs.items() if f.startswith(("content/", "editions/"))}


def template_files(project: Path) -> tuple[tuple[str, str], ...]:
    """The project's templates and their contents' digests: a few small files."""
    folder = project / "templates"
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.relative_to(folder).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                        for p in folder.rglob("*") if p.is_file()))
