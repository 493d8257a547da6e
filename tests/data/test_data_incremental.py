"""The data files follow the content: a build with nothing changed writes none of them,
an edit rewrites those that show it, and an incremental build makes the same bytes as a
full one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import HARBOUR

from generator.build import Builder, build

DATA = ["annotations.jsonld", "briefing.json"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(HARBOUR, tmp_path / "p")
    return tmp_path / "p"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def data_written(result) -> list[str]:
    return sorted(f for f in result.report.written if f in DATA or f.endswith("/text.txt"))


def test_edits_rewrite_the_data_files_that_show_them(project: Path) -> None:
    builder = Builder(project)
    assert data_written(builder.build()) == [*DATA, "sources/port-authority/text.txt"]
    assert builder.build().report.written == []
    edit(project, "content/countries/chile.yaml", "for a decade", "for ten years")
    assert data_written(builder.build()) == DATA
    # A note's text is not in the data (its title, date and links are).
    edit(project, "content/notes/who-is-left-out.md", "has no seat", "holds no seat")
    assert data_written(builder.build()) == []
    edit(project, "content/notes/who-is-left-out.md", "title: Who is left out", "title: Left out")
    assert data_written(builder.build()) == ["briefing.json"]  # annotations say nothing of notes
    edit(project, "content/sources/port-authority.md", "Critics in Lima", "Critics in  Lima")
    assert data_written(builder.build()) == [*DATA, "sources/port-authority/text.txt"]
    full = tree(build(project, project / "full").report.digests)
    assert {f: d for f, d in builder.known.items() if f in full} == full


def tree(digests: dict[str, str]) -> dict[str, str]:
    return {f: d for f, d in digests.items() if f in DATA or f.endswith("/text.txt")}


def test_a_build_in_a_new_process_writes_nothing_when_nothing_changed(project: Path) -> None:
    build(project, persist=True)
    assert build(project, persist=True).report.written == []
    edit(project, "content/people/ana-ruiz.yaml", "a bridge", "a bridge")  # saved again unchanged
    edit(project, "content/people/ana-ruiz.yaml", "President of Chile", "Head of state of Chile")
    assert data_written(build(project, persist=True)) == ["briefing.json"]


def test_the_data_are_made_again_only_when_their_inputs_changed(project: Path, monkeypatch) -> None:
    from generator.output import data

    made: list[str] = []
    for name in ("briefing", "annotations"):
        real = getattr(data, name)
        monkeypatch.setattr(data, name, lambda *args, real=real, name=name: made.append(name) or real(*args))
    builder = Builder(project)
    builder.build()
    assert made == ["briefing", "annotations"]
    edit(project, "content/notes/who-is-left-out.md", "has no seat", "holds no seat")
    builder.build()
    assert made == ["briefing", "annotations"]  # a note's body: nothing of the data to make
    edit(project, "content/countries/peru.yaml", "Partner in the port", "Partner")
    builder.build()
    # Each file is made again when something it read changed: the role is in briefing.json
    # alone, not in the annotations.
    assert made == ["briefing", "annotations", "briefing"]
