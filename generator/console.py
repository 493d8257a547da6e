"""What every command of `briefing` shares: the exit codes, the project option, and how a
command fails on content errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import ContentError
from .exits import CONTENT_ERROR

project_option = click.option(
    "--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default="the current folder", help="The briefing project: the folder that holds content/.")


def project_path(path: Path) -> Path:
    if not (path / "content").is_dir():
        raise click.UsageError(f"{path} has no content/ folder; pass --project DIR or run 'briefing new DIR'")
    return path


def fail(exc: ContentError) -> None:
    from .report import format_issues

    click.echo(format_issues(exc.issues), err=True)
    sys.exit(CONTENT_ERROR)
