"""`briefing draft` end to end: draft from an article, write one claim per sheet, build."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "content/sources/victory-day-parade.md"


def briefing(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=300)


def fill_in(sheet: Path) -> None:
    """What an analyst does: keep the first candidate fact, write its claim, drop draft."""
    lines = sheet.read_text().splitlines()
    out, kept = [], False
    for i, line in enumerate(lines):
        if line.strip() == "draft: true" or line.startswith('country: ""'):
            continue  # finished: no draft mark, and no empty country (a finished sheet refuses it)
        m = re.match(r"#\s*- claim: .*", line.strip())
        if m and not kept and i + 1 < len(lines) and lines[i + 1].lstrip().startswith("#") and "quote:" in lines[i + 1]:
            out.append("  - claim: A claim written by the analyst.")
            out.append("    " + lines[i + 1].lstrip()[1:].strip().split("   #")[0])
            kept = True
            lines[i + 1] = ""
            continue
        out.append(line)
    sheet.write_text("\n".join(out) + "\n")
    yaml.safe_load(sheet.read_text())


def test_draft_fill_in_then_build(tmp_path):
    project = tmp_path / "project"
    assert briefing("new", str(project)).returncode == 0
    article = tmp_path / "parade.txt"
    body = ARTICLE.read_text().split("---", 2)[2].strip()
    article.write_bytes(("\ufeff" + body.replace("\n", "\r\n")).encode())

    found = briefing("draft", "--project", str(project), "--json", str(article))
    assert found.returncode == 0, found.stderr
    report = json.loads(found.stdout)
    slugs = {c["slug"] for c in report["countries"]}
    assert {"north-korea", "china", "russia", "south-korea", "japan", "united-states", "vietnam",
            "slovakia", "ukraine"} <= slugs

    pending = briefing("check", "--project", str(project))
    assert pending.returncode == 0, pending.stderr
    assert "draft pending" in pending.stdout

    for rel in report["written"]:
        if rel.endswith(".yaml"):
            fill_in(project / rel)
    built = briefing("build", "--project", str(project))
    assert built.returncode == 0, built.stderr
    assert (project / "site/countries/north-korea/index.html").is_file()
    assert (project / "site/people/kim-jong-un/index.html").is_file()

    again = briefing("draft", "--project", str(project), str(article))
    assert again.returncode == 0
    assert "skip" in again.stdout.lower()


STORIES = REPO / "tests/draft_cases/articles"


def test_two_stories_drafted_checked_filled_in_and_built(tmp_path):
    project = tmp_path / "project"
    assert briefing("new", str(project)).returncode == 0
    before = briefing("check", "--project", str(project))
    assert before.returncode == 0, before.stderr
    written = []
    for story in ("eu-mercosur", "nile-dam"):
        run = briefing("draft", "--project", str(project), "--json", str(STORIES / f"{story}.txt"))
        assert run.returncode == 0, run.stderr
        written += json.loads(run.stdout)["written"]
    assert {"content/people/ursula-von-der-leyen.yaml", "content/people/abdel-fattah-al-sisi.yaml",
            "content/people/abdel-fattah-al-burhan.yaml", "content/people/luiz-inacio-lula-da-silva.yaml"} <= set(written)

    # Drafts are drafts: the project checks and builds as before, and lists them.
    pending = briefing("check", "--project", str(project))
    assert pending.returncode == 0, pending.stderr
    assert "draft pending: content/people/ursula-von-der-leyen.yaml" in pending.stdout
    assert briefing("build", "--project", str(project)).returncode == 0
    assert not (project / "site/people/ursula-von-der-leyen").exists()

    for rel in written:
        if rel.endswith(".yaml"):
            fill_in(project / rel)
    built = briefing("build", "--project", str(project))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (project / "site/people/ursula-von-der-leyen/index.html").read_text(encoding="utf-8")
    assert "Ursula von der Leyen" in page
    sisi = (project / "site/people/abdel-fattah-al-sisi/index.html").read_text(encoding="utf-8")
    assert "/countries/egypt/" in sisi
    source = (project / "site/sources/nile-dam/index.html").read_text(encoding="utf-8")
    assert "Ethiopia opens Africa’s biggest dam" in source or "Ethiopia opens Africa&#39;s biggest dam" in source
