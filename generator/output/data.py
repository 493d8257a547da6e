"""The briefing as data: `briefing.json`, and every fact as a W3C Web Annotation.

`briefing.json` is the whole briefing for programs (the shape is `briefing.schema.json`,
shipped beside this module and published with the site); `annotations.jsonld` is an
AnnotationCollection (the Web Annotation Data Model, in its own JSON-LD context) with one
annotation for each fact, relation and event: the claim is the body, the passages of the
source it rests on are the target, each found by a TextQuoteSelector and a
TextPositionSelector into the source's text as stored, which is published beside its
page as `sources/<slug>/text.txt`.

Addresses are absolute with a base URL, and otherwise relative to the site's root, where
both files live. The same briefing gives the same bytes.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Iterator

from ..pages import urls
from ..check.link import Linked
from ..pages.plan import Output
from ..model import Fact, Source
from ..text import split_sentences
from .anchors import Anchors, Passage

HERE = Path(__file__).parent
SCHEMA_FILE = "briefing.schema.json"
SCHEMA = HERE / SCHEMA_FILE
CONTEXTS = HERE / "contexts"  # local copies of the JSON-LD contexts these files use
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFING = "briefing.json"
ANNOTATIONS = "annotations.jsonld"
FORMAT = 1  # the version of briefing.json's shape: raised when a field changes meaning


def text_file(slug: str) -> str:
    """Where a source's text as stored is published: the offsets of the annotations index it."""
    return f"sources/{slug}/text.txt"


def source_text(lk: Linked, slug: str) -> bytes:
    source = next(s for s in lk.site.sources if s.slug == slug)
    return ("\n" * source.offset + source.text + "\n").encode("utf-8")


def dumps(data: Any, depth: int) -> bytes:
    """JSON laid out to `depth` levels, each record below on one line: readable, diffable,
    and written by the json module's C encoder (which `indent` would turn off)."""
    return (_layout(data, depth, "") + "\n").encode("utf-8")


def _layout(data: Any, depth: int, indent: str) -> str:
    if depth == 0 or not isinstance(data, (dict, list)) or not data:
        return json.dumps(data, ensure_ascii=False)
    inner = indent + "  "
    if isinstance(data, dict):
        rows = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(v, depth - 1, inner)}" for k, v in data.items()]
        return "{\n" + ",\n".join(rows) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + _layout(v, depth - 1, inner) for v in data) + "\n" + indent + "]"


class _Items:
    """Every cited item of the briefing in the site's order: facts, relations, events,
    each with its id (`<slug>/fact-<n>`, `<slug>/relation-<n>`, `<slug>/event`: slugs
    are unique across kinds), the page it belongs to and the passages it rests on."""

    def __init__(self, lk: Linked):
        self.lk = lk
        self._anchors: dict[str, Anchors] = {}

    def passages(self, source: str, quote: str, cites: tuple[str, ...]) -> tuple[Passage, ...]:
        if source not in self._anchors:
            self._anchors[source] = Anchors(next(s for s in self.lk.site.sources if s.slug == source))
        return self._anchors[source].passages(quote, cites)

    def __iter__(self) -> Iterator[dict]:
        site = self.lk.site
        for kind, owners in (("country", site.countries), ("person", site.people)):
            for owner in owners:
                for n, f in enumerate(owner.facts, 1):
                    yield self._item(f"{owner.slug}/fact-{n}", "fact", kind, owner.slug, f.claim, f, topic=f.topic)
        for c in site.countries:
            for n, r in enumerate(c.relations, 1):
                label = r.summary or f"{c.name}: {r.kind} of {self.lk.names[r.other]}"
                yield self._item(f"{c.slug}/relation-{n}", "relation", "country", c.slug, label, r,
                                 other=r.other, relation=r.kind)
        for e in site.events:
            yield self._item(f"{e.slug}/event", "event", "event", e.slug, e.title, e, date=e.date)

    def _item(self, id: str, what: str, kind: str, slug: str, claim: str, cited: Fact, **more) -> dict:
        return {"id": id, "what": what, "kind": kind, "slug": slug, "claim": claim, "quote": cited.quote,
                "source": cited.source, "sentences": list(cited.cites),
                "passages": self.passages(cited.source, cited.quote, cited.cites), **more}


def _sentences(source: Source) -> list[dict]:
    """A source's sentences with where each stands in the text as stored."""
    return [{"id": x.id, "paragraph": x.paragraph, "start": x.start + source.offset, "end": x.end + source.offset,
             "text": x.text} for x in split_sentences(source.text)]


def _address(base_url: str | None, path: str) -> str:
    return urls.absolute(base_url, path) or path or "./"


def citations(lk: Linked) -> list[dict]:
    """Every fact, relation and event with its passages: what both data files are made of."""
    return list(_Items(lk))


