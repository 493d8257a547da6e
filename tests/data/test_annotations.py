"""annotations.jsonld: every fact, relation and event as a W3C Web Annotation whose
selectors find the quoted words in the source as stored, and agree with the pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

from anchorpoint.textselectors import TextQuoteSelector
from conftest import expand

from generator.text import normalize

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


def annotations(b) -> list[dict]:
    return b.json("annotations.jsonld")["first"]["items"]


def targets(a: dict) -> list[dict]:
    return a["target"] if isinstance(a["target"], list) else [a["target"]]


def selector(target: dict, kind: str) -> dict:
    return next(s for s in target["selector"] if s["type"] == kind)


def test_the_collection_expands_with_the_annotation_context(briefing):
    doc = briefing.json("annotations.jsonld")
    expanded = expand(doc, briefing.base)
    collection = next(n for n in expanded if n.get("@id") == briefing.base + "annotations.jsonld")
    assert collection["@type"] == [AS + "OrderedCollection"]
    assert collection[AS + "totalItems"][0]["@value"] == len(annotations(briefing)) > 0
    page = collection[AS + "first"][0]
    items = page[AS + "items"][0]["@list"]
    assert len(items) == len(annotations(briefing))
    for item in items:
        assert item["@type"] == [OA + "Annotation"]
        assert item[OA + "motivatedBy"] == [{"@id": OA + "describing"}]
        bodies = item[OA + "hasBody"]
        assert OA + "TextualBody" in bodies[0]["@type"]
        for target in item[OA + "hasTarget"]:
            assert target["@type"] == [OA + "SpecificResource"]
            kinds = sorted(t for s in target[OA + "hasSelector"] for t in s["@type"])
            assert kinds == [OA + "TextPositionSelector", OA + "TextQuoteSelector"]
            assert target[OA + "hasState"][0]["@type"] == [OA + "TimeState"]


def test_every_selector_finds_the_quoted_passage_in_the_body_as_stored(briefing):
    citations = {c["id"]: c for c in briefing.json("briefing.json")["citations"]}
    checked = 0
    for a in annotations(briefing):
        cited = citations[a["id"].rsplit("#", 1)[1]]
        for t in targets(a):
            body = briefing.body(cited["source"])
            # The published copy is the body as stored: the offsets index both.
            assert briefing.read(briefing.local(t["state"]["cached"])) == body
            quote, position = selector(t, "TextQuoteSelector"), selector(t, "TextPositionSelector")
            exact = body[position["start"]:position["end"]]
            assert exact == quote["exact"]
            # The source's own characters; the sheet's quote matches them once normalized.
            assert normalize(exact) == normalize(cited["quote"])
            assert quote["prefix"] + exact + quote["suffix"] in body
            assert body[:position["start"]].endswith(quote["prefix"])
            assert body[position["end"]:].startswith(quote["suffix"])
            assert 0 < len(quote["prefix"]) <= 32 or position["start"] == len(quote["prefix"])
            # A maintained library anchors the quote selector to the same place.
            found = TextQuoteSelector(**{k: quote[k] for k in ("exact", "prefix", "suffix")}).as_position(body)
            assert (found.start, found.end) == (position["start"], position["end"])
            checked += 1
    assert checked >= len(citations)


def sentence_ids(target: dict) -> list[str]:
    return [scope.rsplit("#", 1)[1] for scope in target["scope"]]


def test_the_sentences_of_each_annotation_are_those_its_fact_cites(briefing):
    linked = {c["id"]: c for c in briefing.json("briefing.json")["citations"]}
    for a in annotations(briefing):
        cited = linked[a["id"].rsplit("#", 1)[1]]
        ids = [sid for t in targets(a) for sid in sentence_ids(t)]
        assert sorted(set(ids), key=lambda s: int(s[1:])) == cited["sentences"]


class _Citers(HTMLParser):
    """On a source page: each sentence id and the (page, claim) pairs its citers name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.citers: dict[str, set[tuple[str, str]]] = {}
        self._sentence: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "sentence" in (a.get("class") or "").split():
            self._sentence = a["id"]
            self.citers[self._sentence] = set()
        elif tag == "a" and self._sentence and a.get("title"):
            for claim in a["title"].split(" · "):
                self.citers[self._sentence].add((a["href"], claim))


