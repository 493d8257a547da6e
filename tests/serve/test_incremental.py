"""Incremental builds equal clean builds, file by file, after any sequence of edits."""

from __future__ import annotations

from pathlib import Path

import re

import pytest
import yaml
from edits import Editor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import loader
from generator.incremental import contexts, memo
from generator.build import Builder, build
from generator.errors import ContentError
from trees import tree


discover, link = loader.discover, memo.link


@pytest.mark.parametrize("mode", ["stat", "file-events", "processes"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), steps=st.integers(1, 10))
def test_incremental_equals_full(seed_project_factory, monkeypatch, mode, seed, steps):
    """`file-events`: each build is told which files changed, as the dev server does.
    `processes`: each build is a new builder that starts from the build cache, as
    `briefing build` run again does, and renders every page it can from the contexts the
    last build kept (the seed has fewer pages than it takes to read them otherwise)."""
    monkeypatch.setattr(contexts, "KEEP_FROM", 0)
    project = seed_project_factory()
    out = project.parent / "incremental"
    builder = Builder(project, out, persist=mode == "processes")
    builder.build()
    editor = Editor(project, seed)

    def again() -> None:
        changed = editor.take()
        if mode == "processes":
            build(project, out, persist=True)
        else:
            builder.build(changed=changed if mode == "file-events" else None)

    for _ in range(steps):
        editor.step()
        try:
            again()
        except ContentError:
            pass  # a broken step: the last good site stays
    editor.settle()
    again()
    clean = project.parent / "clean"
    build(project, out=clean)
    assert tree(out) == tree(clean)


def test_one_note_edit_rerenders_only_its_dependants(seed_project):
    builder = Builder(seed_project, seed_project / "site")
    first = builder.build()
    note = seed_project / "content/notes/sanctions-and-their-erosion.md"
    text = note.read_text()
    about = set(yaml.safe_load(text.split("---")[1]).get("countries", []))
    note.write_text(text + "\nOne more sentence.\n")
    rendered = set(builder.build().rendered)
    assert "notes/sanctions-and-their-erosion/index.html" in rendered
    allowed = ({"notes/sanctions-and-their-erosion/index.html", "index.html", "feed.xml"}
               | {f"countries/{c}/index.html" for c in about} | {f"{kind}/{p}/index.html" for p in _people(text) for kind in ("people", "countries")})
    assert rendered <= allowed, rendered - allowed
    assert "timeline/index.html" not in rendered and "relations/index.html" not in rendered
    assert len(first.rendered) > 20


def _people(note_text: str) -> set[str]:
    """People named in the front matter, and any page linked from the body."""
    linked = set(re.findall(r"\[\[([a-z0-9-]+)", note_text))
    return set(yaml.safe_load(note_text.split("---")[1]).get("people", [])) | linked


def test_note_body_edits_take_the_short_path_and_equal_a_clean_build(seed_project, monkeypatch):
    """The dev server's common case: a note's body edited, again and again. Neither the
    folders are listed nor the whole model linked again."""
    builder = Builder(seed_project, seed_project / "site")
    builder.build()
    walks = []
    monkeypatch.setattr(memo, "SWEEP_AFTER", 1)  # each old version swept out at once
    monkeypatch.setattr(loader, "discover", lambda *a: walks.append("list") or discover(*a))
    monkeypatch.setattr(memo, "link", lambda *a: walks.append("link") or link(*a))
    note = seed_project / "content/notes/the-two-blocs.md"
    for i in range(3):
        note.write_text(note.read_text() + f"\nSentence {i} with a [[china]] link.\n")
        assert "notes/the-two-blocs/index.html" in builder.build(changed={note}).rendered
    assert walks == []
    sizes = (len(builder.memo.checks), len(builder.memo.links))
    note.write_text(note.read_text() + "\nOne more.\n")
    builder.build(changed={note})
    assert (len(builder.memo.checks), len(builder.memo.links)) == sizes  # the old version of the note is not kept
    note.write_text(note.read_text() + "\nAnd one about [[vietnam]].\n")  # a new link: link again
    builder.build(changed={note})
    assert walks == ["link"]
    build(seed_project, out=seed_project.parent / "clean")
    assert tree(seed_project / "site") == tree(seed_project.parent / "clean")


def test_old_versions_of_edited_notes_are_swept_out_once_some_have_gathered(seed_project, monkeypatch):
    monkeypatch.setattr(memo, "SWEEP_AFTER", 4)
    builder = Builder(seed_project, seed_project / "site")
    builder.build()
    note = seed_project / "content/notes/the-two-blocs.md"
    sizes = []
    for i in range(3 * memo.SWEEP_AFTER):
        note.write_text(note.read_text() + f"\nSentence {i}.\n")
        builder.build(changed={note})
        sizes.append(len(builder.memo.checks) + len(builder.memo.links))
    assert max(sizes) < sizes[0] + 4 * memo.SWEEP_AFTER  # a few results for each old version, then swept
    assert min(sizes[memo.SWEEP_AFTER:]) < max(sizes)


def test_a_note_about_one_more_country_is_listed_with_it(seed_project):
    """The notes page shows each note's countries: a change to them alone re-renders it,
    even when every country named was already named by some note."""
    builder = Builder(seed_project, seed_project / "site")
    builder.build()
    note = seed_project / "content/notes/sanctions-and-their-erosion.md"
    note.write_text(note.read_text().replace("countries: [north-korea, china, russia]",
                                             "countries: [north-korea, china, russia, japan]"))
    assert "notes/index.html" in builder.build(changed={note}).rendered
    build(seed_project, out=seed_project.parent / "clean")
    assert tree(seed_project / "site") == tree(seed_project.parent / "clean")


def test_title_change_rerenders_pages_that_list_it(seed_project):
    builder = Builder(seed_project, seed_project / "site")
    builder.build()
    note = seed_project / "content/notes/sanctions-and-their-erosion.md"
    text = note.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    note.write_text(text.replace(title, "title: A renamed note"))
    rendered = set(builder.build().rendered)
    assert "notes/sanctions-and-their-erosion/index.html" in rendered
    assert "index.html" in rendered  # the overview lists every note
    assert "countries/vietnam/index.html" not in rendered or "vietnam" in text
    assert "timeline/index.html" not in rendered


def test_template_change_rerenders_only_pages_using_it(seed_project):
    builder = Builder(seed_project, seed_project / "site")
    everything = builder.build().rendered
    (seed_project / "templates").mkdir()
    theme = Path(__file__).resolve().parents[2] / "templates"
    (seed_project / "templates/person.html").write_text((theme / "person.html").read_text() + "\n")
    rendered = builder.build().rendered
    assert rendered and all(r.startswith("people/") for r in rendered)
    (seed_project / "templates/base.html").write_text((theme / "base.html").read_text() + "\n")
    assert len(builder.build().rendered) >= len([e for e in everything if e.endswith(".html")])


def test_deleted_note_disappears_and_links_to_it_are_errors(seed_project):
    builder = Builder(seed_project, seed_project / "site")
    builder.build()
    (seed_project / "content/notes/the-two-blocs.md").unlink()
    builder.build()
    assert not (seed_project / "site/notes/the-two-blocs").exists()
    linker = seed_project / "content/notes/seouls-reading.md"
    linker.write_text(linker.read_text() + "\nSee [[the-two-blocs]].\n")
    with pytest.raises(ContentError) as err:
        builder.build()
    assert "content/notes/seouls-reading.md:" in str(err.value)
    assert "[[the-two-blocs]]" in str(err.value)
