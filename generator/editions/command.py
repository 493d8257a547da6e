"""`briefing edition` and `briefing diff`: the content checked, then a snapshot or a diff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..build import check_content
from ..model import Site
from .diff import Change, diff, summary
from .snapshot import Edition, EditionError, load_editions, record, snapshot


def _checked(project: Path, today: dt.date | None) -> tuple[Site, dict, tuple[Edition, ...]]:
    """The briefing now, its snapshot, and its editions (checking the content checks them)."""
    site = check_content(project).site
    editions, _ = load_editions(project, today)
    return site, snapshot(site), editions


def record_edition(project: Path, date: str | None, title: str | None, today: dt.date | None = None) -> tuple[Path, list[Change]]:
    """Write the edition; return its file and what it changed since the one before."""
    site, now, editions = _checked(project, today)
    path = record(project, site, date, title, today)
    return path, (diff(editions[-1].data, now) if editions else [])


def unrecorded(project: Path) -> tuple[str, list[Change]] | None:
    """What an edition recorded now would add, for `briefing publish` to offer one: the
    date of the latest edition ("" for none yet) and what changed since; None when nothing
    did. A briefing without an edition has changed since none."""
    site = check_content(project).site
    if not site.editions:
        return "", []
    return (site.editions[-1].date, list(site.pending)) if site.pending else None


def changes_since(project: Path, name: str | None = None, today: dt.date | None = None) -> tuple[Edition, list[Change]]:
    """What changed since the latest edition, or the one named (its date, or its file)."""
    _, now, editions = _checked(project, today)
    if not editions:
        raise EditionError("no edition recorded yet; record one with 'briefing edition'")
    if name is None:
        return editions[-1], diff(editions[-1].data, now)
    wanted = Path(name).stem
    found = next((e for e in editions if e.date == wanted), None)
    if found is None:
        raise EditionError(f"no edition named '{name}'; the editions are: {', '.join(e.date for e in editions)}")
    return found, diff(found.data, now)


def lines(edition: Edition, changes: list[Change]) -> list[str]:
    """The diff for a terminal: a heading per country or person, then the rest."""
    out = [f"Since {edition.title} ({edition.date}): {summary(changes)}."]
    owner = None
    for c in changes:
        if c.owner != owner:
            owner = c.owner
            out.append(f"{c.owner_name}:" if owner else "Elsewhere:")
        out.append(f"  {c.text}")
    return out
