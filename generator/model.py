"""The typed, frozen model of a briefing. Positions ride along but never compare."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Pos

_POS = field(default=Pos("content"), compare=False, repr=False)

RELATION_KINDS = ("ally", "partner", "neutral", "rival", "adversary", "at-war")
# The Markdown extensions always on (markup sets them up); site.yaml's markdown_extensions adds others.
MARKDOWN_EXTENSIONS = ("footnotes", "admonition", "tables", "toc", "def_list", "abbr", "sane_lists", "fenced_code")

SITE_KEY = ":site"  # not a slug, so it cannot collide with one


@dataclass(frozen=True)
class Sentence:
    id: str  # s1, s2, ... through the whole source
    text: str
    paragraph: int


@dataclass(frozen=True)
class Source:
    slug: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    text: str
    sentences: tuple[Sentence, ...]
    # Characters of the file's body (after the front matter) before `text`: the blank
    # lines it starts with. Offsets into the body as stored are offsets into text + this.
    offset: int = 0
    pos: Pos = _POS


@dataclass(frozen=True)
class Citation:
    """One source's words behind a claim."""

    source: str
    quote: str
    cites: tuple[str, ...] = ()  # sentence ids, filled in by link
    pos: Pos = _POS
    # Where it is written inside its fact: () for a fact's own `quote`, else
    # ("citations", i); an error about it points there.
    at: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Fact:
    """A claim and what backs it. `quote`, `source` and `cites` are those of the first
    citation, so that a reader of one source per fact need not know about the others;
    `citations` holds every one, the first included (a single `quote:` makes one)."""

    claim: str
    quote: str
    source: str
    topic: str | None = None
    cites: tuple[str, ...] = ()  # sentence ids, filled in by link
    pos: Pos = _POS
    citations: tuple[Citation, ...] = ()
    # Its index in the sheet's list of facts, where facts marked draft: true count too:
    # what an error about it points at. None: its place among the facts the model has.
    at: int | None = field(default=None, compare=False, repr=False)

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct sources backing the claim, in the order cited."""
        return tuple(dict.fromkeys(c.source for c in self.citations or (Citation(self.source, self.quote),)))


@dataclass(frozen=True)
class Relation:
    other: str  # the country slug named by `with`
    kind: str
    summary: str | None
    quote: str
    source: str
    cites: tuple[str, ...] = ()
    pos: Pos = _POS


@dataclass(frozen=True)
class Country:
    slug: str
    name: str
    code: str
    summary: str | None
    role: str | None
    leaders: tuple[str, ...]
    facts: tuple[Fact, ...]
    relations: tuple[Relation, ...]
    wikidata: str | None = None  # a Wikidata item id, Q148: the entity beyond doubt
    pos: Pos = _POS


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    country: str | None
    role: str | None
    summary: str | None
    facts: tuple[Fact, ...]
    wikidata: str | None = None
    pos: Pos = _POS


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    date: str  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    countries: tuple[str, ...]
    summary: str | None
    quote: str
    source: str
    cites: tuple[str, ...] = ()
    pos: Pos = _POS


@dataclass(frozen=True)
class Note:
    slug: str
    title: str
    countries: tuple[str, ...]
    people: tuple[str, ...]
    date: str | None
    body: str
    links: tuple[str, ...] = ()  # slugs named by [[links]] in the body, in order
    pos: Pos = _POS


@dataclass(frozen=True)
class Change:
    """One thing an edition changed (see editions/diff.py)."""

    what: str  # fact-added, fact-reworded, fact-removed, relation-changed, note-edited, ...
    owner: str  # the country or person it belongs to; "" for notes, events and sources
    owner_name: str
    text: str  # one line, for a reader
    claim: str | None = None  # the fact's claim as it is now (or was, when removed)


@dataclass(frozen=True)
class EditionLog:
    """A recorded edition and what it changed since the one before (none for the first)."""

    date: str
    title: str
    changes: tuple[Change, ...]
    summary: str  # "3 new facts, 1 relation changed"
    first: bool


@dataclass(frozen=True)
class Book:
    """What `book:` in site.yaml asks of the PDF: whether to make it, and how many notes it
    prints in full (the latest; None: all of them)."""

    enabled: bool = True
    notes: int | None = 20


@dataclass(frozen=True)
class DraftFact:
    """A fact its sheet marks `draft: true`: left out of the site, listed by `briefing check`."""

    claim: str
    pos: Pos = _POS


@dataclass(frozen=True)
class Site:
    title: str
    description: str | None
    language: str
    base_url: str | None
    as_of: str | None
    takeaways: tuple[str, ...]
    search: bool
    sources: tuple[Source, ...] = ()
    countries: tuple[Country, ...] = ()
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[Note, ...] = ()
    drafts: tuple[str, ...] = ()  # paths of content left out because it says draft: true
    map: bool = True  # site.yaml `map: false` leaves the maps out
    book: Book = Book()  # site.yaml `book:`: the PDF of the whole briefing
    markdown_extensions: tuple[tuple[str, str], ...] = ()  # (name, its options as JSON) from site.yaml
    editions: tuple[EditionLog, ...] = ()  # oldest first
    pending: tuple[Change, ...] = ()  # since the latest edition: what the next one will say
    draft_facts: tuple[DraftFact, ...] = ()  # facts of finished sheets still marked draft: true
