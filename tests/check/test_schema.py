"""generator.check.schema: field rules per kind, every issue located and worded to be acted on."""

from __future__ import annotations

import pytest

from generator.check.loader import Document, parse_yaml
from generator.check.schema import SPECS, check, describe, label

PATHS = {"site": "content/site.yaml", "country": "content/countries/china.yaml",
         "person": "content/people/xi.yaml", "event": "content/events/e.yaml",
         "note": "content/notes/n.md", "source": "content/sources/s.md"}
VALID = {
    "site": "title: T\n",
    "country": "name: China\ncode: CN\n",
    "person": "name: Xi Jinping\n",
    "event": "title: E\ndate: 2017\nquote: Q\n",
    "note": "title: N\n",
    "source": "title: S\n",
}


def document(kind: str, text: str) -> Document:
    path = PATHS[kind]
    data, positions, keys, issues = parse_yaml(text, path)
    assert issues == []
    return Document(kind, path.rsplit("/", 1)[1].split(".")[0], path, data, positions, keys)


def errors(kind: str, text: str) -> list[str]:
    return [str(i) for i in check(document(kind, text))[1]]


def cleaned(kind: str, text: str) -> dict:
    values, issues = check(document(kind, text))
    assert issues == []
    return values


# --- helpers ---------------------------------------------------------------------------

def test_label() -> None:
    assert label(("facts", 2, "quote")) == "facts[2].quote"
    assert label(("leaders", 0)) == "leaders[0]"
    assert label(()) == ""


@pytest.mark.parametrize("value, text", [
    (True, "true/false"), (3, "a number"), (1.5, "a number"), ("x", "text"), ([], "a list"), ({}, "a mapping"),
    (None, "nothing")])
def test_describe(value: object, text: str) -> None:
    assert describe(value) == text


# --- valid documents -------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(VALID))
def test_the_smallest_valid_document_of_each_kind(kind: str) -> None:
    assert errors(kind, VALID[kind]) == []


def test_values_are_cleaned_to_python_types() -> None:
    values = cleaned("country", "name: ' China '\ncode: CN\nleaders: [xi]\nfacts:\n  - claim: C\n    quote: Q\n")
    assert values == {"name": "China", "code": "CN", "leaders": ("xi",),
                      "facts": ({"claim": "C", "quote": "Q"},)}


def test_an_empty_optional_value_is_the_same_as_leaving_it_out() -> None:
    assert cleaned("country", "name: China\ncode: CN\nrole:\nsummary: ''\n") == {"name": "China", "code": "CN"}


def test_numbers_are_accepted_as_text() -> None:
    assert cleaned("event", "title: 1989\ndate: 1989\nquote: 42\n") == {"title": "1989", "date": "1989", "quote": "42"}


def test_every_kind_accepts_draft_but_the_site() -> None:
    assert {k for k, spec in SPECS.items() if "draft" in spec} == {"source", "country", "person", "event", "note"}


# --- errors ----------------------------------------------------------------------------

def test_every_error_of_a_document_is_reported_together() -> None:
    text = ("name: China\ncode: CN\nrol: Host\nleaders: xi\nfacts:\n  - claim: A\n    quote: B\n"
            "  - claim: C\n    quote: D\n  - claim: E\n    quote: [F]\n")
    assert errors("country", text) == [
        "content/countries/china.yaml:3:1: rol: unknown key; did you mean 'role'?",
        "content/countries/china.yaml:4:10: leaders: expected a list, found text; "
        "write it as a list: [slug-one, slug-two]",
        "content/countries/china.yaml:11:12: facts[2].quote: expected text, found a list; write it as one line of text",
    ]


@pytest.mark.parametrize("text, message", [
    ("name: China\ncode: CN\nrol: Host\n", "3:1: rol: unknown key; did you mean 'role'?"),
    ("name: China\ncode: CN\nsumary: S\n", "3:1: sumary: unknown key; did you mean 'summary'?"),
    ("name: China\ncode: CN\npopulation: 1400000000\n",
     "3:1: population: unknown key; allowed keys: name, code, summary, role, leaders, facts, relations, wikidata, draft"),
    ("name: China\ncode: CN\nfacts:\n  - claim: C\n    quote: Q\n    topik: t\n",
     "6:5: facts[0].topik: unknown key; did you mean 'topic'?"),
])
def test_unknown_keys_point_at_the_key_and_suggest_the_closest(text: str, message: str) -> None:
    assert errors("country", text) == [f"content/countries/china.yaml:{message}"]


