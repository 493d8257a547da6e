"""`briefing draft ARTICLE`: add an article as a source and draft a fact sheet for every
country and person it mentions that the project does not have yet.

Each draft lists, commented out, the sentences that mention its subject as candidate
facts with their sentence ids. An analyst uncomments the ones to keep, writes a claim for
each and deletes `draft: true`; the quotes are the source's sentences verbatim, so they
pass the provenance check as they are. Existing files are never overwritten: a sheet the
project has finished gets the article's sentences about it appended as facts marked
`draft: true` (see proposals.py), its own text left as it was.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .article import DraftError, read_article
from .detect import CountryFound, Detection, PersonFound, detect
from .proposals import Proposal, propose, write as write_proposal
from ..check.loader import parse_yaml
from ..errors import ContentError
from ..text import Span, slugify

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*\Z")
_SOURCE_KEYS = ("title", "outlet", "url", "published")


@dataclass(frozen=True)
class Skipped:
    path: str  # project-relative
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def to_json(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class DraftResult:
    source_slug: str
    written: list[str]  # project-relative paths, in the order written
    skipped: list[Skipped]
    detection: Detection  # with the slugs the drafts use (an existing sheet's, if any)
    proposed: tuple[Proposal, ...] = ()  # draft facts appended to finished sheets

    def to_json(self) -> dict:
        return {"source": self.source_slug, **self.detection.to_json(),
                "written": list(self.written), "skipped": [s.to_json() for s in self.skipped],
                "proposed": [{"path": p.path, "sentences": list(p.sentences)} for p in self.proposed]}

    def lines(self) -> list[str]:
        """A report for the terminal."""
        d = self.detection
        out = [f"Found {len(d.countries)} countries and {len(d.people)} people in source '{self.source_slug}'."]
        out += [f"wrote {path}" for path in self.written]
        out += [f"proposed {p}" for p in self.proposed]
        out += [f"skipped {s}" for s in self.skipped]
        return out


def draft(project: Path, article: Path, *, title: str | None = None, url: str | None = None) -> DraftResult:
    """Add `article` under content/sources/ and draft sheets for what it mentions."""
    content = project / "content"
    if not content.is_dir():
        raise DraftError(f"{project} has no content/ folder; pass --project DIR or run 'briefing new DIR'")
    if url is not None and not _URL.match(url):
        raise DraftError(f"'{url}' is not a web address; write a full address starting with https://")
    art = read_article(article)
    meta, body = art.meta, art.body
    detection = detect(body)
    spans = {s.id: s for s in detection.sentences}

    codes = _existing(content / "countries", "code", str.upper)
    names = _existing(content / "people", "name", slugify)
    taken = {f: _slugs(content / f) for f in ("countries", "people", "events", "notes", "sources")}
    files: dict[str, str] = {}  # project-relative path -> text, in writing order
    skipped: list[Skipped] = []

    def owner(slug: str, kind: str) -> str | None:  # slugs are unique across kinds
        return next((f for f, slugs in taken.items() if f != kind and slug in slugs), None)

    country_slug: dict[str, str] = {}  # code -> slug of the sheet that exists or is drafted
    finished: dict[str, tuple[str, ...]] = {}  # sheets that exist -> the sentences about them
    countries, new = [], []
    for c in detection.countries:
        rel, existing = f"content/countries/{c.slug}.yaml", _existing_file(content, "countries", c.slug)
        if existing:
            finished[existing] = c.sentences
        elif c.code in codes:
            skipped.append(Skipped(rel, f"{codes[c.code]} already covers {c.code}"))
            finished[codes[c.code]] = c.sentences
            c = dataclasses.replace(c, slug=Path(codes[c.code]).stem)
        elif owner(c.slug, "countries"):
            skipped.append(Skipped(rel, f"the slug '{c.slug}' is taken in content/{owner(c.slug, 'countries')}/"))
            countries.append(c)
            continue
        else:
            new.append(c)
        country_slug[c.code] = c.slug
        countries.append(c)
    code_of = {c.slug: c.code for c in detection.countries}
    people = [dataclasses.replace(p, country=country_slug.get(code_of[p.country])) if p.country else p
              for p in detection.people]
    taken["countries"] |= {c.slug for c in new}

    source_slug, source_skip = _source_slug(content, article, body, set().union(
        *(v for k, v in taken.items() if k != "sources"), (p.slug for p in people)))
    source_rel = f"content/sources/{source_slug}.md"
    if source_skip:
        skipped.insert(0, Skipped(source_rel, source_skip))
    else:
        files[source_rel] = _source_text(meta, body, title or _title(meta, art.headline, article), url)
        taken["sources"].add(source_slug)

    for c in new:
        leaders = [p.slug for p in people if p.country == c.slug]
        files[f"content/countries/{c.slug}.yaml"] = _country_sheet(c, leaders, spans, source_rel, source_slug)
    for p in people:
        rel, existing = f"content/people/{p.slug}.yaml", _existing_file(content, "people", p.slug)
        if existing:
            finished[existing] = p.sentences
        elif p.slug in names:
            skipped.append(Skipped(rel, f"{names[p.slug]} already covers {p.name}"))
            finished[names[p.slug]] = p.sentences
        elif owner(p.slug, "people"):
            skipped.append(Skipped(rel, f"the slug '{p.slug}' is taken in content/{owner(p.slug, 'people')}/"))
        else:
            files[rel] = _person_sheet(p, spans, source_rel, source_slug)

    # Facts proposed for the sheets that exist: every one read first, nothing written if one is broken.
    proposals, broken = propose(project, finished, body, spans, source_slug)
    if broken:
        raise ContentError(broken)
    skipped += [Skipped(p.path, p.reason) for p in proposals if p.text is None]
    written = []
    for rel, text in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as fh:  # never overwrite
                fh.write(text)
        except FileExistsError:
            skipped.append(Skipped(rel, "exists"))
            continue
        written.append(rel)
    for p in proposals:
        if p.text is not None:
            write_proposal(project, p)
    used = dataclasses.replace(detection, countries=tuple(countries), people=tuple(people))
    return DraftResult(source_slug, written, skipped, used, tuple(p for p in proposals if p.text is not None))


# --- The project as it is -------------------------------------------------------------

def _existing_file(content: Path, folder: str, slug: str) -> str | None:
    for ext in (".yaml", ".yml"):
        if (content / folder / f"{slug}{ext}").exists():
            return f"content/{folder}/{slug}{ext}"
    return None


def _slugs(folder: Path) -> set[str]:
    return {p.name.rsplit(".", 1)[0] for p in (folder.iterdir() if folder.is_dir() else [])
            if p.is_file() and not p.name.startswith(".")}


def _existing(folder: Path, key: str, norm) -> dict[str, str]:
    """norm(sheet[key]) -> the sheet's project-relative path: the ISO codes of the country
    sheets, the slugified names of the people's, whatever their file is called."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:  # the loader's reading, with its limits (an alias bomb is an issue, not a hang)
            data = parse_yaml(path.read_text(encoding="utf-8-sig"), str(path), record=False)[0]
        except (OSError, UnicodeDecodeError):
            continue
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip():
            found.setdefault(norm(value.strip()), f"content/{folder.name}/{path.name}")
    return found


