"""The linked site into the list of outputs: each file, its template, its inputs.

An output's context is made only when the output must be rendered (`make`), and each
output names the digest of the content files its context is made from (`deps`), so that
deciding what to render again costs a few hashes per page, not a page's worth of work.
Over-approximating is safe (a page renders again for nothing); missing an input is not,
so every page also depends on the chrome: site.yaml, the sources and the assets.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import uuid
from functools import cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from . import urls
from .assets import Asset
from .diagram import relation_graph
from .errors import Issue, Pos
from .link import WIKILINK, Linked
from .loader import discover
from .markup import Markup
from .output import data as briefing_data
from .pages.linked import Linker
from .validate import SITE_KEY
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


def _note_tag(n) -> str:
    # Lists show a note by its title, date, countries and people, and the pages it links
    # list it: editing the rest of its body leaves them be.
    return f"{n.slug}:{n.title}|{n.date}|{','.join(n.countries)}|{','.join(n.people)}|{','.join(n.links)}"


class _Deps:
    """Digests of the content a page is made from.

    Made from the last build's when there is one: after an edit, only the tags of the
    files whose digest changed are made again, and when no tag changed at all (a note's
    body edited) every page keeps the digest it had, unless it reads a note's own text.
    """

    def __init__(self, lk: Linked, chrome: str, last: "_Deps | None" = None):
        self.chrome = chrome
        self.digests = lk.digests
        self.pages: dict[str, str] = {}
        if last is None or last.digests.keys() != lk.digests.keys():
            notes = {n.slug: n for n in lk.site.notes}
            self.tags = {slug: f"{slug}={digest}" for slug, digest in lk.digests.items()}
            self.tags.update({n.slug: _note_tag(n) for n in notes.values()})
            self.own = {n.slug: self.tags[n.slug] + "=" + lk.digests[n.slug] for n in notes.values()}
            self.changed: set[str] | None = None  # everything, as far as lists are concerned
            self.last_pages: dict[str, str] = {}
        else:
            self.tags, self.own, self.changed = dict(last.tags), dict(last.own), set()
            edited = [slug for slug, digest in lk.digests.items() if last.digests[slug] != digest]
            by_slug = {n.slug: n for n in lk.site.notes} if edited else {}
            for slug in edited:
                note = by_slug.get(slug)
                tag = _note_tag(note) if note else f"{slug}={lk.digests[slug]}"
                if tag != self.tags[slug]:
                    self.changed.add(slug)
                self.tags[slug] = tag
                if note:
                    self.own[slug] = tag + "=" + lk.digests[slug]
            self.last_pages = last.pages if chrome == last.chrome and not self.changed else {}

    def page(self, path: str, make: Callable[[], str]) -> str:
        """The digest of the page at `path`, made by `make` from tags alone: the last
        build's digest when no tag changed since."""
        digest = self.last_pages.get(path) or make()
        self.pages[path] = digest
        return digest

    def of_all(self, slugs: list[str], *groups: Iterable[str], own: Iterable[str] = ()) -> str:
        """Like `of`, for a long list in the site's own (stable) order: no sorting needed."""
        return _digest([self.of(*groups, own=own), *(self.tags.get(s, s) for s in slugs)])

    def of(self, *groups: Iterable[str], own: Iterable[str] = ()) -> str:
        """The digest of the listed slugs; for the notes in `own`, of their text too."""
        tags = sorted({self.tags.get(s, s) for g in groups for s in g} | {self.own[n] for n in own})
        return _digest([self.chrome, *tags])

    @staticmethod
    def links(text: str | None) -> list[str]:
        return [m.group(1).strip() for m in WIKILINK.finditer(text or "")]


