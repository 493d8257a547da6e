"""Find the countries and people an article mentions, and the sentences that mention them.

Pure functions over text. Countries are found by one longest-match scan over every form in
`geodata.lexicon()`, then judged in context (Georgia the state, "Michael Jordan", weak and
ambiguous forms). People are names introduced by a title ("Foreign Minister Cho Hyun") or
by a country's possessive ("North Korea's Kim Jong Un"); later bare mentions ("Kim",
"Putin") count for the same person.

Known limits: matching is case-sensitive, so "Turkey" opening a sentence about the bird,
or a country name used alone as a first name ("Jordan said"), reads as the country, and an
all-capitals headline is not read at all; a person named without a title or a country's
possessive ("Kim Yo Jong said") is not found; pronouns ("he") are not followed.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from . import geodata as G
from .text import Span, slugify, split_sentences


def _json(obj) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(obj).items()}


@dataclass(frozen=True)
class CountryFound:
    slug: str
    name: str
    code: str  # ISO 3166-1 alpha-2
    mentions: tuple[str, ...]  # how the text refers to it, as written: "North Korea’s", "Pyongyang"
    sentences: tuple[str, ...]  # ids of the sentences that mention it: "s1"...
    to_json = _json


@dataclass(frozen=True)
class PersonFound:
    slug: str
    name: str
    role: str | None
    country: str | None  # the country's slug, when the text ties the person to one
    mentions: tuple[str, ...]
    sentences: tuple[str, ...]
    to_json = _json


@dataclass(frozen=True)
class Detection:
    sentences: tuple[Span, ...]
    countries: tuple[CountryFound, ...]
    people: tuple[PersonFound, ...]

    def to_json(self) -> dict:
        return {"countries": [c.to_json() for c in self.countries], "people": [p.to_json() for p in self.people]}


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


def _canon(s: str) -> str:
    return re.sub(r"\s+", " ", s).replace("’", "'").translate(str.maketrans("‐‑–", "---"))


def _pattern(form: str) -> str:
    table = {"'": "['’]", "-": "[-‐‑–]", " ": r"\s+"}
    return "".join(table.get(ch, re.escape(ch)) for ch in form)


@lru_cache(maxsize=1)
def _scanner() -> re.Pattern[str]:
    forms = sorted(G.lexicon()[0], key=lambda f: (-len(f), f))
    return re.compile(r"(?<!\w)(" + "|".join(map(_pattern, forms)) + r")(['’]s)?(?!\w)")


def _word_before(text: str, i: int) -> re.Match[str] | None:
    return re.search(r"([A-Z][\w.'’-]*)(,?)[ \t]+\Z", text[max(0, i - 60):i])


def _is_form(word: str, kinds=("name", "demonym", "capital")) -> bool:
    f = G.lexicon()[0].get(_canon(re.sub(r"['’]s\Z", "", word)))
    return bool(f and f.kind in kinds)


def _namelike(text: str, m: _Match) -> bool:
    """'Chad Smith', 'Michael Jordan', 'Denzel Washington': a person, not the country."""
    if m.form not in G.NAMELIKE:
        return False
    after = re.match(r"[ \t]+([A-Z][\w'’-]*)", text[m.end:])
    if not m.possessive and after and not (after.group(1) in G.FUNCTION_WORDS or _is_form(after.group(1))
                                           or after.group(1).lower() in G.ROLE_WORDS):
        return True
    before = _word_before(text, m.start)
    if not before or before.group(2) or _is_form(before.group(1)):
        return False
    word = before.group(1)
    if word in G.FUNCTION_WORDS or word.lower() in G.TITLE_HEADS or word.lower() in G.ROLE_WORDS:
        return False
    head = text[:m.start - len(before.group(0))].rstrip()
    return not ((not head or head[-1] in ".!?\"“") and word.endswith(("ing", "ed")))  # "Landlocked Chad"


def _us_state(text: str, m: _Match) -> bool:
    """Georgia or Washington the US state, told by the words around the mention."""
    before, after = text[max(0, m.start - 60):m.start], text[m.end:m.end + 60]
    if re.search(r"\bstate of\s+\Z", before, re.I):
        return True
    if re.match(r"\s+(governor|Governor|Gov\.|legislature|General Assembly|"
                r"Senate|attorney general|secretary of state)(?!\w)", after):
        return True
    city = _word_before(text, m.start)
    if city and city.group(2):
        word = city.group(1)
        if m.form == "Georgia" and word in G.CAPITALS["GE"]:
            return False
        kinds = ("name", "demonym") if m.form == "Georgia" else ("name", "demonym", "capital")
        if word not in G.FUNCTION_WORDS and not _is_form(word, kinds):
            return True  # "Atlanta, Georgia", "Seattle, Washington"
    return False


def _cue_score(text: str) -> int:
    words = re.findall(r"\w+\.?", text)
    return sum((w.rstrip(".") in G.GEORGIA_COUNTRY_CUES) - (w in G.GEORGIA_STATE_CUES or w.rstrip(".")
               in G.GEORGIA_STATE_CUES) for w in words)


def _georgia_is_country(text: str, m: _Match, sentence: Span) -> bool:
    if _us_state(text, m):
        return False
    after = text[m.end:m.end + 40]
    if re.match(r"\s+(president|President|prime minister|Prime Minister|"
                r"parliament|Parliament|foreign minister|ruling party)\b", after):
        return True
    local = text[sentence.start:m.start] + text[m.end:sentence.end]
    for score in (_cue_score(local), _cue_score(text)):
        if score:
            return score > 0
    return True  # no cue either way: the country (this is a tool for international news)


def _find_countries(text: str, spans: list[Span]) -> list[_Match]:
    forms = G.lexicon()[0]
    starts = [s.start for s in spans]
    kept: list[_Match] = []
    for r in _scanner().finditer(text):
        form = _canon(r.group(1))
        f = forms[form]
        m = _Match(r.start(), r.end(), re.sub(r"\s+", " ", r.group(0)), form, f.code, f.kind, f.weak, bool(r.group(2)))
        if not f.code or _namelike(text, m):
            continue
        if f.code in ("GE", "US") and m.form in ("Georgia", "Georgian", "Georgians", "Washington"):
            sentence = spans[max(0, bisect_right(starts, m.start) - 1)]
            if (m.form == "Washington" and _us_state(text, m)) or (
                    m.form != "Washington" and not _georgia_is_country(text, m, sentence)):
                continue
        town = re.match(r",\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text[m.end:])
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


# --- People -------------------------------------------------------------------------

@dataclass
class _Unit:  # a word of a sentence, or a whole country mention
    text: str
    start: int
    end: int
    country: _Match | None = None

    @property
    def base(self) -> str:
        return re.sub(r"['’]s\Z", "", self.text)

    @property
    def possessive(self) -> bool:
        return self.country.possessive if self.country else bool(re.search(r"['’]s\Z", self.text))

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def _units(text: str, span: Span, matches: list[_Match]) -> list[_Unit]:
    inside = [m for m in matches if span.start <= m.start < span.end]
    units = [_Unit(m.surface, m.start, m.end, m) for m in inside]
    for w in re.finditer(r"[^\W\d_]\w*(?:[-‐‑'’]\w+)*", text[span.start:span.end]):
        a, b = span.start + w.start(), span.start + w.end()
        if not any(m.start <= a < m.end for m in inside):
            units.append(_Unit(w.group(0), a, b))
    return sorted(units, key=lambda u: u.start)


def _adjacent(text: str, u: _Unit, v: _Unit) -> bool:
    gap = text[u.end:v.start]
    if (u.base.lower() in G.ABBREVIATED or re.fullmatch(r"[A-Z]", u.text)) and gap.startswith("."):
        gap = gap[1:]  # "Gen. Charles Q. Brown"
    return bool(re.fullmatch(r"[ \t\u00a0]+|\n", gap)) and not (u.possessive and not u.country)


def _is_name(u: _Unit) -> bool:
    return (u.cap and not u.country and u.base not in G.NOT_NAME and u.base not in G.FUNCTION_WORDS
            and u.base.lower() not in G.TITLE_HEADS)


def _name_run(text: str, units: list[_Unit], j: int, most: int) -> list[_Unit]:
    run: list[_Unit] = []
    while j < len(units) and len(run) < most + 1:
        u = units[j]
        if run and not _adjacent(text, run[-1], u):
            break
        if _is_name(u):
            run.append(u)
        elif run and u.text in G.NAME_PARTICLES and j + 1 < len(units) and _is_name(units[j + 1]):
            run.append(u)
        else:
            break
        if u.possessive:
            break
        j += 1
    while run and run[-1].text in G.NAME_PARTICLES:
        run.pop()
    if len(run) > most and run[-1].base not in G.NAME_SUFFIXES:
        return []
    return run


def _titled(text: str, units: list[_Unit], i: int):
    """The person a title at units[i] introduces: (name units, role, country code)."""
    j, head_end, country = i + 1, units[i].end, None
    if units[i].base.lower() in G.ABBREVIATED and text[head_end:head_end + 1] == ".":
        head_end += 1
    if j < len(units) and units[j].text in ("of", "for") and _adjacent(text, units[i], units[j]):
        rest = text[units[j].end:]
        comp = re.match(r"\s+(" + "|".join(map(re.escape, G.TITLE_COMPLEMENTS)) + r")(?!\w)", rest)
        if j + 1 < len(units) and units[j + 1].country and units[j + 1].country.kind == "name":
            country, head_end, j = units[j + 1].country.code, units[j + 1].end, j + 2
        elif comp:
            head_end = units[j].end + comp.end()
            while j < len(units) and units[j].start < head_end:
                j += 1
    if j >= len(units) or not _adjacent(text, units[j - 1], units[j]):
        return None
    name = _name_run(text, units, j, 5)
    if not name:
        return None
    after = units[j + len(name):j + len(name) + 2]  # "Prime Minister Narendra Modi of India"
    if len(after) == 2 and after[0].text == "of" and after[1].country and after[1].country.kind == "name":
        country = country or after[1].country.code
    k = i
    while k > 0 and _adjacent(text, units[k - 1], units[k]):
        u = units[k - 1]
        if u.country:
            country = country or u.country.code
            break
        if u.possessive or u.base in G.FUNCTION_WORDS or not (
                u.cap or u.text.lower() in G.ROLE_WORDS):
            break
        k -= 1
    role = re.sub(r"\b([A-Z][a-z]+)\.", lambda a: G.ABBREVIATED.get(a.group(1).lower(), a.group(0)),
                  text[units[k].start:head_end])  # "Gov." -> "Governor"
    return name, None if role.lower().rstrip(".") in G.HONORIFICS else role, country


def _possessed(text: str, units: list[_Unit], i: int):
    """'North Korea's Kim Jong Un': a name of two or three words after a possessive."""
    u = units[i]
    if not (u.country and u.possessive and i + 1 < len(units) and _adjacent(text, u, units[i + 1])):
        return None
    name = _name_run(text, units, i + 1, 3)
    nxt = i + 1 + len(name)
    if len(name) < 2 or (nxt < len(units) and units[nxt].text.lower() in G.TITLE_HEADS):
        return None
    return name, None, u.country.code


