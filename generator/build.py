"""The orchestrator: the only place that knows the order of the stages.

load -> validate -> link -> plan -> render -> (search index) -> write. Every content
issue is collected before anything is rendered, and nothing is written unless every
stage succeeded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .assets import collect
from .errors import ContentError, Issue
from .link import Linked, link
from .loader import load
from .plan import plan
from .render import render
from .validate import validate
from .write import WriteReport, write_site

Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class BuildResult:
    linked: Linked
    files: dict[str, bytes]
    report: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0

    @property
    def drafts(self) -> tuple[str, ...]:
        return self.linked.site.drafts


def check_content(project: Path) -> Linked:
    """Load, validate and link; raise ContentError with every issue found."""
    docs, issues = load(project)
    site, by_slug, more = validate(docs)
    issues += more
    linked = None
    if site is not None:
        linked, more = link(site, by_slug)
        issues += more
    if issues or linked is None:
        raise ContentError(sorted(set(issues)))
    return linked


def build(project: Path, out: Path | None = None, *, base_url: str | None = None, write: bool = True,
          progress: Progress | None = None) -> BuildResult:
    """Build the site of `project` into `out` (default `project/site`).

    Raises ContentError, with every issue found, when the content or templates are wrong;
    the output folder is then left exactly as it was.
    """
    started = time.perf_counter()
    project = Path(project)
    linked = check_content(project)
    assets, issues = collect(project)
    outputs, more = plan(linked, assets, base_url)
    issues += more
    if issues:
        raise ContentError(sorted(set(issues)))
    total = len(outputs)
    files, issues = render(project, outputs, progress and (lambda done: progress("render", done, total)))
    if issues:
        raise ContentError(issues)
    if linked.site.search:
        from .search import index_files

        files.update(index_files(files, linked.site.language))
    result = BuildResult(linked, files)
    if write:
        result.report = write_site(Path(out) if out else project / "site", files)
    result.seconds = time.perf_counter() - started
    return result


def report_issues(issues: list[Issue]) -> str:
    return "\n".join(str(i) for i in issues)
