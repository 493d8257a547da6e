"""The search index: built by Pagefind after the pages; its failure is a message, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output import search
from generator.build import build
from generator.errors import ContentError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(seed_project: Path) -> Path:
    return seed_project


def test_the_index_covers_the_pages(project: Path):
    build(project)
    bundle = project / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert list((bundle / "fragment").iterdir())


def test_a_failing_indexer_is_reported_and_leaves_no_site(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(search.sys, "executable", str(project / "no-such-python"))
    with pytest.raises(ContentError) as err:
        build(project)
    assert "the search index could not be built" in str(err.value)
    assert "search: false" in str(err.value)
    assert not (project / "site").exists()
    assert not list(project.glob(".site.staging-*"))


def test_search_false_builds_no_index(project: Path):
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false"))
    build(project)
    assert not (project / "site" / "pagefind").exists()
    assert "search/" not in (project / "site" / "index.html").read_text()


def test_indexing_stops_when_asked(project: Path):
    """The dev server stops an index of the old pages as soon as a new edit arrives."""
    build(project)
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return True

    with pytest.raises(search.SearchCancelled):
        search.index_folder(project / "site", "en", cancel)
    assert asked
    calls = []

    def cancel_while_running() -> bool:  # not at the start: once Pagefind is running
        calls.append(1)
        return len(calls) > 1

    slow = project / "site"
    for i in range(300):  # enough pages that indexing outlasts one look at `cancel`
        (slow / f"extra-{i}.html").write_text(f"<html><body><main data-pagefind-body><p>Page {i} "
                                              + "words " * 400 + "</p></main></body></html>")
    with pytest.raises(search.SearchCancelled):
        search.index_folder(slow, "en", cancel_while_running)