def test_the_source_pages_name_the_same_citers_for_each_sentence(briefing):
    data = briefing.json("briefing.json")
    pages = {}
    for source in data["sources"]:
        parser = _Citers()
        parser.feed(briefing.read(briefing.local(source["page"]) + "index.html"))
        pages[source["slug"]] = parser.citers
    for a in annotations(briefing):
        claim = a["body"][0]["value"]
        page = briefing.local(a["body"][1]["id"])
        for t in targets(a):
            source = briefing.local(t["scope"][0]).split("#")[0].split("/")[1]
            for sid in sentence_ids(t):
                shown = {(href.replace("../../", ""), c) for href, c in pages[source][sid]}
                assert (page, claim) in shown, (a["id"], sid)


def test_a_source_with_an_address_is_named_by_the_target_and_linked_by_text_fragments(harbour):
    url = "https://wire.example.com/2025/03/port-authority"
    assert {t["source"] for a in annotations(harbour) for t in targets(a)} == {url}
    page = harbour.read("sources/port-authority/index.html")
    sentences = {s["id"]: s["text"] for s in harbour.json("briefing.json")["sources"][0]["sentences"]}
    fragments = dict(re.findall(r'id="(s\d+)"><a class="sid".*?<a class="original" href="([^"]+)"', page, re.S))
    assert set(fragments) == set(sentences)
    for sid, href in fragments.items():
        address, directive = href.replace("&amp;", "&").split("#:~:text=")
        assert address == url
        words = sentences[sid].split()
        spaced = " ".join(words)  # a browser matches the rendered text: spaces collapsed
        parts = [unquote(p) for p in directive.split(",")]
        if len(parts) == 1:
            assert parts == [spaced]
        else:  # a long sentence: its first and last words
            assert spaced.startswith(parts[0]) and spaced.endswith(parts[1]) and len(words) > 10


def test_a_source_without_an_address_is_named_by_its_page(seed):
    assert {t["source"] for a in annotations(seed) for t in targets(a)} == {"sources/victory-day-parade/"}


def by_id(b, item: str) -> dict:
    return next(a for a in annotations(b) if a["id"].endswith("#" + item))


def test_a_quote_found_twice_has_a_target_for_each_passage(harbour):
    found = targets(by_id(harbour, "chile/fact-2"))
    assert [sentence_ids(t) for t in found] == [["s2"], ["s8"]]
    # The first passage has three spaces where the quote has one: exact keeps the source's.
    assert selector(found[0], "TextQuoteSelector")["exact"] == "will run the   harbour’s container terminal for ten years"


def test_quotes_across_sentences_lines_and_dashes(harbour):
    across = targets(by_id(harbour, "chile/fact-1"))[0]
    assert sentence_ids(across) == ["s1", "s2"]
    broken = selector(targets(by_id(harbour, "peru/fact-1"))[0], "TextQuoteSelector")["exact"]
    assert broken == "said the terminal\nwould double its traffic by 2030"
    dashes = selector(targets(by_id(harbour, "peru/fact-2"))[0], "TextQuoteSelector")["exact"]
    assert dashes == "the pact — the first of its kind — took two years to negotiate"


def test_offsets_count_the_blank_line_before_the_text(harbour):
    first = selector(targets(by_id(harbour, "port-authority-opened/event"))[0], "TextPositionSelector")
    assert first == {"type": "TextPositionSelector", "start": 1, "end": 65}
    assert harbour.body("port-authority")[0] == "\n"


def test_relations_and_events_are_annotated_with_their_pages(harbour):
    relation = by_id(harbour, "chile/relation-2")
    assert relation["body"][0]["value"] == "Chile: rival of Bolivia"
    assert relation["body"][1]["id"] == harbour.base + "countries/chile/"
    assert relation["body"][2] == {"type": "TextualBody", "value": "rival", "purpose": "classifying"}
    event = by_id(harbour, "port-authority-opened/event")
    assert event["body"][1]["id"] == harbour.base + "timeline/#port-authority-opened"
