"""Resolve every slug, match every quote to its sentences, build the reverse indexes."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from ..errors import Issue
from .loader import Document
from ..model import SITE_KEY, Country, Event, Note, Person, Site
from .refs import Checker, Citer
from .validate import Once, fresh


@dataclass(frozen=True)
class Edge:
    """A relation as seen from one country's page: declared there, or by the other side."""

    country: str
    other: str
    kind: str
    summary: str | None
    source: str
    cites: tuple[str, ...]
    declared_by: str


@dataclass(frozen=True)
class Linked:
    site: Site
    kinds: dict[str, str]
    names: dict[str, str]
    digests: dict[str, str]  # slug (and SITE_KEY) -> digest of the file it came from
    relations: dict[str, tuple[Edge, ...]]
    notes_about: dict[str, tuple[str, ...]]
    events_of: dict[str, tuple[str, ...]]
    people_of: dict[str, tuple[str, ...]]
    citers: dict[tuple[str, str], tuple[Citer, ...]]


def link(site: Site, docs: dict[str, Document], once: Once = fresh) -> tuple[Linked | None, list[Issue]]:
    """The site with every reference resolved and quote matched, and its reverse indexes."""
    ln = Checker(site, docs, once)
    names = {**{s.slug: s.title for s in site.sources}, **{c.slug: c.name for c in site.countries},
             **{p.slug: p.name for p in site.people}, **{e.slug: e.title for e in site.events},
             **{n.slug: n.title for n in site.notes}}
    for i, line in enumerate(site.takeaways):
        ln.markdown_links(line, SITE_KEY, ("takeaways", i))

    countries: list[Country] = []
    edges: dict[str, list[Edge]] = defaultdict(list)
    for c in site.countries:
        ln.refs(c.slug, "leaders", c.leaders, "person")
        ln.markdown_links(c.summary, c.slug, ("summary",))
        relations = []
        for i, r in enumerate(c.relations):
            if r.other == c.slug:
                ln.issues.append(Issue(ln.pos(c.slug, ("relations", i, "with")),
                                       f"relations[{i}].with: a country cannot have a relation with itself",
                                       "name the other country"))
                continue
            ok = ln.ref(c.slug, ("relations", i, "with"), r.other, "country")
            r = ln.cited(c.slug, ("relations", i), r,
                         ("country", c.slug, r.summary or f"{c.name}: {r.kind} of {names.get(r.other, r.other)}"))
            relations.append(r)
            if ok:
                edges[c.slug].append(Edge(c.slug, r.other, r.kind, r.summary, r.source, r.cites, c.slug))
                edges[r.other].append(Edge(r.other, c.slug, r.kind, r.summary, r.source, r.cites, c.slug))
        countries.append(dataclasses.replace(c, facts=ln.facts(c.slug, c.name, "country", c.facts),
                                             relations=tuple(relations)))

    people: list[Person] = []
    people_of: dict[str, list[str]] = defaultdict(list)
    for p in site.people:
        if p.country and ln.ref(p.slug, ("country",), p.country, "country"):
            people_of[p.country].append(p.slug)
        ln.markdown_links(p.summary, p.slug, ("summary",))
        people.append(dataclasses.replace(p, facts=ln.facts(p.slug, p.name, "person", p.facts)))

    events: list[Event] = []
    events_of: dict[str, list[str]] = defaultdict(list)
    for e in site.events:
        ln.refs(e.slug, "countries", e.countries, "country")
        ln.markdown_links(e.summary, e.slug, ("summary",))
        for c in e.countries:
            events_of[c].append(e.slug)
        events.append(ln.cited(e.slug, (), e, ("event", e.slug, e.title)))

    notes: list[Note] = []
    notes_about: dict[str, list[str]] = defaultdict(list)
    world = ln.world()
    for n in site.notes:
        links = note_links(ln, n, world)
        for target in dict.fromkeys((*n.countries, *n.people, *links)):
            if target != n.slug:
                notes_about[target].append(n.slug)
        notes.append(ln.with_links(n, links))

    if ln.issues:
        return None, ln.issues
    linked_site = dataclasses.replace(site, countries=tuple(countries), people=tuple(people),
                                      events=tuple(events), notes=tuple(notes))
    order = {slug: i for i, slug in enumerate(names)}
    linked = Linked(
        site=linked_site,
        kinds=ln.kinds,
        names=names,
        digests={slug: doc.digest for slug, doc in docs.items()},
        relations={k: tuple(sorted(v, key=lambda e: (order[e.other], e.declared_by))) for k, v in edges.items()},
        notes_about={k: tuple(v) for k, v in notes_about.items()},
        events_of={k: tuple(v) for k, v in events_of.items()},
        people_of={k: tuple(v) for k, v in people_of.items()},
        citers={k: tuple(v) for k, v in _by_sentence(ln.citers)},
    )
    return linked, []


def note_links(ln: Checker, n: Note, world: str) -> tuple[str, ...]:
    """Check the note's references and [[links]]; the links it makes. The same note among
    the same pages (`world`) has the same links and the same issues."""
    def check() -> tuple[tuple[str, ...], tuple[Issue, ...]]:
        before = len(ln.issues)
        ln.refs(n.slug, "countries", n.countries, "country")
        ln.refs(n.slug, "people", n.people, "person")
        links = ln.markdown_links(n.body, n.slug, (), body_pos=n.pos)
        issues = tuple(ln.issues[before:])
        del ln.issues[before:]
        return links, issues
    links, issues = ln.once(("note-links", ln.docs[n.slug].digest, n.slug, world), check)
    ln.issues.extend(issues)
    return links


def _by_sentence(citers: dict) -> list:
    return sorted(citers.items(), key=lambda kv: (kv[0][0], int(kv[0][1][1:])))
