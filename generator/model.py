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
class Fact:
    claim: str
    quote: str
    source: str
    topic: str | None = None
    cites: tuple[str, ...] = ()  # sentence ids, filled in by link
    pos: Pos = _POS


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
    markdown_extensions: tuple[tuple[str, str], ...] = ()  # (name, its options as JSON) from site.yaml
