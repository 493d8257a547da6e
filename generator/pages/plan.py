"""The linked site into the list of outputs: each file, its template, how its context is made.

An output's context is made only when the output is rendered: by its `make`, or for the
page of an entity (a note, a country ...) by the plan's `Contexts`, which leaves that
output a plain value, the same from build to build. Which content a page depends on is
not said here: the build records what the context reads (see incremental/reads.py). Only
what every page shows besides its content, the chrome, is named (`deps`).
"""

from __future__ import annotations

import hashlib
from operator import attrgetter
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from . import urls
from .assets import Asset
from .diagram import relation_graph
from ..errors import Issue, Pos
from ..check.link import Linked
from .feed import feed, latest
from .linked import Linker
from .views import Views, date_label

Context = Mapping[str, Any]


class Output(NamedTuple):
    """One file of the site: `template` rendered with `make()`, or `data` as is.

    A named tuple rather than a frozen dataclass: as immutable, and several times cheaper
    to make, which counts at ten thousand pages a build.
    """

    file: str
    template: str | None = None
    make: Callable[[], Context] | None = None
    deps: str = ""
    data: bytes | None = None
    prefix: str | None = None  # how links on this page reach the root; None: relative
    # An entity's own page, (kind, slug): a value alone, its context made by the plan's
    # `Contexts` from the model of the build that renders it; so kept from build to build.
    entity: tuple[str, str] | None = None

    @property
    def context(self) -> Context | None:
        return self.make() if self.make else None


class Contexts:
    """What each output's context is made from in this build: an entity's page from the
    views of its kind, any other output by its own `make`.

    An entity page's context is its own part (`own`, made from the content alone) in the
    chrome every page shows (`dressed`): the part a build may keep for the next."""

    def __init__(self, page: Callable[[str, dict], dict], views: Mapping[str, Callable[[str], dict]],
                 chrome: Context):
        self.page, self.views, self.chrome = page, views, chrome

    def own(self, output: Output) -> dict:
        kind, slug = output.entity
        return self.page(urls.page(kind, slug), self.views[kind](slug))

    def dressed(self, own: dict) -> Context:
        return {**self.chrome, **own}

    def __call__(self, output: Output) -> Context | None:
        if output.entity is None:
            return output.context
        return self.dressed(self.own(output))

    def close(self) -> None:
        """The process that made contexts makes no more (a render worker, at its end)."""


class Plan(NamedTuple):
    outputs: list[Output]
    issues: list[Issue]
    contexts: Contexts


# What `plan` keeps of a build for the next: each kind's pages, with the slugs and chrome
# they were made for.
Kept = dict[str, tuple[tuple[str, ...], str, list[Output]]]


SLUG, FILE = attrgetter("slug"), attrgetter("file")
NAV = (("Overview", ""), ("People", "people/"), ("Timeline", "timeline/"), ("Relations", "relations/"),
       ("Notes", "notes/"))


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


SEARCH_SCRIPT = "search.js"  # the theme's, loaded by the search page only
BOOK_FILE = "briefing.pdf"  # the briefing book (output/book.py), linked from every page


