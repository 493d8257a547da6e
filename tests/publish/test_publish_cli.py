"""`briefing publish` as a user runs it: build the seed briefing, publish, crawl the result."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from publish_helpers import crawl, serve_under_briefing, tree_bytes

REPO = Path(__file__).resolve().parents[2]


def briefing(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=300)


def test_publish_seed_to_folder_then_crawl_under_sub_path(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    target = tmp_path / "share"
    first = briefing("publish", "--project", str(project), str(target))
    assert first.returncode == 0, first.stderr
    assert tree_bytes(target) == tree_bytes(project / "site")
    with serve_under_briefing(target) as url:
        reached, broken = crawl(url)
    assert broken == []
    assert len([u for u in reached if u.endswith("/")]) >= 20

    again = briefing("publish", "--project", str(project), str(target))
    assert again.returncode == 0
    assert "up to date" in again.stdout

    dry = briefing("publish", "--project", str(project), "--dry-run", str(tmp_path / "elsewhere"))
    assert dry.returncode == 0 and not (tmp_path / "elsewhere").exists()


def test_publish_usage_and_content_errors(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    assert briefing("publish", "--project", str(project), "s3://").returncode == 2
    (project / "content/countries/china.yaml").write_text("name: [broken\n")
    bad = briefing("publish", "--project", str(project), str(tmp_path / "out"))
    assert bad.returncode == 1
    assert "content/countries/china.yaml:" in bad.stderr
    assert not (tmp_path / "out").exists()
