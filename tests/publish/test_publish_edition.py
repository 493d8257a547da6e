"""`briefing publish` can record an edition first: `--edition` and `--no-edition` for
scripts, a question when run in a terminal, never a question otherwise."""

from __future__ import annotations

import datetime as dt
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QUESTION = "The briefing has no edition yet. Record an edition of today before publishing? [y/N]"


def briefing(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          timeout=300, stdin=stdin)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "project" / "content")
    return tmp_path / "project"


def editions(project: Path) -> list[str]:
    folder = project / "editions"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_edition_records_one_when_the_briefing_changed_and_publishes_it(project: Path, tmp_path: Path) -> None:
    today = dt.date.today().isoformat()
    share = tmp_path / "share"
    first = briefing("publish", "--project", str(project), "--edition", str(share))
    assert first.returncode == 0, first.stderr
    assert f"Recorded editions/{today}.yaml; commit it with the content." in first.stderr.splitlines()
    assert editions(project) == [f"{today}.yaml"]
    assert f'id="edition-{today}"' in (share / "changes" / "index.html").read_text(encoding="utf-8")

    again = briefing("publish", "--project", str(project), "--edition", str(share))
    assert again.returncode == 0, again.stderr
    assert "No change since the latest edition: no edition recorded." in again.stderr.splitlines()
    assert editions(project) == [f"{today}.yaml"]


def test_no_edition_records_nothing_and_publishes_the_change_as_pending(project: Path, tmp_path: Path) -> None:
    share = tmp_path / "share"
    assert briefing("edition", "--project", str(project), "--date", "2025-09-01").returncode == 0
    sheet = project / "content/countries/china.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("kind: partner", "kind: ally", 1), encoding="utf-8")
    run = briefing("publish", "--project", str(project), "--no-edition", str(share))
    assert run.returncode == 0, run.stderr
    assert "Recorded" not in run.stderr and "Record an edition" not in run.stderr
    assert editions(project) == ["2025-09-01.yaml"]
    page = (share / "changes" / "index.html").read_text(encoding="utf-8")
    assert 'id="edition-next"' in page and "Relation with Russia: partner → ally" in page


def test_without_a_terminal_nothing_is_asked(project: Path, tmp_path: Path) -> None:
    run = briefing("publish", "--project", str(project), str(tmp_path / "share"))
    assert run.returncode == 0, run.stderr
    assert "Record an edition" not in run.stderr and editions(project) == []


def _in_a_terminal(project: Path, target: Path, answer: bytes) -> subprocess.CompletedProcess:
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer)  # typed ahead: the terminal holds it until the question reads it
        return briefing("publish", "--project", str(project), str(target), stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)


@pytest.mark.parametrize(("answer", "recorded"), [(b"y\n", True), (b"\n", False)])
def test_in_a_terminal_it_asks(project: Path, tmp_path: Path, answer: bytes, recorded: bool) -> None:
    run = _in_a_terminal(project, tmp_path / "share", answer)
    assert run.returncode == 0, run.stderr
    assert run.stderr.startswith(QUESTION)
    assert editions(project) == ([f"{dt.date.today().isoformat()}.yaml"] if recorded else [])
