"""Every page of the built seed site passes the Nu HTML Checker with no errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from seedsite import BuiltSite

# A page the checker must reject: it proves the checker ran and read the folders it was given.
CANARY = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><span><div>x</div></span></body></html>'


def test_every_page_passes_the_nu_html_checker(site: BuiltSite, vnu: list[str], tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "broken.html").write_text(CANARY, encoding="utf-8")
    # One call for the whole output folder: Java's start-up is most of the cost.
    run = subprocess.run([*vnu, "--errors-only", "--format", "json", "--stdout", "--skip-non-html",
                          str(site.root), str(canary)], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"]
    canary_hits = [m for m in messages if m.get("url", "").endswith("/canary/broken.html")]
    assert canary_hits, f"the checker did not report the canary page; it may not have run:\n{run.stderr}"
    errors = [m for m in messages if m not in canary_hits]
    root = site.root.as_uri().replace("file:///", "file:/")
    report = "\n".join(f"{m.get('url', '?').replace(root, 'site')}:{m.get('lastLine', '?')}:"
                       f"{m.get('firstColumn', m.get('lastColumn', '?'))}: {m['message']}" for m in errors)
    assert not errors, f"the Nu HTML Checker found {len(errors)} error(s):\n{report}"
