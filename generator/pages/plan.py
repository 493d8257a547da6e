"""The linked site into the list of outputs: each file, its template, how its context is made.

An output's context is made only when the output is rendered (`make`). Which content it
depends on is not said here: the build records what the context reads (see
incremental/reads.py). Only what every page shows besides its content, the chrome,
is named (`deps`).
"""

from __future__ import annotations

import hashlib
import heapq
import re
import uuid
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from . import urls
from .assets import Asset
from .diagram import relation_graph
from ..errors import Issue, Pos
from ..check.link import Linked
from ..check.loader import discover
from .markup import Markup
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

    @property
    def context(self) -> Context | None:
        return self.make() if self.make else None


NAV = (("Overview", ""), ("Timeline", "timeline/"), ("Relations", "relations/"), ("Notes", "notes/"))


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


SEARCH_SCRIPT = "search.js"  # the theme's, loaded by the search page only


def likely_pages(project: Path) -> list[str]:
    """The page files the content will most likely make, from its file names alone: what a
    first build can start creating before the content is read."""
    return [urls.file_for(urls.page(kind, name.rsplit(".", 1)[0]))
            for _, _, kind, name in discover(project) if kind in urls.SECTIONS]


def plan(lk: Linked, assets: list[Asset], base_url: str | None = None,
         markdown_cache: dict[str, str] | None = None) -> tuple[list[Output], list[Issue]]:
    """Every output of the site. A page's context is made only when it is rendered; what it
    reads of `lk` then is what it depends on (the build hands in a model that records reads).
    `deps` holds the one thing every page shows that is not content: the chrome."""
    site = lk.site
    base_url = base_url or site.base_url
    # Without a search page its script would be a file that nothing loads.
    assets = [a for a in assets if site.search or a.name != SEARCH_SCRIPT]
    md = Markup(lambda slug: urls.page(lk.kinds[slug], slug), lk.names, markdown_cache)
    views = Views(lk, md)
    asset_hrefs = {a.name: urls.href(a.file) for a in assets}
    nav = [{"name": name, "href": urls.href(path), "path": path} for name, path in NAV]
    if site.search:
        nav.append({"name": "Search", "href": urls.href("search/"), "path": "search/"})
    chrome = {"site_title": site.title, "language": site.language, "description": site.description,
              "nav": nav, "assets": asset_hrefs, "search": site.search,
              "home": urls.href(""), "sources": [views.link(s.slug) for s in site.sources],
              "as_of": date_label(site.as_of)}
    chrome_key = _digest([repr(sorted(chrome.items())), str(base_url)])

    pages: list[tuple[str, str, Callable[[], dict]]] = [
        ("", "overview.html", views.overview),
        ("timeline/", "timeline.html", views.timeline),
        ("relations/", "relations.html", lambda: {**views.relations(), "graph": relation_graph(lk)}),
        ("notes/", "notes.html", views.notes_index),
    ]
    for kind, items, make in (("country", site.countries, views.country), ("person", site.people, views.person),
                              ("note", site.notes, views.note), ("source", site.sources, views.source)):
        pages += [(urls.page(kind, item.slug), f"{kind}.html", partial(make, item.slug)) for item in items]
    if site.search:
        pages.append(("search/", "search.html", lambda: {"title": "Search", "kind": "search"}))

    def page_context(path: str, make: Callable[[], dict]) -> dict:
        view = make()
        return {**chrome, "page": view, "path": path, "canonical": urls.absolute(base_url, path),
                "description_meta": _plain(view.get("description") or site.description)}

    outputs = [Output(urls.file_for(path), template, partial(page_context, path, make), chrome_key)
               for path, template, make in pages]
    outputs.append(Output(
        "404.html", "404.html",
        lambda: {**chrome, "page": {"title": "Page not found", "kind": "404"}, "path": "404.html",
                 "canonical": None, "description_meta": None},
        chrome_key, prefix=urls.base_path(base_url)))
    outputs += [
        Output("sitemap.xml", "sitemap.xml", lambda: {"urls": [urls.absolute(base_url, p) or "/" + p for p in _paths(site)]},
               chrome_key, prefix=""),
        Output("robots.txt", "robots.txt", lambda: {"sitemap": urls.absolute(base_url, "sitemap.xml")},
               chrome_key, prefix=""),
        Output("feed.xml", "feed.xml", lambda: _feed(lk, base_url), chrome_key, prefix=""),
    ]
    outputs += [Output(a.file, data=a.data) for a in assets]
    return outputs, claimed_once(outputs)


def _paths(site) -> list[str]:
    """Every page's path, in the site's order: what the sitemap lists."""
    return ["", "timeline/", "relations/", "notes/",
            *(urls.page(kind, item.slug) for kind, items in (("country", site.countries), ("person", site.people),
                                                               ("note", site.notes), ("source", site.sources))
              for item in items), *(["search/"] if site.search else [])]


def claimed_once(outputs: list[Output]) -> list[Issue]:
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


FEED_ENTRIES = 50  # a feed carries the latest notes, not the archive


def _latest(notes) -> list[str]:
    return [n.slug for n in heapq.nlargest(FEED_ENTRIES, notes, key=lambda n: (n.date or "", n.slug))]


def _feed(lk: Linked, base_url: str | None) -> dict:
    """Atom entries for the latest notes and the sources; ids stable across builds and hosts."""
    site = lk.site
    entries = []
    latest = set(_latest(site.notes))
    for kind, items in (("note", [n for n in site.notes if n.slug in latest]), ("source", site.sources)):
        for item in items:
            date = getattr(item, "date", None) or getattr(item, "published", None) or site.as_of
            path = urls.page(kind, item.slug)
            entries.append({
                "title": lk.names[item.slug], "path": path,
                "url": urls.absolute(base_url, path) or path,
                "id": urls.absolute(base_url, path) or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site.title + '/' + path)}",
                "updated": _timestamp(date),
                "summary": _plain(item.body[:300]) if kind == "note" else f"{len(item.sentences)} sentences",
            })
    entries.sort(key=lambda e: (e["updated"], e["path"]), reverse=True)
    updated = max([e["updated"] for e in entries] + [_timestamp(site.as_of)])
    return {"title": site.title, "subtitle": site.description, "updated": updated,
            "id": base_url or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site.title)}",
            "self": urls.absolute(base_url, "feed.xml") or "feed.xml", "home": base_url or "./",
            "entries": entries}


def _timestamp(date: str | None) -> str:
    """An RFC 3339 time for Atom, from the content only: never the clock."""
    if not date:
        return "1970-01-01T00:00:00Z"
    if "T" in date or " " in date:
        zoned = re.search(r"(Z|[+-]\d{2}:?\d{2})\Z", date[10:])
        return date.replace(" ", "T") + ("" if zoned else "Z")
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"
