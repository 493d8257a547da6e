"""generator.pages.plan: the outputs of a site, and the entity pages kept from plan to plan."""

from __future__ import annotations

from pathlib import Path

from generator.build import check_content
from generator.pages.assets import collect
from generator.pages.plan import Kept, plan

NOTE = "content/notes/sanctions-and-their-erosion.md"
PAGE = "notes/sanctions-and-their-erosion/index.html"


def _plan(project: Path, kept: Kept):
    assets, _ = collect(project)
    return plan(check_content(project), assets, kept=kept)


def _edit(project: Path, old: str, new: str, file: str = NOTE) -> None:
    path = project / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_keeps_the_entity_pages_and_their_contexts_come_from_the_new_model(seed_project):
    kept: Kept = {}
    first = _plan(seed_project, kept)
    _edit(seed_project, "title: Sanctions and their erosion", "title: Sanctions, eroded")
    second = _plan(seed_project, kept)

    before = {o.file: o for o in first.outputs}
    after = {o.file: o for o in second.outputs}
    assert after[PAGE] is before[PAGE]  # the same value: not made again
    assert after.keys() == before.keys()
    assert second.contexts(after[PAGE])["page"]["title"] == "Sanctions, eroded"
    assert first.contexts(before[PAGE])["page"]["title"] == "Sanctions and their erosion"


def test_a_new_note_or_another_chrome_makes_the_pages_again(seed_project):
    kept: Kept = {}
    first = {o.file: o for o in _plan(seed_project, kept).outputs}
    (seed_project / "content/notes/a-new-note.md").write_text(
        "---\ntitle: A new note\ncountries: [china]\ndate: 2025-09-03\n---\nShort.\n")
    second = {o.file: o for o in _plan(seed_project, kept).outputs}
    assert "notes/a-new-note/index.html" in second
    assert second[PAGE] == first[PAGE]

    _edit(seed_project, "title: \"Kim Jong Un in Beijing", "title: \"Kim in Beijing", "content/site.yaml")
    third = {o.file: o for o in _plan(seed_project, kept).outputs}
    assert third[PAGE].deps != second[PAGE].deps  # every page shows the site's title
    assert third[PAGE].entity == ("note", "sanctions-and-their-erosion")
