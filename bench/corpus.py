"""A deterministic synthetic briefing in our content format.

`generate(dest, countries=N, notes=M)` writes `dest/content/`:

- `site.yaml` (with `search: false` and `book: false`: Hugo makes neither; both are timed
  on their own),
- one source article, `sources/synthetic-article.md`, made of plain ASCII sentences that
  each end with a period (one paragraph per country),
- N country sheets (the first N ISO 3166-1 alpha-2 codes from pycountry, sorted), each
  with 10 facts and 3 relations whose quotes are whole sentences of that article,
- M notes per country of about 400 words: a heading, a list, emphasis, and `[[links]]`
  to two other countries (which the note also lists in its front matter).

The same N and M always give byte-identical files (a seeded RNG, sorted inputs).
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

FACTS_PER_COUNTRY = 10
RELATIONS_PER_COUNTRY = 3
SOURCE_SLUG = "synthetic-article"
KINDS = ("ally", "partner", "neutral", "rival", "adversary", "at-war")
TOPICS = ("diplomacy", "security", "trade", "energy", "sanctions", "migration")
ROLES = ("Host", "Guest", "Observer", "Mediator", "Supplier", "Signatory")

# Plain words only: none is an abbreviation the sentence splitter would stop at.
ADJECTIVES = """coastal northern southern eastern western regional federal rural urban
maritime quiet steady cautious gradual modest sudden narrow broad formal informal
seasonal annual shared joint bilateral provincial central remote industrial agrarian""".split()
NOUNS = """ministry council harbor railway pipeline treaty budget tariff export import
delegation parliament court border market currency grain fishery factory mine airport
satellite corridor reservoir summit forum agency committee coalition envoy cabinet""".split()
VERBS = """expanded reviewed delayed approved opened signed extended reduced funded
announced suspended restored widened inspected debated renewed drafted ratified""".split()
PLACES = """valley capital province islands highlands delta coast plateau frontier
lowlands peninsula basin estuary uplands""".split()
TIMES = """spring summer autumn winter morning evening""".split()
ORDINALS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth""".split()
FILLER = """analysts expect the talks to continue while officials weigh costs against
benefits and local leaders ask for clearer rules on trade transport energy and water
supply over the coming months observers note that progress remains uneven but steady
and that most partners still prefer quiet negotiation to public pressure""".split()


@dataclass(frozen=True)
class Country:
    slug: str
    name: str
    code: str


@dataclass
class Corpus:
    """What was generated: enough to adapt it for Hugo and to check a build of it."""

    root: Path
    countries: list[Country]
    notes: dict[str, list[str]] = field(default_factory=dict)  # note slug -> countries it is about

    @property
    def content(self) -> Path:
        return self.root / "content"

    def country_pages(self) -> set[str]:
        return {f"countries/{c.slug}/index.html" for c in self.countries}

    def note_pages(self) -> set[str]:
        return {f"notes/{n}/index.html" for n in self.notes}


