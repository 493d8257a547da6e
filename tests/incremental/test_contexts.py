"""generator.incremental.contexts: pages rendered again from the contexts the last build kept."""

from __future__ import annotations

import dataclasses
import pickle
from collections import Counter
from pathlib import Path

import pytest

from generator.build import Builder, build
from generator.errors import ContentError
from generator.incremental import contexts
from generator.incremental.reads import Reads, tracked
from generator.model import Note, Site
from generator.pages import views
from trees import override, same_as_clean

KINDS = ("country", "person", "note", "source")


@pytest.fixture(autouse=True)
def keep_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # The seed has a score of entity pages; a build reads kept contexts from fifty.
    monkeypatch.setattr(contexts, "KEEP_FROM", 1)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How many views of each kind of entity page were made."""
    counts: Counter = Counter()
    for kind in KINDS:
        def counted(self, slug, view=getattr(views.Views, kind), kind=kind):
            counts[kind] += 1
            return view(self, slug)
        monkeypatch.setattr(views.Views, kind, counted)
    return counts


def kept_files(project: Path) -> list[str]:
    return sorted(p.name for p in (project / ".briefing-cache").glob("contexts-*"))


def test_after_a_template_change_every_entity_page_is_rendered_from_its_kept_context(seed_project: Path, made: Counter):
    build(seed_project, persist=True)
    assert sum(made.values()) > 10 and kept_files(seed_project)  # each build keeps what it made
    made.clear()
    override(seed_project, "note.html", "<!-- revision A -->")
    override(seed_project, "country.html", "<!-- revision A -->")
    result = build(seed_project, persist=True)  # a process of its own, as `briefing build` again
    assert made == Counter()  # not one view made again
    assert "notes/the-two-blocs/index.html" in result.rendered and "countries/china/index.html" in result.rendered
    assert "revision A" in (seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)
    # The pages it rendered from kept contexts read what they read before: an edit finds them.
    china = seed_project / "content/countries/china.yaml"
    china.write_text(china.read_text().replace("summary:", "summary: Edited.", 1))
    result = build(seed_project, persist=True)
    assert "countries/china/index.html" in result.rendered and "Edited." in (
        seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)


def test_a_page_whose_content_changed_with_the_template_is_made_afresh(seed_project: Path, made: Counter):
    build(seed_project, persist=True)
    made.clear()
    china = seed_project / "content/countries/china.yaml"
    china.write_text(china.read_text().replace("summary:", "summary: Edited.", 1))
    override(seed_project, "country.html", "<!-- revision B -->")
    build(seed_project, persist=True)
    assert made["country"] >= 1 and made["country"] < len(list((seed_project / "content/countries").glob("*.yaml")))
    assert "Edited." in (seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)


def test_a_failed_build_keeps_no_context_it_made(seed_project: Path, made: Counter, monkeypatch: pytest.MonkeyPatch):
    # A build whose note pages fail: the country pages it made from the edited content
    # must not outlive it, for its reads were never recorded. Once the edit is taken back,
    # a template change renders the countries from what the last good build kept.
    build(seed_project, persist=True)
    before = kept_files(seed_project)
    china = seed_project / "content/countries/china.yaml"
    good = china.read_text()
    china.write_text(good.replace("summary:", "summary: Never shown.", 1))
    override(seed_project, "note.html", "{{ page.no_such_field }}")
    with pytest.raises(ContentError, match="no_such_field"):
        build(seed_project, persist=True)
    assert kept_files(seed_project) == before  # nothing half written, nothing named
    china.write_text(good)
    (seed_project / "templates/note.html").unlink()
    override(seed_project, "country.html", "<!-- revision C -->")
    build(seed_project, persist=True)
    assert "Never shown." not in (seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)


def test_the_dev_servers_builder_neither_keeps_nor_takes_contexts(seed_project: Path, made: Counter):
    # Its reads move on in memory and are never saved: contexts kept beside the saved
    # reads would not match them.
    build(seed_project, persist=True)
    before = kept_files(seed_project)
    builder = Builder(seed_project, warm=True)
    override(seed_project, "country.html", "<!-- revision D -->")
    made.clear()
    builder.build()
    assert made["country"] == len(list((seed_project / "content/countries").glob("*.yaml")))
    assert kept_files(seed_project) == before


def test_files_of_kept_contexts_are_folded_and_drop_the_pages_gone(seed_project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(contexts, "FOLD_FROM", 3)
    build(seed_project, persist=True)
    note = seed_project / "content/notes/the-two-blocs.md"
    for i in range(3):  # each build keeps the contexts it made in files of its own
        note.write_text(note.read_text() + f"\nOne more sentence, {i}.\n")
        build(seed_project, persist=True)
    assert len(kept_files(seed_project)) >= 3
    note.unlink()
    override(seed_project, "country.html", "<!-- revision E -->")
    build(seed_project, persist=True)  # reads them all, and folds them
    files = kept_files(seed_project)
    (folded,) = [name for name in files if "folded" in name]
    assert len(files) <= 2  # and those of the pages it made afresh
    kept = cache_entries(seed_project / ".briefing-cache" / folded)
    assert "notes/the-two-blocs/index.html" not in kept and "countries/china/index.html" in kept
    assert same_as_clean(seed_project)


def cache_entries(path: Path) -> dict:
    from generator.incremental.cache import read_parts

    return read_parts(path)


@dataclasses.dataclass(frozen=True)
class _Linked:
    site: Site
    names: dict


def test_a_context_holding_a_tracked_value_is_not_kept(tmp_path: Path):
    # Rendered again from a kept context, a page reads nothing: a tracked value in it would
    # be a read never noted. The wrapper refuses to be pickled; the page is made afresh.
    note = Note("a", "A", ("china",), (), "2025-01-01", "text")
    lk = tracked(_Linked(Site("T", None, "en", None, None, (), False, notes=(note,)), {}), Reads())
    with pytest.raises(TypeError, match="tracked"):
        pickle.dumps({"page": {"note": lk.site.notes[0]}})

    class Plan:
        chrome = {"site_title": "T"}

        def own(self, output):
            return {"page": {"note": lk.site.notes[0]}} if output.file == "a.html" else {"page": {"title": "B"}}

        def dressed(self, own):
            return {**self.chrome, **own}

    parts = []

    class Part:
        def add(self, kept):
            parts.append(kept)

        def close(self):
            pass

    from generator.pages.plan import Output

    made = contexts.KeptContexts(Plan(), {}, Part)
    for file in ("a.html", "b.html"):
        assert made(Output(file, "note.html", deps="chrome", entity=("note", file)))["site_title"] == "T"
    assert [list(p) for p in parts] == [["b.html"]]
    assert pickle.loads(parts[0]["b.html"][1]) == {"page": {"title": "B"}}