def test_missing_and_empty_required_keys() -> None:
    assert errors("event", "date: 2017\nquote: ' '\n") == [
        "content/events/e.yaml:1:1: missing required key 'title'; add 'title: ...'",
        "content/events/e.yaml:2:8: quote: must not be empty; write a value for 'quote'",
    ]


def test_a_fact_without_a_quote_says_what_a_quote_is() -> None:
    assert errors("person", "name: P\nfacts:\n  - claim: C\n") == [
        "content/people/xi.yaml:3:5: facts[0]: missing required key 'quote'; "
        "add 'quote: ...' with the exact words of the source"]


@pytest.mark.parametrize("value, message", [
    ("yes", "expected text, found true/false; put the text in quotes"),
    ("[a]", "expected text, found a list; write it as one line of text"),
    ("{a: b}", "expected text, found a mapping; write it as one line of text"),
])
def test_text_fields(value: str, message: str) -> None:
    assert errors("person", f"name: P\nrole: {value}\n") == [f"content/people/xi.yaml:2:7: role: {message}"]


def test_list_items_and_mappings_inside_lists() -> None:
    assert errors("country", "name: C\ncode: CN\nfacts:\n  - just text\n  -\n") == [
        "content/countries/china.yaml:4:5: facts[0]: expected a mapping, found text; write 'key: value' lines",
        "content/countries/china.yaml:5:4: facts[1]: expected a mapping, found nothing; write 'key: value' lines",
    ]


@pytest.mark.parametrize("value, message", [
    ("'Xi Jinping'", "'Xi Jinping' is not a valid slug; use lowercase letters, digits and hyphens, e.g. 'xi-jinping'"),
    ("3", "expected a slug, found a number; write the file name without its extension"),
    ("'!!'", "'!!' is not a valid slug; use lowercase letters, digits and hyphens, e.g. 'my-slug'"),
])
def test_slugs(value: str, message: str) -> None:
    assert errors("person", f"name: P\ncountry: {value}\n") == [f"content/people/xi.yaml:2:10: country: {message}"]


def test_relation_kinds() -> None:
    text = ("name: C\ncode: CN\nrelations:\n  - with: ru\n    kind: allied\n    quote: Q\n"
            "  - with: jp\n    kind: foe\n    quote: Q\n")
    choices = "use one of: ally, partner, neutral, rival, adversary, at-war"
    assert errors("country", text) == [
        f"content/countries/china.yaml:5:11: relations[0].kind: 'allied' is not an allowed value; "
        f"did you mean 'ally'? {choices}",
        f"content/countries/china.yaml:8:11: relations[1].kind: 'foe' is not an allowed value; {choices}",
    ]


@pytest.mark.parametrize("value", ["2017", "2017-09", "2017-09-03", "2017-09-03T10:00:00Z", "2017-09-03 10:00"])
def test_valid_dates(value: str) -> None:
    assert cleaned("event", f"title: E\ndate: {value}\nquote: Q\n")["date"] == value


@pytest.mark.parametrize("value", ["03/09/2017", "17", "2017-9-3", "September 2017", "2017.5", "99999", "true"])
def test_dates_that_are_not_iso_8601(value: str) -> None:
    assert errors("event", f"title: E\ndate: {value}\nquote: Q\n") == [
        f"content/events/e.yaml:2:7: date: '{value.replace('true', 'True')}' is not an ISO 8601 date; "
        "use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2017-09-03"]


@pytest.mark.parametrize("value", ["2017-02-30", "2017-13", "0000"])
def test_dates_that_do_not_exist(value: str) -> None:
    assert errors("event", f"title: E\ndate: '{value}'\nquote: Q\n") == [
        f"content/events/e.yaml:2:7: date: '{value}' is not a date that exists; check the month and the day"]


