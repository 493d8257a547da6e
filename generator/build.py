"""The orchestrator: the only place that knows the order of the stages.

load -> validate -> link -> plan -> (book) -> render -> search index -> write. Every content
issue is collected before anything is rendered, and nothing is written unless every
stage succeeded. A `Builder` keeps what the previous build made, so that building again
re-renders only the outputs whose inputs changed (see graph.py).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from .pages.assets import collect
from .incremental.cache import BuildCache, stats
from .errors import ContentError
from .incremental.graph import TemplateDigests, dirty, output_keys
from .incremental.reads import ReadIndex, Reads, entities, tracked
from .check.link import LinkMemo, Linked, link
from .check.loader import LoadCache, load
from .pages.plan import Output, plan
from .pages.render import environment, render
from .output import book
from .output.data import outputs as data_outputs
from .output.search import SearchCancelled, SearchError, index_folder
from .check.validate import Memo as ValidateMemo, validate
from .editions.diff import history
from .editions.snapshot import load_editions, snapshot
from .output.write import Derived, WriteReport, Writer

SEARCH = "pagefind/"
BOOK = book.FILE
Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class BuildResult:
    linked: Linked | None  # None when nothing changed and the content was not even read
    rendered: list[str] = field(default_factory=list)  # outputs rendered (not reused) this time
    report: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    total: int = 0  # files in the site
    warnings: list[str] = field(default_factory=list)  # said, not errors: the site was built

    @property
    def drafts(self) -> tuple[str, ...]:
        return self.linked.site.drafts if self.linked else ()


@dataclass
class Memory:
    """What a builder keeps between builds so that unchanged files cost next to nothing."""

    files: LoadCache = field(default_factory=LoadCache)  # loader: documents by path and stat
    checks: ValidateMemo = field(default_factory=ValidateMemo)  # validate: per-document results, last result
    links: LinkMemo = field(default_factory=LinkMemo)  # link: quote indexes, [[links]] found
    templates: dict = field(default_factory=dict)  # graph: the templates each template names
    reads: ReadIndex = field(default_factory=ReadIndex)  # what each page read when last rendered


def check_content(project: Path, memory: Memory | None = None, changed: set[str] | None = None) -> Linked:
    """Load, validate and link; raise ContentError with every issue found."""
    memory = memory or Memory()
    docs, issues = load(project, memory.files, changed)
    site, by_slug, more = validate(docs, memory.checks)
    issues += more
    linked = None
    if site is not None:
        linked, more = link(site, by_slug, memory.links)
        issues += more
    editions, more = load_editions(project)
    issues += more
    if issues or linked is None:
        raise ContentError(sorted(set(issues)))
    if editions:  # what each edition changed, and what the next one will: for the pages
        logs, pending = history(editions, snapshot(linked.site))
        linked = dataclasses.replace(linked, site=dataclasses.replace(linked.site, editions=logs, pending=pending))
    return linked


@dataclass
class _Book:
    """The book in one build: laid out now (`pdf`, what it `reads`), left for the dev
    server's idle time (`pending`), or unchanged; `pages`: the count the overview shows."""

    pages: int | None = None
    pdf: bytes | None = None
    reads: dict = field(default_factory=dict)
    pending: tuple | None = None


