"""The orchestrator: the only place that knows the order of the stages.

load -> validate -> link -> plan -> (book) -> render -> search index -> write. Every content
issue is collected before anything is rendered, and nothing is written unless every
stage succeeded. A `Builder` keeps what the previous build made, so that building again
re-renders only the outputs whose inputs changed (see graph.py).
"""

from __future__ import annotations

import dataclasses
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from .pages.assets import collect
from .incremental.cache import BuildCache
from .incremental.contexts import KeptContexts
from .incremental.persisted import Persisted
from .incremental.restyle import keep as keep_plan, only_templates, restyled
from .incremental.stats import Stats, template_files
from .errors import ContentError
from .incremental.graph import FILE, TemplateDigests, dirty, output_keys
from .incremental.index import ReadIndex, entities
from .incremental.reads import Reads, tracked
from .check.link import Linked, link
from .check.loader import load
from .pages.plan import BOOK_FILE as BOOK, Contexts, Kept, Output, plan
from .pages.render import environment, render
from .output import book
from .output.data import outputs as data_outputs
from .output.search import FOLDER as SEARCH, SearchError, index_folder
from .check.validate import validate
from .incremental.book import BookStep, Pending
from .incremental.memo import ContentMemo
from .editions.diff import history
from .editions.snapshot import load_editions, snapshot
from .output.write import Derived, WriteReport, Writer

Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class BuildResult:
    linked: Linked | None  # None when the content was not read (nothing changed, or templates only)
    rendered: list[str] = field(default_factory=list)  # outputs rendered (not reused) this time
    report: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    total: int = 0  # files in the site
    warnings: list[str] = field(default_factory=list)  # said, not errors: the site was built
    kept_drafts: int = 0  # the drafts left out, as the last build counted them (without `linked`)

    @property
    def drafts(self) -> tuple[str, ...]:
        return self.linked.site.drafts if self.linked else ()

    @property
    def draft_count(self) -> int:
        """Draft sheets and draft facts left out of the site."""
        site = self.linked.site if self.linked else None
        return len(site.drafts) + len(site.draft_facts) if site else self.kept_drafts


def check_content(project: Path, memo: ContentMemo | None = None, changed: set[str] | None = None) -> Linked:
    """Load, validate and link (what `briefing check` runs); raise ContentError with every
    issue found. With a `memo`, only what changed since its last build is done again."""
    if memo is None:
        docs, issues = load(project)
        site, by_slug, more = validate(docs)
        linked, even_more = link(site, by_slug) if site is not None else (None, [])
    else:
        docs, issues = memo.load(project, changed)
        site, by_slug, more = memo.validate(docs)
        linked, even_more = memo.link(site, by_slug) if site is not None else (None, [])
    editions, editions_issues = load_editions(project)
    issues = issues + more + even_more + editions_issues
    if issues or linked is None:
        raise ContentError(sorted(set(issues)))
    if editions:  # what each edition changed, and what the next one will: for the pages
        logs, pending = history(editions, snapshot(linked.site))
        linked = dataclasses.replace(linked, site=dataclasses.replace(linked.site, editions=logs, pending=pending))
    return linked


def _unplanned(path: str, view: dict) -> dict:
    raise AssertionError("a page made from the kept plan has a kept context")


