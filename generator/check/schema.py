"""Field rules for each kind of document, and the checker that applies them.

`check()` returns the document's values cleaned to Python types, plus every issue found,
each pointing at the offending key or value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

import pycountry

from ..errors import Issue
from .loader import Document, KeyPath
from ..model import MARKDOWN_EXTENSIONS, RELATION_KINDS
from ..text import is_slug, slugify


@dataclass(frozen=True)
class F:
    """One field: its type, whether it must be there, and (for `enum`) its choices."""

    type: str
    required: bool = False
    choices: tuple[str, ...] = ()


CITATION = {"source": F("slug"), "quote": F("text", True)}
# `quote` is required unless `citations` is given: see t_facts.
FACT = {"claim": F("text", True), "quote": F("text"), "source": F("slug"), "topic": F("text"),
        "citations": F("citations"), "draft": F("bool")}
RELATION = {"with": F("slug", True), "kind": F("enum", True, RELATION_KINDS), "summary": F("text"),
            "quote": F("text", True), "source": F("slug")}
DRAFT = {"draft": F("bool")}
BOOK = {"notes": F("count")}

SPECS: dict[str, dict[str, F]] = {
    "site": {"title": F("text", True), "description": F("text"), "language": F("language"),
             "base_url": F("url"), "as_of": F("date"), "takeaways": F("texts"), "search": F("bool"),
             "map": F("bool"), "markdown_extensions": F("extensions"), "book": F("book")},
    "source": {"title": F("text", True), "outlet": F("text"), "url": F("url"),
               "published": F("date"), **DRAFT},
    "country": {"name": F("text", True), "code": F("code", True), "summary": F("text"),
                "role": F("text"), "leaders": F("slugs"), "facts": F("facts"),
                "relations": F("relations"), "wikidata": F("wikidata"), **DRAFT},
    "person": {"name": F("text", True), "country": F("slug"), "role": F("text"),
               "summary": F("text"), "facts": F("facts"), "wikidata": F("wikidata"), **DRAFT},
    "event": {"title": F("text", True), "date": F("date", True), "countries": F("slugs"),
              "summary": F("text"), "quote": F("text", True), "source": F("slug"), **DRAFT},
    "note": {"title": F("text", True), "countries": F("slugs"), "people": F("slugs"),
             "date": F("date"), **DRAFT},
}

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?\Z")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*\Z")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*\Z")


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing"


def label(path: KeyPath) -> str:
    """`("facts", 2, "quote")` as `facts[2].quote`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class Checker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.issues: list[Issue] = []

    def fail(self, path: KeyPath, message: str, hint: str = "", at_key: bool = False) -> None:
        pos = self.doc.key_pos(path) if at_key else self.doc.pos(path)
        self.issues.append(Issue(pos, f"{label(path)}: {message}" if path else message, hint))

    def mapping(self, value: Any, spec: dict[str, F], path: KeyPath) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, found {describe(value)}", "write 'key: value' lines")
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in spec:
                close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.65)
                hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(spec)
                self.fail(path + (key,), "unknown key", hint, at_key=True)
                continue
            if item is None or item == "" and not spec[key].required and spec[key].type != "slug":
                continue  # an empty optional value is the same as leaving it out (not a reference: see t_slug)
            cleaned = self.value(item, spec[key], path + (key,))
            if cleaned is not None:
                out[key] = cleaned
        for key, field in spec.items():
            if field.required and key not in value:
                hint = "add 'quote: ...' with the exact words of the source" if key == "quote" else f"add '{key}: ...'"
                self.fail(path, f"missing required key '{key}'", hint)
            elif field.required and (value.get(key) is None or str(value.get(key)).strip() == ""):
                self.fail(path + (key,), "must not be empty", f"write a value for '{key}'")
        return out

    def value(self, value: Any, field: F, path: KeyPath) -> Any:
        check = getattr(self, "t_" + field.type.replace("-", "_"))
        return check(value, field, path)

    def t_text(self, value: Any, field: F, path: KeyPath) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(path, f"expected text, found {describe(value)}",
                      "put the text in quotes" if isinstance(value, bool) else "write it as one line of text")
            return None
        return str(value).strip()

    def t_texts(self, value: Any, field: F, path: KeyPath) -> tuple[str, ...] | None:
        return self.listing(value, path, lambda v, p: self.t_text(v, field, p), "- one line per item")

    def t_extensions(self, value: Any, field: F, path: KeyPath) -> tuple[tuple[str, str], ...] | None:
        return self.listing(value, path, self._extension, "- name, or - name: {option: value}")

    def _extension(self, value: Any, path: KeyPath) -> tuple[str, str] | None:
        """A Markdown extension by its registered name, with options it accepts, as MkDocs
        takes them; what it writes still goes through the sanitizer."""
        name, options, at = value, {}, path
        if isinstance(value, dict) and len(value) == 1:
            (name, options), = value.items()
            at, options = path + (name,), {} if options is None else options
        if not isinstance(name, str) or not isinstance(options, dict):
            self.fail(path, f"expected an extension's name, found {describe(value)}",
                      "write '- name' or '- name: {option: value}'")
            return None
        if name in MARKDOWN_EXTENSIONS or name == "extra":
            self.fail(path, f"'{name}' is always on", "remove it from the list")
            return None
        known = _markdown_extensions()
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            self.fail(path, f"unknown Markdown extension '{name}'",
                      f"did you mean '{close[0]}'?" if close else "installed: " + ", ".join(known))
            return None
        import markdown

        try:
            markdown.Markdown(extensions=[name], extension_configs={name: options})
        except KeyError as exc:
            self.fail(at, f"Markdown extension '{name}' has no option {exc}", "check the extension's documentation")
            return None
        except Exception as exc:  # the extension's own complaint about an option's value
            self.fail(at, f"Markdown extension '{name}': {exc}", "check the extension's documentation")
            return None
        return name, json.dumps(options, sort_keys=True, default=str)

    def t_book(self, value: Any, field: F, path: KeyPath) -> dict | None:
        """`book: false`, `book: true` or the book's options, e.g. `book: {notes: 50}`."""
        if isinstance(value, bool):
            return {"enabled": value}
        if isinstance(value, dict):
            options = self.mapping(value, BOOK, path)
            return None if options is None else {"enabled": True, **options}
        self.fail(path, f"expected true, false or options, found {describe(value)}",
                  "write 'book: false' to leave the PDF out, or options such as 'book: {notes: 50}'")
        return None

    def t_count(self, value: Any, field: F, path: KeyPath) -> int | str | None:
        if value == "all" or isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        found = str(value) if isinstance(value, int) and not isinstance(value, bool) else describe(value)
        self.fail(path, f"expected a whole number of 0 or more, or 'all', found {found}",
                  "write a number such as 50, or all")
        return None

    def t_bool(self, value: Any, field: F, path: KeyPath) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, found {describe(value)}", "write true or false")
            return None
        return value

    def t_slug(self, value: Any, field: F, path: KeyPath) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"expected a slug, found {describe(value)}", "write the file name without its extension")
            return None
        if value == "":  # `country: ""` names nothing: a reference left half-written
            self.fail(path, "empty", "write the slug it names, or remove the line")
            return None
        if not is_slug(value):
            self.fail(path, f"'{value}' is not a valid slug",
                      f"use lowercase letters, digits and hyphens, e.g. '{slugify(value) or 'my-slug'}'")
            return None
        return value

    def t_slugs(self, value: Any, field: F, path: KeyPath) -> tuple[str, ...] | None:
        return self.listing(value, path, lambda v, p: self.t_slug(v, field, p), "[slug-one, slug-two]")

    def listing(self, value: Any, path: KeyPath, each, example: str) -> tuple | None:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {describe(value)}", f"write it as a list: {example}")
            return None
        items = [each(v, path + (i,)) for i, v in enumerate(value)]
        return tuple(i for i in items if i is not None)

    def t_enum(self, value: Any, field: F, path: KeyPath) -> str | None:
        if value not in field.choices:
            close = difflib.get_close_matches(str(value), field.choices, n=1, cutoff=0.5)
            hint = (f"did you mean '{close[0]}'? " if close else "") + "use one of: " + ", ".join(field.choices)
            self.fail(path, f"'{value}' is not an allowed value", hint)
            return None
        return value

    def t_date(self, value: Any, field: F, path: KeyPath) -> str | None:
        text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
        if text is not None and _DATE.match(text):
            try:
                dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text[:10])
                return text
            except ValueError:
                self.fail(path, f"'{value}' is not a date that exists", "check the month and the day")
                return None
        self.fail(path, f"'{value}' is not an ISO 8601 date", "use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2017-09-03")
        return None

    def t_url(self, value: Any, field: F, path: KeyPath) -> str | None:
        if not isinstance(value, str) or not re.match(r"https?://[^\s/$.?#][^\s]*\Z", value):
            self.fail(path, f"'{value}' is not a web address", "write a full address starting with https://")
            return None
        return value

    def t_language(self, value: Any, field: F, path: KeyPath) -> str | None:
        if not isinstance(value, str) or not _LANGUAGE.match(value):
            self.fail(path, f"'{value}' is not a language tag", "use a BCP 47 tag such as en, fr or pt-BR")
            return None
        return value

    def t_wikidata(self, value: Any, field: F, path: KeyPath) -> str | None:
        if isinstance(value, str) and _WIKIDATA.match(value):
            return value
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        # An item's address pasted whole (https://www.wikidata.org/wiki/Q148) names its id.
        named = re.search(r"(?:\A|/)[Qq]?([1-9][0-9]*)/?\Z", text)
        item = f"Q{named.group(1)}" if named else None
        if item and re.fullmatch(r"[Qq]?[1-9][0-9]*", text):
            hint = f"write it as '{item}'"
        elif item:
            hint = f"write the id alone: '{item}'"
        else:
            hint = "write the item's Q number, as at the end of its wikidata.org address, e.g. Q148"
        self.fail(path, f"'{value}' is not a Wikidata item id", hint)
        return None

    def t_code(self, value: Any, field: F, path: KeyPath) -> str | None:
        if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) and pycountry.countries.get(alpha_2=value):
            return value
        hint = "use the ISO 3166-1 alpha-2 code"
        guess = self.code_for(self.doc.data.get("name"))
        if isinstance(value, bool):  # YAML reads a bare NO (Norway) as false
            self.fail(path, f"expected a two-letter country code, found {describe(value)}",
                      f"put the code in quotes: code: \"{guess or 'NO'}\"")
            return None
        if isinstance(value, str) and value.upper() != value and pycountry.countries.get(alpha_2=value.upper() or "??"):
            hint = f"write it in capitals: '{value.upper()}'"
        elif guess:
            hint += f"; for {self.doc.data.get('name')} that is '{guess}'"
        self.fail(path, f"'{value}' is not an ISO 3166-1 alpha-2 country code", hint)
        return None

    @staticmethod
    def code_for(name: Any) -> str | None:
        if not isinstance(name, str) or not name:
            return None
        # Only a name ISO knows as such: a fuzzy search offers a code for any word at all.
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            pass
        try:
            matches = pycountry.countries.search_fuzzy(name) if len(name) > 3 else []
        except LookupError:
            return None
        if len(matches) == 1 and name.lower() in (getattr(matches[0], "common_name", "") or matches[0].name).lower():
            return matches[0].alpha_2
        return None

    def t_facts(self, value: Any, field: F, path: KeyPath) -> tuple | None:
        return self.listing(value, path, self.fact, "- claim: ...")

    def fact(self, value: Any, path: KeyPath) -> dict[str, Any] | None:
        """A fact cites one quote (`quote`, `source`) or several (`citations`), not both.
        A fact marked `draft: true` is work in progress, as a draft sheet is: not checked,
        only its claim kept for `briefing check` to list."""
        if isinstance(value, dict) and value.get("draft") is True:
            claim = value.get("claim")
            return {"draft": True, "claim": " ".join(claim.split()) if isinstance(claim, str) else ""}
        out = self.mapping(value, FACT, path)
        if out is None:
            return None
        given = [k for k in ("quote", "citations") if k in value]
        if given == ["quote", "citations"]:
            self.fail(path + ("citations",), "a fact has 'quote' and 'citations'",
                      "move the quote into the list of citations, or drop the list", at_key=True)
        elif "source" in value and given == ["citations"]:
            self.fail(path + ("source",), "'source' beside 'citations' names nothing",
                      "give each citation its own 'source:'", at_key=True)
        elif not given:
            self.fail(path, "missing required key 'quote'", "add 'quote: ...' with the exact words of the source")
        elif value.get(given[0]) in (None, "", []):
            self.fail(path + (given[0],), "must not be empty", f"write a value for '{given[0]}'")
        return out

    def t_citations(self, value: Any, field: F, path: KeyPath) -> tuple | None:
        return self.listing(value, path, lambda v, p: self.mapping(v, CITATION, p), "- source: ...\n  quote: ...")

    def t_relations(self, value: Any, field: F, path: KeyPath) -> tuple | None:
        return self.listing(value, path, lambda v, p: self.mapping(v, RELATION, p), "- with: ...")


def check(doc: Document) -> tuple[dict[str, Any] | None, list[Issue]]:
    checker = Checker(doc)
    cleaned = checker.mapping(doc.data, SPECS[doc.kind], ())
    return cleaned, checker.issues


def _markdown_extensions() -> list[str]:
    """The extensions installed under their registered names, ours (always on) left out."""
    from importlib.metadata import entry_points

    names = {e.name for e in entry_points(group="markdown.extensions")}
    return sorted(names - set(MARKDOWN_EXTENSIONS) - {"extra"})