def briefing(lk: Linked, base_url: str | None, items: list[dict] | None = None) -> bytes:
    site = lk.site
    at = lambda path: _address(base_url, path)  # noqa: E731
    page = lambda kind, slug: at(urls.page(kind, slug))  # noqa: E731
    items = citations(lk) if items is None else items
    facts_of: dict[str, list[str]] = {}
    for item in items:
        if item["what"] == "fact":
            facts_of.setdefault(item["slug"], []).append(item["id"])
    data = {
        "$schema": at(SCHEMA_FILE),
        "format": FORMAT,
        "site": {"title": site.title, "description": site.description, "language": site.language,
                 "base_url": base_url, "as_of": site.as_of, "takeaways": list(site.takeaways),
                 "home": at(""), "annotations": at(ANNOTATIONS)},
        "sources": [{"slug": s.slug, "title": s.title, "outlet": s.outlet, "url": s.url, "published": s.published,
                     "page": page("source", s.slug), "text": at(text_file(s.slug)), "offset": s.offset,
                     "sentences": _sentences(s)} for s in site.sources],
        "countries": [{"slug": c.slug, "name": c.name, "code": c.code, "wikidata": c.wikidata,
                       "summary": c.summary, "role": c.role, "leaders": list(c.leaders),
                       "page": page("country", c.slug), "facts": facts_of.get(c.slug, [])} for c in site.countries],
        "people": [{"slug": p.slug, "name": p.name, "country": p.country, "wikidata": p.wikidata,
                    "role": p.role, "summary": p.summary, "page": page("person", p.slug),
                    "facts": facts_of.get(p.slug, [])} for p in site.people],
        "events": [{"slug": e.slug, "title": e.title, "date": e.date, "countries": list(e.countries),
                    "summary": e.summary, "page": page("event", e.slug), "citation": f"{e.slug}/event"}
                   for e in site.events],
        "notes": [{"slug": n.slug, "title": n.title, "date": n.date, "countries": list(n.countries),
                   "people": list(n.people), "links": list(n.links), "page": page("note", n.slug)}
                  for n in site.notes],
        "relations": [{"id": i["id"], "from": i["slug"], "to": i["other"], "kind": i["relation"],
                       "summary": i["claim"]} for i in items if i["what"] == "relation"],
        "citations": [{"id": i["id"], "of": i["what"], "about": {"kind": i["kind"], "slug": i["slug"]},
                       "claim": i["claim"], **({"topic": i["topic"]} if i.get("topic") else {}),
                       "quote": i["quote"], "source": i["source"], "sentences": i["sentences"],
                       "passages": [{"start": p.start, "end": p.end, "sentences": list(p.sentences)}
                                    for p in i["passages"]],
                       "annotation": at(ANNOTATIONS) + "#" + i["id"]} for i in items],
    }
    return dumps(data, 2)


def annotations(lk: Linked, base_url: str | None, items: list[dict] | None = None) -> bytes:
    """Every fact, relation and event as an annotation, in one AnnotationCollection."""
    site = lk.site
    at = lambda path: _address(base_url, path)  # noqa: E731
    sources = {s.slug: s for s in site.sources}
    own = at(ANNOTATIONS)
    made = []
    for item in citations(lk) if items is None else items:
        source = sources[item["source"]]
        original = source.url or at(urls.page("source", source.slug))
        body = [{"type": "TextualBody", "value": item["claim"], "format": "text/plain",
                 "language": site.language, "purpose": "describing"},
                {"id": at(urls.page(item["kind"], item["slug"])), "type": "Text", "format": "text/html",
                 "purpose": "linking"}]
        if item.get("topic"):
            body.append({"type": "TextualBody", "value": item["topic"], "purpose": "tagging"})
        if item.get("relation"):
            body.append({"type": "TextualBody", "value": item["relation"], "purpose": "classifying"})
        targets = [{
            "type": "SpecificResource",
            "source": original,
            "selector": [
                {"type": "TextQuoteSelector", "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix},
                {"type": "TextPositionSelector", "start": p.start, "end": p.end},
            ],
            # The positions count characters of the text as stored, published here.
            "state": {"type": "TimeState", "cached": at(text_file(source.slug))},
            "scope": [at(urls.page("source", source.slug)) + "#" + sid for sid in p.sentences],
        } for p in item["passages"]]
        made.append({"id": own + "#" + item["id"], "type": "Annotation", "motivation": "describing",
                      "body": body, "target": targets[0] if len(targets) == 1 else targets})
    collection = {
        "@context": ANNO_CONTEXT,
        "id": own,
        "type": "AnnotationCollection",
        "label": f"{site.title}: every fact and the words of the source it rests on",
        "total": len(made),
        "first": {"id": own + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": made},
    }
    return dumps(collection, 3)


def outputs(lk: Linked, base_url: str | None) -> list[Output]:
    """The data files, each made when it is rendered (what it reads of `lk` is then recorded,
    like a page's), so that an edit makes again only the files that read what changed."""
    made = [Output(BRIEFING, make=lambda: briefing(lk, base_url, citations(lk))),
            Output(ANNOTATIONS, make=lambda: annotations(lk, base_url, citations(lk))),
            Output(SCHEMA_FILE, data=SCHEMA.read_bytes())]
    made += [Output(text_file(s.slug), make=functools.partial(source_text, lk, s.slug)) for s in lk.site.sources]
    return made
