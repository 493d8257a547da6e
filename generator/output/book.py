"""The briefing book: the whole briefing as one PDF (`briefing.pdf`), made by WeasyPrint.

The book is the theme's `book.html` (with its print stylesheet `book.css`), rendered with
the same prepared views the pages use, then laid out by WeasyPrint: page numbers in the
contents with `target-counter`, each citation a `float: footnote` quoting its sentence,
running headers from `string-set`, bookmarks from `bookmark-level`. Links that would lead
to a page of the site lead to the same part of the book instead.

The PDF is made from the content alone (its dates are the briefing's as-of date or its
sources' dates), so the same content gives the same bytes. The dev server makes it in a
child process once edits pause, and stops that child when a new edit comes.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import heapq
import os
import re
import subprocess
import sys
import tempfile
from functools import partial
from typing import Callable, Iterator

import jinja2

from ..check.link import Linked
from ..errors import ContentError, Issue, Pos
from ..pages import urls
from ..pages.diagram import relation_graph
from ..pages.plan import BOOK_FILE, Output
from ..pages.urls import ROOT
from ..pages.views import Views, date_label

FILE = BOOK_FILE
TEMPLATE = "book.html"
SITE_YAML = "content/site.yaml"
MISSING = ("the briefing book needs {what}, which this system lacks ({detail})",
           "install it (Debian and Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0;"
           " others: see WeasyPrint's installation guide), or write 'book: false' in content/site.yaml")


def output(lk: Linked, base_url: str | None, markdown_cache: dict[str, str] | None = None) -> Output | None:
    """The book as one output of the build: its key is its template's closure like a page's,
    and what its context reads of `lk` is recorded like a page's (see incremental/reads.py).
    The build lays it out itself (`make`), since WeasyPrint takes seconds where a page takes
    a millisecond."""
    if not lk.site.book.enabled or missing():
        return None
    return Output(FILE, TEMPLATE, partial(_context, lk, base_url, markdown_cache), f"book|{base_url}", prefix="")


def make(env: jinja2.Environment, book: Output, cancel: Callable[[], bool] | None = None) -> tuple[bytes, int] | None:
    """The PDF and its number of pages; None when `cancel` said to stop first. With
    `cancel`, the layout runs in a child process that is killed as soon as it says so."""
    context = book.context
    try:
        html = env.get_template(TEMPLATE).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError([Issue(Pos(f"templates/{exc.name or TEMPLATE}", exc.lineno or 1),
                                  f"template syntax error: {exc.message}", "fix the template")]) from exc
    except jinja2.TemplateError as exc:
        raise ContentError([Issue(Pos(f"templates/{TEMPLATE}"), f"template error: {exc.message}",
                                  "use only the names the book's context provides")]) from exc
    html = _internal_links(html)
    epoch = _epoch(context["date"])
    return to_pdf(html, epoch) if cancel is None else _in_child(html, epoch, cancel)


def _latest(notes, cap: int | None) -> tuple[str, ...]:
    """The notes printed in full: the latest `cap` of them, shown in date order, newest first."""
    key = lambda n: (n.date or "", n.slug)  # noqa: E731
    chosen = sorted(notes, key=key, reverse=True) if cap is None else heapq.nlargest(cap, notes, key=key)
    return tuple(n.slug for n in chosen)


# --- the context ---------------------------------------------------------------------------


def _context(lk: Linked, base_url: str | None, markdown_cache: dict[str, str] | None) -> dict:
    site = lk.site
    notes = _latest(site.notes, site.book.notes)
    views = Views.of(lk, markdown_cache)
    single = site.sources[0].title if len(site.sources) == 1 else None
    quoted = partial(_quoted, single=single)
    sources = [{**views.source(s.slug), "slug": s.slug, "published_iso": s.published} for s in site.sources]
    overview = views.overview()
    left = len(site.notes) - len(notes)
    return {
        "language": site.language, "title": site.title, "description": site.description,
        "as_of": date_label(site.as_of), "date": _document_date(site),
        "base_url": base_url, "takeaways": overview["takeaways"],
        "countries": [{**quoted(views.country(c.slug)), "anchor": anchor(urls.page("country", c.slug))}
                      for c in site.countries],
        "people": [{**quoted(views.person(p.slug)), "anchor": anchor(urls.page("person", p.slug))}
                   for p in site.people],
        "timeline": quoted(views.timeline()),
        "relations": {**quoted(views.relations()), "graph": relation_graph(lk)},
        "notes": [{**views.note(slug), "slug": slug, "body": _note_body(slug, views.note(slug)["body"])}
                  for slug in notes],
        "notes_left": left, "notes_href": urls.absolute(base_url, "notes/") if left else None,
        "sources": sources,
    }


def _quoted(view: dict, single: str | None) -> dict:
    """Each citation of the view with the sentence it cites, for its footnote: the page
    numbers them at its foot, the book quotes each where it is cited."""
    by_number = {f["n"]: {**f, "source": f["source"] or single} for f in view.get("footnotes", ())}

    def quote(item: dict) -> dict:
        quoted = {**item, "quotes": [by_number[c["n"]] for c in item.get("cites", ())]}
        if "sides" in item:  # a relation: each sheet that declares it, with its citations
            quoted["sides"] = [quote(side) for side in item["sides"]]
        return quoted

    out = dict(view)
    for key in ("facts", "relations", "events", "rows"):
        if key in view:
            out[key] = [quote(item) for item in view[key]]
    return out


def _document_date(site) -> str | None:
    """The date the PDF says it was made: the as-of date, else the latest source's."""
    dates = [s.published for s in site.sources if s.published]
    date = site.as_of or (max(dates) if dates else None)
    return date[:10] if date else None


