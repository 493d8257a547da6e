"""Documents into the typed model, or every issue at once."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import Issue, Pos
from .loader import Document
from ..model import SITE_KEY, Citation, Country, DraftFact, Event, Fact, Note, Person, Relation, Sentence, Site, Source
from .schema import check
from ..text import is_slug, slugify, split_sentences




class Memo:
    """What validating keeps between builds (the dev server).

    `results`: per-document results that depend on that document alone, by (path,
    digest), so that a build checks only the files that changed. `last`: the last clean
    result, which an edit of note bodies and front matter patches instead of walking
    10,000 documents again.
    """

    def __init__(self) -> None:
        self.results: dict[tuple[str, str, str], Any] = {}
        self.last: tuple[list[Document], Site, dict[str, Document], dict[str, int]] | None = None

    def keep(self, docs: list[Document]) -> None:
        """Drop the results of files as they no longer are: a long preview session would
        otherwise keep every version of every note it ever saw."""
        current = {(d.path, d.digest) for d in docs}
        self.results = {k: v for k, v in self.results.items() if (k[1], k[2]) in current}

    def forget(self, doc: Document) -> None:
        for kind in ("check", "note", "source"):
            self.results.pop((kind, doc.path, doc.digest), None)


def _memo(memo: Memo | None, kind: str, doc: Document, make):
    if memo is None or not doc.digest:
        return make()
    key = (kind, doc.path, doc.digest)
    results = memo.results
    if key not in results:
        results[key] = make()
    return results[key]


def validate(docs: list[Document], memo: Memo | None = None) -> tuple[Site | None, dict[str, Document], list[Issue]]:
    """The model built from every valid document, the documents by slug, and the issues.

    Documents with errors are left out of the model but stay in the returned table, so
    that references to them do not cascade into more errors.
    """
    patched = _patched(docs, memo) if memo is not None else None
    if patched:
        return patched
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
        values, errs = (None, []) if doc.broken else _memo(memo, "check", doc, lambda: check(doc))
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

    sources = tuple(_memo(memo, "source", d, lambda: _source(d, v)) for d, v in cleaned if d.kind == "source")
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
            notes.append(_note(memo, doc, v))
    s = site_values
    site = Site(
        title=s["title"], description=s.get("description"), language=s.get("language", "en"),
        base_url=_with_slash(s.get("base_url")), as_of=s.get("as_of"), takeaways=s.get("takeaways", ()),
        search=s.get("search", True), sources=sources, countries=tuple(countries), people=tuple(people),
        events=tuple(sorted(events, key=lambda e: (e.date, e.slug))), notes=tuple(notes),
        drafts=tuple(sorted(drafts)), map=s.get("map", True),
        markdown_extensions=s.get("markdown_extensions", ()), draft_facts=tuple(sorted(draft_facts, key=lambda d: d.pos)),
    )
    if memo is not None:
        memo.last = None if issues else (docs, site, owners, {n.slug: i for i, n in enumerate(notes)})
        memo.keep(docs)
    return site, owners, issues


def _note(memo: Memo | None, doc: Document, v: dict) -> Note:
    # The same note object while its file is unchanged: later stages compare by identity.
    return _memo(memo, "note", doc, lambda: Note(
        doc.slug, v["title"], v.get("countries", ()), v.get("people", ()), v.get("date"),
        doc.body, pos=Pos(doc.path, doc.body_line, 1)))


def _patched(docs: list[Document], memo: Memo) -> tuple[Site, dict[str, Document], list[Issue]] | None:
    """The last clean result with the edited notes replaced, when only notes were edited
    (no file added, removed or renamed, no draft toggled) and each is still valid.
    Anything else returns None, and the caller walks every document."""
    if memo.last is None or len(docs) != len(memo.last[0]):
        return None
    old_docs, site, owners, note_at = memo.last
    notes = list(site.notes)
    owners = dict(owners)
    for new, old in zip(docs, old_docs):
        if new is old:
            continue
        if (new.kind != "note" or new.path != old.path or new.broken or old.slug not in note_at
                or new.data.get("draft") is True):
            return None
        values, errs = _memo(memo, "check", new, lambda: check(new))
        if errs:
            return None
        notes[note_at[new.slug]] = _note(memo, new, values)
        if old.digest != new.digest:  # saved again unchanged: its results are still current
            memo.forget(old)
        owners[new.slug] = new
    site = dataclasses.replace(site, notes=tuple(notes))
    memo.last = (docs, site, owners, note_at)
    return site, owners, []


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


def _with_slash(url: str | None) -> str | None:
    return None if url is None else url.rstrip("/") + "/"


def _source(doc: Document, v: dict) -> Source:
    text = doc.body.strip("\n")
    sentences = tuple(Sentence(s.id, s.text, s.paragraph) for s in split_sentences(text))
    return Source(doc.slug, v["title"], v.get("outlet"), v.get("url"), v.get("published"), text,
                  sentences, len(doc.body) - len(doc.body.lstrip("\n")), pos=Pos(doc.path, doc.body_line, 1))

