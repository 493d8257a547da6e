"""Find the countries and people an article mentions, and the sentences that mention them.

Pure functions over text. Countries are found by one longest-match scan over every form in
`geodata.lexicon()`, then judged in context (Georgia the state, "Michael Jordan", weak and
ambiguous forms). People are names introduced by a title ("Foreign Minister Cho Hyun") or
by a country's possessive ("North Korea's Kim Jong Un"); later bare mentions ("Kim",
"Putin", "Von der Leyen") count for the one person whose name holds them (see people.py).
Each step looks at a mention and a few words around it, never at the rest of the text:
the work grows with the text.

Known limits: matching is case-sensitive, so "Turkey" opening a sentence about the bird,
or a country name used alone as a first name ("Jordan said"), reads as the country, and an
all-capitals headline is not read at all; a person named without a title or a country's
possessive ("Kim Yo Jong said") is not found; pronouns ("he") are not followed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as G
from . import namewords as W
from .names import PersonFound, _json
from .people import _find_people, _Match
from ..text import Span, slugify, split_sentences


@dataclass(frozen=True)
class CountryFound:
    slug: str
    name: str
    code: str  # ISO 3166-1 alpha-2
    mentions: tuple[str, ...]  # how the text refers to it, as written: "North Korea’s", "Pyongyang"
    sentences: tuple[str, ...]  # ids of the sentences that mention it: "s1"...
    to_json = _json


@dataclass(frozen=True)
class Detection:
    sentences: tuple[Span, ...]
    countries: tuple[CountryFound, ...]
    people: tuple[PersonFound, ...]

    def to_json(self) -> dict:
        return {"countries": [c.to_json() for c in self.countries], "people": [p.to_json() for p in self.people]}


def _canon(s: str) -> str:
    return re.sub(r"\s+", " ", s).replace("’", "'").translate(str.maketrans("‐‑–", "---"))


def _pattern(form: str) -> str:
    table = {"'": "['’]", "-": "[-‐‑–]", " ": r"\s+"}
    return "".join(table.get(ch, re.escape(ch)) for ch in form)


def _trie(forms: list[str]) -> str:
    """One pattern for all `forms`, shared beginnings written once ("Guinea", "Guinea-Bissau",
    "Guinean"): each position of the text tries a letter or two, not every form in turn.
    A longer form is tried before its prefix, as an alternation sorted by length would."""
    root: dict = {}
    for form in forms:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        kids = [_pattern(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not kids:
            return ""
        body = "|".join(kids)
        if len(kids) > 1 or "" in node:
            body = f"(?:{body})"
        return body + ("?" if "" in node else "")

    return emit(root)


@lru_cache(maxsize=1)
def _scanner() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + _trie(list(G.lexicon()[0])) + r")(['’]s)?(?!\w)")


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_TOWN = re.compile(r",\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
_STATE_AFTER = re.compile(r"\s+(governor|Governor|Gov\.|legislature|General Assembly|"
                          r"Senate|attorney general|secretary of state)(?!\w)")
_COUNTRY_AFTER = re.compile(r"\s+(president|President|prime minister|Prime Minister|"
                            r"parliament|Parliament|foreign minister|ruling party)\b")


def _word_before(text: str, i: int) -> re.Match[str] | None:
    return re.search(r"([A-Z][\w.'’-]*)(,?)[ \t]+\Z", text[max(0, i - 60):i])


def _is_form(word: str, kinds=("name", "demonym", "capital")) -> bool:
    f = G.lexicon()[0].get(_canon(re.sub(r"['’]s\Z", "", word)))
    return bool(f and f.kind in kinds)


def _namelike(text: str, m: _Match) -> bool:
    """'Chad Smith', 'Michael Jordan', 'Denzel Washington': a person, not the country."""
    if m.form not in G.NAMELIKE:
        return False
    after = _NEXT_WORD.match(text, m.end)
    if not m.possessive and after and not (after.group(1) in W.FUNCTION_WORDS or _is_form(after.group(1))
                                           or after.group(1).lower() in W.ROLE_WORDS):
        return True
    before = _word_before(text, m.start)
    if not before or before.group(2) or _is_form(before.group(1)):
        return False
    word = before.group(1)
    if word in W.FUNCTION_WORDS or word.lower() in W.TITLE_HEADS or word.lower() in W.ROLE_WORDS:
        return False
    at = m.start - len(before.group(0))
    head = text[max(0, at - 80):at].rstrip()  # a look back, not a copy of all the text before
    return not ((not head or head[-1] in ".!?\"“") and word.endswith(("ing", "ed")))  # "Landlocked Chad"


def _us_state(text: str, m: _Match) -> bool:
    """Georgia or Washington the US state, told by the words around the mention."""
    before = text[max(0, m.start - 60):m.start]
    if re.search(r"\bstate of\s+\Z", before, re.I) or _STATE_AFTER.match(text, m.end, m.end + 60):
        return True
    city = _word_before(text, m.start)
    if city and city.group(2):
        word = city.group(1)
        if m.form == "Georgia" and word in G.CAPITALS["GE"]:
            return False
        kinds = ("name", "demonym") if m.form == "Georgia" else ("name", "demonym", "capital")
        if word not in W.FUNCTION_WORDS and not _is_form(word, kinds):
            return True  # "Atlanta, Georgia", "Seattle, Washington"
    return False


def _cue_score(text: str) -> int:
    words = re.findall(r"\w+\.?", text)
    return sum((w.rstrip(".") in G.GEORGIA_COUNTRY_CUES) - (w in G.GEORGIA_STATE_CUES or w.rstrip(".")
               in G.GEORGIA_STATE_CUES) for w in words)


class _Cues:
    """The Georgia cue scores of each sentence and of the whole text, each counted once:
    a text that names Georgia on every line is still read once, not once a mention."""

    def __init__(self, text: str) -> None:
        self.text, self.sentences, self.whole = text, {}, None

    def sentence(self, span: Span) -> int:
        if span.id not in self.sentences:
            self.sentences[span.id] = _cue_score(span.text)
        return self.sentences[span.id]

    def everywhere(self) -> int:
        if self.whole is None:
            self.whole = _cue_score(self.text)
        return self.whole


def _georgia_is_country(text: str, m: _Match, sentence: Span, cues: _Cues) -> bool:
    if _us_state(text, m):
        return False
    if _COUNTRY_AFTER.match(text, m.end, m.end + 40):
        return True
    local = cues.sentence(sentence) - _cue_score(m.surface)  # the sentence around the mention
    for score in (local, cues.everywhere()):
        if score:
            return score > 0
    return True  # no cue either way: the country (this is a tool for international news)


def _find_countries(text: str, spans: list[Span]) -> list[_Match]:
    forms = G.lexicon()[0]
    starts = [s.start for s in spans]
    kept: list[_Match] = []
    cues = _Cues(text)
    for r in _scanner().finditer(text):
        form = _canon(r.group(1))
        f = forms[form]
        m = _Match(r.start(), r.end(), re.sub(r"\s+", " ", r.group(0)), form, f.code, f.kind, f.weak, bool(r.group(2)))
        if not f.code or _namelike(text, m):
            continue
        if f.code in ("GE", "US") and m.form in ("Georgia", "Georgian", "Georgians", "Washington"):
            sentence = spans[max(0, bisect_right(starts, m.start) - 1)]
            if (m.form == "Washington" and _us_state(text, m)) or (
                    m.form != "Washington" and not _georgia_is_country(text, m, sentence, cues)):
                continue
        town = _TOWN.match(text, m.end)
        if f.kind == "capital" and not m.possessive and town and (town.group(1) in G.US_STATES or (
                town.group(1) == "Georgia" and f.code != "GE")):
            continue  # "Paris, Texas", "Athens, Georgia"
        kept.append(m)
    strong = {m.code for m in kept if not m.weak and m.code != "?"}
    resolved = []
    for m in kept:
        if m.code == "?":
            named = [c for c in G.AMBIGUOUS[m.form] if c in strong]
            if len(named) > 1:
                continue
            m.code = named[0] if named else G.AMBIGUOUS[m.form][0]
        elif m.weak and m.code not in strong:
            continue
        resolved.append(m)
    return resolved


def detect(text: str) -> Detection:
    """The countries and people `text` mentions, each with how and in which sentences."""
    spans = split_sentences(text)
    starts = [s.start for s in spans]
    matches = _find_countries(text, spans)
    by_code: dict[str, list[_Match]] = {}
    for m in matches:
        by_code.setdefault(m.code, []).append(m)
    slugs = {code: slugify(G.short_name(code)) for code in by_code}
    countries = []
    for code, ms in by_code.items():
        ids = [spans[bisect_right(starts, m.start) - 1].id for m in ms]
        countries.append(CountryFound(slugs[code], G.short_name(code), code,
                                      tuple(dict.fromkeys(m.surface for m in ms)), tuple(dict.fromkeys(ids))))
    people = _find_people(text, spans, matches, slugs)
    return Detection(tuple(spans), tuple(countries), tuple(people))
