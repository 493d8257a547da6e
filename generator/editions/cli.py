"""The commands of the living briefing: `briefing edition`, `briefing diff`, and the offer
`briefing publish` makes to record an edition first."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import fail, project_option, project_path
from ..errors import ContentError


def offer_edition(project: Path, ask: bool) -> None:
    """Before publishing: record an edition of today when the briefing changed since the
    latest one, after asking (`ask`: run in a terminal without --edition)."""
    from .command import record_edition, unrecorded
    from .diff import summary
    from .snapshot import EditionError

    try:
        since = unrecorded(project)
    except ContentError as exc:
        fail(exc)
    if since is None:
        if not ask:
            click.echo("No change since the latest edition: no edition recorded.", err=True)
        return
    date, changes = since
    what = f"changed since the edition of {date} ({summary(changes)})" if date else "has no edition yet"
    if ask and not click.confirm(f"The briefing {what}. Record an edition of today before publishing?",
                                 default=False, err=True):
        return
    try:
        path, _ = record_edition(project, None, None)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Recorded {path.relative_to(project).as_posix()}; commit it with the content.", err=True)


@click.command(short_help="Record what the briefing says today in editions/DATE.yaml.")
@project_option
@click.option("--date", help="The edition's date, YYYY-MM-DD; not in the future.  [default: today]")
@click.option("--title", help="The edition's title.  [default: Edition of DATE]")
def edition(project: Path, date: str | None, title: str | None) -> None:
    """Record an edition: the facts, relations, events, people and notes with their quotes.

    The file is never rewritten; commit it with the content. 'briefing diff' and the
    site's What changed page compare against it.
    """
    from .command import record_edition
    from .diff import summary
    from .snapshot import EditionError

    try:
        path, changes = record_edition(project_path(project), date, title)
    except ContentError as exc:
        fail(exc)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Recorded {path.relative_to(project).as_posix()}: {summary(changes)} since the edition before."
               if changes else f"Recorded {path.relative_to(project).as_posix()}.")


@click.command(short_help="What changed since the latest edition (or EDITION).")
@project_option
@click.argument("edition", required=False)
def diff(project: Path, edition: str | None) -> None:
    """Print what changed since the latest edition, or since EDITION (its date)."""
    from .command import changes_since, lines
    from .snapshot import EditionError

    try:
        found, changes = changes_since(project_path(project), edition)
    except ContentError as exc:
        fail(exc)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in lines(found, changes):
        click.echo(line)