@dataclass
class _Person:
    words: list[str]
    role: str | None = None
    code: str | None = None
    hits: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)  # (offset, sentence, as written)

    def learn(self, role: str | None, code: str | None) -> None:
        self.role, self.code = self.role or role, self.code or code

    def keys(self) -> set[str]:
        """How the text may later name this person alone: the family name."""
        words = [w for w in self.words if w not in G.NAME_SUFFIXES] or self.words
        family_first = words[0] in G.EAST_ASIAN_SURNAMES and self.code in (None, *G.FAMILY_NAME_FIRST) or (
            bool(re.search(r"\w-[a-z]", " ".join(words[1:]))))  # "Lee Jae-myung", "Lai Ching-te"
        key = words[0] if family_first or len(words) == 1 else words[-1]
        return {key} if len(words) == 1 or key.lower() not in G.COMMON_WORDS else set()

    def found(self, slug: str, slugs: dict[str, str]) -> PersonFound:
        role = self.role if not self.role or self.role[:1].isupper() else self.role.title().replace(" Of ", " of ")
        if role and self.code and " of " not in role:
            role = f"{role} of {G.in_text(self.code)}"
        hits = sorted(self.hits)
        return PersonFound(slug, " ".join(self.words), role, slugs.get(self.code or ""),
                           tuple(dict.fromkeys(h[2] for h in hits)), tuple(dict.fromkeys(h[1] for h in hits)))


