"""The linked site into the list of outputs: each file, its template and its context."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any, Mapping

from . import urls
from .assets import Asset
from .diagram import relation_graph
from .errors import Issue, Pos
from .link import Linked
from .markup import Markup
from .views import Views, date_label


@dataclass(frozen=True)
class Output:
    """One file of the site: rendered from `template` with `context`, or `data` as is."""

    file: str
    template: str | None = None
    context: Mapping[str, Any] | None = None
    data: bytes | None = None
    prefix: str | None = None  # how links on this page reach the root; None: relative


NAV = (("Overview", ""), ("Timeline", "timeline/"), ("Relations", "relations/"))


def plan(lk: Linked, assets: list[Asset], base_url: str | None = None,
         markdown_cache: dict[str, str] | None = None) -> tuple[list[Output], list[Issue]]:
    site = lk.site
    base_url = base_url or site.base_url
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

    pages: list[tuple[str, str, dict]] = [
        ("", "overview.html", views.overview()),
        ("timeline/", "timeline.html", views.timeline()),
        ("relations/", "relations.html", {**views.relations(), "graph": relation_graph(lk)}),
    ]
    pages += [(urls.page("country", c.slug), "country.html", views.country(c.slug)) for c in site.countries]
    pages += [(urls.page("person", p.slug), "person.html", views.person(p.slug)) for p in site.people]
    pages += [(urls.page("note", n.slug), "note.html", views.note(n.slug)) for n in site.notes]
    pages += [(urls.page("source", s.slug), "source.html", views.source(s.slug)) for s in site.sources]
    if site.search:
        pages.append(("search/", "search.html", {"title": "Search", "kind": "search"}))

    outputs = [
        Output(urls.file_for(path), template,
               {**chrome, "page": view, "path": path, "canonical": urls.absolute(base_url, path),
                "description_meta": _plain(view.get("description") or site.description)})
        for path, template, view in pages
    ]
    outputs.append(Output("404.html", "404.html", {**chrome, "page": {"title": "Page not found", "kind": "404"},
                                                   "path": "404.html", "canonical": None,
                                                   "description_meta": None},
                          prefix=urls.base_path(base_url)))
    paths = [p for p, _, _ in pages]
    outputs += [
        Output("sitemap.xml", "sitemap.xml", {"urls": [urls.absolute(base_url, p) or "/" + p for p in paths]}, prefix=""),
        Output("robots.txt", "robots.txt", {"sitemap": urls.absolute(base_url, "sitemap.xml")}, prefix=""),
        Output("feed.xml", "feed.xml", _feed(lk, views, base_url), prefix=""),
    ]
    outputs += [Output(a.file, data=a.data) for a in assets]
    return outputs, claimed_once(outputs)


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


def _feed(lk: Linked, views: Views, base_url: str | None) -> dict:
    """Atom entries for notes and sources; ids stable across builds and hosts."""
    site = lk.site
    entries = []
    for kind, items in (("note", site.notes), ("source", site.sources)):
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
