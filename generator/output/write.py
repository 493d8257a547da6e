"""The only module that writes the site.

Files are streamed in as they are rendered and staged at once, in a folder beside the
output: by a writer thread, or on a first build by the render workers themselves. A
first build then renames the staging folder into place. Later builds stage only the
files whose bytes changed, in one journal file, then write them over the old files while
Ctrl-C is held back, so an interrupted build leaves the previous site whole, and
unchanged files keep their modification times.
Writing over a file keeps its inode: making 10,000 new ones, as staged copies renamed
into place would, is what costs most on a file system that recently deleted thousands.
The dev server, which serves the folder while it writes, asks for `atomic` updates
instead: each file staged whole and renamed over the old one. Nothing stays in memory
once written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import stat
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..fork import spawn

WRITERS = 1  # new files: more threads only wait on the same folders' locks
OVERWRITERS = 4  # writing over files: each waits on its own file, so a few overlap well
# Files made from the written pages (the search index): a prefix and the maker.
Derived = tuple[str, Callable[[Path], dict[str, bytes]]]


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


class Writer:
    """One build's writes: `add()` each file as it is made, then `commit()` or `abort()`.

    `known`, when given, names every file the folder holds, with its digest ("" when
    unknown: that file is read back to compare), from the last write or the build cache.
    """

    def __init__(self, out: Path, known: dict[str, str] | None = None, atomic: bool = False):
        self.out = out.absolute()
        self.first = not self.out.exists()
        self.known = known
        self.staging = self.out.parent / f".{self.out.name}.staging-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.journal = None if self.first or atomic else open(self.staging / "journal", "w+b")
        self.spans: dict[str, tuple[int, int]] = {}  # file -> (offset, length) in the journal
        self.pool = ThreadPoolExecutor(WRITERS)
        self.pending: list[Future] = []
        # At most this many files wait in memory for the disk: rendering is held back
        # rather than letting a slow disk turn the whole site into a backlog.
        self.slots = threading.BoundedSemaphore(64)
        self.preparer = 0  # the child making folders ahead of the pages (a first build)
        self.prepared: list[str] = []
        self.changed: list[str] = []
        self.unchanged = 0
        self.digests: dict[str, str] = {}

    def prepare(self, files: list[str]) -> None:
        """On a first build, make the folders and empty files of pages to come in a forked
        child, while the content is still checked: making 20,000 inodes is most of the cost
        of writing a site, and a core is idle meanwhile. Files that stay empty are removed
        at commit (a page expected but not made, such as a draft's)."""
        def make() -> None:
            for rel in files:
                path = self.staging / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))  # never truncates a page

        pid = spawn(make) if self.first else None
        if pid:  # without it, only the head start is lost
            self.preparer, self.prepared = pid, files

    def _stop_preparing(self) -> None:
        if self.preparer:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.preparer, signal.SIGKILL)
            os.waitpid(self.preparer, 0)
            self.preparer = 0

    def add(self, rel: str, data: bytes) -> None:
        self.digests[rel] = digest(data)
        if not self.first:
            if self._holds(rel, data, self.digests[rel]):
                self.unchanged += 1
                return
        self.changed.append(rel)
        if self.journal:
            self._stage(rel, data)  # appending to one file: no thread needed
            return
        self.slots.acquire()
        job = self.pool.submit(self._stage, rel, data, True)
        self.pending = [j for j in self.pending if not j.done() or j.exception()]
        self.pending.append(job)

    def placer(self) -> Callable[[str, bytes], str] | None:
        """On a first build, what a forked render worker calls to stage a file itself:
        making files is kernel work, which spreads over the cores only when the processes
        that render also write. The worker sends back the digest, for `placed()`."""
        return self._place if self.first else None

    def _place(self, rel: str, data: bytes) -> str:
        self._write_first(rel, data)
        return digest(data)

    def _write_first(self, rel: str, data: bytes) -> None:
        """A page of a first build, into the staging tree, where its file is new or was made
        empty ahead (`prepare`): appending writes it whole. Truncating it instead would have
        ext4 write it to disk at once when closed (its guard for files rewritten in place)."""
        path = self.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab") as f:
            f.write(data)

    def placed(self, rel: str, sha: str) -> None:
        self.digests[rel] = sha
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
        return self.staging / rel.replace("/", "%")

    def _stage(self, rel: str, data: bytes, slot: bool = False) -> None:
        if self.journal:
            self.spans[rel] = (self.journal.tell(), len(data))
            self.journal.write(data)
            return
        try:
            if self.first:
                self._write_first(rel, data)
            else:
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
                return self._first(derived)
            with _no_interrupt():  # the pages and the index made from them change together
                return self._update(keep, derived)
        finally:
            self.abort()

    def abort(self) -> None:
        self._stop_preparing()
        self.pool.shutdown(wait=True)
        if self.journal:
            self.journal.close()
        with _no_interrupt():  # a Ctrl-C here would leave the staging folder behind
            shutil.rmtree(self.staging, ignore_errors=True)

    def _first(self, derived: Derived | None) -> WriteReport:
        self._stop_preparing()
        for rel in self.prepared:
            if rel not in self.digests:
                path = self.staging / rel
                if path.is_file() and path.stat().st_size == 0:
                    path.unlink()
                _prune(path.parent, self.staging)
        if derived and derived[1]:
            for rel, data in derived[1](self.staging).items():
                self.digests[rel] = digest(data)
                self.changed.append(rel)
                self._stage(rel, data)
        os.rename(self.staging, self.out)
        return WriteReport(written=sorted(self.changed), digests=self.digests)

    def _update(self, keep: set[str], derived: Derived | None) -> WriteReport:
        names = set(self.digests) | keep
        if self.known is None or not names <= self.known.keys():  # new names could clash
            _no_file_and_folder_alike(names)  # before anything moves
        known = self.known or {}
        existing = set(self.known) if self.known is not None else _existing(self.out)
        prefix = derived[0] if derived else None
        stale = sorted(r for r in existing - set(self.digests) - keep if not (prefix and r.startswith(prefix)))
        self._replace(stale, self.changed)
        written, deleted = list(self.changed), stale
        now = {**{r: known.get(r, "") for r in keep}, **self.digests}
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
        for folder in sorted({(self.out / rel).parent for rel in changed}):
            folder.mkdir(parents=True, exist_ok=True)

        def move(rel: str) -> None:
            target = self.out / rel
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(self._staged(rel), target)

        if not self.journal:
            list(self.pool.map(move, sorted(changed)))
            return
        self.journal.flush()

        def overwrite(rel: str) -> None:
            target = self.out / rel
            try:
                st = os.lstat(target)
            except FileNotFoundError:
                st = None
            if st and stat.S_ISDIR(st.st_mode):
                shutil.rmtree(target)
            elif st and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1):
                target.unlink()  # never write through a link into a file another name shares
            offset, length = self.spans[rel]
            with open(target, "wb") as f:
                f.write(os.pread(self.journal.fileno(), length, offset))

        with ThreadPoolExecutor(OVERWRITERS) as pool:
            list(pool.map(overwrite, sorted(changed)))


def write_site(out: Path, files: dict[str, bytes | None], previous: dict[str, bytes | None] | None = None,
               derived: Derived | None = None, atomic: bool = False) -> WriteReport:
    """Make `out` hold exactly `files` (plus the `derived` files made from them).

    A file given as None is known to be in `out` already, unchanged: it is left alone.
    `previous`, when given, is what the caller last wrote there.
    """
    known = None if previous is None else {r: digest(d) if d is not None else "" for r, d in previous.items()}
    writer = Writer(out, known, atomic)
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