class PlanMemo:
    """What planning keeps between builds: the note pages, thousands of which stay as they
    were after an edit. A kept page asks this memo for its context, which always comes
    from the current build's views."""

    def __init__(self) -> None:
        self.chrome = ""
        self.tags: dict[str, str] = {}
        self.notes: dict[str, tuple[object, Output]] = {}
        self.deps: _Deps | None = None
        self.latest: list[str] | None = None
        self.views: Views | None = None
        self.page_context: Callable[[str, Callable[[], dict]], dict] | None = None
        self.data: dict[str, tuple[str, bytes]] = {}  # file -> (digest of its inputs, bytes)

    def data_file(self, file: str, digest: str, make: Callable[[], bytes]) -> Output:
        """A data file of the whole briefing, made again only when its inputs changed:
        its bytes decide whether it is written, so they are needed in every build."""
        known = self.data.get(file)
        if not known or known[0] != digest:
            known = self.data[file] = (digest, make())
        return Output(file, data=known[1])

    def note_context(self, slug: str) -> dict:
        return self.page_context(urls.page("note", slug), partial(self.views.note, slug))


SEARCH_SCRIPT = "search.js"  # the theme's, loaded by the search page only


def likely_pages(project: Path) -> list[str]:
    """The page files the content will most likely make, from its file names alone: what a
    first build can start creating before the content is read."""
    return [urls.file_for(urls.page(kind, name.rsplit(".", 1)[0]))
            for _, _, kind, name in discover(project) if kind in urls.SECTIONS]


def plan(lk: Linked, assets: list[Asset], base_url: str | None = None,
         markdown_cache: dict[str, str] | None = None,
         memo: PlanMemo | None = None) -> tuple[list[Output], list[Issue]]:
    site = lk.site
    memo = memo or PlanMemo()
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
    deps = _Deps(lk, _digest([lk.digests[SITE_KEY], str(base_url), *sorted(asset_hrefs.values()),
                              *(lk.digests[s.slug] for s in site.sources)]), memo.deps)

    countries = [c.slug for c in site.countries]
    people = [p.slug for p in site.people]
    events = [e.slug for e in site.events]
    notes = [n.slug for n in site.notes]
    everything = [*countries, *people, *events, *notes]
    # Every page but a note's own is made from tags alone (see _Deps.page).
    pages: list[tuple[str, str, Callable[[], dict], Callable[[], str]]] = [
        ("", "overview.html", views.overview, lambda: deps.of_all(everything)),
        ("timeline/", "timeline.html", views.timeline,
         lambda: deps.of(events, countries, *(deps.links(e.summary) for e in site.events))),
        ("relations/", "relations.html", lambda: {**views.relations(), "graph": relation_graph(lk)},
         lambda: deps.of(countries)),
        # Each note's countries and people are in its tag; their names may come from any.
        ("notes/", "notes.html", views.notes_index, lambda: deps.of_all(notes, countries, people)),
    ]
    for c in site.countries:
        pages.append((urls.page("country", c.slug), "country.html", partial(views.country, c.slug),
                      partial(_country_deps, lk, views, deps, c)))
    for p in site.people:
        pages.append((urls.page("person", p.slug), "person.html", partial(views.person, p.slug), partial(
            deps.of, [p.slug], [p.country] if p.country else [], lk.notes_about.get(p.slug, ()), deps.links(p.summary))))
    note_outputs = _note_outputs(site.notes, deps, memo)
    for s in site.sources:
        pages.append((urls.page("source", s.slug), "source.html", partial(views.source, s.slug),
                      partial(deps.of, [s.slug], countries, people, events)))
    if site.search:
        pages.append(("search/", "search.html", lambda: {"title": "Search", "kind": "search"}, deps.of))

    linker = Linker(lk, base_url)

    def page_context(path: str, make: Callable[[], dict]) -> dict:
        view = make()
        return {**chrome, "page": view, "path": path, "canonical": urls.absolute(base_url, path),
                "description_meta": _plain(view.get("description") or site.description),
                **linker.for_page(path, view)}

    memo.views, memo.page_context = views, page_context
    # The latest notes stay the same while no note's date or title changed (tags hold them).
    if deps.changed is None or memo.latest is None or not deps.changed.isdisjoint(views.notes_by_slug):
        memo.latest = _latest(site.notes)
    latest = memo.latest
    outputs = [Output(urls.file_for(path), template, partial(page_context, path, make), deps.page(path, dep))
               for path, template, make, dep in pages]
    outputs += note_outputs
    outputs.append(Output(
        "404.html", "404.html",
        lambda: {**chrome, "page": {"title": "Page not found", "kind": "404"}, "path": "404.html",
                 "canonical": None, "description_meta": None, "jsonld": None, "cite": None},
        deps.of([]), prefix=urls.base_path(base_url)))

    def paths() -> list[str]:
        return ["", "timeline/", "relations/", "notes/",
                *(urls.page(kind, item.slug) for kind, items in (("country", site.countries), ("person", site.people),
                                                                   ("note", site.notes), ("source", site.sources))
                  for item in items), *(["search/"] if site.search else [])]

    outputs += [
        Output("sitemap.xml", "sitemap.xml", lambda: {"urls": [urls.absolute(base_url, p) or "/" + p for p in paths()]},
               deps.page("sitemap.xml", lambda: _digest(paths())), prefix=""),
        Output("robots.txt", "robots.txt", lambda: {"sitemap": urls.absolute(base_url, "sitemap.xml")},
               str(base_url), prefix=""),
        # The feed shows the latest notes (with their text) and the sources: nothing else.
        Output("feed.xml", "feed.xml", lambda: _feed(lk, base_url, latest), deps.of(latest, own=latest), prefix=""),
    ]
    outputs += _data_outputs(lk, base_url, memo, deps.page(briefing_data.BRIEFING, lambda: deps.of_all(everything)))
    outputs += [Output(a.file, data=a.data) for a in assets]
    memo.deps = deps
    return outputs, claimed_once(outputs)


