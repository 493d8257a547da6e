"""The build cache as one builder uses it: what the last process left is taken up by the
first build, and what each good build learned is left for the next process.

cache.py knows the files; this knows when each is read and written, and what goes with
what (the reads before the state, the kept contexts with the reads they were made from).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from ..output.search import FOLDER as SEARCH
from ..output.write import WriteReport
from .cache import BuildCache
from .contexts import ContextStore
from .index import ReadIndex
from .memo import ContentMemo
from .stats import Stats, model_files, outputs_after


class Resumed(NamedTuple):
    """What the last process left that is still as it was."""

    count: int | None  # the number of files, when nothing changed since: nothing to build
    inputs: Stats  # the project's files as this build found them
    reads: ReadIndex | None = None  # what each page read; None: every page is made again
    keys: dict[str, str] | None = None  # the keys of the outputs still as that process left them
    same_model: bool = False  # the content is as it was when those reads were recorded
    known: dict[str, str] | None = None  # each file in the output folder, with its digest where known


class Persisted:
    """With `cache`, the build cache this builder reads and writes; with `seed` alone, one
    it only reads (the dev server, whose reads move on in memory and are never saved)."""

    def __init__(self, cache: BuildCache | None, seed: BuildCache | None):
        self.cache, self.seed = cache, seed
        # Read when the first build converts Markdown: one made from kept contexts needs none.
        self.markdown: dict[str, str] = {}
        self._markdown_saved = 0
        self._markdown_unread = seed is not None
        # The pages' own contexts, kept beside the reads they were made from: in the cache
        # this builder writes only.
        self.contexts = ContextStore(cache) if cache else None
        self.last: dict = {}  # the state the last process left, once taken up
        self.on_disk: Stats | None = None  # the output folder's stats as this build began, where taken

    def book_pages(self) -> int | None:
        """The last process's book's page count, which the overview shows."""
        return self.seed.load_state().get("book_pages") if self.seed else None

    def start(self) -> None:
        """A build begins: the output folder's stats are not known until taken."""
        self.on_disk = None

    def resume(self, out: Path) -> Resumed:
        """A first build with a cache: the number of files when nothing changed since the
        last process built; else what that process left that is still as it was."""
        count, inputs, state = self.cache.take_answer(out)
        if count is None and not out.is_dir():
            self.on_disk = {}
        if count is not None or not state or not out.is_dir():
            return Resumed(count, inputs)
        # Outputs whose key and file are as the last process left them are reused unread.
        on_disk = self.on_disk = self.cache.outputs(out, state)
        reads = self.cache.load_reads(state.get("reads"))
        keys = {f: k for f, k in state["keys"].items() if on_disk.get(f) == state["outputs"].get(f)}
        # Every file now in the folder, with its digest when it is as the last build left
        # it ("" otherwise: read back to compare), so that files are not read back.
        digests = state.get("digests", {})
        known = {f: digests.get(f, "") if st == state["outputs"].get(f) else "" for f, st in on_disk.items()}
        if reads is None:  # without them, every page is made again (and compared)
            return Resumed(None, inputs, known=known)
        # The reads are this state's: so are the kept contexts beside them, and its plan
        # may be used (a build stopped after its reads and before its state leaves neither).
        reads.saved, self.last = state["reads"], state
        return Resumed(None, inputs, reads, keys, model_files(inputs) == model_files(state["inputs"]), known)

    def take_last(self) -> dict:
        """The last process's state, once: what a first build may make its pages from."""
        last, self.last = self.last, {}
        return last

    def read_markdown(self) -> dict[str, str]:
        """The Markdown the last process converted, read before the first build converts any."""
        if self._markdown_unread:
            self._markdown_unread = False
            self.markdown.update(self.seed.load_markdown(fold=self.cache is not None))
            self._markdown_saved = len(self.markdown)
        return self.markdown

    def restore(self) -> ContentMemo | None:
        """The last process's memo of the content, if it left one."""
        memo = self.seed.load_model() if self.seed else None
        if not isinstance(memo, ContentMemo):
            return None
        memo.files.reads = 0
        return memo

    def save_model(self, memo: ContentMemo, restored: bool) -> Callable[[], None] | None:
        """The content memo goes to the cache while the pages render, when it was made anew
        or many files were read again (a few more are re-read by the next build); returns
        the function that waits for it."""
        reread = memo.files.reads > max(50, len(memo.files.files) // 50)
        return self.cache.save_model(memo) if self.cache and (not restored or reread) else None

    def save(self, out: Path, inputs: Stats, report: WriteReport, keys: dict[str, str],
             known: dict[str, str] | None, reads: ReadIndex, book_pages: int | None, plan: str | None) -> None:
        """What the next process starts from: the reads, the kept contexts, the state, and
        the Markdown converted since it was last saved. `plan`: the kept plan's digest."""
        keys.update({f: "index" for f in known or () if f.startswith(SEARCH)})
        # The reads before the state: a state is never newer than the reads beside it.
        if not reads.saved:
            reads.saved = self.cache.save_reads(reads)
        if reads.saved:
            self.contexts.commit()
        else:  # the contexts go with the reads they were made from, or not at all
            self.contexts.abort()
        outputs = outputs_after(out, self.on_disk, report.written, report.deleted)
        self.cache.save_state(inputs or self.cache.inputs(), outputs, keys, known, book_pages=book_pages, plan=plan,
                              reads=reads.saved)
        if len(self.markdown) != self._markdown_saved:
            self.cache.save_markdown(self.markdown)
            self._markdown_saved = len(self.markdown)

    def abort(self) -> None:
        """A build failed, or wrote nothing: the contexts it kept go with it."""
        if self.contexts:
            self.contexts.abort()
