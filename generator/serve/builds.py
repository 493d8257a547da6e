"""The dev server's builds, in a process of their own.

A build is CPU-bound Python and C (Markdown, regular expressions), and a long C call
holds the interpreter's lock: in a thread of the server it would stall every request
until it returned. In a forked child it stalls nothing; the server keeps answering,
from the last good build, while the next one runs. The child is forked before the
server starts a thread (forking is safe only then), and dies with the server.
Where the system cannot fork, builds run in the calling thread instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..build import BOOK, Builder
from ..errors import ContentError
from ..incremental.book import OVERVIEW, lay_out_pending
from ..output.search import FOLDER as SEARCH, SearchCancelled
from ..output.write import WriteReport, Writer
from ..report import content_warnings
from ..fork import can_fork, detach_signals, die_with_parent

CANCEL_EVERY = 0.05  # seconds between two looks at new edits during the idle work
# Seconds without a request before the build process collects its whole heap: a build's
# garbage goes with the young objects right after it (20,000 objects at 10,000 notes), and
# a full pass (a fifth of a second there) finds next to nothing more; it waits for a pause
# long enough that no edit waits for it.
COLLECT_ALL_AFTER = 10.0


@dataclass(frozen=True)
class Built:
    """What the server says of a build (the builder itself stays in the build's process)."""

    rendered: int
    written: int
    deleted: int
    total: int = 0
    unchanged: int = 0
    drafts: int = 0
    base_url: bool = True
    warnings: tuple[str, ...] | None = None  # None: the content was not read again


class _Known:
    """What the server knows of the builder after each answer: whether a site was written
    once, and the work left for a pause in the edits."""

    written_once = False
    search_stale = False
    book_stale = False

    @property
    def idle_work(self) -> bool:
        return self.search_stale or self.book_stale


class ServedBuilder(Builder):
    """The dev server's builder: it starts from what `build` left in the cache, never
    writes to it, and leaves the search index and the book to the pauses in the edits."""

    def __init__(self, project: Path, out: Path):
        super().__init__(project, out, base_url=None, defer_search=True, warm=True, defer_book=True)

    @property
    def book_stale(self) -> bool:
        return self.book_pending is not None

    def refresh_search(self, cancel: Callable[[], bool] | None = None) -> WriteReport | None:
        """Bring a deferred search index up to date with the pages (the dev server's idle work).

        Returns None when there was nothing to do, or when `cancel` said to stop: the index
        then stays stale, to be made after the next build.
        """
        if not self.search_stale or not self.search_language:
            return None
        writer = Writer(self.out, self.known)
        try:
            report = writer.commit({f for f in self.known if not f.startswith(SEARCH)},
                                   (SEARCH, self._indexer(self.search_language, cancel)))
        except SearchCancelled:
            return None
        self.known = report.digests
        self.search_stale = False
        return report

    def refresh_book(self, cancel: Callable[[], bool] | None = None) -> bool:
        """Lay out the book an edit left for later (the dev server's idle work), in a child
        that `cancel` stops. True when it was made; when its page count changed, the next
        build renders the overview again."""
        made = lay_out_pending(self.book_pending, cancel) if self.book_pending else None
        if made is None:
            return False
        pdf, pages, reads = made
        writer = Writer(self.out, self.known)
        writer.add(BOOK, pdf)
        self.known = writer.commit({f for f in self.known if f != BOOK}, (SEARCH, None)).digests
        self.reads.record_page(BOOK, reads)
        self.keys[BOOK] = self.book_pending.key
        self.again = {OVERVIEW} if pages != self.book_pages else set()
        self.book_pages, self.book_pending = pages, None
        return True


class LocalBuilds(_Known):
    """Builds in the calling thread; the same answers as `ProcessBuilds`."""

    def __init__(self, project: Path, out: Path):
        self.builder = ServedBuilder(project, out)

    def _note(self) -> None:
        b = self.builder
        self.written_once, self.search_stale, self.book_stale = b.written_once, b.search_stale, b.book_stale

    def build(self, changed: set[Path] | None = None) -> Built:
        """Raises ContentError when the content is wrong, RuntimeError on a bug."""
        try:
            result = self.builder.build(changed=changed)
        finally:
            self._note()
        r, site = result.report, result.linked.site if result.linked else None
        return Built(len(result.rendered), len(r.written), len(r.deleted), result.total, r.unchanged,
                     len(result.drafts), not (site and not site.base_url),
                     (*content_warnings(site), *result.warnings) if site else None)

    def refresh_search(self, pending: Callable[[], bool] = lambda: False) -> None:
        try:
            self.builder.refresh_search(cancel=pending)
        except Exception:
            self.builder.search_stale = False  # tried again after the next edit
            raise
        finally:
            self._note()

    def refresh(self, pending: Callable[[], bool] = lambda: False) -> bool:
        """The work the last edits left for a pause: the search index, then the book. True
        when the overview was built again (the book's page count changed)."""
        self.refresh_search(pending)
        if pending():
            return False
        try:
            made = self.builder.refresh_book(cancel=pending)
        except Exception:
            self.builder.book_pending = None  # tried again after the next edit
            raise
        finally:
            self._note()
        if made and self.builder.again:  # the overview shows the new page count
            self.build(set())
            return True
        return False

    def close(self) -> None:
        pass


def _run(conn, local: LocalBuilds, cancel, parent: int) -> None:
    detach_signals()  # the server stops its child itself
    die_with_parent(parent)
    # A build of a large site forks render workers, which multiprocessing refuses to a
    # daemonic process; they die with this one all the same (fork.die_with_parent).
    multiprocessing.current_process().daemon = False
    while True:
        try:
            kind, changed = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        # A build's garbage is collected after its answer is sent, not while the server
        # waits for it: its young objects at once, the whole heap in a long pause.
        # (The idle work, the book's layout above all, collects as it goes.)
        if kind == "build":
            gc.disable()
        try:
            if kind == "build":
                cancel.clear()
                reply = ("built", local.build(changed))
            elif kind == "search":
                reply = ("searched", local.refresh_search(cancel.is_set))
            else:
                reply = ("refreshed", local.refresh(cancel.is_set))
        except ContentError as exc:
            reply = ("content", exc.issues)
        except Exception as exc:  # a bug: the server shows it and keeps going
            reply = ("bug", repr(exc))
        conn.send((*reply, local.written_once, local.search_stale, local.book_stale))
        if kind == "build":
            local.builder.reads.derive()  # what the next build's stale() asks for
        if not gc.isenabled():
            gc.enable()
            gc.collect(1)
            if not conn.poll(COLLECT_ALL_AFTER):
                gc.collect()


class ProcessBuilds(_Known):
    """Builds in a forked child, one at a time: `build()` and `refresh_search()` wait for
    its answer without holding the interpreter, so the server's threads run meanwhile."""

    def __init__(self, project: Path, out: Path):
        context = multiprocessing.get_context("fork")
        self.conn, theirs = context.Pipe()
        self.cancel = context.Event()
        local = LocalBuilds(project, out)
        self.child = context.Process(target=_run, args=(theirs, local, self.cancel, os.getpid()),
                                     name="builder", daemon=True)
        self.child.start()
        theirs.close()

    def _ask(self, kind: str, changed: set[Path] | None = None,
             pending: Callable[[], bool] = lambda: False):
        self.conn.send((kind, changed))
        while not self.conn.poll(CANCEL_EVERY):
            if pending():
                self.cancel.set()  # a new edit: the index is made after the next build
        try:
            answer, value, self.written_once, self.search_stale, self.book_stale = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"the build process stopped (exit code {self.child.exitcode})") from None
        if answer == "content":
            raise ContentError(value)
        if answer == "bug":
            raise RuntimeError(value)
        return value

    def build(self, changed: set[Path] | None = None) -> Built:
        return self._ask("build", changed)

    def refresh_search(self, pending: Callable[[], bool] = lambda: False) -> None:
        self._ask("search", pending=pending)

    def refresh(self, pending: Callable[[], bool] = lambda: False) -> bool:
        return self._ask("refresh", pending=pending)

    def close(self) -> None:
        self.conn.close()  # the child reads the end of its pipe and returns
        self.child.join(timeout=10)
        if self.child.is_alive():
            self.child.kill()
            self.child.join()


def builds(project: Path, out: Path) -> LocalBuilds | ProcessBuilds:
    return ProcessBuilds(project, out) if can_fork() else LocalBuilds(project, out)
