"""generator.cli: arguments in, exit codes out (0 ok, 1 content errors, 2 usage errors)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

COMMANDS = ["new", "check", "build"]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command
    words = " ".join(result.stdout.split())
    assert ("Exit status: 0 on success, 1 when the content has errors, 2 on a usage error, 3 when the site "
            "cannot be written (a full disk, a folder without permission), 130 when stopped by Ctrl-C, 143 when "
            "stopped by SIGTERM.") in words


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run(command, "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {command}") or f"{command} [OPTIONS]" in result.stdout


@pytest.mark.parametrize("command", ["check", "build"])
def test_every_project_command_takes_project(command: str) -> None:
    assert "--project" in run(command, "--help").stdout


def test_python_dash_m_generator_is_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "build" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("briefing, version ")


# --- usage errors: 2 -------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["build", "--no-such-option"],
    ["no-such-command"],
    ["check", "--project"],
    ["new"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Error" in result.stderr


def test_a_folder_without_content_is_a_usage_error(tmp_path: Path) -> None:
    for command in ("check", "build"):
        result = run(command, "--project", tmp_path)
        assert result.exit_code == 2
        assert f"{tmp_path} has no content/ folder; pass --project DIR or run 'briefing new DIR'" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_missing_project_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "--project", tmp_path / "nowhere")
    assert result.exit_code == 2


def test_base_url_must_be_an_address(project: Path) -> None:
    result = run("build", "--project", project, "--base-url", "example.org")
    assert result.exit_code == 2
    assert "write a full address starting with https://" in result.stderr
    assert not (project / "site").exists()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = run("new", tmp_path)
    assert result.exit_code == 2
    assert "exists and is not empty; choose a new folder" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# --- content errors: 1 -----------------------------------------------------------------

def test_content_errors_exit_1_with_every_message_on_stderr(project: Path) -> None:
    china = project / "content/countries/china.yaml"
    china.write_text(china.read_text().replace("code: CN", "code: XX").replace("role: Host", "rol: Host"))
    for command in ("check", "build"):
        result = run(command, "--project", project)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "content/countries/china.yaml:2:7: code: 'XX' is not an ISO 3166-1 alpha-2 country code; "
            "use the ISO 3166-1 alpha-2 code; for China that is 'CN'",
            "content/countries/china.yaml:4:1: rol: unknown key; did you mean 'role'?",
            "2 errors found; nothing was written.",
        ]
        assert result.stdout == ""
    assert not (project / "site").exists()


# --- success: 0 ------------------------------------------------------------------------

def test_check_writes_nothing_and_lists_pending_drafts(project: Path) -> None:
    (project / "content/notes/later.md").write_text("---\ntitle: Later\ndraft: true\n---\nSoon.\n")
    result = run("check", "--project", project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "draft pending: content/notes/later.md",
        "OK: 3 countries, 2 people, 1 event, 1 note, 1 source; 1 draft pending.",
    ]
    assert not (project / "site").exists()


def test_build_then_build_again_says_nothing_changed(project: Path) -> None:
    first = run("build", "--project", project)
    assert first.exit_code == 0, first.output
    no_address = "no base_url: no sitemap, no canonical links.\n"  # the case has no base_url
    assert re.fullmatch(r"Built (\d+) files in [\d.]+ s: \1 written, 0 unchanged\.\n" + no_address, first.stdout)
    second = run("build", "--project", project)
    assert second.exit_code == 0
    assert re.fullmatch(r"Built \d+ files in [\d.]+ s: nothing changed, nothing written\.\n" + no_address,
                        second.stdout)


def test_build_quiet_and_out(project: Path, tmp_path: Path) -> None:
    result = run("build", "--project", project, "--out", tmp_path / "elsewhere", "--quiet")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (tmp_path / "elsewhere" / "index.html").is_file()
    assert not (project / "site").exists()


def test_new_then_check_then_build(tmp_path: Path) -> None:
    target = tmp_path / "briefing"
    result = run("new", target)
    assert result.exit_code == 0
    assert result.stdout.startswith("Created ")
    assert run("check", "--project", target).exit_code == 0
    assert run("build", "--project", target).exit_code == 0
    assert (target / "site" / "countries" / "norway" / "index.html").is_file()


# --- the wording a new user reads ------------------------------------------------------

def test_help_lists_the_commands_in_working_order_on_one_line_each() -> None:
    stdout = CliRunner().invoke(main, ["--help"], terminal_width=80).stdout
    listed = stdout[stdout.index("Commands:\n") + len("Commands:\n"):].splitlines()
    assert [line.split()[0] for line in listed] == ["new", "draft", "check", "serve", "build", "publish", "edition", "diff"]
    assert all(line.startswith("  ") and not line.startswith("   ") and "..." not in line for line in listed)


def test_new_takes_project_like_every_command(tmp_path: Path) -> None:
    result = run("new", "--project", tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Created 9 files in {tmp_path / 'b'}. Next: briefing serve --project {tmp_path / 'b'}\n"
    assert run("check", "--project", tmp_path / "b").exit_code == 0
    two = run("new", tmp_path / "c", "--project", tmp_path / "d")
    assert two.exit_code == 2
    assert f"two folders named: {tmp_path / 'c'} and {tmp_path / 'd'}; name one" in two.stderr


def test_new_empty_makes_a_project_without_the_example(tmp_path: Path) -> None:
    result = run("new", tmp_path / "e", "--empty")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Created 8 files in {tmp_path / 'e'}. Next: briefing draft ARTICLE --project {tmp_path / 'e'}\n"
    assert sorted(p.name for p in (tmp_path / "e/content").iterdir()) == [
        "countries", "events", "notes", "people", "site.yaml", "sources"]
    check = run("check", "--project", tmp_path / "e")
    assert check.stdout == "OK: 0 countries, 0 people, 0 events, 0 notes, 0 sources.\n"


def test_check_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    run("new", tmp_path / "one")
    result = run("check", "--project", tmp_path / "one")
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 2 countries, 1 person, 1 event, 1 note, 1 source.\n"


def test_build_says_how_many_drafts_it_left_out(project: Path) -> None:
    for name in ("later", "sooner"):
        (project / f"content/notes/{name}.md").write_text(f"---\ntitle: {name}\ndraft: true\n---\nSoon.\n")
    result = run("build", "--project", project, "--base-url", "https://example.org/")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Built \d+ files in [\d.]+ s: \d+ written, 0 unchanged\.\n"
                        r"2 drafts left out; `briefing check` lists them\.\n", result.stdout)


def test_serve_words_its_summaries_and_errors_as_build_and_check_do(project: Path) -> None:
    from generator.serve.builds import LocalBuilds
    from generator.serve.server import DevServer

    said: list[str] = []
    server = DevServer(project, port=0, echo=said.append)
    server.builder = LocalBuilds(project, server.root)  # as `run()` makes it, in this thread
    try:
        assert server.build_once()
        assert re.fullmatch(r"Built \d+ files in [\d.]+ s: \d+ written, 0 unchanged\.\n"
                            r"no base_url: no sitemap, no canonical links\.", said[-1])
        china = project / "content/countries/china.yaml"
        china.write_text(china.read_text().replace("code: CN", "code: XX"))
        assert not server.build_once()
        assert said[-1].splitlines()[-1] == "1 error found; still serving the last good build."
        check = run("check", "--project", project)
        assert check.stderr.splitlines()[-1] == "1 error found; nothing was written."
        assert said[-1].splitlines()[:-1] == check.stderr.splitlines()[:-1]
    finally:
        shutil.rmtree(server.tmp, ignore_errors=True)


def test_a_finished_sheet_with_nothing_in_it_is_warned_about(project: Path) -> None:
    (project / "content/countries/chad.yaml").write_text("name: Chad\ncode: TD\n")
    (project / "content/people/nobody.yaml").write_text("name: Nobody\n")
    warnings = [
        "content/countries/chad.yaml:1:1: warning: this country sheet has nothing to show but its name; "
        "add a summary or a fact with its quote, or mark it 'draft: true'",
        "content/people/nobody.yaml:1:1: warning: this person sheet has nothing to show but its name; "
        "add a summary or a fact with its quote, or mark it 'draft: true'"]
    check = run("check", "--project", project)
    assert check.exit_code == 0, check.output
    assert check.stderr.splitlines() == warnings
    build = run("build", "--project", project)
    assert build.exit_code == 0, build.output
    assert build.stderr.splitlines() == warnings


def test_serve_says_a_warning_when_it_appears_and_when_it_is_gone(project: Path) -> None:
    from generator.serve.builds import LocalBuilds
    from generator.serve.server import DevServer

    said: list[str] = []
    server = DevServer(project, port=0, echo=said.append)
    server.builder = LocalBuilds(project, server.root)  # as `run()` makes it, in this thread
    chad = project / "content/countries/chad.yaml"
    try:
        chad.write_text("name: Chad\ncode: TD\n")
        assert server.build_once()
        assert said[0].startswith("content/countries/chad.yaml:1:1: warning: this country sheet has nothing")
        assert server.build_once() and len(said) == 3  # the same warning is not said again
        chad.write_text("name: Chad\ncode: TD\nrole: Neighbour\n")
        assert server.build_once()
        assert said[-2] == "no warnings left."
    finally:
        shutil.rmtree(server.tmp, ignore_errors=True)