class Builder:
    """Builds one project again and again, reusing every output whose inputs are unchanged.

    With `persist`, what a build learned (output keys, output file states, converted
    Markdown) is kept in PROJECT/.briefing-cache/ for the next process: a build with
    nothing changed then reads no content at all.
    """

    def __init__(self, project: Path, out: Path | None = None, base_url: str | None = None,
                 defer_search: bool = False, persist: bool | BuildCache = False, warm: bool = False,
                 defer_book: bool = False):
        self.project = Path(project)
        self.out = Path(out) if out else self.project / "site"
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.cache = (persist if isinstance(persist, BuildCache) else
                      BuildCache(self.project, self.out, base_url) if persist else None)
        # `warm`: start from what `build` left in the cache, without writing to it (the dev
        # server, whose every save would otherwise rewrite the whole Markdown cache).
        self.seed = self.cache or (BuildCache(self.project, self.out, base_url) if warm else None)
        self.markdown_cache: dict[str, str] = self.seed.load_markdown(fold=self.cache is not None) if self.seed else {}
        self.memory = Memory()
        self.env: jinja2.Environment | None = None
        self.env_key: tuple = ()
        self.keys: dict[str, str] = {}
        # Digest of each file in the output folder, once written or read from the cache;
        # None: not known, the writer reads files back to compare.
        self.known: dict[str, str] | None = None
        self.written_once = False
        self.defer_search = defer_search
        self.search_stale = False
        self.search_language: str | None = None
        self.defer_book = defer_book  # the dev server lays the book out once the edits pause
        self.book_pending: tuple[jinja2.Environment, Output, Reads] | None = None  # to lay out when idle
        # The book's page count, which the overview shows: of the last book made (or the
        # last process's), None before the first.
        self.book_pages: int | None = (self.seed.load_state().get("book_pages") if self.seed else None)
        self.again: set[str] = set()  # outputs to render on the next build whatever their keys

    @property
    def book_stale(self) -> bool:
        return self.book_pending is not None

    def build(self, write: bool = True, progress: Progress | None = None,
              changed: set[Path] | None = None) -> BuildResult:
        """Raises ContentError, with every issue, when content or templates are wrong.

        The output folder and this builder's memory of the last good build are then left
        exactly as they were. `changed`, when given, lists every file that may have
        changed since the last build (the dev server knows from file events).
        """
        # A build allocates millions of small objects that all live to its end: the cyclic
        # collector would scan the whole heap again and again for nothing. It runs after.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._build(write, progress, self._relative(changed))
        finally:
            if collecting:
                gc.enable()

    def _relative(self, changed: set[Path] | None) -> set[str] | None:
        if changed is None or not self.memory.files:
            return None  # nothing read yet: read everything
        root = self.project.absolute()
        if not all(p.absolute().is_relative_to(root) for p in changed):
            return None  # a path spelled another way (a symlink, say): check every file
        return {p.absolute().relative_to(root).as_posix() for p in changed}

    def _build(self, write: bool, progress: Progress | None, changed: set[str] | None) -> BuildResult:
        started = time.perf_counter()
        inputs: dict = {}
        if self.cache and write and not self.written_once:
            count, inputs, state = self.cache.take_answer(self.out)
            if count is not None:
                return BuildResult(None, [], WriteReport(unchanged=count), time.perf_counter() - started, count)
            if state and self.out.is_dir():
                # Outputs whose key and file are as the last process left them are reused unread.
                on_disk = stats(self.out)
                reads = self.cache.load_reads()
                if reads is not None:  # without them, every page is made again (and compared)
                    self.memory.reads = reads
                    self.keys = {f: k for f, k in state["keys"].items() if on_disk.get(f) == state["outputs"].get(f)}
                # Every file now in the folder, with its digest when it is as the last build
                # left it ("" otherwise: read back to compare), so that files are not read back.
                digests = state.get("digests", {})
                self.known = {f: digests.get(f, "") if st == state["outputs"].get(f) else "" for f, st in on_disk.items()}
        markdown_before = len(self.markdown_cache)
        # The builder's memory of the folder spares reading files back (not on a first write).
        writer = saving = None
        try:
            writer = Writer(self.out, self.known) if write else None
            restored = self.seed is not None and not self.memory.files and self._restore()
            linked = check_content(self.project, self.memory, changed)
            assets, issues = collect(self.project)
            recorder = Reads()
            seen = tracked(linked, recorder)
            step = _Book(pages=self.book_pages)
            made_book = book.output(seen, self.base_url or linked.site.base_url, self.markdown_cache)
            outputs, more = plan(seen, assets, self.base_url, self.markdown_cache,
                                 (lambda: step.pages) if made_book else None)
            outputs += data_outputs(seen, self.base_url or linked.site.base_url)
            outputs += [made_book] if made_book else []
            issues += more
            if issues:
                raise ContentError(sorted(set(issues)))
            overrides = _template_files(self.project)
            if self.env is None or self.env_key != overrides:
                # One environment, with its compiled templates, while the project's templates
                # stay as they are; any change to them (even one that keeps the file's time)
                # starts afresh.
                self.env_key = overrides
                self.env = environment(self.project)
            env = self.env
            digests = TemplateDigests(env, self.memory.templates)
            keys = output_keys(outputs, digests)
            found = entities(linked)
            todo = dirty(outputs, keys, self.keys, self.memory.reads.stale(linked, found, outputs) | self.again)
            todo = self._book(step, env, outputs, todo, keys, recorder, write)
            # The content model goes to the cache while the pages render, when it was made
            # anew or many files were read again; a few more are re-read by the next build.
            reread = self.memory.files.reads > max(50, len(self.memory.files.files) // 50)
            saving = self.cache.save_model(self._model()) if self.cache and (not restored or reread) else None
            rendered, issues, page_reads = render(
                env, self.project, todo, progress and (lambda done: progress("render", done, len(todo))),
                self.markdown_cache, sink=writer, keep_markdown=self.cache.markdown_part if self.cache else None,
                reads=recorder)
            if issues:
                raise ContentError(issues)
            if step.pdf:  # after the pages: the writer's threads would keep the render workers from forking
                writer.add(BOOK, step.pdf)
                rendered.append(BOOK)
                page_reads[BOOK] = step.reads
            result = BuildResult(linked, rendered, total=len(outputs))
            if linked.site.book.enabled and not made_book:
                result.warnings.append(book.missing())
            if writer:
                result.report = self._commit(writer, linked, {o.file for o in outputs} - set(rendered))
                result.total = len(result.report.digests)
        except SearchError as exc:  # Pagefind missing or failing: a message, not a traceback
            writer.abort()
            raise ContentError([exc.issue]) from exc
        except BaseException:
            if writer:
                writer.abort()
            raise
        finally:
            if saving:
                saving()
        self.keys, self.book_pages, self.book_pending = keys, step.pages, step.pending
        # A book left for later is made again from the next build's content, if that comes first.
        self.again = {BOOK} if step.pending else set()
        self.memory.reads.record(found, page_reads, set(keys))
        if self.cache and write:
            self.keys.update({f: "index" for f in result.report.digests if f.startswith(SEARCH)})
            self.cache.save_state(inputs or self.cache.inputs(), stats(self.out), self.keys, self.known,
                                  book_pages=self.book_pages)
            self.cache.save_reads(self.memory.reads)
            if len(self.markdown_cache) != markdown_before:
                self.cache.save_markdown(self.markdown_cache)
        result.seconds = time.perf_counter() - started
        return result

    def _book(self, step: "_Book", env: jinja2.Environment, outputs: list[Output], todo: list[Output],
              keys: dict[str, str], recorder: Reads, write: bool) -> list[Output]:
        """The book is laid out before the pages, since the overview gives its page count;
        the dev server leaves it to `refresh_book`, for when edits pause. Returns the outputs
        still to render."""
        made = next((o for o in todo if o.file == BOOK), None)
        if made is None:
            return todo
        todo = [o for o in todo if o is not made]
        if not write:  # `briefing check`: seconds of layout would check nothing more
            keys[BOOK] = self.keys.get(BOOK, "")
            return todo
        if self.defer_book:
            step.pending = (env, made, recorder)
            keys[BOOK] = self.keys.get(BOOK, "")  # not made yet: the key it was last made with
            return todo
        with recorder.page() as step.reads:
            step.pdf, step.pages = book.make(env, made)
        if step.pages != self.book_pages:
            todo += [o for o in outputs if o.file == "index.html" and o not in todo]
        return todo

    def refresh_book(self, cancel: Callable[[], bool] | None = None) -> bool:
        """Lay out the book an edit left stale (the dev server's idle work), in a child that
        `cancel` stops. True when it was made; when its page count changed, the next build
        renders the overview again."""
        if not self.book_pending:
            return False
        env, output, recorder = self.book_pending
        with recorder.page() as reads:
            made = book.make(env, output, cancel)
        if made is None:
            return False
        writer = Writer(self.out, self.known)
        writer.add(BOOK, made[0])
        report = writer.commit({f for f in self.known if f != BOOK}, (SEARCH, None))
        self.known = report.digests
        self.memory.reads.record_page(BOOK, reads)
        self.keys[BOOK] = output_keys([output], TemplateDigests(env, self.memory.templates))[BOOK]
        if made[1] != self.book_pages:
            self.book_pages = made[1]
            self.again.add("index.html")
        self.book_pending = None
        self.again.discard(BOOK)
        return True

    def _model(self) -> tuple:
        """What the next process needs to check only the files that changed. Entries kept
        by object identity mean nothing in another process: they are left out."""
        m = self.memory
        return m.files, m.checks, dataclasses.replace(m.links, notes={}, checked={})

    def _restore(self) -> bool:
        """Take up the last process's model of the content; True if there was one."""
        model = self.seed.load_model()
        if not model:
            return False
        self.memory.files, self.memory.checks, self.memory.links = model
        self.memory.files.reads = 0
        return True

    def _commit(self, writer: Writer, linked: Linked, reused: set[str]) -> WriteReport:
        """Put the pages in place, with a search index made from them when they changed."""
        self.search_language = linked.site.language if linked.site.search else None
        previous_pages = {f for f in self.known or () if not f.startswith(SEARCH)}
        pages = reused | set(writer.digests)
        pages_changed = pages != previous_pages or any(f.endswith(".html") for f in writer.changed)
        derived: Derived | None = None
        if self.search_language:
            if not pages_changed and self.written_once:
                derived = (SEARCH, None)  # the index still matches the pages: leave it
            elif self.defer_search and self.written_once:
                self.search_stale = True  # the dev server refreshes it once the edits settle
                derived = (SEARCH, None)
            else:
                derived = (SEARCH, self._indexer(self.search_language))
        report = writer.commit(reused, derived)
        self.known = report.digests
        self.written_once = True
        return report

    @staticmethod
    def _indexer(language: str, cancel: Callable[[], bool] | None = None) -> Callable[[Path], dict[str, bytes]]:
        return lambda folder: index_folder(folder, language, cancel)

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


def _template_files(project: Path) -> tuple[tuple[str, str], ...]:
    """The project's templates and their contents' digests: a few small files."""
    folder = project / "templates"
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.relative_to(folder).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                        for p in folder.rglob("*") if p.is_file()))


def build(project: Path, out: Path | None = None, *, base_url: str | None = None, write: bool = True,
          progress: Progress | None = None, persist: bool | BuildCache = False) -> BuildResult:
    """Build the site of `project` into `out` (default `project/site`).

    Without `persist` every output is rendered (and compared with the folder's files);
    with it, the cache in PROJECT/.briefing-cache/ lets unchanged outputs be skipped.
    `persist` may be the cache itself, already asked whether anything changed.
    """
    return Builder(project, out, base_url, persist=persist).build(write=write, progress=progress)