def plan(lk: Linked, assets: list[Asset], base_url: str | None = None,
         markdown_cache: dict[str, str] | None = None,
         book_pages: Callable[[], int | None] | None = None, kept: Kept | None = None) -> Plan:
    """Every output of the site. A page's context is made only when it is rendered; what it
    reads of `lk` then is what it depends on (the build hands in a model that records reads).
    `deps` holds the one thing every page shows that is not content: the chrome.
    `book_pages`, when the site has a briefing book, gives its page count once it is laid
    out (the overview shows it; the build renders the overview again when it changes).
    `kept`, the caller's, holds the entity pages of the last plan: an edit's plan then
    makes none of the ten thousand again."""
    site = lk.site
    base_url = base_url or site.base_url
    # Without a search page its script would be a file that nothing loads.
    assets = [a for a in assets if site.search or a.name != SEARCH_SCRIPT]
    views = Views.of(lk, markdown_cache)
    asset_hrefs = {a.name: urls.href(a.file) for a in assets}
    nav = [{"name": name, "href": urls.href(path), "path": path} for name, path in NAV]
    if site.editions:
        nav.append({"name": "What changed", "href": urls.href("changes/"), "path": "changes/"})
    if site.search:
        nav.append({"name": "Search", "href": urls.href("search/"), "path": "search/"})
    chrome = {"site_title": site.title, "language": site.language, "description": site.description,
              "nav": nav, "assets": asset_hrefs, "search": site.search,
              "home": urls.href(""), "sources": [views.link(s.slug) for s in site.sources],
              "as_of": date_label(site.as_of), "book": urls.href(BOOK_FILE) if book_pages else None}
    chrome_key = _digest([repr(sorted(chrome.items())), str(base_url)])

    linker = Linker(lk, base_url)

    def own_context(path: str, view: dict) -> dict:
        return {"page": view, "path": path, "canonical": urls.absolute(base_url, path),
                "description_meta": _plain(view.get("description") or site.description),
                **linker.for_page(path, view)}

    def page(path: str, template: str, make: Callable[[], dict]) -> Output:
        return Output(urls.file_for(path), template, lambda: {**chrome, **own_context(path, make())}, chrome_key)

    outputs = [
        page("", "overview.html", lambda: {**views.overview(), "book_pages": book_pages and book_pages()}),
        page("timeline/", "timeline.html", views.timeline),
        page("relations/", "relations.html", lambda: {**views.relations(), "graph": relation_graph(lk)}),
        page("people/", "people.html", views.people_index),
        page("notes/", "notes.html", views.notes_index),
    ]
    for kind, items in (("country", site.countries), ("person", site.people), ("note", site.notes),
                        ("source", site.sources)):
        outputs += _entity_pages(kind, items, chrome_key, {} if kept is None else kept)
    if site.editions:
        outputs.append(page("changes/", "changes.html", views.changes))
    if site.search:
        outputs.append(page("search/", "search.html", lambda: {"title": "Search", "kind": "search"}))
    outputs.append(Output(
        "404.html", "404.html",
        lambda: {**chrome, "page": {"title": "Page not found", "kind": "404"}, "path": "404.html",
                 "canonical": None, "description_meta": None, "jsonld": None, "cite": None},
        chrome_key, prefix=urls.base_path(base_url)))
    outputs += [
        Output("robots.txt", "robots.txt", lambda: {"sitemap": urls.absolute(base_url, "sitemap.xml")},
               chrome_key, prefix=""),
        Output("feed.xml", "feed.xml", lambda: feed(site, lk.names, base_url, latest(site.notes),
                                                    lambda slug: views.md.block(views.notes[slug].body)),
               chrome_key, prefix=""),
    ]
    if base_url:  # the sitemap protocol takes absolute locations only
        outputs.append(Output("sitemap.xml", "sitemap.xml", lambda: {"urls": [base_url + p for p in _paths(site)]},
                              chrome_key, prefix=""))
    outputs += [Output(a.file, data=a.data) for a in assets]
    contexts = Contexts(own_context, {"country": views.country, "person": views.person, "note": views.note,
                                      "source": views.source}, chrome)
    return Plan(outputs, claimed_once(outputs), contexts)


def _entity_pages(kind: str, items, chrome_key: str, kept: Kept) -> list[Output]:
    """The pages of one kind of entity: those of the last plan while the slugs and the
    chrome are as they were (an edit), else made in one pass."""
    slugs = tuple(map(SLUG, items))
    last = kept.get(kind)
    if last is not None and last[0] == slugs and last[1] == chrome_key:
        return last[2]
    template = f"{kind}.html"
    made = [Output(urls.file_for(path), template, None, chrome_key, entity=(kind, slug))
            for slug, path in zip(slugs, urls.pages(kind, slugs))]
    kept[kind] = (slugs, chrome_key, made)
    return made


def _paths(site) -> list[str]:
    """Every page's path, in the site's order: what the sitemap lists."""
    return ["", "people/", "timeline/", "relations/", "notes/",
            *(urls.page(kind, item.slug) for kind, items in (("country", site.countries), ("person", site.people),
                                                               ("note", site.notes), ("source", site.sources))
              for item in items), *(["changes/"] if site.editions else []), *(["search/"] if site.search else [])]


def claimed_once(outputs: list[Output]) -> list[Issue]:
    if len(set(map(FILE, outputs))) == len(outputs):
        return []  # (as one pass in C: ten thousand outputs at each edit)
    seen: set[str] = set()
    issues = []
    for o in outputs:
        if o.file in seen:
            issues.append(Issue(Pos(o.file), f"two outputs would be written to {o.file}",
                                "rename the static file or the content that claims this path"))
        seen.add(o.file)
    return issues


def _plain(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None
