"""The people an article names, and which of them a part of a name may mean.

A later mention by part of a name ("Putin", "Von der Leyen", "Lula", "Sisi") counts for the
one person whose name holds that part, and for nobody when two do: "Abdel Fattah" alone
names neither al-Sisi nor al-Burhan. A name's parts are kept in a table, so that finding
who a mention means is one look-up however many people the article names.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import lexicon as G
from . import namewords as W
from ..text import slugify


_PIECE = re.compile(r"[^\W\d_]+")  # the letters of a word: "al-Sisi" -> "al", "Sisi"


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
class _Person:
    words: list[str]
    role: str | None = None
    code: str | None = None
    hits: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)  # (offset, sentence, as written)

    def learn(self, role: str | None, code: str | None) -> None:
        self.role, self.code = self.role or role, self.code or code

    def found(self, slug: str, slugs: dict[str, str]) -> PersonFound:
        role = self.role if not self.role or self.role[:1].isupper() else self.role.title().replace(" Of ", " of ")
        if role and self.code and " of " not in role:
            role = f"{role} of {G.in_text(self.code)}"
        return PersonFound(slug, " ".join(self.words), role, slugs.get(self.code or ""),
                           tuple(dict.fromkeys(h[2] for h in self.hits)), tuple(dict.fromkeys(h[1] for h in self.hits)))


def _parts(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The parts of a name a later mention may use alone: every run of its words, except
    a run of common words ("Ma", "King") and, before a suffix, a run of two words or more
    ("Donald Trump" is not "Donald Trump Jr")."""
    suffixed = len(tokens) > 1 and tokens[-1] in W.NAME_SUFFIXES
    out = []
    for a in range(len(tokens)):
        for b in range(a + 1, len(tokens) + 1):
            part = tokens[a:b]
            if part == tokens:
                continue
            if suffixed and b == len(tokens) - 1 and b - a > 1:
                continue
            if all(t.lower() in W.COMMON_WORDS or len(t) < 2 or t in W.NAME_SUFFIXES for t in part):
                continue
            out.append(part)
    return out


class _Names:
    """The people found so far, and which of them each part of a name may mean."""

    def __init__(self) -> None:
        self.people: dict[str, _Person] = {}
        self.full: dict[tuple[str, ...], str] = {}
        self.parts: dict[tuple[str, ...], set[str]] = {}
        self.pieces: set[str] = set()  # the letters-only pieces of every name word: "Sisi", "Jae"

    def owner(self, tokens: tuple[str, ...]) -> str | None:
        """The one person `tokens` names, in full or by a part only they have."""
        if tokens in self.full:
            return self.full[tokens]
        owners = self.parts.get(tokens, ())
        return next(iter(owners)) if len(owners) == 1 else None

    def add(self, words: list[str], tokens: tuple[str, ...]) -> None:
        slug = slugify(" ".join(words))
        if slug in self.people or tokens in self.full or tokens in self.parts:
            return  # the same person, or a part of one or more people's names
        self.people[slug] = _Person(words)
        self.full[tokens] = slug
        self.pieces.update(p for t in tokens for p in _PIECE.findall(t))
        for part in _parts(tokens):
            self.parts.setdefault(part, set()).add(slug)


