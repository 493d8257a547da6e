"""Editions: `briefing edition` records what the briefing says, `briefing diff` what changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.editions.diff import pair_facts, summary
from generator.editions.command import changes_since

DATE = "2025-09-02"


def cli(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project)])


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fact(claim: str, *quotes: str) -> dict:
    return {"claim": claim, "citations": [{"source": "a", "quote": q} for q in quotes]}


def test_an_edition_is_recorded_once(seed_project: Path) -> None:
    first = cli(seed_project, "edition", "--date", DATE, "--title", "Parade eve")
    assert (first.exit_code, first.output) == (0, f"Recorded editions/{DATE}.yaml.\n")
    text = (seed_project / "editions" / f"{DATE}.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"date: '{DATE}'\ntitle: Parade eve\nsources:\n  victory-day-parade:\n    title: ")
    again = cli(seed_project, "edition", "--date", DATE)
    assert again.exit_code == 2
    assert (f"editions/{DATE}.yaml already exists; an edition is never rewritten: "
            "give another --date, or delete the file first") in again.output
    assert (seed_project / "editions" / f"{DATE}.yaml").read_text(encoding="utf-8") == text
    same = cli(seed_project, "diff")
    assert (same.exit_code, same.output) == (0, f"Since Parade eve ({DATE}): no changes.\n")


def test_a_future_date_is_refused(seed_project: Path) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    result = cli(seed_project, "edition", "--date", tomorrow)
    assert result.exit_code == 2
    assert f"{tomorrow} is in the future; an edition records what the briefing says now" in result.output
    assert not (seed_project / "editions").exists()


def test_an_edition_older_than_the_last_is_refused(seed_project: Path) -> None:
    assert cli(seed_project, "edition", "--date", DATE).exit_code == 0
    result = cli(seed_project, "edition", "--date", "2025-09-01")
    assert result.exit_code == 2
    assert f"editions/{DATE}.yaml is newer than 2025-09-01; editions are recorded in date order" in result.output


def test_diff_needs_an_edition(seed_project: Path) -> None:
    result = cli(seed_project, "diff")
    assert result.exit_code == 2
    assert "no edition recorded yet; record one with 'briefing edition'" in result.output


@pytest.mark.parametrize("old, new, expected", [
    ("- with: china\n    kind: partner", "- with: china\n    kind: ally",  # a value of the wrong shape
     None),
    ("    - source: victory-day-parade\n", "    - source: [victory-day-parade]\n",
     "editions/{d}.yaml:{line}:17: countries.china.facts.0.citations.0.source: expected text; "
     "an edition is written by 'briefing edition': restore the file from version control"),
    ("title: Edition of {d}", "title: Edition of {d}\nextra: 1",
     "editions/{d}.yaml:3:1: extra: unknown key; "
     "an edition is written by 'briefing edition': restore the file from version control"),
    ("date: '{d}'", "date: '2025-09-03'",
     "editions/{d}.yaml:1:7: date: '2025-09-03' is not the file's date ({d}); write date: {d}, or rename the file"),
    ("title: Edition of {d}", "title: [Edition",
     "editions/{d}.yaml:3:8: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
     "sequence started on line 2); check the indentation and quoting on this line or the one before"),
])
def test_a_broken_edition_is_a_located_error(seed_project: Path, old: str, new: str, expected: str | None) -> None:
    assert cli(seed_project, "edition", "--date", DATE).exit_code == 0
    path = seed_project / "editions" / f"{DATE}.yaml"
    text = path.read_text(encoding="utf-8")
    old, new = old.format(d=DATE), new.format(d=DATE)
    if expected is None:  # a hand edit that keeps the shape is a change like any other
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert cli(seed_project, "diff").exit_code == 0
        return
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli(seed_project, "diff")
    assert result.exit_code == 1
    assert result.output.startswith(expected.format(d=DATE, line=line)), result.output


def test_an_edition_file_named_for_the_future_is_an_error(seed_project: Path) -> None:
    assert cli(seed_project, "edition", "--date", DATE).exit_code == 0
    later = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    (seed_project / "editions" / f"{DATE}.yaml").rename(seed_project / "editions" / f"{later}.yaml")
    result = cli(seed_project, "diff")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"editions/{later}.yaml:1:1: the edition's date {later} is in the future; "
        "an edition records what the briefing said: rename it with the day it was recorded\n")


def test_facts_pair_up_by_quote_then_by_place() -> None:
    old = [fact("A", "qa"), fact("B", "qb"), fact("Kim meets Xi in Beijing", "qc"), fact("D", "qd")]
    new = [fact("B", "qb"), fact("A2", "qa"), fact("Kim meets Xi and Putin in Beijing", "qc2"),
           fact("E", "qe"), fact("F", "qf")]
    pairs, removed, added = pair_facts(old, new)
    # B moved but is unchanged; A2 keeps A's quote; the third keeps its place and most of
    # its words; E stands where D stood but shares none of its words: D removed, E added.
    assert [(a["claim"], b["claim"]) for a, b in pairs] == [("A", "A2"),
                                                            ("Kim meets Xi in Beijing", "Kim meets Xi and Putin in Beijing")]
    assert [f["claim"] for f in removed] == ["D"]
    assert [f["claim"] for f in added] == ["E", "F"]


def test_diff_lists_each_kind_of_change(seed_project: Path) -> None:
    assert cli(seed_project, "edition", "--date", DATE).exit_code == 0
    edit(seed_project, "content/countries/china.yaml", "kind: partner", "kind: ally")
    edit(seed_project, "content/countries/china.yaml",
         "  - claim: Officials expect 26 foreign leaders at the parade.\n"
         "    quote: Officials expect 26 foreign leaders to attend\n    topic: diplomacy\n", "")
    edit(seed_project, "content/countries/china.yaml", "claim: Xi Jinping personally invited",
         "claim: Xi Jinping himself invited")
    path = seed_project / "content/notes/seouls-reading.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    edition, changes = changes_since(seed_project)
    assert [c.text for c in changes] == [
        "Reworded: Xi Jinping himself invited Kim Jong Un to the parade. "
        "(was “Xi Jinping personally invited Kim Jong Un to the parade.”)",
        "Removed: Officials expect 26 foreign leaders at the parade.",
        "Relation with Russia: partner → ally",
        "Edited note: " + next(line for line in (seed_project / "content/notes/seouls-reading.md")
                               .read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
        .split(":", 1)[1].strip().strip('"'),
    ]
    assert summary(changes) == "1 fact reworded, 1 fact removed, 1 relation changed, 1 note edited"
    out = cli(seed_project, "diff", DATE).output.splitlines()
    assert out[:3] == [f"Since Edition of {DATE} ({DATE}): {summary(changes)}.", "China:",
                       "  Reworded: Xi Jinping himself invited Kim Jong Un to the parade. "
                       "(was “Xi Jinping personally invited Kim Jong Un to the parade.”)"]
    assert out[-2:] == ["Elsewhere:", f"  {changes[-1].text}"]
