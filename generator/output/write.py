"""The only module that writes the site.

Files are streamed in as they are rendered and staged at once, in a folder beside the
output (on the same file system): by a writer thread, or on a first build by the render
workers themselves. A first build then renames the staging folder into place. Later
builds stage only the files whose bytes changed, then rename each over the old one while
Ctrl-C and SIGTERM are held back: a file in the site is always whole, its old version or
its new one, even when the build is killed outright (SIGKILL, a power cut aside), and an
interrupted build leaves the previous site whole. Unchanged files keep their
modification times. Nothing stays in memory once written.

A killed build leaves its staging folder behind; the next build into the same folder
removes it (each staging folder is locked by the build that owns it, so a folder whose
lock is free is a dead build's, whatever its process id).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import itertools
import os
import shutil
import signal
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: staging folders are told by pid
    fcntl = None  # type: ignore[assignment]

WRITERS = 1  # new files: more threads only wait on the same folders' locks
SLOTS = 64  # files that may wait in memory for the disk
HELD = (signal.SIGINT, signal.SIGTERM)  # what `_no_interrupt` holds back
# Files made from the written pages (the search index): a prefix and the maker.
Derived = tuple[str, Callable[[Path], dict[str, bytes]]]
# What a render worker staged of a file: its digest, and its staged copy's name (None: the
# folder holds these bytes already).
Placed = tuple[str, str | None]


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # every file the folder now holds


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _existing(out: Path) -> set[str]:
    found: set[str] = set()

    def scan(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    scan(entry.path, prefix + entry.name + "/")
                else:
                    found.add(prefix + entry.name)

    scan(str(out), "")
    return found


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done; deliver them afterwards, to the
    handlers they would have reached (the command line's: a clean stop)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda sig, frame: caught.append(sig)) for sig in HELD}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for sig in dict.fromkeys(caught):
        signal.raise_signal(sig)


def staging_folders(out: Path) -> list[Path]:
    """The staging folders of builds into `out`, live or dead."""
    return sorted(out.parent.glob(f".{glob.escape(out.name)}.staging-*"))


def _lock(folder: Path) -> int | None:
    """Lock a staging folder for as long as its build lives (the kernel frees the lock
    when the last process holding it ends, however it ends); the descriptor, or None."""
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _abandoned(folder: Path) -> bool:
    if fcntl is not None:
        fd = _lock(folder)
        if fd is None:
            return False  # its build is running
        os.close(fd)
        return True
    pid = folder.name.rsplit("-", 1)[-1]  # pragma: no cover - without flock
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return True
    except OSError:
        return False
    return False


def clear_leftovers(out: Path) -> list[Path]:
    """Remove what killed builds into `out` left: their staging folders."""
    removed = []
    for folder in staging_folders(out):
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class Writer:
    """One build's writes: `add()` each file as it is made, then `commit()` or `abort()`.

    `known`, when given, names every file the folder holds, with its digest ("" when
    unknown: that file is read back to compare), from the last write or the build cache.
    """

    def __init__(self, out: Path, known: dict[str, str] | None = None):
        self.out = out.absolute()
        self.first = not self.out.exists()
        self.known = known
        self.staging = self.out.parent / f".{self.out.name}.staging-{os.getpid()}"
        self.out.parent.mkdir(parents=True, exist_ok=True)
        clear_leftovers(self.out)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        try:  # a Ctrl-C from here on would leave the folder to the next build: remove it now
            self.lock = _lock(self.staging)
            self.pool = ThreadPoolExecutor(WRITERS)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self.names: dict[str, str] = {}  # file -> its staged copy's name (an update's)
        self.numbers = itertools.count()  # of the copies a render worker stages (`_place`)
        self.pending: list[Future] = []
        # At most this many files wait in memory for the disk: rendering is held back
        # rather than letting a slow disk turn the whole site into a backlog.
        self.slots = threading.BoundedSemaphore(SLOTS)
        self.changed: list[str] = []
        self.unchanged = 0
        self.digests: dict[str, str] = {}

    def add(self, rel: str, data: bytes) -> None:
        self.digests[rel] = digest(data)
        if not self.first:
            if self._holds(rel, data, self.digests[rel]):
                self.unchanged += 1
                return
        self.changed.append(rel)
        self.slots.acquire()
        self.pending.append(self.pool.submit(self._stage, rel, data, True))
        if len(self.pending) > 2 * SLOTS:  # the done ones dropped now and then, not at every file
            self.pending = [j for j in self.pending if not j.done() or j.exception()]

    def placer(self) -> Callable[[str, bytes], Placed]:
        """What a forked render worker calls to stage a file itself: making files is kernel
        work, and hashing and comparing ten thousand pages is CPU work, which both spread
        over the cores only when the processes that render also write (in this process
        alone they held the workers back: a template change renders every page). The
        worker sends back what it placed, for `placed()`."""
        return self._place

    def _place(self, rel: str, data: bytes) -> Placed:
        sha = digest(data)
        if self.first:
            self._write_first(rel, data)
            return sha, rel
        if self._holds(rel, data, sha):
            return sha, None
        name = f"{os.getpid()}.{next(self.numbers)}"  # not a name this process gives (digits alone)
        (self.staging / name).write_bytes(data)
        return sha, name

    def _write_first(self, rel: str, data: bytes) -> None:
        """A page of a first build, into the staging tree, which becomes the site whole."""
        path = self.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def placed(self, rel: str, got: Placed) -> None:
        sha, name = got
        self.digests[rel] = sha
        if name is None:
            self.unchanged += 1
            return
        if not self.first:
            self.names[rel] = name
        self.changed.append(rel)

    def _holds(self, rel: str, data: bytes, sha: str) -> bool:
        """Whether the folder holds these bytes at `rel`: from `known`, or read back where
        its digest is unknown ("")."""
        if self.known is not None:
            if self.known.get(rel):
                return self.known[rel] == sha
            if rel not in self.known:
                return False  # not in the folder
        return _same(self.out / rel, data)

    def _staged(self, rel: str) -> Path:
        # An update stages flat files, moved one by one: no folders to make and remove again
        # (a first build stages the site's own tree, renamed into place whole).
        return self.staging / self.names[rel]

    def _stage(self, rel: str, data: bytes, slot: bool = False) -> None:
        try:
            if self.first:
                self._write_first(rel, data)
            else:
                self.names.setdefault(rel, str(len(self.names)))
                self._staged(rel).write_bytes(data)
        finally:
            if slot:
                self.slots.release()

    def _flush(self) -> None:
        for job in self.pending:
            job.result()  # raises the first write error, if any
        self.pending = []

    def commit(self, keep: set[str] = frozenset(), derived: Derived | None = None) -> WriteReport:
        """Put the staged files in place. `keep`: files of the site not added, unchanged."""
        try:
            self._flush()
            if self.first:
                return self._first(derived)  # one rename: nothing to hold Ctrl-C back for
            with _no_interrupt():  # the pages and the index made from them change together
                return self._update(keep, derived)
        finally:
            self.abort()

    def abort(self) -> None:
        self.pool.shutdown(wait=True)
        with _no_interrupt():  # a Ctrl-C here would leave the staging folder behind
            shutil.rmtree(self.staging, ignore_errors=True)
            if self.lock is not None:
                os.close(self.lock)
                self.lock = None

    def _first(self, derived: Derived | None) -> WriteReport:
        if derived and derived[1]:
            for rel, data in derived[1](self.staging).items():
                self.digests[rel] = digest(data)
                self.changed.append(rel)
                self._stage(rel, data)
        os.rename(self.staging, self.out)
        return WriteReport(written=sorted(self.changed), digests=self.digests)

    def _update(self, keep: set[str], derived: Derived | None) -> WriteReport:
        known = self.known or {}
        if self.known is None or not (keep <= known.keys() and self.digests.keys() <= known.keys()):
            _no_file_and_folder_alike(set(self.digests) | keep)  # new names could clash: before anything moves
        existing = set(self.known) if self.known is not None else _existing(self.out)
        prefix = derived[0] if derived else None
        stale = sorted(r for r in existing - set(self.digests) - keep if not (prefix and r.startswith(prefix)))
        self._replace(stale, self.changed)
        written, deleted = list(self.changed), stale
        now = dict(zip(keep, map(known.get, keep, repeat(""))))  # (in C: the ten thousand kept)
        now.update(self.digests)
        if derived and not derived[1]:  # kept as it is
            now.update({r: known.get(r, "") for r in existing if r.startswith(derived[0])})
        elif derived:  # made from the pages now in place: compare, stage and move its own files
            made = {rel: (data, digest(data)) for rel, data in derived[1](self.out).items()}
            fresh = [rel for rel, (data, sha) in made.items() if not self._holds(rel, data, sha)]
            for rel in fresh:
                self._stage(rel, made[rel][0])
            gone = sorted(r for r in existing if r.startswith(derived[0]) and r not in made)
            self._replace(gone, fresh)
            written += fresh
            deleted = deleted + gone
            now.update({rel: sha for rel, (_, sha) in made.items()})
        return WriteReport(written=sorted(written), unchanged=len(now) - len(written),
                           deleted=sorted(deleted), digests=now)

    def _replace(self, stale: list[str], changed: list[str]) -> None:
        for rel in stale:
            (self.out / rel).unlink(missing_ok=True)
            _prune((self.out / rel).parent, self.out)
        # (As strings, in this thread: a template change moves ten thousand files, and a
        # Path, a future, or a look at the folder first for each cost more than the renames.)
        out = str(self.out)
        for rel in sorted(changed):
            # A rename never writes through a link (a hard link of a backup, a symlink):
            # the name gets the new file, the other names keep the old one.
            staged, target = str(self._staged(rel)), os.path.join(out, rel)
            try:
                os.replace(staged, target)
            except FileNotFoundError:  # a new folder
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(staged, target)
            except IsADirectoryError:  # a folder becomes a file
                shutil.rmtree(target)
                os.replace(staged, target)


def write_site(out: Path, files: dict[str, bytes | None], previous: dict[str, bytes | None] | None = None,
               derived: Derived | None = None) -> WriteReport:
    """Make `out` hold exactly `files` (plus the `derived` files made from them).

    A file given as None is known to be in `out` already, unchanged: it is left alone.
    `previous`, when given, is what the caller last wrote there.
    """
    known = None if previous is None else {r: digest(d) if d is not None else "" for r, d in previous.items()}
    writer = Writer(out, known)
    try:
        for rel, data in files.items():
            if data is not None:
                writer.add(rel, data)
    except BaseException:
        writer.abort()
        raise
    return writer.commit({r for r, d in files.items() if d is None}, derived)


def _no_file_and_folder_alike(names: set[str]) -> None:
    """A path cannot be a file and hold files: refuse before the site is touched."""
    folders = {rel[:i] for rel in names for i, ch in enumerate(rel) if ch == "/"}
    clash = sorted(names & folders)
    if clash:
        raise NotADirectoryError(f"{clash[0]} would be both a file and a folder")


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by deleted pages, up to (not including) the output root."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
