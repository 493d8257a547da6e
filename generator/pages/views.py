"""Prepared, read-only views of the linked model: what templates see, and nothing else.

Everything a template shows is decided here: citation numbers, both directions of a
relation, sort orders, labels. Templates only lay it out.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from . import maps

from . import urls
from ..check.link import Edge, Linked
from .markup import Markup
from ..editions.diff import summary
from ..model import Fact

KIND_LABELS = {"ally": "Ally", "partner": "Partner", "neutral": "Neutral", "rival": "Rival",
               "adversary": "Adversary", "at-war": "At war"}
MONTHS = ("January February March April May June July August September October November December").split()

View = dict[str, Any]
SLUG = attrgetter("slug")
LATEST_NOTES = 8  # the overview shows the latest notes; the notes page lists them all


def flag(code: str) -> str:
    """The flag emoji of an ISO 3166-1 alpha-2 code, drawn by the reader's own fonts."""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())


def date_label(iso: str | None) -> str:
    if not iso:
        return ""
    parts = iso[:10].split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def relation_pairs(lk: Linked) -> list[tuple[str, str, list[Edge]]]:
    """Each pair of countries once, in the site's order, with every relation either sheet
    declares between them: two sheets that name each other make one pair, not two."""
    order = {c.slug: i for i, c in enumerate(lk.site.countries)}
    pairs: dict[tuple[str, str], list[Edge]] = {}
    for c in lk.site.countries:
        for e in lk.relations.get(c.slug, ()):
            if e.declared_by == c.slug:
                a, b = sorted((c.slug, e.other), key=order.__getitem__)
                pairs.setdefault((a, b), []).append(e)
    return [(a, b, edges) for (a, b), edges in pairs.items()]


def kinds(edges: list[Edge]) -> list[View]:
    """The distinct kinds of a pair's relations, in the order declared."""
    return [{"kind": k, "label": KIND_LABELS[k]} for k in dict.fromkeys(e.kind for e in edges)]


class Footnotes:
    """Numbers the sentences a page cites, in order of first citation."""

    def __init__(self, lk: Linked):
        self.lk = lk
        self.numbers: dict[tuple[str, str], int] = {}

    def cite(self, source: str, cites: tuple[str, ...]) -> list[View]:
        out = []
        for sid in cites:
            n = self.numbers.setdefault((source, sid), len(self.numbers) + 1)
            out.append({"n": n, "sid": sid, "href": urls.cite(source, sid)})
        return out

    def notes(self) -> list[View]:
        sentences = {s.slug: {x.id: x.text for x in s.sentences} for s in self.lk.site.sources}
        several = len(sentences) > 1  # name the source only when there is a choice
        return [{"n": n, "sid": sid, "source": self.lk.names[src] if several else None, "text": sentences[src][sid],
                 "href": urls.cite(src, sid)} for (src, sid), n in self.numbers.items()]


def fact_ids(facts: tuple[Fact, ...]) -> list[str]:
    """Each fact's id on its page, from its first words; the same first words twice on a
    page: the later one gets a number."""
    ids: list[str] = []
    for f in facts:
        anchor = urls.fact_anchor(f.claim)
        ids.append(f"{anchor}-{len(ids) + 1}" if anchor in ids else anchor)
    return ids


class BySlug:
    """The linked model's entities of each kind by slug: what a page looks up."""

    def __init__(self, lk: Linked):
        self.lk = lk
        site = lk.site
        self.countries = _by_slug(site.countries)
        self.people = _by_slug(site.people)
        self.notes = _by_slug(site.notes)
        self.events = _by_slug(site.events)
        self.sources = _by_slug(site.sources)


def _by_slug(entities) -> dict:
    return dict(zip(map(SLUG, entities), entities))  # (in C: ten thousand notes each build)