def ascii_name(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip()


def slugify(name: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_name(name).lower())
    return "-".join(part for part in out.split("-") if part)


def pick_countries(n: int) -> list[Country]:
    records = sorted(pycountry.countries, key=lambda c: c.alpha_2)[:n]
    if len(records) < n:
        raise ValueError(f"pycountry knows only {len(records)} countries; asked for {n}")
    countries, seen = [], set()
    for c in records:
        slug = slugify(c.name)
        if slug in seen:
            slug = f"{slug}-{c.alpha_2.lower()}"
        seen.add(slug)
        countries.append(Country(slug, ascii_name(c.name), c.alpha_2))
    return countries


class Words:
    """Sentences of plain ASCII words from a seeded RNG, each one distinct."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def sentence(self) -> str:
        r = self.rng
        while True:
            text = (f"The {r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(VERBS)} the "
                    f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)} in the {r.choice(PLACES)} for the "
                    f"{r.choice(ORDINALS)} time this {r.choice(TIMES)}.")
            if text not in self.used:
                self.used.add(text)
                return text

    def phrase(self, n: int) -> str:
        return " ".join(self.rng.choice(FILLER) for _ in range(n))

    def title(self) -> str:
        return f"{self.rng.choice(ADJECTIVES).capitalize()} {self.rng.choice(NOUNS)} outlook"


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=10_000)


def _note_body(w: Words, own: Country, a: Country, b: Country) -> str:
    """About 400 words: paragraphs, a heading, a list, emphasis and two [[links]]."""
    r = w.rng

    def para(n: int) -> str:  # 16 words a sentence
        return " ".join(w.sentence() for _ in range(n))

    items = "\n".join(f"- {w.phrase(8).capitalize()}." for _ in range(4))
    return (
        f"{para(3)} Relations with [[{a.slug}]] are *{w.phrase(3)}* for now.\n\n"
        f"## {w.title()} for {own.name}\n\n"
        f"{para(6)} The view from [[{b.slug}|{b.name}]] is **{w.phrase(2)}** as well.\n\n"
        f"{items}\n\n"
        f"{para(8)} {w.phrase(12).capitalize()}.\n\n"
        f"{para(5)} {r.choice(ADJECTIVES).capitalize()} *{w.phrase(4)}* remains the watchword.\n"
    )


def generate(dest: Path, countries: int, notes: int, seed: int = 2025) -> Corpus:
    """Write a fresh `dest/content/` (any old one is removed) and describe it."""
    dest = Path(dest)
    rng = random.Random(f"briefing-bench/{seed}/{countries}/{notes}")
    w = Words(rng)
    picked = pick_countries(countries)
    corpus = Corpus(dest, picked)
    content = dest / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("sources", "countries", "notes"):
        (content / folder).mkdir(parents=True)

    (content / "site.yaml").write_text(_dump({
        "title": f"Synthetic briefing: {countries} countries, {notes} notes each",
        "description": "A generated briefing for measuring build performance.",
        "language": "en",
        "as_of": "2025-09-02",
        "search": False,
        "book": False,
    }))

    paragraphs = []
    for i, c in enumerate(picked):
        sentences = [w.sentence() for _ in range(FACTS_PER_COUNTRY + RELATIONS_PER_COUNTRY)]
        paragraphs.append(" ".join(sentences))
        others = rng.sample([o for o in picked if o is not c], RELATIONS_PER_COUNTRY)
        facts = [{"claim": f"{c.name}: {w.phrase(6)}.", "quote": q, "topic": rng.choice(TOPICS)}
                 for q in sentences[:FACTS_PER_COUNTRY]]
        relations = [{"with": o.slug, "kind": rng.choice(KINDS),
                      "summary": f"{c.name} and {o.name} {w.phrase(5)}.", "quote": q}
                     for o, q in zip(others, sentences[FACTS_PER_COUNTRY:])]
        sheet = {"name": c.name, "code": c.code, "summary": f"{c.name} {w.phrase(10)}.",
                 "role": rng.choice(ROLES), "facts": facts, "relations": relations}
        (content / "countries" / f"{c.slug}.yaml").write_text(_dump(sheet))

    (content / "sources" / f"{SOURCE_SLUG}.md").write_text(
        "---\ntitle: A synthetic article\n---\n" + "\n\n".join(paragraphs) + "\n")

    for c in picked:
        for j in range(notes):
            a, b = rng.sample([o for o in picked if o is not c], 2)
            slug = f"{c.slug}-note-{j + 1:03d}"
            day = 1 + rng.randrange(28)
            front = {"title": f"{c.name}: {w.title()}, part {j + 1}", "countries": [c.slug, a.slug, b.slug],
                     "date": f"2025-{1 + rng.randrange(8):02d}-{day:02d}"}
            (content / "notes" / f"{slug}.md").write_text(
                "---\n" + _dump(front) + "---\n" + _note_body(w, c, a, b))
            corpus.notes[slug] = [c.slug, a.slug, b.slug]
    return corpus

