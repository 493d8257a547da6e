"""briefing.json: the whole briefing as data, valid against the schema the package ships."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.output.data import SCHEMA


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_briefing_json_validates_against_the_shipped_schema(briefing, validator):
    data = briefing.json("briefing.json")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    # The schema is published beside the data, and named by it.
    assert briefing.json(briefing.local(data["$schema"])) == json.loads(SCHEMA.read_text())


def test_the_schema_refuses_what_is_not_a_briefing(harbour, validator):
    data = harbour.json("briefing.json")
    data["countries"][0]["wikidata"] = "298"
    del data["citations"][0]["passages"]
    data["extra"] = True
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert messages == ["'298' does not match '^Q[1-9][0-9]*$'",
                        "'passages' is a required property",
                        "Additional properties are not allowed ('extra' was unexpected)"]


def test_everything_of_the_briefing_is_there(harbour):
    data = harbour.json("briefing.json")
    assert data["site"] == {
        "title": "Arica port briefing",
        "description": "A second, fictional briefing, on a port authority shared by Chile and Peru; the tests check its data files.",
        "language": "en", "base_url": "https://briefings.example.net/arica/", "as_of": "2025-03-05",
        "takeaways": ["[[chile]] and [[peru]] now run the Arica container terminal together."],
        "home": "https://briefings.example.net/arica/",
        "annotations": "https://briefings.example.net/arica/annotations.jsonld"}
    source = data["sources"][0]
    assert {k: source[k] for k in ("slug", "outlet", "url", "published", "offset")} == {
        "slug": "port-authority", "outlet": "Pacific Wire", "url": "https://wire.example.com/2025/03/port-authority",
        "published": "2025-03-04", "offset": 1}
    assert [s["id"] for s in source["sentences"]] == [f"s{i}" for i in range(1, 9)]
    body = harbour.body("port-authority")
    assert [body[s["start"]:s["end"]] for s in source["sentences"]] == [s["text"] for s in source["sentences"]]
    assert [(c["slug"], c["wikidata"], c["facts"]) for c in data["countries"]] == [
        ("bolivia", "Q750", []), ("chile", "Q298", ["chile/fact-1", "chile/fact-2", "chile/fact-3"]),
        ("peru", "Q419", ["peru/fact-1", "peru/fact-2"])]
    assert [(p["slug"], p["country"], p["wikidata"]) for p in data["people"]] == [
        ("ana-ruiz", "chile", None), ("elena-quispe", "peru", None)]
    assert data["events"][0]["page"] == "https://briefings.example.net/arica/timeline/#port-authority-opened"
    assert data["notes"] == [{"slug": "who-is-left-out", "title": "Who is left out", "date": "2025-03-05",
                              "countries": ["bolivia"], "people": [], "links": ["bolivia", "chile", "peru"],
                              "page": "https://briefings.example.net/arica/notes/who-is-left-out/"}]
    assert [(r["from"], r["to"], r["kind"]) for r in data["relations"]] == [
        ("chile", "peru", "partner"), ("chile", "bolivia", "rival")]
    ids = [c["id"] for c in data["citations"]]
    assert len(ids) == len(set(ids)) == 10
    assert next(c for c in data["citations"] if c["id"] == "chile/fact-1")["topic"] == "trade"


def test_the_seed_briefing_without_a_base_url_links_from_the_site_root(seed):
    data = seed.json("briefing.json")
    assert data["site"]["home"] == "./" and data["site"]["base_url"] is None
    assert data["countries"][0]["page"] == "countries/china/"
    assert data["sources"][0]["text"] == "sources/victory-day-parade/text.txt"