class Builder:
    """Builds one project again and again, reusing every output whose inputs are unchanged.

    With `persist`, what a build learned (output keys, output file states, converted
    Markdown) is kept in PROJECT/.briefing-cache/ for the next process: a build with
    nothing changed then reads no content at all.
    """

    def __init__(self, project: Path, out: Path | None = None, base_url: str | None = None,
                 defer_search: bool = False, persist: bool | BuildCache = False, warm: bool = False,
                 defer_book: bool = False, warn: Callable[[object], list[str]] | None = None):
        self.project = Path(project)
        self.out = Path(out) if out else self.project / "site"
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.cache = (persist if isinstance(persist, BuildCache) else
                      BuildCache(self.project, self.out, base_url) if persist else None)
        # `warm`: start from what `build` left in the cache, without writing to it (the dev
        # server, whose every save would otherwise rewrite the whole Markdown cache).
        self.persisted = Persisted(self.cache, self.cache or (
            BuildCache(self.project, self.out, base_url) if warm else None))
        self.markdown_cache = self.persisted.markdown  # (read by the first build that converts any)
        self.warn = warn  # what the content gives to say beside its errors (the command line's)
        self.memo = ContentMemo()  # checking's reuse: files read, results by content digest
        self.templates: dict = {}  # the templates each template names
        self.reads = ReadIndex()  # what each page read when last rendered
        self.contexts = self.persisted.contexts  # the pages' own, kept for the next process
        self.recorder = Reads()  # what each page reads as it is made, this build
        self.env: jinja2.Environment | None = None
        self.env_key: tuple = ()
        self.planned: Kept = {}  # the entity pages of the last plan (outputs are values)
        self.keys: dict[str, str] = {}
        # Digest of each file in the output folder, once written or read from the cache;
        # None: not known, the writer reads files back to compare.
        self.known: dict[str, str] | None = None
        self.written_once = False
        self.defer_search = defer_search
        self.search_stale = False
        self.search_language: str | None = None
        self.defer_book = defer_book  # the dev server lays the book out once the edits pause
        self.book_pending: Pending | None = None  # what the dev server lays out (serve/builds.py)
        # The book's page count, which the overview shows: of the last book made (or the
        # last process's), None before the first.
        self.book_pages: int | None = self.persisted.book_pages()
        self.again: set[str] = set()  # outputs to render on the next build whatever their keys
        # The content is as it was when the reads were recorded (by the last process, whose
        # reads came from the cache): none need be looked at again (a template changed).
        self.same_model = False

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
        if changed is None or not self.memo.files:
            return None  # nothing read yet: read everything
        root = self.project.absolute()
        if not all(p.absolute().is_relative_to(root) for p in changed):
            return None  # a path spelled another way (a symlink, say): check every file
        return {p.absolute().relative_to(root).as_posix() for p in changed}

    def _build(self, write: bool, progress: Progress | None, changed: set[str] | None) -> BuildResult:
        """The pipeline: check (load, validate, link), plan, render, write."""
        started = time.perf_counter()
        self.persisted.start()
        unchanged, inputs = self._resume() if self.cache and write and not self.written_once else (None, {})
        if unchanged is not None:  # the cache answered: nothing changed, nothing is read
            return BuildResult(None, [], WriteReport(unchanged=unchanged), time.perf_counter() - started, unchanged)
        result = self._restyle(inputs, progress) if self.persisted.last else None
        if result is not None:  # only templates changed: made from the kept plan, nothing is read
            result.seconds = time.perf_counter() - started
            return result
        writer = saving = plan = None
        try:
            writer = Writer(self.out, self.known) if write else None
            restored = self._restore()
            linked = check_content(self.project, self.memo, changed)
            recorder = self.recorder
            recorder.restart()
            seen = tracked(linked, recorder)  # the model as pages see it: what each reads is noted
            base_url = self.base_url or linked.site.base_url
            self.persisted.read_markdown()
            step = BookStep(book.output(seen, base_url, self.markdown_cache), self.book_pages)
            outputs, contexts = self._plan(seen, step)
            outputs += data_outputs(seen, base_url)
            keys, found, todo, fresh = self._dirty(linked, outputs)
            todo = step.take(self.env, outputs, todo, keys, self.keys, recorder, write, self.defer_book)
            saving = self.persisted.save_model(self.memo, restored)
            chrome = contexts.chrome
            contexts, reused = self._kept(contexts, todo, fresh, outputs)
            rendered, page_reads = self._render(todo, contexts, writer, progress, recorder)
            for file in reused:  # read nothing: what they read is as recorded
                page_reads.pop(file, None)
            step.hand_over(writer, rendered, page_reads)
            missing = step.warnings(linked.site)  # (the book, where the system cannot make it)
            said = [*(self.warn(linked.site) if self.warn else ()), *missing]
            result = BuildResult(linked, rendered, total=len(outputs), warnings=said)
            if writer:
                language = linked.site.language if linked.site.search else None
                result.report = self._commit(writer, language, set(map(FILE, outputs)).difference(rendered))
                result.total = len(result.report.digests)
                # Not with a book left out: installing what makes it must make it next time.
                plan = keep_plan(outputs, chrome, language, said, result.draft_count) \
                    if self.cache and not missing else None
        except SearchError as exc:  # Pagefind missing or failing: a message, not a traceback
            writer.abort()
            raise ContentError([exc.issue]) from exc
        except BaseException:
            if writer:
                writer.abort()
            self.persisted.abort()
            raise
        finally:
            if saving:
                saving()
        self._remember(keys, found, page_reads, recorder, write, inputs, step, result.report, plan)
        result.seconds = time.perf_counter() - started
        return result

    def _restyle(self, inputs: Stats, progress: Progress | None) -> BuildResult | None:
        """The first build of a process in which only templates changed since the last
        one, when every page they make again can be made from its kept context: those pages
        rendered from the last build's plan (restyle.py). None: a build of the usual kind."""
        last = self.persisted.take_last()
        plan = self.cache.load_plan(last.get("plan")) if only_templates(inputs, last["inputs"]) else None
        if plan is None:
            return None
        self._environment()
        found = restyled(plan, TemplateDigests(self.env, self.templates),
                         {f: k for f, k in last["keys"].items() if not f.startswith(SEARCH)}, self.keys)
        if found is None:
            return None
        keys, todo = found
        kept = self.contexts.usable(todo, set(), plan.pages)
        if len(kept) < len(todo):
            return None
        writer = Writer(self.out, self.known)
        try:
            contexts = KeptContexts(Contexts(_unplanned, {}, plan.chrome), kept, self.contexts.part)
            rendered, _ = self._render(todo, contexts, writer, progress, None)
            report = self._commit(writer, plan.search, set(keys).difference(rendered))
        except BaseException:
            writer.abort()
            self.persisted.abort()
            raise
        self.keys, self.same_model = keys, False
        self.persisted.save(self.out, inputs, report, self.keys, self.known, self.reads, self.book_pages, last["plan"])
        return BuildResult(None, rendered, report, total=len(report.digests), warnings=list(plan.warnings),
                           kept_drafts=plan.drafts)

    def _plan(self, seen: Linked, step: BookStep) -> tuple[list[Output], Contexts]:
        """Every page to make, with the theme's and the project's static files, and the book."""
        assets, issues = collect(self.project)
        outputs, more, contexts = plan(seen, assets, self.base_url, self.markdown_cache,
                                       step.count if step.output else None, self.planned)
        if issues + more:
            raise ContentError(sorted(set(issues + more)))
        return outputs + ([step.output] if step.output else []), contexts

    def _dirty(self, linked: Linked, outputs: list[Output]) -> tuple[dict[str, str], dict, list[Output], set[str]]:
        """Each output's key, the model's entities, the outputs to make again (made
        another way than last time, or reading a value that is not what it was), and those
        whose context must be made afresh."""
        self._environment()
        keys = output_keys(outputs, TemplateDigests(self.env, self.templates))
        found = entities(linked)
        fresh = self.reads.stale(linked, found, outputs, same_model=self.same_model) | self.again
        return keys, found, dirty(outputs, keys, self.keys, fresh), fresh

    def _environment(self) -> None:
        """One environment, with its compiled templates, while the project's templates stay
        as they are; any change to them (even one that keeps the file's time) starts afresh."""
        overrides = template_files(self.project)
        if self.env is None or self.env_key != overrides:
            self.env_key = overrides
            self.env = environment(self.project)

    def _kept(self, contexts: Contexts, todo: list[Output], fresh: set[str],
              outputs: list[Output]) -> tuple[Contexts, set[str]]:
        """The contexts to render with, where the cache keeps them: the pages made from a
        kept context (a template changed), and every other page's kept as it is made."""
        if self.contexts is None:
            return contexts, set()
        kept = self.contexts.usable(todo, fresh, outputs)
        return KeptContexts(contexts, kept, self.contexts.part), set(kept)

    def _render(self, todo: list[Output], contexts: Contexts, writer: Writer | None, progress: Progress | None,
                recorder: Reads | None) -> tuple[list[str], dict]:
        """`recorder`: None where the pages are made from kept contexts (they read and convert nothing)."""
        keep_markdown = self.cache.markdown_part if self.cache and recorder else None
        rendered, issues, page_reads = render(
            self.env, self.project, todo, progress and (lambda done: progress("render", done, len(todo))),
            self.markdown_cache, sink=writer, keep_markdown=keep_markdown, reads=recorder, contexts=contexts)
        contexts.close()  # what this process made of them (a small batch, rendered here)
        if issues:
            raise ContentError(issues)
        return rendered, page_reads

    def _resume(self) -> tuple[int | None, dict]:
        """The number of files when nothing changed since the last process built (and the
        inputs); else what that process left is taken up."""
        resumed = self.persisted.resume(self.out)
        if resumed.known is not None:  # (never with a count: nothing to build)
            self.known = resumed.known
            if resumed.reads is not None:
                self.reads, self.keys, self.same_model = resumed.reads, resumed.keys, resumed.same_model
        return resumed.count, resumed.inputs

    def _restore(self) -> bool:
        """Take up the last process's memo of the content, once; True if there was one."""
        memo = None if self.memo.files else self.persisted.restore()
        if memo is not None:
            self.memo = memo
        return memo is not None

    def _remember(self, keys: dict[str, str], found: dict, page_reads: dict, recorder: Reads, write: bool,
                  inputs: dict, step: BookStep, report: WriteReport, plan: bytes | None) -> None:
        """After a good build: what the next one compares with, here and in the cache."""
        self.keys, self.book_pages, self.book_pending = keys, step.pages, step.pending
        self.same_model = False
        # A book left for later is made from the next build's content, if that comes first.
        self.again = {BOOK} if step.pending else set()
        self.reads.record(found, page_reads, recorder.known, set(keys))
        if self.cache and write:
            self.persisted.save(self.out, inputs, report, self.keys, self.known, self.reads, self.book_pages,
                                self.cache.save_plan(plan) if plan else None)
        else:
            self.persisted.abort()

    def _commit(self, writer: Writer, language: str | None, reused: set[str]) -> WriteReport:
        """Put the pages in place, with a search index in `language` (None: no index) made
        from them when they changed."""
        self.search_language = language
        derived: Derived | None = None
        if self.search_language:
            if self.written_once and not self._pages_changed(writer, reused):
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

    def _pages_changed(self, writer: Writer, reused: set[str]) -> bool:
        """Whether the pages the search index is made from are not those it was made from."""
        if any(f.endswith(".html") for f in writer.changed):
            return True
        return reused | set(writer.digests) != {f for f in self.known or () if not f.startswith(SEARCH)}

    @staticmethod
    def _indexer(language: str, cancel: Callable[[], bool] | None = None) -> Callable[[Path], dict[str, bytes]]:
        return lambda folder: index_folder(folder, language, cancel)


def build(project: Path, out: Path | None = None, *, base_url: str | None = None, write: bool = True,
          progress: Progress | None = None, persist: bool | BuildCache = False,
          warn: Callable[[object], list[str]] | None = None) -> BuildResult:
    """Build the site of `project` into `out` (default `project/site`).

    Without `persist` every output is rendered (and compared with the folder's files);
    with it, the cache in PROJECT/.briefing-cache/ lets unchanged outputs be skipped.
    `persist` may be the cache itself, already asked whether anything changed. `warn`
    says what of the content to warn of (in `result.warnings`, with the build's own).
    """
    return Builder(project, out, base_url, persist=persist, warn=warn).build(write=write, progress=progress)