def _find_people(text: str, spans: list[Span], matches: list[_Match], slugs: dict[str, str]) -> list[PersonFound]:
    people: dict[str, _Person] = {}
    singles: list[tuple[str, str | None, str | None]] = []
    per_sentence = [(s, _units(text, s, matches)) for s in spans]
    for span, units in per_sentence:
        for i, u in enumerate(units):
            titled = u.base.lower() in G.TITLE_HEADS and not u.country
            found = _titled(text, units, i) if titled else _possessed(text, units, i)
            if found:
                words = [w.base for w in found[0]]
                if len(words) == 1:
                    singles.append((words[0], found[1], found[2]))
                else:
                    people.setdefault(slugify(" ".join(words)), _Person(words)).learn(*found[1:])
    for word, role, code in singles:  # "President Putin": the Vladimir Putin named elsewhere
        owner = next((p for p in people.values() if word in p.keys()), None)
        (owner or people.setdefault(slugify(word), _Person([word]))).learn(role, code)
    by_key: dict[str, list[_Person]] = {}
    for p in people.values():
        for key in p.keys():
            by_key.setdefault(key, []).append(p)
    for span, units in per_sentence:
        i = 0
        while i < len(units):
            i = _mention(text, span, units, i, people, by_key)
    found = [p.found(slug, slugs) for slug, p in people.items() if p.hits]
    return sorted(found, key=lambda f: min(people[f.slug].hits))


def _mention(text: str, span: Span, units: list[_Unit], i: int, people: dict[str, _Person],
             by_key: dict[str, list[_Person]]) -> int:
    """Record the person mention that starts at units[i]; return the next index to look at."""
    for p in people.values():
        run = units[i:i + len(p.words)]
        if [u.base for u in run] == p.words and all(_adjacent(text, a, b) for a, b in zip(run, run[1:])):
            p.hits.append((run[0].start, span.id, text[run[0].start:run[-1].end]))
            return i + len(run)
    u, owners = units[i], by_key.get(units[i].base, [])
    if len(owners) == 1 and u.cap and not u.country:  # a bare "Kim", not "Kim Yo Jong" nor "Jong Kim"
        nxt, prev = units[i + 1] if i + 1 < len(units) else None, units[i - 1] if i else None
        if not (nxt and not u.possessive and _adjacent(text, u, nxt) and _is_name(nxt)) and not (
                prev and _adjacent(text, prev, u) and _is_name(prev) and prev.base.lower() not in G.ROLE_WORDS):
            owners[0].hits.append((u.start, span.id, u.text))
    return i + 1


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
