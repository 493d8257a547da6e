"""`briefing draft` on a briefing that has finished sheets: the new article's sentences are
proposed as facts marked `draft: true`, appended to each sheet without changing a byte of
what the analyst wrote; the build leaves them out and `briefing check` lists them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.check.loader import load_file
from generator.cli import main
from generator.draft.sheets import draft
from generator.errors import ContentError

FIRST = """---
title: The parade
---
China hosts the parade in Beijing this week. Leaders from many countries attend.
"""
ARTICLE = """Chinese President Xi Jinping met envoys in Beijing on Monday. China will send a trade mission to Hanoi next week. Vietnam welcomed the plan.
"""
CHINA = """# China, as the first article has it.
name: China   # the host
code: CN
facts:
  - claim: China hosts the parade.
    quote: China hosts the parade in Beijing   # s1
    topic: diplomacy
  # more to come
summary: >-
  Host of the parade.

role: Host
"""
PROPOSED = """  # Proposed from source 'mission': reword each claim, then delete its 'draft: true'.
  - claim: "Chinese President Xi Jinping met envoys in Beijing on Monday."
    quote: "Chinese President Xi Jinping met envoys in Beijing on Monday."   # s1
    source: mission
    draft: true
  - claim: "China will send a trade mission to Hanoi next week."
    quote: "China will send a trade mission to Hanoi next week."   # s2
    source: mission
    draft: true
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for folder in ("sources", "countries", "people"):
        (root / "content" / folder).mkdir(parents=True)
    (root / "content/site.yaml").write_text("title: Test\n", encoding="utf-8")
    (root / "content/sources/parade.md").write_text(FIRST, encoding="utf-8")
    (root / "content/countries/china.yaml").write_text(CHINA, encoding="utf-8")
    (tmp_path / "mission.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project)])


def mission(project: Path) -> Path:
    return project.parent / "mission.txt"


def test_a_finished_sheet_gets_the_sentences_as_draft_facts_after_its_last_fact(project: Path) -> None:
    result = draft(project, mission(project))
    china = (project / "content/countries/china.yaml").read_text(encoding="utf-8")
    at = CHINA.index("  # more to come")
    assert china == CHINA[:at] + PROPOSED + CHINA[at:]
    assert [(p.path, p.sentences) for p in result.proposed] == [("content/countries/china.yaml", ("s1", "s2"))]
    assert "content/countries/china.yaml" not in result.written
    assert result.lines() == [
        "Found 2 countries and 1 people in source 'mission'.",
        "wrote content/sources/mission.md", "wrote content/countries/vietnam.yaml", "wrote content/people/xi-jinping.yaml",
        "proposed content/countries/china.yaml: 2 draft facts (s1, s2)"]


def test_the_build_leaves_draft_facts_out_and_check_lists_them(project: Path) -> None:
    assert run(project, "draft", str(mission(project))).exit_code == 0
    checked = run(project, "check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.splitlines() == [
        "draft pending: content/countries/vietnam.yaml",
        "draft pending: content/people/xi-jinping.yaml",
        "content/countries/china.yaml:9: draft fact pending: Chinese President Xi Jinping met envoys in Beijing on Monday.",
        "content/countries/china.yaml:13: draft fact pending: China will send a trade mission to Hanoi next week.",
        "OK: 1 country, 0 people, 0 events, 0 notes, 2 sources; 2 drafts, 2 draft facts pending."]
    strict = run(project, "check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        "error: 2 drafts, 2 draft facts pending; finish each (delete its 'draft: true') or delete it")

    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "4 drafts left out; `briefing check` lists them." in built.stdout
    site = project / "site"
    page = (site / "countries/china/index.html").read_text(encoding="utf-8")
    assert "China hosts the parade." in page and "trade mission" not in page
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert [c["claim"] for c in data["citations"]] == ["China hosts the parade."]
    assert "trade mission" not in (site / "annotations.jsonld").read_text(encoding="utf-8")
    assert run(project, "edition", "--date", "2025-09-01").exit_code == 0
    edition = yaml.safe_load((project / "editions/2025-09-01.yaml").read_text(encoding="utf-8"))
    assert [f["claim"] for f in edition["countries"]["china"]["facts"]] == ["China hosts the parade."]


def test_finishing_a_proposal_publishes_it(project: Path) -> None:
    draft(project, mission(project))
    sheet = project / "content/countries/china.yaml"
    text = sheet.read_text(encoding="utf-8")
    i = text.index("    draft: true\n", text.index("trade mission"))
    sheet.write_text(text[:i] + text[i + len("    draft: true\n"):], encoding="utf-8")
    assert run(project, "build").exit_code == 0
    page = (project / "site/countries/china/index.html").read_text(encoding="utf-8")
    assert "China will send a trade mission to Hanoi next week." in page
    assert "met envoys" not in page


def test_drafting_the_same_article_again_proposes_nothing_twice(project: Path) -> None:
    draft(project, mission(project))
    sheet = project / "content/countries/china.yaml"
    # The analyst finishes one proposal in their own words and a shorter quote.
    text = sheet.read_text(encoding="utf-8").replace(
        '  - claim: "China will send a trade mission to Hanoi next week."\n'
        '    quote: "China will send a trade mission to Hanoi next week."   # s2\n'
        "    source: mission\n    draft: true\n",
        "  - claim: A Chinese trade mission goes to Hanoi.\n    quote: send a trade mission to Hanoi\n"
        "    source: mission\n")
    sheet.write_bytes(text.encode())
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    again = draft(project, mission(project))
    assert again.proposed == () and again.written == []
    assert {s.path: s.reason for s in again.skipped}["content/countries/china.yaml"] == "exists; nothing new to propose"
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


LAYOUTS = {
    "windows line ends and a byte order mark": "\ufeff" + CHINA.replace("\n", "\r\n"),
    "an indentless list": "name: China\ncode: CN\nfacts:\n- claim: China hosts the parade.\n  quote: China hosts the parade in Beijing\nrole: Host\n",
    "an empty facts key": "name: China\ncode: CN\nfacts:\nrole: Host\n",
    "no facts yet, no final line end": "name: China\ncode: CN\nrole: Host",
    "a folded claim last": "name: China\ncode: CN\nfacts:\n  - quote: China hosts the parade in Beijing\n    claim: >-\n      China hosts\n      the parade.\n\n\nrole: Host\n",
    "an alias in the last fact": "name: China\ncode: CN\ntopic: &t diplomacy\nfacts:\n  - claim: China hosts the parade.\n    quote: China hosts the parade in Beijing\n    topic: *t\n",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_keeps_its_bytes_and_reads_with_the_proposals_last(project: Path, layout: str) -> None:
    sheet = project / "content/countries/china.yaml"
    sheet.write_bytes(LAYOUTS[layout].encode())
    before = yaml.safe_load(LAYOUTS[layout].lstrip("\ufeff"))
    draft(project, mission(project))
    raw = sheet.read_bytes()
    nl = b"\r\n" if b"\r\n" in raw else b"\n"
    added = {line.strip().encode() for line in PROPOSED.splitlines()}
    kept = [line for line in raw.split(nl) if line.strip() not in added]
    original = LAYOUTS[layout].encode()
    if layout.startswith("no facts yet"):
        assert raw.startswith(original + b"\nfacts:\n")
    else:
        assert nl.join(kept) == original
    doc, issues = load_file(sheet, "content/countries/china.yaml", "country", "china")
    assert issues == []
    facts = doc.data["facts"]
    assert facts[: len(before.get("facts") or [])] == (before.get("facts") or [])
    assert [f["quote"] for f in facts if f.get("draft")] == [
        "Chinese President Xi Jinping met envoys in Beijing on Monday.", "China will send a trade mission to Hanoi next week."]
    assert {k: v for k, v in doc.data.items() if k != "facts"} == {k: v for k, v in before.items() if k != "facts"}


def test_facts_written_inline_are_left_alone_and_said_so(project: Path) -> None:
    sheet = project / "content/countries/china.yaml"
    inline = "name: China\ncode: CN\nfacts: [{claim: China hosts the parade., quote: China hosts the parade in Beijing}]\n"
    sheet.write_text(inline, encoding="utf-8")
    result = draft(project, mission(project))
    assert sheet.read_text(encoding="utf-8") == inline
    assert {s.path: s.reason for s in result.skipped}["content/countries/china.yaml"] == (
        "its facts are laid out in a way proposals cannot be added to; write them as a block list ('- claim: ...')")


def test_a_finished_sheet_that_does_not_read_is_a_located_error_and_nothing_is_written(project: Path) -> None:
    sheet = project / "content/countries/china.yaml"
    broken = "name: China\ncode: CN\nfacts:\n  - claim: China hosts the parade.\n   quote: [China hosts\n"
    sheet.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        draft(project, mission(project))
    assert [str(i) for i in caught.value.issues] == [
        "content/countries/china.yaml:5:4: YAML syntax error: did not find expected '-' indicator "
        "(while parsing a block collection started on line 4); check the indentation and quoting on this line or the one before"]
    assert sheet.read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in (project / "content").rglob("*") if p.is_file()) == ["china.yaml", "parade.md", "site.yaml"]
    cli = run(project, "draft", str(mission(project)))
    assert cli.exit_code == 1
    assert cli.stderr.splitlines()[0].startswith("content/countries/china.yaml:5:4: YAML syntax error")


def test_a_symlinked_sheet_is_not_written_through(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(CHINA, encoding="utf-8")
    sheet = project / "content/countries/china.yaml"
    sheet.unlink()
    os.symlink(outside, sheet)
    result = draft(project, mission(project))
    assert outside.read_text(encoding="utf-8") == CHINA and sheet.is_symlink()
    assert {s.path: s.reason for s in result.skipped}["content/countries/china.yaml"] == (
        "a symbolic link; proposals are not written through it")
    assert result.proposed == ()


def test_a_draft_fact_is_not_checked_and_the_facts_after_it_keep_their_lines(project: Path) -> None:
    sheet = project / "content/countries/china.yaml"
    sheet.write_text("name: China\ncode: CN\nfacts:\n  - claim: ''\n    draft: true\n"
                     "  - claim: Leaders attend.\n    quote: Leaders from nowhere attend\n", encoding="utf-8")
    checked = run(project, "check")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[0].startswith(
        "content/countries/china.yaml:7:12: facts[1].quote: not found in source 'parade'")
    sheet.write_text("name: China\ncode: CN\nfacts:\n  - claim: ''\n    draft: true\n", encoding="utf-8")
    assert run(project, "check").stdout.splitlines()[0] == "content/countries/china.yaml:4: draft fact pending: (no claim yet)"


def test_a_draft_mark_is_true_or_false(project: Path) -> None:
    sheet = project / "content/countries/china.yaml"
    sheet.write_text("name: China\ncode: CN\nfacts:\n  - claim: Leaders attend.\n"
                     "    quote: Leaders from many countries attend.\n    draft: 'yes'\n", encoding="utf-8")
    checked = run(project, "check")
    assert checked.stderr.splitlines() == [
        "content/countries/china.yaml:6:12: facts[0].draft: expected true or false, found text; write true or false",
        "1 error found; nothing was written."]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("'yes'", "false"), encoding="utf-8")
    assert run(project, "check").exit_code == 0


def test_the_work_grows_with_the_quotes_not_with_quotes_times_sentences(project: Path, monkeypatch) -> None:
    from generator.check.provenance import QuoteFinder

    sentences = [f"China will send trade mission number {i} to Hanoi." for i in range(400)]
    mission(project).write_text(" ".join(sentences) + "\n", encoding="utf-8")
    facts = "".join(f"  - claim: Mission {i}.\n    quote: trade mission number {i} to Hanoi\n    source: mission\n"
                    for i in range(0, 400, 2))
    sheet = project / "content/countries/china.yaml"
    sheet.write_text("name: China\ncode: CN\nfacts:\n" + facts + "  - claim: Not yet a list.\n    citations: 7\n", encoding="utf-8")
    looked_up = []
    find = QuoteFinder._find
    monkeypatch.setattr(QuoteFinder, "_find", lambda self, quote: looked_up.append(quote) or find(self, quote))
    result = draft(project, mission(project))
    assert len(looked_up) == 200  # each quote once, not once for each of the 400 sentences
    assert [p.sentences for p in result.proposed] == [tuple(f"s{i + 1}" for i in range(1, 400, 2))]
