"""The `briefing` command: arguments in, exit codes out. All work happens in build()."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from .console import fail, project_option, project_path
from .editions import cli as editions_cli
from .errors import ContentError, Terminated
from .exits import CONTENT_ERROR, INTERRUPTED, TERMINATED, WRITE_ERROR

# The order a user works in, not the alphabet: start, fill in, check, look, build, ship.
WORKFLOW = ("new", "draft", "check", "serve", "build", "publish", "edition", "diff")


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [c for c in WORKFLOW if c in self.commands]
        return known + sorted(set(self.commands) - set(known))

    def invoke(self, ctx: click.Context):
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return super().invoke(ctx)
        except Terminated:
            click.echo("terminated", err=True)
            sys.exit(TERMINATED)
        except KeyboardInterrupt:  # click would say "Aborted!" and exit 1, like a failure
            click.echo("interrupted", err=True)
            sys.exit(INTERRUPTED)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing", prog_name="briefing")
def main() -> None:
    """Turn a news article into a static briefing site where every fact cites its sentence.

    Exit status: 0 on success, 1 when the content has errors, 2 on a usage error, 3 when
    the site cannot be written (a full disk, a folder without permission), 130 when
    stopped by Ctrl-C, 143 when stopped by SIGTERM.
    """


@main.command(short_help="Create a project: a small example, or an empty one (--empty).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--project", "-p", "project", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to create (the same as DIRECTORY).")
@click.option("--empty", is_flag=True, help="Only site.yaml and the empty content folders, without the example.")
def new(directory: Path | None, project: Path | None, empty: bool) -> None:
    """Create a small, complete example project in DIRECTORY (or --project).

    With --empty, the project has only content/site.yaml and the empty folders of a
    briefing, ready for 'briefing draft ARTICLE'.
    """
    from .scaffold import scaffold

    if directory and project and directory != project:
        raise click.UsageError(f"two folders named: {directory} and {project}; name one")
    directory = directory or project
    if directory is None:
        raise click.UsageError("name the folder to create: briefing new DIR")
    try:
        written = scaffold(directory, empty=empty)
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from exc
    from .report import count

    then = f"briefing draft ARTICLE --project {directory}" if empty else f"briefing serve --project {directory}"
    click.echo(f"Created {count(len(written), 'file')} in {directory}. Next: {then}")


@main.command(short_help="Validate the content and templates; list drafts; write nothing.")
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) while a draft sheet or a draft fact is pending.")
def check(project: Path, strict: bool) -> None:
    """Validate the content and templates; write nothing.

    Lists what is still a draft: sheets and notes marked 'draft: true', and facts so
    marked in finished sheets (each at its line). Pending drafts are not errors, since
    the build leaves them out; with --strict they are, for a check before publishing.
    """
    from .build import build

    try:
        result = build(project_path(project), write=False)
    except ContentError as exc:
        fail(exc)
    from .report import content_warnings, count, pending

    site = result.linked.site
    for warning in content_warnings(site):
        click.echo(warning, err=True)
    for line in pending(site):
        click.echo(line)
    counts = ", ".join(count(len(items), noun) for items, noun in (
        (site.countries, "country"), (site.people, "person"), (site.events, "event"),
        (site.notes, "note"), (site.sources, "source")))
    left = ", ".join(count(n, noun) for n, noun in ((len(site.drafts), "draft"),
                                                     (len(site.draft_facts), "draft fact")) if n)
    if strict and left:
        click.echo(f"error: {left} pending; finish each (delete its 'draft: true') or delete it", err=True)
        sys.exit(CONTENT_ERROR)
    click.echo(f"OK: {counts}" + (f"; {left} pending" if left else "") + ".")


@main.command(short_help="Build the site into PROJECT/site (or --out).")
@project_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site.  [default: PROJECT/site]")
@click.option("--base-url", help="The public address of the site; overrides site.yaml's base_url.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.pass_obj
def build(asked: object, project: Path, out: Path | None, base_url: str | None, quiet: bool) -> None:
    """Build the site into PROJECT/site (or --out)."""
    import time

    from .incremental.cache import BuildCache
    from .report import Progress, summary

    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("write a full address starting with https://", param_hint="--base-url")
    started = time.perf_counter()
    project = project_path(project)
    site = out or project / "site"
    # `start` may have asked the cache already, for these same options: it found work.
    if isinstance(asked, BuildCache) and asked.target == (project, site, base_url) and asked.answer:
        cache, count = asked, None
    else:
        cache = BuildCache(project, site, base_url)
        count, _, _ = cache.unchanged(site)
    if count is not None:  # answered from the cache alone, before loading the pipeline
        if not quiet:
            click.echo(summary(count, 0, count, 0, time.perf_counter() - started,
                               base_url=(site / "sitemap.xml").exists()))
        return
    from .build import build as run_build
    from .report import content_warnings

    progress = Progress()
    try:
        result = run_build(project, out, base_url=base_url, progress=progress, persist=cache, warn=content_warnings)
    except ContentError as exc:
        progress.close()
        fail(exc)
    except OSError as exc:
        progress.close()
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: cannot write the site: {exc.strerror or exc}{where}", err=True)
        sys.exit(WRITE_ERROR)
    progress.close()
    for warning in result.warnings:
        click.echo(warning, err=True)
    if not quiet:
        r = result.report
        # The sitemap is made exactly when the site has an address (see pages/feed.py).
        click.echo(summary(result.total, len(r.written), r.unchanged, len(r.deleted), result.seconds,
                           drafts=result.draft_count,
                           base_url=(site / "sitemap.xml").exists()))


@main.command(short_help="Preview the site: rebuild on every save and reload the browser.")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but a loopback address (127.0.0.1, ::1, "
                   "localhost) shares the preview with your network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.option("--poll", is_flag=True, help="Poll for changes instead of using file-system events.")
def serve(project: Path, host: str, port: int, open_browser: bool, poll: bool) -> None:
    """Preview the site: rebuild on every save and reload the browser.

    Builds into a private temporary folder (never over site/), keeps serving the last good
    build when an edit breaks the content, and shows the errors in the page.
    """
    import errno

    from .serve.handlers import is_loopback
    from .serve.server import DevServer

    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: other machines can reach this preview.", err=True)
    server = DevServer(project_path(project), host, port, poll=poll, echo=lambda m: click.echo(m, err=True))
    try:
        server.run(open_browser=open_browser)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.UsageError(f"cannot listen on {host}:{port}: the port is in use (another "
                                   "'briefing serve'?); try another --port") from exc
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; try another --port")


@main.command(short_help="Build, then publish the site to a bucket, a git branch or a folder.")
@project_option
@click.argument("target")
@click.option("--base-url", help="The public address the site is published at; overrides site.yaml's base_url.")
@click.option("--endpoint-url", envvar="AWS_ENDPOINT_URL",
              help="An S3-compatible service other than AWS (MinIO, R2, ...).  [env: AWS_ENDPOINT_URL]")
@click.option("--delete", is_flag=True, help="Remove files from the target that the site no longer has.")
@click.option("--dry-run", "-n", is_flag=True, help="Build and show the plan; change nothing on the target.")
@click.option("--force", is_flag=True, help="Allow a plan that deletes more than half of the target.")
@click.option("--keep", multiple=True, metavar="PATTERN",
              help="A path never deleted from the target (repeatable; 'dir/' for a folder, globs allowed). "
                   "[default: CNAME, .well-known/]")
@click.option("--edition/--no-edition", "edition", default=None,
              help="Record an edition of today first if the briefing changed since the latest one, or "
                   "don't.  [default: ask when run in a terminal; otherwise don't]")
def publish(project: Path, target: str, base_url: str | None, endpoint_url: str | None, delete: bool,
            dry_run: bool, force: bool, keep: tuple[str, ...], edition: bool | None) -> None:
    """Build, then publish the site to TARGET.

    \b
    TARGET is one of:
      s3://BUCKET[/PREFIX]          an S3-compatible bucket (pip install 'briefing[s3]')
      git:REMOTE_OR_PATH[#BRANCH]   a branch of a git remote (default gh-pages)
      DIR                           a local folder, e.g. a mounted share
    Only changed files travel; the plan is printed before anything is done.
    """
    from .build import build as run_build
    from .publish import DEFAULT_KEEP, BadTargetError, PublishError, parse_target
    from .publish import publish as run_publish

    try:
        parse_target(target)
    except BadTargetError as exc:
        raise click.UsageError(str(exc)) from exc
    if not dry_run and (edition or edition is None and sys.stdin.isatty()):
        editions_cli.offer_edition(project_path(project), ask=edition is None)
    try:
        result = run_build(project_path(project), base_url=base_url, persist=True)
    except ContentError as exc:
        fail(exc)
    from .report import count

    click.echo(f"Built {count(result.total, 'file')}.", err=True)
    try:
        run_publish(project / "site", target, delete=delete, dry_run=dry_run, force=force,
                    keep=keep or DEFAULT_KEEP, endpoint_url=endpoint_url, project_dir=project, echo=click.echo)
    except BadTargetError as exc:
        raise click.UsageError(str(exc)) from exc
    except PublishError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(CONTENT_ERROR)


@main.command(short_help="Add an article: its source, and a draft sheet for each name in it.")
@project_option
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The source's title.  [default: the article's headline or file name]")
@click.option("--url", help="Where the article was published (enables links to each sentence there).")
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON, for scripts.")
def draft(project: Path, article: Path, title: str | None, url: str | None, as_json: bool) -> None:
    """Start a briefing from ARTICLE: the source plus a draft sheet for each country and person.

    Existing files are never overwritten. Each new sheet lists the sentences that mention
    it as commented candidate facts; write the claims and remove 'draft: true'. A sheet
    already finished gets those sentences as facts marked 'draft: true' at the end of its
    facts, left out of the site until you delete the mark.
    """
    import json

    from .draft.sheets import DraftError
    from .draft.sheets import draft as run_draft

    try:
        result = run_draft(project_path(project), article, title=title, url=url)
    except DraftError as exc:
        raise click.UsageError(str(exc)) from exc
    except ContentError as exc:  # a sheet to propose facts for does not read: nothing was written
        fail(exc)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            click.echo(line)


main.add_command(editions_cli.edition)
main.add_command(editions_cli.diff)