@pytest.mark.parametrize("text, message", [
    ("name: China\ncode: XX\n",
     "'XX' is not an ISO 3166-1 alpha-2 country code; use the ISO 3166-1 alpha-2 code; for China that is 'CN'"),
    ("name: China\ncode: cn\n", "'cn' is not an ISO 3166-1 alpha-2 country code; write it in capitals: 'CN'"),
    ("name: Nowhere Land\ncode: CHN\n",
     "'CHN' is not an ISO 3166-1 alpha-2 country code; use the ISO 3166-1 alpha-2 code"),
    ("name: Norway\ncode: NO\n",
     "expected a two-letter country code, found true/false; put the code in quotes: code: \"NO\""),
])
def test_country_codes_are_checked_against_iso_data(text: str, message: str) -> None:
    assert errors("country", text) == [f"content/countries/china.yaml:2:7: code: {message}"]


def test_a_quoted_no_is_norway() -> None:
    assert cleaned("country", "name: Norway\ncode: 'NO'\n")["code"] == "NO"


@pytest.mark.parametrize("text, message", [
    ("base_url: example.com\n", "base_url: 'example.com' is not a web address; write a full address starting with https://"),
    ("base_url: ftp://example.com/\n",
     "base_url: 'ftp://example.com/' is not a web address; write a full address starting with https://"),
    ("language: English!\n", "language: 'English!' is not a language tag; use a BCP 47 tag such as en, fr or pt-BR"),
    ("search: 'no'\n", "search: expected true or false, found text; write true or false"),
    ("takeaways: one\n", "takeaways: expected a list, found text; write it as a list: - one line per item"),
])
def test_site_fields(text: str, message: str) -> None:
    assert errors("site", "title: T\n" + text) == [f"content/site.yaml:2:{message.index(':') + 3}: {message}"]


def test_site_values() -> None:
    values = cleaned("site", "title: T\nbase_url: https://example.org/briefing\nlanguage: pt-BR\nsearch: false\n"
                             "takeaways: [One, Two]\nas_of: 2025-09-02\n")
    assert values == {"title": "T", "base_url": "https://example.org/briefing", "language": "pt-BR",
                      "search": False, "takeaways": ("One", "Two"), "as_of": "2025-09-02"}


def test_a_document_that_is_not_a_mapping() -> None:
    doc = document("note", "title: N\n")
    doc = Document(doc.kind, doc.slug, doc.path, [1, 2], doc.positions, doc.key_positions)  # type: ignore[arg-type]
    assert [str(i) for i in check(doc)[1]] == [
        "content/notes/n.md:1:1: expected a mapping, found a list; write 'key: value' lines"]


def test_code_hint_names_a_code_only_for_a_name_iso_knows() -> None:
    """A made-up or one-letter name gets no guessed code: a wrong hint is worse than none."""
    from generator.check.schema import Checker

    assert Checker.code_for("North Korea") == "KP"
    assert Checker.code_for("Vietnam") == "VN"
    assert Checker.code_for("Y") is None
    assert Checker.code_for("Narnia") is None


@pytest.mark.parametrize("kind, text", [("country", "name: C\ncode: CN\n"), ("person", "name: P\n")])
def test_a_wikidata_id_is_a_q_number(kind: str, text: str) -> None:
    assert cleaned(kind, text + "wikidata: Q148\n")["wikidata"] == "Q148"


@pytest.mark.parametrize("value, message", [
    ("q148", "'q148' is not a Wikidata item id; write it as 'Q148'"),
    ("148", "'148' is not a Wikidata item id; write it as 'Q148'"),
    ("https://www.wikidata.org/wiki/Q148", "'https://www.wikidata.org/wiki/Q148' is not a Wikidata item id; "
                                           "write the id alone: 'Q148'"),
    ("Q0148", "'Q0148' is not a Wikidata item id; write the item's Q number, as at the end of its "
              "wikidata.org address, e.g. Q148"),
    ("China", "'China' is not a Wikidata item id; write the item's Q number, as at the end of its "
              "wikidata.org address, e.g. Q148"),
])
def test_a_malformed_wikidata_id_says_how_to_write_it(value: str, message: str) -> None:
    assert errors("person", f"name: P\nwikidata: {value}\n") == [f"content/people/xi.yaml:2:11: wikidata: {message}"]
