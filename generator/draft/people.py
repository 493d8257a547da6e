"""People in an article: names introduced by a title ("Foreign Minister Cho Hyun") or by a
country's possessive ("North Korea's Kim Jong Un"). Later bare mentions ("Kim", "Putin")
count for the same person; pronouns are not followed. Called by detect.py, which finds
the countries first: a country mention next to a name says whose official it is.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import lexicon as G
from ..text import Span, slugify


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


def _json(obj) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(obj).items()}


@dataclass(frozen=True)
class PersonFound:
    slug: str
    name: str
    role: str | None
    country: str | None  # the country's slug, when the text ties the person to one
    mentions: tuple[str, ...]
    sentences: tuple[str, ...]
    to_json = _json


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
