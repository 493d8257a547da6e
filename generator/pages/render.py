"""Outputs into bytes with Jinja2: autoescaped, strict about undefined names."""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.connection
import os
from collections import Counter
from pathlib import Path
from typing import Any, Callable, ContextManager, Protocol, Sequence

import jinja2
import jinja2.sandbox

from . import urls
from ..errors import Issue, Pos
from ..fork import can_fork, detach_signals, die_with_parent
from .urls import ROOT
from .plan import Contexts, Output
from ..theme import TEMPLATES as THEME_TEMPLATES


_DICT_NAMES = frozenset(dir(dict))


class _ViewLookups:
    """`page.title` on a view, which is a dict: Jinja2 asks for the attribute first and
    takes the key when that fails. For a plain dict and a name that is no attribute of a
    dict, the answer is the key; taken at once, without the failed attribute lookup and its
    exception (a note's page asks fifty times, a country's a thousand)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)  # type: ignore[misc]


class _Environment(_ViewLookups, jinja2.Environment):
    pass


class _Sandboxed(_ViewLookups, jinja2.sandbox.SandboxedEnvironment):
    pass


def environment(project: Path) -> jinja2.Environment:
    """Project templates first, then the built-in theme: a project overrides by file name.

    A project's own templates run in Jinja2's sandbox: a cloned project's templates/ is
    code from whoever wrote it, and may show the values a page is given, never reach Python
    through them (`cycler.__init__.__globals__` and any other underscore name is refused).
    The built-in theme alone is our own code, and runs without the sandbox's checks on
    every attribute (a twentieth of a cold build)."""
    loaders: list[jinja2.BaseLoader] = []
    own = project / "templates"
    if own.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(own)))
    loaders.append(jinja2.FileSystemLoader(str(THEME_TEMPLATES)))
    sandboxed = own.is_dir() and any(own.iterdir())
    return (_Sandboxed if sandboxed else _Environment)(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The builder makes a new environment whenever a project template changes, so a
        # compiled template is never stale: Jinja2's check of each file's time on every
        # get_template (four stat calls a page) is work for nothing.
        auto_reload=False,
    )


def render_one(env: jinja2.Environment, output: Output, contexts: Contexts | None = None) -> bytes:
    if output.data is not None:
        return output.data
    if output.template is None:  # a data file, made from the model like a page
        return output.make()
    html = env.get_template(output.template).render(contexts(output) if contexts else output.context)
    prefix = output.prefix if output.prefix is not None else urls.prefix_for(output.file)
    return html.replace(ROOT, prefix).encode("utf-8")


Place = Callable[[str, bytes], Any]  # a worker stages a file; what it returns goes to `placed`


class Sink(Protocol):
    """Where rendered files go (the writer): `add` in this process; a worker may stage
    files itself with `placer()` and report what it staged to `placed`."""

    def add(self, rel: str, data: bytes) -> None: ...
    def placer(self) -> Place: ...
    def placed(self, rel: str, got: Any) -> None: ...  # what `placer()`'s function returned


KeepMarkdown = Callable[[], Any]  # makes a worker's Markdown file: .add(dict), .close()


PageReads = dict[str, dict]  # file -> what its page read


class Recorder(Protocol):
    """Notes what a page reads while it is made (the incremental layer's)."""

    def page(self) -> ContextManager[dict]: ...
    def packed(self, page_reads: PageReads) -> Any: ...  # to send to the parent
    def kept(self, packed: Any) -> dict[str, tuple]: ...


KeptReads = dict[str, tuple]  # file -> what its page read, as the recorder keeps it


def _render_serial(env: jinja2.Environment, project: Path, outputs: Sequence[Output],
                   progress: Callable[[int], None] | None = None, reads: Recorder | None = None,
                   contexts: Contexts | None = None) -> tuple[dict[str, bytes], list[Issue], PageReads]:
    rendered: dict[str, bytes] = {}
    issues: list[Issue] = []
    page_reads: PageReads = {}
    for i, output in enumerate(outputs):
        try:
            if reads is None or output.data is not None:
                rendered[output.file] = render_one(env, output, contexts)
            else:
                with reads.page() as got:
                    rendered[output.file] = render_one(env, output, contexts)
                page_reads[output.file] = got
        except jinja2.TemplateSyntaxError as exc:
            issues.append(Issue(Pos(_template_path(project, exc.name), exc.lineno or 1),
                                f"template syntax error: {exc.message}", "fix the template"))
            break  # every page would fail the same way
        except jinja2.TemplateNotFound as exc:
            issues.append(Issue(Pos(f"templates/{exc.name}"), f"template '{exc.name}' not found",
                                f"add templates/{exc.name} or remove the reference to it"))
            break
        except jinja2.sandbox.SecurityError as exc:
            issue = Issue(_template_pos(project, exc, output.template),
                          f"template error: {(exc.message or '').rstrip('.')}", "a template may show the values it is given, not reach Python through them")
            if issue not in issues:
                issues.append(issue)
        except jinja2.TemplateError as exc:
            issue = Issue(_template_pos(project, exc, output.template), f"template error: {exc.message}",
                          "use only the names the page's context provides")
            if issue not in issues:  # one report per template, not one per page
                issues.append(issue)
        if progress and i % 50 == 0:
            progress(i)
    return rendered, issues, page_reads


PARALLEL_FROM = 200  # below this, starting workers costs more than it saves
AHEAD = 2  # chunks a worker holds: one to render, one waiting, so it never waits for the parent


def _worker(conn, env: jinja2.Environment, project: Path, outputs: Sequence[Output],
            chunks: list[slice], cache: dict[str, str], keep: KeepMarkdown | None,
            place: Place | None, reads: Recorder | None, contexts: Contexts | None,
            parent: int, others: list) -> None:
    """Runs in a forked child, which inherits the plan (closures are never pickled).

    It renders the chunks the parent names, one by one, until the parent names none. It
    sends each chunk's files, or with `place` stages them itself and sends what it
    staged. The Markdown it converts goes to a cache file of its own, chunk by chunk,
    and out of its memory: sending it to the parent would double the parent's memory.
    """
    detach_signals()
    die_with_parent(parent)
    for other in others:  # the ends of the workers forked before: only the parent's,
        other.close()  # so that a send to a dead parent fails instead of waiting forever
    try:
        _work(conn, env, project, outputs, chunks, cache, keep, place, reads, contexts)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        os._exit(1)  # the parent is gone: nobody to report to


def _work(conn, env: jinja2.Environment, project: Path, outputs: Sequence[Output],
          chunks: list[slice], cache: dict[str, str], keep: KeepMarkdown | None,
          place: Place | None, reads: Recorder | None, contexts: Contexts | None) -> None:
    part = keep() if keep else None
    inherited = len(cache)
    while (k := conn.recv()) is not None:
        rendered, issues, got = _render_serial(env, project, outputs[chunks[k]], reads=reads, contexts=contexts)
        got = reads.packed(got) if reads else None
        if place:
            try:
                rendered = {file: place(file, data) for file, data in rendered.items()}
            except OSError as exc:  # a full disk, say: the parent reports it
                conn.send(exc)
                break
        conn.send((rendered, issues, got))
        if len(cache) > inherited:
            converted = dict(itertools.islice(cache.items(), inherited, None))
            for key in converted:
                del cache[key]
            if part:
                part.add(converted)
    if part:
        part.close()
    if contexts:
        contexts.close()
    conn.send(None)
    conn.close()


def _costly_first(outputs: Sequence[Output]) -> list[Output]:
    """The outputs in the order they are dealt: the pages of the most numerous kinds (the
    notes) last. A page of a kind with few pages costs ten to hundreds of times more (a
    list of every note, the site's data files, a country's page listing its notes), and
    the last chunk dealt should not be one of those, with the other worker waiting: the
    data files, planned last, kept a worker busy half a second after the other finished."""
    count = Counter(o.entity[0] for o in outputs if o.entity is not None)
    return sorted(outputs, key=lambda o: 0 if o.entity is None else count[o.entity[0]])


def render(env: jinja2.Environment, project: Path, outputs: Sequence[Output],
           progress: Callable[[int], None] | None = None,
           markdown_cache: dict[str, str] | None = None, sink: Sink | None = None,
           keep_markdown: KeepMarkdown | None = None,
           reads: Recorder | None = None, contexts: Contexts | None = None) -> tuple[list[str], list[Issue], KeptReads]:
    """Render every output, its context made by `contexts` (the plan's), and hand it to
    `sink` as soon as it is made.

    Returns the files rendered, the template errors (a template is content too) and, with
    `reads`, what each page read of the content while it was made.
    Large batches render on every core in forked workers (Markdown and Jinja2 are
    CPU-bound Python), in chunks, so that writing overlaps rendering and only a few
    chunks are held in memory. Each worker has a pipe of its own, through which the
    parent deals it the next chunk as it sends one back; no queue is shared, so
    stopping them (Ctrl-C) cannot deadlock. Forking is skipped when other threads run
    (the dev server), where batches are small anyway.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(outputs) < PARALLEL_FROM or workers < 2 or not can_fork():
        rendered, issues, page_reads = _render_serial(env, project, outputs, progress, reads, contexts)
        if sink:
            for file, data in rendered.items():
                sink.add(file, data)
        return list(rendered), issues, reads.kept(reads.packed(page_reads)) if reads else {}
    cache = markdown_cache if markdown_cache is not None else {}
    outputs = _costly_first(outputs)
    step = max(min(len(outputs) // (workers * 8), 100), 1)
    chunks = [slice(i, i + step) for i in range(0, len(outputs), step)]
    # Dealt as the workers finish, not in turn: the kinds cost unalike (a country page
    # lists its notes), so chunks dealt in turn left one worker with every list and
    # country page and the other waiting.
    # A chunk is a run of pages, so each worker touches (and copies) its own memory.
    deal = iter(range(len(chunks)))
    context = multiprocessing.get_context("fork")
    place = sink.placer() if sink else None
    running = {}
    names: list[str] = []
    issues: list[Issue] = []
    page_reads: KeptReads = {}
    dealt_out = set()  # the workers told that no chunk is left (each once: it then stops)

    def deal_one(conn) -> None:
        if conn not in dealt_out:
            k = next(deal, None)
            conn.send(k)
            if k is None:
                dealt_out.add(conn)

    try:
        for i in range(workers):
            conn, child_end = context.Pipe()
            child = context.Process(target=_worker, daemon=True,
                                    args=(child_end, env, project, outputs, chunks, cache, keep_markdown,
                                          place, reads, contexts, os.getpid(), list(running)))
            child.start()
            child_end.close()
            running[conn] = child
            for _ in range(AHEAD):
                deal_one(conn)
        while running:
            for conn in multiprocessing.connection.wait(list(running)):
                try:
                    message = conn.recv()
                except EOFError:
                    raise RuntimeError(f"a rendering worker stopped (exit code {running[conn].exitcode})")
                if message is None:
                    running.pop(conn).join()
                    conn.close()
                    continue
                if isinstance(message, OSError):
                    raise message
                deal_one(conn)
                part, errs, got = message
                page_reads.update(reads.kept(got) if got else {})
                if place:  # (without a sink, nothing is kept of the files)
                    for file, value in part.items():
                        sink.placed(file, value)
                names += part
                issues.extend(e for e in errs if e not in issues)
                if progress:
                    progress(len(names))
    finally:
        for conn, child in running.items():
            child.kill()  # it ignores SIGTERM, which is the parent's to handle
            child.join()
            conn.close()
    return sorted(names), issues, page_reads


def _template_pos(project: Path, exc: Exception, name: str) -> Pos:
    """Where in a template an error arose: Jinja2 maps its frames to the template's lines;
    the innermost frame in a template file names the file (an included one, say)."""
    where = Pos(_template_path(project, name))
    roots = [(project / "templates").absolute(), THEME_TEMPLATES.absolute()]
    tb = exc.__traceback__
    while tb is not None:
        file = Path(tb.tb_frame.f_code.co_filename).absolute()  # as the loader opened it
        for root in roots:
            if file.is_relative_to(root):
                rel = file.relative_to(root).as_posix()
                where = Pos(_template_path(project, rel), tb.tb_lineno)
        tb = tb.tb_next
    return where


def _template_path(project: Path, name: str | None) -> str:
    if name and (project / "templates" / name).is_file():
        return f"templates/{name}"
    return f"theme/{name}"