_ID = re.compile(r'\b(id|href)="(#?)([^"]*)"')
_FOOTNOTE_LIST = re.compile(r'<div class="footnote">.*?</div>', re.S)
# The footnotes of a note as pages/markup.py writes them (`fn-1`, or `<scope>-fn-1`).
_FOOTNOTE_ITEM = re.compile(r'<li id="((?:[\w-]+-)?fn-\d+)">(.*?)</li>', re.S)
_FOOTNOTE_CALL = re.compile(r'<sup[^>]*><a[^>]*href="#((?:[\w-]+-)?fn-\d+)"[^>]*>[^<]*</a></sup>')
_BACKREF = re.compile(r'(?:\s|&nbsp;|&#160;|\xa0)*<a[^>]*class="footnote-backref"[^>]*>.*?</a>', re.S)
_PARAGRAPH = re.compile(r"</?p>")


def _note_body(slug: str, html: str) -> str:
    """A note's HTML made fit for the book: its Markdown footnotes ([^1]) become footnotes
    at the foot of the page, and its ids are made its own, since every note is in one
    document."""
    listing = _FOOTNOTE_LIST.search(html)
    if listing:
        texts = {m.group(1): _PARAGRAPH.sub("", _BACKREF.sub("", m.group(2))).strip()
                 for m in _FOOTNOTE_ITEM.finditer(listing.group(0))}
        html = html[:listing.start()] + html[listing.end():]
        html = _FOOTNOTE_CALL.sub(lambda m: f'<span class="footnote">{texts[m.group(1)]}</span>'
                                  if m.group(1) in texts else "", html)

    def own(m: re.Match) -> str:
        kind, hash_, value = m.groups()
        if kind == "id" or hash_:
            return f'{kind}="{hash_}note-{slug}--{value}"'
        return m.group(0)

    return _ID.sub(own, html)


# --- links inside the book ---------------------------------------------------------------

_LINK = re.compile(r'href="' + re.escape(ROOT) + r'([^"]*)"')
_IDS = re.compile(r'\bid="([^"]+)"')
_SECTIONS = {"": "cover", "timeline/": "timeline", "relations/": "relations", "notes/": "notes"}
_KINDS = {"countries": "country", "people": "person", "notes": "note", "sources": "source"}