class Views(BySlug):
    def __init__(self, lk: Linked, md: Markup):
        super().__init__(lk)
        self.md = md

    @classmethod
    def of(cls, lk: Linked, markdown_cache: dict[str, str] | None = None) -> "Views":
        """The views of a site, its Markdown converted with its own extensions and links."""
        md = Markup(lambda slug: urls.page(lk.kinds[slug], slug), lk.names, markdown_cache,
                    lambda: lk.site.markdown_extensions)
        return cls(lk, md)

    def link(self, slug: str) -> View:
        kind = self.lk.kinds[slug]
        return {"name": self.lk.names[slug], "href": urls.href(urls.page(kind, slug)), "kind": kind}

    def facts(self, facts: tuple[Fact, ...], fn: Footnotes, owner: str = "") -> list[View]:
        # New: added by the latest edition, or since it (not yet recorded).
        site = self.lk.site
        latest = site.editions[-1].changes if site.editions else ()
        new = {c.claim for c in (*latest, *site.pending) if c.what == "fact-added" and c.owner == owner}
        return [{"claim": f.claim, "topic": f.topic, "sources": len(f.sources), "id": anchor,
                 "new": f.claim in new, "cites": [n for c in f.citations or (f,) for n in fn.cite(c.source, c.cites)]}
                for f, anchor in zip(facts, fact_ids(facts))]

    def change_anchor(self, kind: str, c) -> str:
        """Where on its sheet's page a change is seen: the fact while the page still shows
        it (a removed fact, or one reworded since, is not there), the relations while there
        are any; else the top of the page."""
        if c.what in ("fact-added", "fact-reworded") and c.claim:
            owner = (self.countries if kind == "country" else self.people)[c.owner]
            ids = {f.claim: i for f, i in reversed(list(zip(owner.facts, fact_ids(owner.facts))))}
            return "#" + ids[c.claim] if c.claim in ids else ""
        if c.what in ("relation-added", "relation-changed") and self.lk.relations.get(c.owner):
            return "#relations-title"
        return ""

    def changes_by_owner(self, changes) -> list[View]:
        """Changes grouped under their country or person (in order of first mention), then
        the rest; a change to a fact links to it on its page, while the page exists."""
        groups: dict[str, list[View]] = {}
        for c in changes:
            kind = self.lk.kinds.get(c.owner)
            href = None
            if kind in ("country", "person"):
                href = urls.href(urls.page(kind, c.owner)) + self.change_anchor(kind, c)
            groups.setdefault(c.owner, []).append({"text": c.text, "href": href, "what": c.what})
        return [{"owner": self.link(owner) if owner in self.lk.kinds else None,
                 "name": next((c.owner_name for c in changes if c.owner == owner), ""),
                 "id": "changes-" + (owner or "elsewhere"), "changes": items} for owner, items in groups.items()]

    def changes(self) -> View:
        site = self.lk.site
        editions = [{"date": e.date, "date_label": date_label(e.date), "title": e.title, "summary": e.summary,
                     "first": e.first, "groups": self.changes_by_owner(e.changes)} for e in reversed(site.editions)]
        return {"title": "What changed", "kind": "changes", "editions": editions,
                "pending": self.changes_by_owner(site.pending), "pending_summary": summary(list(site.pending))}

    def latest_edition(self) -> View | None:
        editions = self.lk.site.editions
        if not editions:
            return None
        e = editions[-1]
        return {"date_label": date_label(e.date), "title": e.title, "summary": e.summary, "first": e.first,
                "href": urls.href("changes/") + "#edition-" + e.date}

    def note_links(self, slug: str) -> list[View]:
        notes = [self.notes[n] for n in self.lk.notes_about.get(slug, ())]
        notes.sort(key=lambda n: (n.date or "", n.slug), reverse=True)
        return [{**self.link(n.slug), "date": date_label(n.date)} for n in notes]

    # Fragments that share a page (summaries, takeaways) are scoped by what they belong to,
    # so that their footnote and heading ids never collide there.
    def event_item(self, slug: str, fn: Footnotes | None = None) -> View:
        e = self.events[slug]
        return {"id": e.slug, "title": e.title, "date": e.date, "date_label": date_label(e.date),
                "summary": self.md.inline(e.summary, scope=e.slug), "href": urls.href(urls.page("event", e.slug)),
                "countries": [self.link(c) for c in e.countries],
                "cites": fn.cite(e.source, e.cites) if fn else []}

    def pair(self, edges: list[Edge], fn: Footnotes, here: str | None = None) -> View:
        """One relation between two countries, however many sheets declare it: each sheet's
        summary and citations, and a sentence when the sheets give different kinds."""
        found = kinds(edges)
        sides = [{"summary": e.summary, "cites": fn.cite(e.source, e.cites),
                  "declared_by": None if e.declared_by == here else self.link(e.declared_by)} for e in edges]
        disagree = None
        if len(found) > 1:
            disagree = "The sheets disagree: " + "; ".join(
                f"{self.lk.names[e.declared_by]} says {KIND_LABELS[e.kind].lower()}" for e in edges) + "."
        return {"kinds": found, "sides": sides, "disagree": disagree}

    def country_relations(self, slug: str, fn: Footnotes) -> list[View]:
        by_other: dict[str, list[Edge]] = {}
        for e in self.lk.relations.get(slug, ()):
            by_other.setdefault(e.other, []).append(e)
        return [{"other": self.link(other), **self.pair(edges, fn, here=slug)} for other, edges in by_other.items()]

    def card(self, slug: str) -> View:
        c = self.countries[slug]
        return {**self.link(slug), "flag": flag(c.code), "code": c.code, "role": c.role,
                "summary": self.md.inline(c.summary, scope=slug), "facts": len(c.facts),
                "relations": len({e.other for e in self.lk.relations.get(slug, ())})}

    # --- pages -------------------------------------------------------------------------

    def country(self, slug: str) -> View:
        c = self.countries[slug]
        fn = Footnotes(self.lk)
        leaders = [{**self.link(p), "role": self.people[p].role} for p in c.leaders]
        others = [p for p in self.lk.people_of.get(slug, ()) if p not in c.leaders]
        view = {"title": c.name, "kind": "country", "flag": flag(c.code), "code": c.code, "role": c.role,
                "summary": self.md.block(c.summary), "leaders": leaders,
                "people": [{**self.link(p), "role": self.people[p].role} for p in others],
                "facts": self.facts(c.facts, fn, slug),
                "relations": self.country_relations(slug, fn),
                "events": [self.event_item(e) for e in self.lk.events_of.get(slug, ())],
                "notes": self.note_links(slug), "map": maps.locator(c.code) if self.lk.site.map else None}
        return {**view, "footnotes": fn.notes()}

    def person(self, slug: str) -> View:
        p = self.people[slug]
        fn = Footnotes(self.lk)
        view = {"title": p.name, "kind": "person", "role": p.role,
                "country": self.link(p.country) if p.country else None,
                "summary": self.md.block(p.summary), "facts": self.facts(p.facts, fn, slug),
                "notes": self.note_links(slug)}
        return {**view, "footnotes": fn.notes()}

    def note(self, slug: str) -> View:
        n = self.notes[slug]
        about = [self.link(s) for s in dict.fromkeys((*n.countries, *n.people))]
        return {"title": n.title, "kind": "note", "date": n.date, "date_label": date_label(n.date),
                "body": self.md.block(n.body), "about": about}

    def also(self, citers, source: str) -> list[View]:
        """The sentences of other sources that back the same claims as this one."""
        found = dict.fromkeys((src, sid) for c in citers for src, sid in c.cites if src != source)
        return [{"name": self.lk.names[src], "sid": sid, "href": urls.cite(src, sid)} for src, sid in found]

    def cited(self, slug: str) -> tuple[int, int]:
        """How many of a source's sentences the briefing cites, of how many."""
        s = self.sources[slug]
        return sum(1 for x in s.sentences if (slug, x.id) in self.lk.citers), len(s.sentences)

    def source(self, slug: str) -> View:
        s = self.sources[slug]
        paragraphs: list[list[View]] = []
        for sentence in s.sentences:
            citers = self.lk.citers.get((slug, sentence.id), ())
            if sentence.paragraph >= len(paragraphs):
                paragraphs.append([])
            paragraphs[-1].append({
                "id": sentence.id, "text": sentence.text,
                "original": urls.text_fragment(s.url, sentence.text) if s.url else None,
                "citers": [{**self.link(c.slug), "claim": c.claim} for c in citers],
                "also": self.also(citers, slug)})
        cited, total = self.cited(slug)
        return {"title": s.title, "kind": "source", "outlet": s.outlet, "url": s.url,
                "published": date_label(s.published), "paragraphs": paragraphs,
                "coverage": {"cited": cited, "total": total, "percent": round(100 * cited / total) if total else 0}}

    def coverage(self, slug: str) -> View:
        cited, total = self.cited(slug)
        return {**self.link(slug), "outlet": self.sources[slug].outlet, "cited": cited, "total": total}

    def overview(self) -> View:
        site = self.lk.site
        events = [self.event_item(e.slug) for e in site.events]
        return {"title": site.title, "kind": "overview", "description": site.description,
                "as_of": date_label(site.as_of), "as_of_iso": site.as_of,
                "takeaways": [self.md.inline(t, scope=f"takeaway_{i}") for i, t in enumerate(site.takeaways, 1)],
                "countries": [self.card(c.slug) for c in site.countries],
                "timeline": events[-5:], "timeline_more": max(len(events) - 5, 0),
                "notes": self.latest_notes(LATEST_NOTES), "notes_more": max(len(site.notes) - LATEST_NOTES, 0),
                "sources": [self.coverage(s.slug) for s in site.sources],
                "map": self.briefing_map() if site.map else None,
                "latest_edition": self.latest_edition()}

    def briefing_map(self) -> maps.MapView | None:
        """The briefing's countries coloured by their relation to its main country: the
        one with the most relations (the first such in the briefing's order)."""
        countries = self.lk.site.countries
        main = max(countries, key=lambda c: len(self.lk.relations.get(c.slug, ())), default=None)
        if main is None or not self.lk.relations.get(main.slug):
            entries = tuple(maps.Entry(c.code, c.name, self.link(c.slug)["href"], "other", c.name) for c in countries)
            desc = f"A map of the {len(countries)} countries of this briefing. The country cards below list them too."
            return maps.overview(entries, (("other", "In this briefing"),), "Countries of this briefing", desc)
        kinds = {}
        for e in self.lk.relations[main.slug]:
            kinds.setdefault(e.other, e.kind)
        entries = []
        for c in countries:
            cls = "main" if c is main else f"rel-{kinds[c.slug]}" if c.slug in kinds else "other"
            meaning = ("the briefing's main country" if c is main else KIND_LABELS[kinds[c.slug]].lower()
                       if c.slug in kinds else f"no stated relation to {main.name}")
            entries.append(maps.Entry(c.code, c.name, self.link(c.slug)["href"], cls, f"{c.name}: {meaning}"))
        legend = [("main", main.name)] + [(f"rel-{k}", label) for k, label in KIND_LABELS.items()
                                          if k in kinds.values()]
        if any(e.cls == "other" for e in entries):
            legend.append(("other", "No stated relation"))
        desc = (f"A map of the {len(countries)} countries of this briefing, coloured by their relation to "
                f"{main.name}: " + "; ".join(e.label for e in entries if e.cls != "main")
                + ". The country cards below list the same countries.")
        return maps.overview(tuple(entries), tuple(legend), f"Colour: relation to {main.name}", desc)

    def latest_notes(self, most: int | None = None) -> list[View]:
        """The notes, latest first: all of them, or the `most` latest (whose views alone are
        made: the overview shows a handful of ten thousand)."""
        notes = sorted(self.lk.site.notes, key=lambda n: (n.date or "", n.title, n.slug), reverse=True)[:most]
        return [{**self.link(n.slug), "date": date_label(n.date), "iso": n.date or "",
                 "about": [self.link(s) for s in dict.fromkeys((*n.countries, *n.people))]} for n in notes]

    def notes_index(self) -> View:
        return {"title": "Analyst notes", "kind": "notes", "notes": self.latest_notes()}

    def timeline(self) -> View:
        fn = Footnotes(self.lk)
        events = [self.event_item(e.slug, fn) for e in self.lk.site.events]
        return {"title": "Timeline", "kind": "timeline", "events": events, "footnotes": fn.notes()}

    def relations(self) -> View:
        fn = Footnotes(self.lk)
        rows = []
        for a, b, edges in relation_pairs(self.lk):
            if len(edges) == 1:  # one sheet: the first column is the country that declares it
                a, b = edges[0].declared_by, edges[0].other
            rows.append({"a": self.link(a), "b": self.link(b), **self.pair(edges, fn, here=a if len(edges) == 1 else None)})
        return {"title": "Relations", "kind": "relations", "rows": rows, "footnotes": fn.notes(),
                "kinds": [{"kind": k, "label": v} for k, v in KIND_LABELS.items()]}

    def people_index(self) -> View:
        people = sorted(self.lk.site.people, key=lambda p: (p.name.casefold(), p.slug))
        return {"title": "People", "kind": "people",
                "people": [{**self.link(p.slug), "role": p.role, "country": self.link(p.country) if p.country else None}
                           for p in people]}
