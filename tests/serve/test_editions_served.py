"""`briefing serve` watches editions/ as it watches content/: an edition recorded while
serving (the folder made by it, as the first one is) shows on What changed and the
overview without a restart."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from generator.serve.watch import classify


def fetch(url: str) -> str:
    """The page's text; "" for a page the site does not have (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return ""
        raise


def test_an_edition_is_a_change_to_the_content(tmp_path: Path) -> None:
    assert classify(tmp_path, tmp_path / "editions" / "2025-09-01.yaml") == "content"
    assert classify(tmp_path, tmp_path / "editions" / "2025-09-01.tmp") is None  # written beside, then renamed


def test_recording_an_edition_while_serving_updates_what_changed_and_the_overview(served) -> None:
    builds = served.wait_idle()["builds"]
    assert fetch(served.url + "changes/") == ""  # no edition yet: no page
    for date, title in (("2025-09-01", "Parade eve"), ("2025-09-02", "Parade day")):
        if date == "2025-09-02":  # a change to record: China and Russia become allies
            sheet = served.project / "content/countries/china.yaml"
            sheet.write_text(sheet.read_text(encoding="utf-8").replace("kind: partner", "kind: ally", 1), encoding="utf-8")
            builds = served.wait_build(builds)["builds"]
            builds = served.wait_idle()["builds"]
        run = subprocess.run([sys.executable, "-m", "generator", "edition", "--project", str(served.project),
                              "--date", date, "--title", title], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        builds = served.wait_build(builds)["builds"]
        assert f'id="edition-{date}"' in fetch(served.url + "changes/")
    overview = fetch(served.url)
    assert "The latest edition (2 September 2025): 1 relation changed." in overview
    assert "Relation with Russia: partner → ally" in fetch(served.url + "changes/")