def _source_slug(content: Path, article: Path, body: str, taken: set[str]) -> tuple[str, str | None]:
    """The slug for the article's source, and why it is not written (already there)."""
    folder = content / "sources"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue
        m = _FRONT.match(text)
        if m and text[m.end():].strip() == body.strip():
            return path.stem, "this article is already a source"
    base = slugify(article.stem) or "article"
    if base in taken:
        base += "-source"
    slug, n = base, 1
    while (folder / f"{slug}.md").exists() or slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug, None


# --- Writing ----------------------------------------------------------------------------

def _title(meta: dict, headline: str | None, article: Path) -> str:
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    if headline:
        return headline.strip()
    return re.sub(r"[-_]+", " ", article.stem).strip().capitalize() or "Article"


def _scalar(value: str) -> str:
    """`value` as a YAML scalar on one line, quoted only where YAML needs it ('NO')."""
    return yaml.safe_dump(value, allow_unicode=True, width=10**9).removesuffix("\n").removesuffix("\n...")


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10**9, default_style='"').rstrip("\n")


def _source_text(meta: dict, body: str, title: str, url: str | None) -> str:
    front = {k: str(meta[k]) for k in _SOURCE_KEYS if meta.get(k) not in (None, "")}
    front["title"] = title
    if url:
        front["url"] = url
    front = {k: front[k] for k in _SOURCE_KEYS if k in front}
    lines = [f"{k}: {_scalar(v)}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _header(source_rel: str, name: str, count: int) -> list[str]:
    return [f"# Draft from {source_rel}. Below, commented out: the {count} sentence{'s' if count != 1 else ''} "
            f"mentioning {name}, as candidate facts.",
            "# Uncomment each fact you keep and write its claim, then delete `draft: true`."]


def _facts(sentences: tuple[str, ...], spans: dict[str, Span], source_slug: str) -> list[str]:
    lines = ["facts:"]
    for sid in sentences:
        quote = " ".join(spans[sid].text.split())
        lines += ['# - claim: ""', f"#   quote: {_quoted(quote)}   # {sid}", f"#   source: {source_slug}"]
    return lines


def _country_sheet(c: CountryFound, leaders: list[str], spans: dict[str, Span],
                   source_rel: str, source_slug: str) -> str:
    lines = _header(source_rel, c.name, len(c.sentences)) + [
        "draft: true", f"name: {_scalar(c.name)}", f"code: {_scalar(c.code)}", 'summary: ""', 'role: ""']
    if leaders:
        lines.append(f"# leaders: [{', '.join(leaders)}]   # people the article ties to {c.name}")
    return "\n".join(lines + _facts(c.sentences, spans, source_slug)) + "\n"


def _person_sheet(p: PersonFound, spans: dict[str, Span], source_rel: str, source_slug: str) -> str:
    lines = _header(source_rel, p.name, len(p.sentences)) + ["draft: true", f"name: {_scalar(p.name)}"]
    lines.append(f"country: {p.country}" if p.country else  # left out: an empty value is an error
                 "# country:   # the article does not say; a country sheet's slug")
    lines += [f"role: {_scalar(p.role or '')}", 'summary: ""']
    return "\n".join(lines + _facts(p.sentences, spans, source_slug)) + "\n"
