"""People in an article: names introduced by a title ("Foreign Minister Cho Hyun"), by a
country's possessive ("North Korea's Kim Jong Un") or followed by a country's title ("Abiy
Ahmed, Ethiopia's prime minister"). Called by detect.py, which finds the countries first: a
country mention next to a name says whose official it is.

A name keeps its particles ("Ursula von der Leyen", "Abdel Fattah al-Sisi"); names.py says
whom a later mention by part of a name means. Pronouns are not followed.

Every step looks at one sentence's words and a few words around a title, and a mention is
looked up in a table of name parts: the work grows with the text, not with its square.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from . import namewords as W
from .names import _PIECE, PersonFound, _Names
from ..text import Span


@dataclass
class _Match:  # one country form found in the text
    start: int
    end: int
    surface: str
    form: str
    code: str
    kind: str
    weak: bool
    possessive: bool


_WORD = re.compile(r"[^\W\d_]\w*(?:[-‐‑'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s\Z")
# "al-Sisi", "el-Sisi", "bin-Laden": a particle joined to the name it belongs to.
_PREFIXED = re.compile(r"(?i:" + "|".join(W.NAME_PREFIXES) + r")[-‐‑'’]([A-Z]\w*(?:[-‐‑'’]\w+)*)\Z")
_COMPLEMENT = re.compile(r"\s+(" + "|".join(map(re.escape, W.TITLE_COMPLEMENTS)) + r")(?!\w)")
_TITLE_HEADS = re.compile(r"(?<!\w)(?i:" + "|".join(sorted(map(re.escape, W.TITLE_HEADS), key=len, reverse=True))
                          + r")(?!\w)")
_MOST = 5  # name words after a title; a longer capitalized run is not a name


@dataclass
class _Unit:  # a word of a sentence, or a whole country mention
    text: str
    start: int
    end: int
    country: _Match | None = None

    def __post_init__(self) -> None:
        self.base = _POSSESSIVE.sub("", self.text)
        self.possessive = self.country.possessive if self.country else self.base != self.text
        self.cap = self.text[:1].isupper()
        self.particle = self.base.lower() in W.NAME_PARTICLES
        prefixed = _PREFIXED.match(self.base)
        # What identifies the person in this word: nothing for a particle, "Sisi" in "al-Sisi".
        self.token = None if self.particle else prefixed.group(1) if prefixed else self.base
        self.name = bool((self.cap or prefixed) and not self.country and not self.particle
                         and self.base not in W.NOT_NAME and self.base not in W.FUNCTION_WORDS
                         and self.base.lower() not in W.ROLE_WORDS)


def _units(text: str, span: Span, matches: list[_Match], starts: list[int]) -> list[_Unit]:
    """The words of `span` in order, a country mention as one unit (matches sorted by start)."""
    units: list[_Unit] = []
    k = bisect_left(starts, span.start)
    for w in _WORD.finditer(text, span.start, span.end):
        while k < len(matches) and matches[k].start <= w.start():
            m = matches[k]
            units.append(_Unit(m.surface, m.start, m.end, m))
            k += 1
        if not (units and units[-1].country and w.start() < units[-1].end):
            units.append(_Unit(w.group(0), w.start(), w.end()))
    while k < len(matches) and matches[k].start < span.end:
        units.append(_Unit(matches[k].surface, matches[k].start, matches[k].end, matches[k]))
        k += 1
    return units


def _possessive_in(span: Span, matches: list[_Match], starts: list[int]) -> bool:
    k = bisect_left(starts, span.start)
    while k < len(matches) and matches[k].start < span.end:
        if matches[k].possessive:
            return True
        k += 1
    return False


def _gap(text: str, u: _Unit, v: _Unit) -> str:
    gap = text[u.end:v.start] if v.start - u.end < 8 else "  too far  "
    if (u.base.lower() in W.ABBREVIATED or re.fullmatch(r"[A-Z]", u.text)) and gap.startswith("."):
        gap = gap[1:]  # "Gen. Charles Q. Brown"
    return gap


def _adjacent(text: str, u: _Unit, v: _Unit) -> bool:
    return bool(re.fullmatch(r"[ \t\u00a0]+|\n", _gap(text, u, v))) and not (u.possessive and not u.country)


def _name_run(text: str, units: list[_Unit], j: int, most: int = _MOST) -> list[_Unit]:
    """The name that starts at units[j]: name words, the particles between them, and a
    particle or two before them ("von der Leyen"); [] when more than `most` name words."""
    run: list[_Unit] = []
    while j < len(units) and sum(u.token is not None for u in run) <= most:
        u = units[j]
        if run and not _adjacent(text, run[-1], u):
            break
        inner = run and u.base in W.NAME_INNER_TITLES and j + 1 < len(units) and units[j + 1].name
        if not (u.name or u.particle or inner):  # "Hassan Sheikh Mohamud"
            break
        run.append(u)
        if u.possessive:
            break
        j += 1
    while run and run[-1].particle:
        run.pop()
    if sum(u.token is not None for u in run) > most and run[-1].base not in W.NAME_SUFFIXES:
        return []
    return run


def _country_before(text: str, units: list[_Unit], k: int) -> str | None:
    """The country of a title that starts at units[k]: "Uruguay's outgoing President",
    or across a comma "Sudan's army chief, General"."""
    while k > 0 and _adjacent(text, units[k - 1], units[k]) and units[k - 1].text.lower() in W.TITLE_MODIFIERS:
        k -= 1
    if k > 0 and _gap(text, units[k - 1], units[k]).strip() == ",":
        k -= 1  # an appositive before: walk over its title words
        while k > 0 and _adjacent(text, units[k - 1], units[k]) and (
                units[k].text.lower() in W.ROLE_WORDS | W.TITLE_MODIFIERS) and not units[k].country:
            k -= 1
        return units[k].country.code if units[k].country and (units[k].possessive
                                                               or units[k].country.kind == "demonym") else None
    if k > 0 and _adjacent(text, units[k - 1], units[k]) and units[k - 1].country:
        return units[k - 1].country.code
    return None


def _country_after(text: str, units: list[_Unit], j: int) -> str | None:
    """"Prime Minister Narendra Modi of India", "Abiy Ahmed, Ethiopia's prime minister"."""
    after = units[j:j + 2]
    if len(after) == 2 and after[0].text == "of" and after[1].country and after[1].country.kind == "name":
        return after[1].country.code
    if after and j > 0 and _gap(text, units[j - 1], after[0]).strip() == "," and after[0].country and (
            after[0].possessive or after[0].country.kind == "demonym") and len(after) == 2 and (
            after[1].text.lower() in W.ROLE_WORDS):
        return after[0].country.code
    return None


def _titled(text: str, units: list[_Unit], i: int):
    """The person a title at units[i] introduces: (name units, role, country code)."""
    j, head_end, country = i + 1, units[i].end, None
    if units[i].base.lower() in W.ABBREVIATED and text[head_end:head_end + 1] == ".":
        head_end += 1
    if j < len(units) and units[j].text in ("of", "for") and _adjacent(text, units[i], units[j]):
        comp = _COMPLEMENT.match(text, units[j].end)
        if j + 1 < len(units) and units[j + 1].country and units[j + 1].country.kind == "name":
            country, head_end, j = units[j + 1].country.code, units[j + 1].end, j + 2
        elif comp:
            head_end = comp.end()
            while j < len(units) and units[j].start < head_end:
                j += 1
    if j >= len(units) or not _adjacent(text, units[j - 1], units[j]):
        return None
    name = _name_run(text, units, j)
    if not name:
        return None
    country = country or _country_after(text, units, j + len(name))
    k = i
    while k > 0 and _adjacent(text, units[k - 1], units[k]):
        u = units[k - 1]
        if u.country:
            break
        if u.possessive or u.base in W.FUNCTION_WORDS or not (u.cap or u.text.lower() in W.ROLE_WORDS):
            break
        k -= 1
    country = country or _country_before(text, units, k)
    role = re.sub(r"\b([A-Z][a-z]+)\.", lambda a: W.ABBREVIATED.get(a.group(1).lower(), a.group(0)),
                  text[units[k].start:head_end])  # "Gov." -> "Governor"
    return name, None if role.lower().rstrip(".") in W.HONORIFICS else role, country


def _possessed(text: str, units: list[_Unit], i: int):
    """'North Korea's Kim Jong Un': a name of two or three words after a possessive."""
    u = units[i]
    if not (u.country and u.possessive and i + 1 < len(units) and _adjacent(text, u, units[i + 1])):
        return None
    name = _name_run(text, units, i + 1, 3)
    nxt = i + 1 + len(name)
    if sum(w.token is not None for w in name) < 2 or (nxt < len(units) and units[nxt].text.lower() in W.TITLE_HEADS):
        return None
    return name, None, u.country.code


