"""Resolve every slug, match every quote to its sentences, build the reverse indexes."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import Issue, Pos
from .loader import Document, KeyPath
from ..model import SITE_KEY, Citation, Country, Event, Fact, Note, Person, Site
from ..text import WIKILINK
from .provenance import QUOTE_RULE, QuoteFinder, too_short
from .schema import label

# Issues of one file that are told the closest sentence or name: finding it costs a pass
# over the source or the pages, and more than the report shows of one file is wasted.
HINTS_PER_FILE = 100


@dataclass(frozen=True)
class Citer:
    """Something in the briefing that cites a sentence."""

    kind: str
    slug: str
    claim: str
    # Every sentence the claim cites, in whichever source: a sentence's page can say
    # where else the same claim is backed.
    cites: tuple[tuple[str, str], ...] = ()


def _close(target: str, pool: list[str]) -> list[str]:
    """The slug meant by a misspelt or shortened one: a near spelling ('itlay': 'italy'),
    else the one slug whose words hold all of the target's ('macron': 'emmanuel-macron')."""
    close = difflib.get_close_matches(target, pool, n=1, cutoff=0.6)
    if close:
        return close
    words = set(target.lower().split("-"))
    holding = [s for s in pool if words <= set(s.split("-"))]
    return holding if len(holding) == 1 else []


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


