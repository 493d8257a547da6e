"""`briefing publish`: send a built site to a bucket, a git branch or a folder.

The CLI builds first and then calls `publish()`. Every target follows the same steps:
scan the site, compare with what the target holds, print the plan, stop there on a dry
run, refuse a mass deletion without `force`, then carry the plan out in an order that
keeps the live site consistent if it stops part-way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .manifest import LocalFile, scan
from .plan import Plan
from .errors import BadTargetError, ForceRequiredError, PublishError
from .result import PublishResult
from .target import GitTarget, S3Target, Target, parse_target

__all__ = ["DEFAULT_KEEP", "BadTargetError", "ForceRequiredError", "PublishError",
           "PublishResult", "parse_target", "publish"]

DEFAULT_KEEP: tuple[str, ...] = ("CNAME", ".well-known/")


class _Publisher(Protocol):
    def __enter__(self) -> _Publisher: ...
    def __exit__(self, *exc: object) -> None: ...
    def plan(self, files: list[LocalFile], *, delete: bool,
             keep: tuple[str, ...]) -> Plan: ...
    def apply(self, plan: Plan,
              progress: Callable[[str, str], None] | None = None) -> PublishResult: ...


def _open(target: Target, site_dir: Path, endpoint_url: str | None,
          project_dir: Path | None) -> _Publisher:
    # Imported here so that a missing optional dependency only matters for its target.
    if isinstance(target, S3Target):
        from .s3 import S3Publisher
        return S3Publisher(target, endpoint_url)
    if isinstance(target, GitTarget):
        from .ghpages import GitPublisher
        return GitPublisher(target, site_dir, project_dir)
    from .folder import FolderPublisher
    return FolderPublisher(target, site_dir)


def publish(site_dir: Path, target: str, *, delete: bool = False, dry_run: bool = False,
            force: bool = False, keep: tuple[str, ...] = DEFAULT_KEEP,
            endpoint_url: str | None = None, project_dir: Path | None = None,
            echo: Callable[[str], None] = print,
            progress: Callable[[str, str], None] | None = None) -> PublishResult:
    """Publish the built `site_dir` to `target` and return what was done.

    `target` is `s3://BUCKET[/PREFIX]`, `git:REMOTE_OR_PATH[#BRANCH]` (default branch
    gh-pages) or a folder path. `delete` removes files the site no longer has (a git
    branch always holds exactly the site); `keep` lists paths never deleted (`dir/` for a
    folder, globs allowed). `progress(action, path)` is called after each upload or
    delete. Raises PublishError (ForceRequiredError for a mass deletion) on failure.
    """
    site_dir = Path(site_dir)
    parsed = parse_target(target)
    files = scan(site_dir)
    with _open(parsed, site_dir, endpoint_url, project_dir) as publisher:
        plan = publisher.plan(files, delete=delete, keep=tuple(keep))
        for line in plan.describe(str(parsed)):
            echo(line)
        if dry_run:
            result = PublishResult(str(parsed), plan, dry_run=True)
            echo(result.summary())
            return result
        if plan.delete and plan.needs_force and not force:
            raise ForceRequiredError(
                f"refusing to delete {len(plan.delete)} of {plan.remote_total} files on "
                f"{parsed}: that is more than half of it. Check the target, then run "
                "again with --force if this is intended. Nothing was changed.")
        if plan.is_noop:
            echo(f"{parsed} is up to date: nothing to upload or delete.")
            return PublishResult(str(parsed), plan)
        result = publisher.apply(plan, progress)
        echo(result.summary())
        return result
