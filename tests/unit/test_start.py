"""generator.start: `briefing build` with nothing to do answers before the command line
library loads; every other command line goes on, unchanged, to generator.cli."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.start import build_options

# Runs the command as the installed `briefing` does, then names the heavy libraries loaded.
PROBE = ("import sys\n"
         "from generator.start import main\n"
         "{patch}\n"
         "sys.argv = ['briefing', *sys.argv[1:]]\n"
         "try:\n"
         "    main()\n"
         "finally:  # (the full command line exits through SystemExit)\n"
         "    print('loaded:', sorted({{m.split('.')[0] for m in sys.modules}} & {{'click', 'jinja2', 'markdown', 'yaml'}}))")


def briefing(*args: str | Path, patch: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE.format(patch=patch), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("argv", "options"), [
    (["build"], {}),
    (["build", "--project", "p", "--quiet"], {"project": "p", "quiet": True}),
    (["build", "--project=p", "-o", "out", "--base-url", "https://x.example/"],
     {"project": "p", "out": "out", "base_url": "https://x.example/"}),
    (["build", "-q", "-p", "p"], {"quiet": True, "project": "p"}),
])
def test_the_plain_forms_of_build_are_read_here(argv: list[str], options: dict) -> None:
    assert build_options(argv) == options


@pytest.mark.parametrize("argv", [
    [], ["check"], ["serve", "--project", "p"], ["build", "--help"], ["build", "-h"], ["build", "--bogus"],
    ["build", "--project"], ["build", "--project", "--quiet"], ["build", "--project="], ["build", "-pp"],
    ["build", "-qp", "p"], ["build", "--project", "a", "--project", "b"], ["build", "extra"],
    ["build", "--base-url", "ftp://x.example/"], ["build", "--quiet=yes"], ["--version"],
])
def test_every_other_command_line_is_left_to_the_full_parser(argv: list[str]) -> None:
    assert build_options(argv) is None


def test_nothing_changed_is_answered_without_the_command_line_library(project: Path) -> None:
    first = briefing("build", "--project", project)
    assert first.returncode == 0, first.stderr
    assert "loaded: ['click', 'jinja2'" in first.stdout  # it built: the whole command ran
    again = briefing("build", "--project", project)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0].endswith("nothing changed, nothing written.")
    assert again.stdout.splitlines()[-1] == "loaded: []"
    quiet = briefing("build", "-q", "--project", project)
    assert quiet.stdout == "loaded: []\n"


def test_a_build_with_work_asks_the_cache_once_and_builds(project: Path) -> None:
    count = ("from generator.incremental.cache import BuildCache\n"
             "asked = BuildCache.unchanged\n"
             "def counted(self, out):\n"
             "    print('asked', file=sys.stderr)\n"
             "    return asked(self, out)\n"
             "BuildCache.unchanged = counted")
    assert briefing("build", "--project", project).returncode == 0
    note = project / "content/notes/lifelines.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    run = briefing("build", "--project", project, patch=count)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("asked") == 1
    assert " written, " in run.stdout
    assert "One more paragraph." in (project / "site/notes/lifelines/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "says"), [
    (["build", "--bogus"], "No such option '--bogus'"),
    (["build", "--base-url", "ftp://x.example/"], "write a full address starting with https://"),
    (["build", "--project", "missing"], "has no content/ folder"),
])
def test_usage_errors_are_the_full_parsers(args: list[str], says: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    assert run.returncode == 2
    assert says in run.stderr