class _Linker:
    def __init__(self, site: Site, docs: dict[str, Document], memo: "LinkMemo", kinds: dict[str, str] | None = None):
        self.memo = memo
        self.scans = memo.scans
        self.linked_notes = memo.notes
        finders = memo.finders
        self.site = site
        self.docs = docs
        self.issues: list[Issue] = []
        if kinds is None:  # given: the last build's, when only note bodies changed
            kinds = {}
            for kind, items in (("source", site.sources), ("country", site.countries), ("person", site.people),
                                ("event", site.events), ("note", site.notes)):
                for item in items:
                    kinds[item.slug] = kind
        self.kinds: dict[str, str] = kinds
        self.drafts = {p.rsplit("/", 1)[1].rsplit(".", 1)[0]: p for p in site.drafts}
        for s in site.sources:
            if (s.slug, s.text) not in finders:
                finders[(s.slug, s.text)] = QuoteFinder(s)
        self.finders = {s.slug: finders[(s.slug, s.text)] for s in site.sources}
        self.citers: dict[tuple[str, str], list[Citer]] = defaultdict(list)
        self.hinted: dict[str, int] = defaultdict(int)  # slug -> issues given a suggestion

    def pos(self, slug: str, key: KeyPath) -> Pos:
        return self.docs[slug].pos(key)

    def ref(self, slug: str, key: KeyPath, target: str, want: str) -> bool:
        """Check that `target` names an existing thing of kind `want` ('any' for links)."""
        found = self.kinds.get(target)
        if found and (want == "any" or found == want):
            return True
        where = self.pos(slug, key)
        noun = "page" if want == "any" else want
        if found:
            self.issues.append(Issue(where, f"{label(key)}: '{target}' is a {found}, not a {want}",
                                     f"name a {want} here"))
        elif target in self.drafts:
            self.issues.append(Issue(where, f"{label(key)}: '{target}' is still a draft ({self.drafts[target]})",
                                     "finish the draft and remove 'draft: true', or drop this reference"))
        elif target in self.docs:
            return False  # that file has errors of its own; one report is enough
        else:
            close = self.suggest(slug, target, lambda: [s for s, k in self.kinds.items() if want in ("any", k)])
            hint = f"did you mean '{close}'?" if close else f"create the {noun}'s file or fix the slug"
            self.issues.append(Issue(where, f"{label(key)}: no {noun} named '{target}'", hint))
        return False

    def hint_left(self, slug: str) -> bool:
        """Whether the file's next issue may still cost a search for a suggestion."""
        self.hinted[slug] += 1
        return self.hinted[slug] <= HINTS_PER_FILE

    def suggest(self, slug: str, target: str, pool) -> str | None:
        """The name most like `target` among `pool()`, while the file has hints left."""
        if not self.hint_left(slug):
            return None
        close = _close(target, pool())
        return close[0] if close else None

    def refs(self, slug: str, key: str, targets: Iterable[str], want: str) -> None:
        for i, target in enumerate(targets):
            self.ref(slug, (key, i), target, want)

    def markdown_links(self, text: str | None, slug: str, key: KeyPath, body_pos: Pos | None = None) -> tuple[str, ...]:
        """Check [[slug]] links; in a note body, point at the link's own line and column."""
        if not text:
            return ()
        if text not in self.scans:  # the same text as last build: the same links
            self.scans[text] = [(m.group(1).strip(), m.start()) for m in WIKILINK.finditer(text)]
        found = []
        line, line_start, done = 0, 0, 0  # lines counted up to `done`: each stretch once
        for target, start in self.scans[text]:
            found.append(target)
            if target in self.kinds:
                continue
            if target in self.docs and target != SITE_KEY:
                continue  # that file has errors of its own; one report is enough
            if body_pos is not None:
                newlines = text.count("\n", done, start)
                if newlines:
                    line, line_start = line + newlines, text.rfind("\n", done, start) + 1
                done = start
                where = Pos(body_pos.path, body_pos.line + line, start - line_start + 1)
            else:
                where = self.pos(slug, key)
            if target in self.drafts:
                self.issues.append(Issue(where, f"link [[{target}]] points to a draft ({self.drafts[target]})",
                                         "finish the draft and remove 'draft: true', or drop this link"))
                continue
            close = self.suggest(slug, target, lambda: list(self.kinds))
            hint = f"did you mean [[{close}]]?" if close else "link to a country, person, event, note or source slug"
            self.issues.append(Issue(where, f"link [[{target}]] does not name a page", hint))
        return tuple(dict.fromkeys(found))

    def quote(self, slug: str, key: KeyPath, quote: str, source: str,
              owner: tuple[str, str, str] | None) -> tuple[str, tuple[str, ...]]:
        """The quote's source and the ids of the sentences it lies in (empty on an issue).

        Without `source:`, the quote names its source itself when it is found in exactly
        one: a briefing that gains a second article keeps building.
        """
        def where() -> Pos:  # looked up only for an issue: positions cost time at 10,000 files
            return self.pos(slug, key + ("quote",))

        src_key = key + ("source",)
        if too_short(quote):
            self.issues.append(Issue(where(), f"{label(key + ('quote',))}: too short to tell which sentence it is from",
                                     f"quote {QUOTE_RULE} of the sentence, exactly as the source has them"))
            return source, ()
        if not source:
            names = [s.slug for s in self.site.sources]
            if not names:
                self.issues.append(Issue(where(), f"{label(key + ('quote',))}: there is no source to quote from",
                                         "add the article as content/sources/SLUG.md"))
                return source, ()
            found = [name for name in names if self.finders[name].cites(quote)]
            what = label(key + ("quote",))
            if len(found) > 1:
                self.issues.append(Issue(where(), f"{what}: no source given, and the quote is found in several sources",
                                         f"add 'source: SLUG' (one of: {', '.join(found)})"))
                return source, ()
            if not found:  # a source would not help: the words are wrong
                self.issues.append(Issue(where(), f"{what}: not found in any source ({', '.join(names)})",
                                         "copy the words exactly as the source has them and name it with 'source: SLUG'"))
                return source, ()
            source = found[0]
        if source not in self.finders:
            self.ref(slug, src_key, source, "source")
            return source, ()
        finder = self.finders[source]
        cites = finder.cites(quote)
        if not cites:
            near = finder.closest(quote) if self.hint_left(slug) else None
            shown = ""
            if near:
                sentence, differs = near
                shown = f'; the closest sentence is {sentence.id}: "{sentence.text}"'
                if differs:
                    shown += f", which has {differs[1]} where the quote has {differs[0]}"
            self.issues.append(Issue(where(), f"{label(key + ('quote',))}: not found in source '{source}'{shown}",
                                     "copy the words exactly as the source has them"))
            return source, ()
        if owner is not None:  # None: the caller registers the citer itself
            for sid in cites:
                self.citers[(source, sid)].append(Citer(*owner))
        return source, cites

    def world(self) -> int:
        """What a reference's check depends on besides the referring file: which pages
        exist, of which kind, and which are drafts or broken. Hashed to compare builds."""
        return hash((frozenset(self.kinds.items()), frozenset(self.drafts), frozenset(self.docs)))

    def with_links(self, note: Note, links: tuple[str, ...]) -> Note:
        """The note with its [[links]]: the same object as last build when nothing changed."""
        known = self.linked_notes.get(id(note))
        if known and known[0] is note and known[1].links == links:
            return known[1]
        linked = dataclasses.replace(note, links=links)
        self.linked_notes[id(note)] = (note, linked)
        return linked

    def cited(self, slug: str, key: KeyPath, item, owner: tuple[str, str, str]):
        """`item` (a fact, relation or event) with its source and sentence ids filled in."""
        source, cites = self.quote(slug, key, item.quote, item.source, owner)
        return dataclasses.replace(item, source=source, cites=cites)

    def facts(self, slug: str, name: str, kind: str, facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
        return tuple(self.fact(slug, kind, ("facts", i if f.at is None else f.at), f) for i, f in enumerate(facts))

    def fact(self, slug: str, kind: str, key: KeyPath, f: Fact) -> Fact:
        """The fact with each citation checked against its own source."""
        citations = []
        for c in f.citations or (Citation(f.source, f.quote),):
            source, cites = self.quote(slug, key + c.at, c.quote, c.source, None)
            citations.append(dataclasses.replace(c, source=source, cites=cites))
        everywhere = tuple((c.source, sid) for c in citations for sid in c.cites)
        for source, sid in dict.fromkeys(everywhere):
            self.citers[(source, sid)].append(Citer(kind, slug, f.claim, everywhere))
        first = citations[0]
        return dataclasses.replace(f, source=first.source, cites=first.cites, citations=tuple(citations))


@dataclass
class LinkMemo:
    """What linking keeps from one build to the next, for the files that did not change."""

    finders: dict = field(default_factory=dict)  # (source slug, text) -> its quote index
    scans: dict = field(default_factory=dict)  # Markdown text -> its [[links]] and offsets
    notes: dict = field(default_factory=dict)  # id(note) -> (the note, the note with its links)
    checked: dict = field(default_factory=dict)  # id(note) -> (the note, world, links): checked clean
    last: tuple[Site, Linked] | None = None  # the last result: an edit of note bodies patches it

    def keep(self, site: Site) -> None:
        """Drop what belongs to notes and texts no longer in the site: a long preview
        session would otherwise keep every version of every note it ever saw."""
        live = {id(n) for n in site.notes}
        self.notes = {k: v for k, v in self.notes.items() if k in live}
        self.checked = {k: v for k, v in self.checked.items() if k in live}
        texts = {n.body for n in site.notes} | set(site.takeaways) | {
            x.summary for x in (*site.countries, *site.people, *site.events) if x.summary}
        self.scans = {t: v for t, v in self.scans.items() if t in texts}

    def forget(self, note: Note, linked: Note) -> None:
        """The edited note's old entries, after a patch."""
        for key in (id(note), id(linked)):
            self.notes.pop(key, None)
            self.checked.pop(key, None)
        self.scans.pop(note.body, None)


def link(site: Site, docs: dict[str, Document], memo: LinkMemo | None = None) -> tuple[Linked | None, list[Issue]]:
    """`memo`, when given, carries work from one build to the next (the dev server)."""
    if memo is not None:
        patched = _patched(site, docs, memo)
        if patched:
            return patched, []
        memo.last = None
    ln = _Linker(site, docs, memo or LinkMemo())
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
        known = ln.memo.checked.get(id(n))
        if known and known[0] is n and known[1] == world:
            links = known[2]  # the same note among the same pages: the same (clean) result
        else:
            before = len(ln.issues)
            ln.refs(n.slug, "countries", n.countries, "country")
            ln.refs(n.slug, "people", n.people, "person")
            links = ln.markdown_links(n.body, n.slug, (), body_pos=n.pos)
            if len(ln.issues) == before:
                ln.memo.checked[id(n)] = (n, world, links)
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
    if memo is not None:
        memo.last = (site, linked)
        memo.keep(site)
    return linked, []


def _patched(site: Site, docs: dict[str, Document], memo: LinkMemo) -> Linked | None:
    """The last result with the edited notes replaced, when nothing but note bodies
    changed: the same titles, dates, countries, people and [[links]], so that no list,
    name or reverse index changes. Anything else returns None (link everything)."""
    if memo.last is None:
        return None
    before, linked = memo.last
    if len(site.notes) != len(before.notes) or any(
            getattr(site, f.name) is not getattr(before, f.name) for f in dataclasses.fields(Site) if f.name != "notes"):
        return None
    ln = _Linker(site, docs, memo, kinds=linked.kinds)
    notes = list(linked.site.notes)
    digests = dict(linked.digests)
    for i, (new, old) in enumerate(zip(site.notes, before.notes)):
        if new is old:
            continue
        if (new.slug, new.title, new.date, new.countries, new.people) != (old.slug, old.title, old.date, old.countries, old.people):
            return None
        links = ln.markdown_links(new.body, new.slug, (), body_pos=new.pos)
        if ln.issues or links != notes[i].links:
            return None
        memo.forget(old, notes[i])
        notes[i] = ln.with_links(new, links)
        digests[new.slug] = docs[new.slug].digest
    patched = dataclasses.replace(linked, site=dataclasses.replace(linked.site, notes=tuple(notes)), digests=digests)
    memo.last = (site, patched)
    return patched


def _by_sentence(citers: dict) -> list:
    return sorted(citers.items(), key=lambda kv: (kv[0][0], int(kv[0][1][1:])))