def _appositive(text: str, units: list[_Unit], i: int):
    """'Abiy Ahmed, Ethiopia's prime minister': a name of two words or more, a comma, then
    a country's title."""
    u = units[i]
    if not (i > 1 and (u.possessive or u.country.kind == "demonym") and _gap(text, units[i - 1], u).strip() == ","):
        return None
    j = i + 1
    while j < len(units) and j < i + 5 and _adjacent(text, units[j - 1], units[j]) and (
            units[j].text.lower() in W.ROLE_WORDS and not units[j].cap):
        j += 1
    if not any(w.text in W.TITLE_HEADS for w in units[i + 1:j]):
        return None
    k = i - 1
    while k > 0 and k > i - 7 and (units[k - 1].name or units[k - 1].particle) and _adjacent(text, units[k - 1], units[k]):
        k -= 1
    name = _name_run(text, units, k)
    if len(name) != i - k or sum(w.token is not None for w in name) < 2:
        return None
    return name, text[units[i + 1].start:units[j - 1].end], u.country.code


def _tokens(run: list[_Unit]) -> tuple[str, ...]:
    return tuple(u.token for u in run if u.token is not None)


def _find_people(text: str, spans: list[Span], matches: list[_Match], slugs: dict[str, str]) -> list[PersonFound]:
    starts = [m.start for m in matches]
    # A sentence's words are made again for each pass rather than kept for the whole text.
    intros = []  # (name words, name tokens, role, country code), in the order of the text
    for span in spans:
        if not (_TITLE_HEADS.search(span.text) or _possessive_in(span, matches, starts)):
            continue  # no title and no "Egypt's": no one is introduced here
        units = _units(text, span, matches, starts)
        for i, u in enumerate(units):
            titled = u.base.lower() in W.TITLE_HEADS and not u.country and not (
                u.base in W.NAME_INNER_TITLES and i and units[i - 1].name and _adjacent(text, units[i - 1], u))
            found = _titled(text, units, i) if titled else (
                _possessed(text, units, i) or _appositive(text, units, i)) if u.country else None
            if found and _tokens(found[0]):
                intros.append(([w.base for w in found[0]], _tokens(found[0]), *found[1:]))
    names = _Names()
    for words, tokens, _, _ in sorted(intros, key=lambda x: -len(x[1])):  # the fullest names first
        names.add(words, tokens)
    for _, tokens, role, code in intros:
        slug = names.owner(tokens)
        if slug:
            names.people[slug].learn(role, code)
    for span in spans:
        if not names.pieces.intersection(_PIECE.findall(span.text)):
            continue  # no word of anyone's name
        units = _units(text, span, matches, starts)
        i = 0
        while i < len(units):
            i = _mention(text, span, units, i, names)
    people = names.people
    found = [p.found(slug, slugs) for slug, p in people.items() if p.hits]
    return sorted(found, key=lambda f: people[f.slug].hits[0])


def _mention(text: str, span: Span, units: list[_Unit], i: int, names: _Names) -> int:
    """Record the person mention that starts at units[i]; return the next index to look at.

    A mention is a whole run of name words: "Kim Yo Jong" is nobody's "Kim", and a word
    that opens the sentence may be no part of the name ("Did Lula ...")."""
    u = units[i]
    inside = i and (units[i - 1].name or units[i - 1].particle) and _adjacent(text, units[i - 1], u)
    run = _name_run(text, units, i, 8) if (u.name or u.particle) and not inside else []
    if not run:
        return i + 1
    for a in (0, 1) if i == 0 else (0,):
        slug = names.owner(_tokens(run[a:]))
        if slug:
            first, last = run[a], run[-1]
            names.people[slug].hits.append((first.start, span.id, text[first.start:last.end]))
            break
    return i + len(run)
