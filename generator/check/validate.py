"""Documents into the typed model, or every issue at once."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from ..errors import Issue, Pos
from .loader import Document
from ..model import SITE_KEY, Book, Citation, Country, DraftFact, Event, Fact, Note, Person, Relation, Sentence, Site, Source
from .schema import check
from ..text import is_slug, slugify, split_sentences

T = TypeVar("T")
# How a result that depends on one file's content alone is made: `fresh` makes it; the
# incremental layer passes a memo that returns the one made for the same content before.
# Keys start with what they are, then the content's digest: ("check", digest, path).
Once = Callable[[tuple, Callable[[], T]], T]


def fresh(key: tuple, make: Callable[[], T]) -> T:
    return make()


def checked(doc: Document, once: Once = fresh) -> tuple[dict[str, Any] | None, list[Issue]]:
    """The document's values, checked against its schema, and its issues."""
    return once(("check", doc.digest, doc.path), lambda: check(doc))


def note(doc: Document, values: dict[str, Any], once: Once = fresh) -> Note:
    # The same note object while its file is unchanged: later stages see it unchanged.
    return once(("note", doc.digest, doc.path), lambda: Note(
        doc.slug, values["title"], values.get("countries", ()), values.get("people", ()), values.get("date"),
        doc.body, pos=Pos(doc.path, doc.body_line, 1)))


def validate(docs: list[Document], once: Once = fresh) -> tuple[Site | None, dict[str, Document], list[Issue]]:
    """The model built from every valid document, the documents by slug, and the issues.

    Documents with errors are left out of the model but stay in the returned table, so
    that references to them do not cascade into more errors.
    """
    issues: list[Issue] = []
    cleaned: list[tuple[Document, dict[str, Any]]] = []
    drafts: list[str] = []
    owners: dict[str, Document] = {}
    for doc in docs:
        if doc.kind != "site" and doc.data.get("draft") is True:
            drafts.append(doc.path)  # work in progress: neither built nor checked
            continue
        # A file the loader could not read was reported there; it still owns its slug,
        # so that references to it are not reported a second time.
        values, errs = (None, []) if doc.broken else checked(doc, once)
        errs = list(errs)
        if doc.kind == "source" and not doc.broken and not doc.body.strip():
            errs.append(Issue(Pos(doc.path, doc.body_line, 1), "the source has no text",
                              "paste the article below the front matter"))
        issues.extend(errs)
        if doc.kind != "site" and not is_slug(doc.slug):
            ext = doc.path.rsplit(".", 1)[1]
            issues.append(Issue(Pos(doc.path), f"file name '{doc.slug}' is not a valid slug",
                                f"rename the file to '{slugify(doc.slug) or 'my-slug'}.{ext}' "
                                "(lowercase letters, digits and hyphens)"))
            continue
        if doc.kind == "site":
            owners[SITE_KEY] = doc
        else:
            if doc.slug in owners:
                issues.append(Issue(Pos(doc.path), f"slug '{doc.slug}' is already used by {owners[doc.slug].path}",
                                    "slugs are unique across sources, countries, people, events and notes; rename one file"))
                continue
            owners[doc.slug] = doc
        if values is not None and not errs:
            cleaned.append((doc, values))

    site_values = next((v for d, v in cleaned if d.kind == "site"), None)
    if site_values is None:
        return None, owners, issues

    sources = tuple(once(("source", d.digest, d.path), lambda: _source(d, v)) for d, v in cleaned if d.kind == "source")
    # Counted over every source file, valid or not: when the one source has errors, its
    # quotes are not reported as lacking a source.
    source_files = [d.slug for d in owners.values() if d.kind == "source"]
    only_source = source_files[0] if len(source_files) == 1 else None

    draft_facts: list[DraftFact] = []

    def facts(doc: Document, values: dict, key: str = "facts") -> tuple[Fact, ...]:
        # A draft fact keeps its index, so that the positions of the facts after it hold.
        listed = list(enumerate(values.get(key, ())))
        draft_facts.extend(DraftFact(f["claim"], doc.pos((key, i))) for i, f in listed if f.get("draft") is True)
        return tuple(_fact(doc, f, (key, i), only_source) for i, f in listed if f.get("draft") is not True)

    countries, people, events, notes = [], [], [], []
    for doc, v in cleaned:
        if doc.kind == "country":
            relations = tuple(
                Relation(r["with"], r["kind"], r.get("summary"), r["quote"], _source_of(r, only_source),
                         pos=doc.pos(("relations", i)))
                for i, r in enumerate(v.get("relations", ()))
            )
            countries.append(Country(doc.slug, v["name"], v["code"], v.get("summary"), v.get("role"),
                                     v.get("leaders", ()), facts(doc, v), relations, v.get("wikidata"),
                                     pos=doc.pos()))
        elif doc.kind == "person":
            people.append(Person(doc.slug, v["name"], v.get("country"), v.get("role"), v.get("summary"),
                                 facts(doc, v), v.get("wikidata"), pos=doc.pos()))
        elif doc.kind == "event":
            events.append(Event(doc.slug, v["title"], v["date"], v.get("countries", ()), v.get("summary"),
                                v["quote"], _source_of(v, only_source), pos=doc.pos(("quote",))))
        elif doc.kind == "note":
            notes.append(note(doc, v, once))
    s = site_values
    site = Site(
        title=s["title"], description=s.get("description"), language=s.get("language", "en"),
        base_url=_with_slash(s.get("base_url")), as_of=s.get("as_of"), takeaways=s.get("takeaways", ()),
        search=s.get("search", True), sources=sources, countries=tuple(countries), people=tuple(people),
        events=tuple(sorted(events, key=lambda e: (e.date, e.slug))), notes=tuple(notes),
        drafts=tuple(sorted(drafts)), map=s.get("map", True), book=_book(s.get("book")),
        markdown_extensions=s.get("markdown_extensions", ()), draft_facts=tuple(sorted(draft_facts, key=lambda d: d.pos)),
    )
    return site, owners, issues


def _fact(doc: Document, f: dict, key: tuple, only_source: str | None) -> Fact:
    """One shape for both ways of citing: a single `quote` is a list of one citation."""
    if "citations" in f:
        citations = tuple(Citation(_source_of(c, only_source), c["quote"], pos=doc.pos(key + ("citations", j, "quote")), at=("citations", j))
                          for j, c in enumerate(f["citations"]))
    else:
        citations = (Citation(_source_of(f, only_source), f["quote"], pos=doc.pos(key + ("quote",))),)
    first = citations[0]
    return Fact(f["claim"], first.quote, first.source, f.get("topic"), pos=first.pos, citations=citations, at=key[-1])


def _source_of(values: dict, only: str | None) -> str:
    # An empty string means "not given": link reports it when the site has several sources.
    return values.get("source") or only or ""


def _book(options: dict | None) -> Book:
    if not options:
        return Book()
    notes = options.get("notes", Book.notes)
    return Book(options["enabled"], None if notes == "all" else notes)


def _with_slash(url: str | None) -> str | None:
    return None if url is None else url.rstrip("/") + "/"


def _source(doc: Document, v: dict) -> Source:
    text = doc.body.strip("\n")
    sentences = tuple(Sentence(s.id, s.text, s.paragraph) for s in split_sentences(text))
    return Source(doc.slug, v["title"], v.get("outlet"), v.get("url"), v.get("published"), text,
                  sentences, len(doc.body) - len(doc.body.lstrip("\n")), pos=Pos(doc.path, doc.body_line, 1))

