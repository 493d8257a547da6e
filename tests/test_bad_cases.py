"""Every bad input in tests/cases/bad/ gives its exact messages and leaves site/ untouched.

A case is a folder `tests/cases/bad/<name>/` holding:

    project/      only the files that differ from the valid base project, tests/cases/base/
    delete.txt    optional: base files to delete, one project-relative path a line
    links.txt     optional: symlinks to make, one `path -> target` a line (a relative
                  target that leaves the project is created, so the link is not broken)
    expected.txt  every error line `briefing build` must print, `path:line:col: message; hint`,
                  in the order printed; no other error line may appear

The runner copies a base project that has already been built (so site/ holds a valid
site), lays the case over it, runs `briefing build` through the CLI and checks the exit
status (1), the messages, and that site/ is byte for byte, mtime for mtime, what it was.

To see what a case reports today (before checking each line and saving expected.txt):

    python -m tests.test_bad_cases CASE-NAME
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from trees import snapshot

HERE = Path(__file__).parent
BASE = HERE / "cases" / "base"
BAD = HERE / "cases" / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
# Cases that fail because of a bug outside the validation layer, with the reason.
KNOWN_BUGS: dict[str, str] = {}  # case name -> why it is expected to fail, while a bug is open
ISSUE_LINE = re.compile(r"^\S+:\d+:\d+: ")


def apply_case(case: Path, project: Path) -> None:
    """Lay the case's files over `project`, delete and link what it asks."""
    overlay = case / "project"
    if overlay.is_dir():
        shutil.copytree(overlay, project, dirs_exist_ok=True)
    if (case / "delete.txt").is_file():
        for rel in (case / "delete.txt").read_text().split():
            (project / rel).unlink()
    if (case / "links.txt").is_file():
        for line in (case / "links.txt").read_text().splitlines():
            if not line.strip():
                continue
            rel, target = (part.strip() for part in line.split("->"))
            link = project / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            resolved = (link.parent / target).resolve()
            if not resolved.exists():
                resolved.write_text("/* outside the project */\n")
            link.symlink_to(target)


def run_build(project: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["build", "--project", str(project)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    issues = [line for line in result.stderr.splitlines() if ISSUE_LINE.match(line)]
    return result.exit_code, issues, result.stderr


@pytest.fixture(scope="session")
def built_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("base") / "project"
    shutil.copytree(BASE, project)
    build(project)
    assert (project / "site" / "index.html").is_file()
    return project


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def test_every_case_has_expected_messages() -> None:
    for name in CASES:
        lines = (BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines and all(ISSUE_LINE.match(line) for line in lines), name


def test_base_project_builds(built_base: Path) -> None:
    code, issues, stderr = run_build(built_base)
    assert (code, issues) == (0, []), stderr


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_BUGS[name], strict=True)) if name in KNOWN_BUGS else name
    for name in CASES])
def test_bad_case(name: str, built_base: Path, tmp_path: Path) -> None:
    case = BAD / name
    project = tmp_path / "project"
    shutil.copytree(built_base, project, symlinks=True)
    apply_case(case, project)
    before = snapshot(project / "site")

    code, issues, stderr = run_build(project)

    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert code == 1, stderr
    assert issues == expected
    assert stderr.rstrip().endswith("nothing was written.")
    assert snapshot(project / "site") == before
    leftovers = [p.name for p in (*tmp_path.iterdir(), *project.iterdir()) if ".staging" in p.name]
    assert leftovers == []


if __name__ == "__main__":  # print what a case reports today
    import tempfile

    for name in sys.argv[1:] or CASES:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            shutil.copytree(BASE, project)
            apply_case(BAD / name, project)
            code, issues, stderr = run_build(project)
            print(f"== {name} (exit {code})")
            print("\n".join(issues) if issues else stderr)