def _data_outputs(lk: Linked, base_url: str | None, memo: PlanMemo, digest: str) -> list[Output]:
    """The briefing as data: read from every sheet and note's metadata, like the overview."""
    items = cache(lambda: briefing_data.citations(lk))  # found once for both files
    made = [memo.data_file(briefing_data.BRIEFING, digest, lambda: briefing_data.briefing(lk, base_url, items())),
            memo.data_file(briefing_data.ANNOTATIONS, digest,
                           lambda: briefing_data.annotations(lk, base_url, items())),
            memo.data_file(briefing_data.SCHEMA_FILE, "", briefing_data.SCHEMA.read_bytes)]
    for s in lk.site.sources:
        file = briefing_data.text_file(s.slug)
        made.append(memo.data_file(file, lk.digests[s.slug], partial(briefing_data.source_text, lk, s.slug)))
    return made


def _country_deps(lk: Linked, views: Views, deps: _Deps, c) -> str:
    edges = lk.relations.get(c.slug, ())
    its_events = lk.events_of.get(c.slug, ())
    return deps.of([c.slug], c.leaders, lk.people_of.get(c.slug, ()), [e.declared_by for e in edges],
                   [e.other for e in edges], its_events, *(views.events[e].countries for e in its_events),
                   *(deps.links(views.events[e].summary) for e in its_events),
                   lk.notes_about.get(c.slug, ()), deps.links(c.summary))


def _note_outputs(notes, deps: _Deps, memo: PlanMemo) -> list[Output]:
    """A note's page, kept from the last build when neither the note, nor anything it
    names, nor the chrome changed: the common case after an edit elsewhere."""
    changed = deps.changed
    if changed is None:
        changed = {s for s, tag in deps.tags.items() if memo.tags.get(s) != tag} | (memo.tags.keys() - deps.tags.keys())
    same_chrome = memo.chrome == deps.chrome
    kept: dict[str, tuple[object, Output]] = {}
    last = memo.notes
    for n in notes:
        known = last.get(n.slug)
        if (same_chrome and known and known[0] is n and (not changed or (
                changed.isdisjoint(n.countries) and changed.isdisjoint(n.people) and changed.isdisjoint(n.links)))):
            kept[n.slug] = known
        else:
            kept[n.slug] = (n, Output(urls.file_for(urls.page("note", n.slug)), "note.html",
                                      partial(memo.note_context, n.slug),
                                      deps.of(n.countries, n.people, n.links, own=[n.slug])))
    memo.chrome, memo.tags, memo.notes = deps.chrome, deps.tags, kept
    return [output for _, output in kept.values()]


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


def _feed(lk: Linked, base_url: str | None, latest_notes: list[str]) -> dict:
    """Atom entries for the latest notes and the sources; ids stable across builds and hosts."""
    site = lk.site
    entries = []
    latest = set(latest_notes)
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