def anchor(path: str) -> str:
    """The id in the book of what a site path shows: `countries/china/` -> `country-china`,
    `sources/article/#s3` -> `source-article-s3`, `timeline/#parade` -> `event-parade`."""
    if path in _SECTIONS:
        return _SECTIONS[path]
    page, _, fragment = path.partition("#")
    if page == "timeline/":
        return f"event-{fragment}"
    section, _, slug = page.rstrip("/").partition("/")
    kind = _KINDS.get(section)
    if not kind or not slug:
        return ""
    return f"{kind}-{slug}" + (f"-{fragment}" if fragment else "")


def _internal_links(html: str) -> str:
    """Links to the site's pages become links to the book's sections; a page the book
    leaves out (a note past the cap) keeps its text without a link."""
    ids = set(_IDS.findall(html))

    def repl(m: re.Match) -> str:
        target = anchor(m.group(1))
        return f'href="#{target}"' if target in ids else 'data-left-out=""'

    return _LINK.sub(repl, html)


# --- the PDF -------------------------------------------------------------------------------


@functools.cache
def missing() -> str | None:
    """Why this system cannot lay the book out (a warning, located at site.yaml), or None.
    A briefing still builds without its book: the site is what matters most."""
    try:
        import weasyprint  # noqa: F401
    except ImportError as exc:
        return (f"{SITE_YAML}:1:1: warning: " + MISSING[0].format(what="WeasyPrint", detail=exc)
                + "; reinstall briefing (it brings WeasyPrint), or write 'book: false' in content/site.yaml")
    except OSError as exc:  # WeasyPrint is there, the system's Pango is not
        return f"{SITE_YAML}:1:1: warning: " + MISSING[0].format(what="Pango", detail=exc) + "; " + MISSING[1]
    return None


def _epoch(date: str | None) -> int:
    if not date:
        return 0
    day = date + "-01-01"[len(date) - 4:] if len(date) < 10 else date  # 2017 -> 2017-01-01
    return int(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc).timestamp())


@contextlib.contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """The fonts embedded in the PDF carry a "modified" time: fontTools takes it from
    SOURCE_DATE_EPOCH when that is set, and from the clock otherwise."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def to_pdf(html: str, epoch: int = 0) -> tuple[bytes, int]:
    """Lay the book out. Nothing is fetched: every part of the book is in its HTML."""
    import weasyprint

    with _source_date(epoch):
        document = weasyprint.HTML(string=html, url_fetcher=_no_fetch).render()
        return document.write_pdf(), len(document.pages)


def _no_fetch(url: str, *args, **kwargs) -> dict:
    raise ValueError(f"the book loads nothing from outside: {url}")


def _in_child(html: str, epoch: int, cancel: Callable[[], bool]) -> tuple[bytes, int] | None:
    """`to_pdf` in a child process, stopped as soon as `cancel()` says so: the dev server
    must never make an edit wait for the book."""
    with tempfile.TemporaryFile() as page:  # a pipe would need writing while waiting
        page.write(html.encode())
        page.seek(0)
        child = subprocess.Popen([sys.executable, "-m", "generator.output.book", str(epoch)], stdin=page,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while True:
            try:
                out, err = child.communicate(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if cancel():
                    return None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        message = err.decode(errors="replace").strip().splitlines()
        raise ContentError([Issue(Pos(SITE_YAML), f"the briefing book could not be made: {message[-1] if message else child.returncode}",
                                  "run 'briefing build' to see the full error")])
    pages, _, pdf = out.partition(b"\n")
    return pdf, int(pages)


def main() -> None:
    """The child's side: the epoch as argument, HTML on stdin; the page count, a newline
    and the PDF on stdout."""
    pdf, pages = to_pdf(sys.stdin.buffer.read().decode(), int(sys.argv[1]))
    sys.stdout.buffer.write(b"%d\n" % pages + pdf)


if __name__ == "__main__":
    main()
