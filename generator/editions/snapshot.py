"""An edition: what the briefing said on a date, written to editions/<date>.yaml.

A snapshot keeps the words, not the pages: each fact's claim and citations, each
relation's kind and quote, each event, person and note as written. Files are plain YAML
meant to be committed beside the content; a build reads them and never writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..check.loader import Document, load_file
from ..errors import Issue, Pos
from ..model import Fact, Site

FOLDER = "editions"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Edition:
    date: str  # YYYY-MM-DD, also the file's name
    title: str
    data: dict[str, Any]  # the snapshot, shaped as `snapshot()` makes it
    pos: Pos


def _facts(facts: tuple[Fact, ...]) -> list[dict]:
    return [{"claim": f.claim, "citations": [{"source": c.source, "quote": c.quote} for c in f.citations or (f,)]}
            for f in facts]


def snapshot(site: Site) -> dict[str, Any]:
    """The linked site's words, keyed by slug so that a diff can pair them up."""
    return {
        "sources": {s.slug: {"title": s.title} for s in site.sources},
        "countries": {c.slug: {"name": c.name, "facts": _facts(c.facts),
                               "relations": [{"with": r.other, "kind": r.kind, "quote": r.quote} for r in c.relations]}
                      for c in site.countries},
        "people": {p.slug: {"name": p.name, "country": p.country, "facts": _facts(p.facts)} for p in site.people},
        "events": {e.slug: {"title": e.title, "date": e.date, "countries": list(e.countries), "quote": e.quote}
                   for e in site.events},
        "notes": {n.slug: {"title": n.title, "body": n.body} for n in site.notes},
    }


class EditionError(Exception):
    """A usage problem with `briefing edition` (not a content error)."""


def record(project: Path, site: Site, date: str | None = None, title: str | None = None,
           today: dt.date | None = None) -> Path:
    """Write editions/<date>.yaml; refuse a date to come or one already recorded."""
    today = today or dt.date.today()
    date = date or today.isoformat()
    if not _DATE.match(date):
        raise EditionError(f"'{date}' is not a date; write it as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise EditionError(f"'{date}' is not a date that exists; check the month and the day") from None
    if day > today:
        raise EditionError(f"{date} is in the future; an edition records what the briefing says now")
    path = project / FOLDER / f"{date}.yaml"
    if path.exists():
        raise EditionError(f"{FOLDER}/{date}.yaml already exists; an edition is never rewritten: "
                           "give another --date, or delete the file first")
    newer = [e for e in _names(project) if e > date]
    if newer:
        raise EditionError(f"{FOLDER}/{newer[-1]}.yaml is newer than {date}; editions are recorded in date order")
    path.parent.mkdir(exist_ok=True)
    data = {"date": date, "title": title or f"Edition of {date}", **snapshot(site)}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _names(project: Path) -> list[str]:
    folder = project / FOLDER
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


# The shape an edition file must have: a hand edit that breaks it is a located error.
_TEXT, _OPT = "text", "text?"
_FACT = {"claim": _TEXT, "citations": [{"source": _TEXT, "quote": _TEXT}]}
SHAPE = {
    "date": _TEXT, "title": _TEXT, "sources": ({"title": _TEXT},),
    "countries": ({"name": _TEXT, "facts": [_FACT], "relations": [{"with": _TEXT, "kind": _TEXT, "quote": _TEXT}]},),
    "people": ({"name": _TEXT, "country": _OPT, "facts": [_FACT]},),
    "events": ({"title": _TEXT, "date": _TEXT, "countries": [_TEXT], "quote": _TEXT},),
    "notes": ({"title": _TEXT, "body": _TEXT},),
}


def _check(doc: Document, value: Any, shape: Any, key: tuple, issues: list[Issue]) -> None:
    """`shape`: a dict (these keys, all required), a list of one shape (a list of such),
    a 1-tuple (a mapping of slugs to such), or "text" / "text?"."""
    where = ".".join(str(k) for k in key) or "the file"

    def fail(what: str) -> None:
        issues.append(Issue(doc.pos(key), f"{where}: {what}",
                            "an edition is written by 'briefing edition': restore the file from version control"))
    if isinstance(shape, str):
        if value is None and shape == _OPT:
            return
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            fail("expected text")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            return fail("expected a list")
        for i, v in enumerate(value):
            _check(doc, v, shape[0], key + (i,), issues)
    elif isinstance(shape, tuple):
        if not isinstance(value, dict):
            return fail("expected a mapping of slugs")
        for k, v in value.items():
            _check(doc, v, shape[0], key + (k,), issues)
    else:
        if not isinstance(value, dict):
            return fail("expected a mapping")
        for k in value:
            if k not in shape:
                issues.append(Issue(doc.key_pos(key + (k,)), f"{'.'.join(str(x) for x in key + (k,))}: unknown key",
                                    "an edition is written by 'briefing edition': restore the file from version control"))
        for k, sub in shape.items():
            if k not in value:
                fail(f"missing key '{k}'")
            else:
                _check(doc, value[k], sub, key + (k,), issues)


def load_editions(project: Path, today: dt.date | None = None) -> tuple[tuple[Edition, ...], list[Issue]]:
    """Every edition, oldest first, and the issues of the files that are broken."""
    editions, issues = [], []
    today = today or dt.date.today()
    for name in _names(project):
        rel = f"{FOLDER}/{name}.yaml"
        try:
            day = dt.date.fromisoformat(name) if _DATE.match(name) else None
        except ValueError:
            day = None
        if day is None:
            issues.append(Issue(Pos(rel), f"file name '{name}' is not a date",
                                "an edition is named by its date: rename it YYYY-MM-DD.yaml"))
            continue
        if day > today:
            issues.append(Issue(Pos(rel), f"the edition's date {name} is in the future",
                                "an edition records what the briefing said: rename it with the day it was recorded"))
            continue
        doc, errs = load_file(project / rel, rel, "edition", name)
        if doc is None:
            issues.extend(errs)
            continue
        found: list[Issue] = []
        _check(doc, doc.data, SHAPE, (), found)
        if not found and str(doc.data["date"]) != name:
            found.append(Issue(doc.pos(("date",)), f"date: '{doc.data['date']}' is not the file's date ({name})",
                               f"write date: {name}, or rename the file"))
        issues.extend(found)
        if not found:
            editions.append(Edition(name, str(doc.data["title"]), doc.data, doc.pos()))
    return tuple(editions), issues
