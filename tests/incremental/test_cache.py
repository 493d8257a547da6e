"""generator.incremental.cache: sealed cache files and the key that seals them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from generator.incremental import cache


@pytest.fixture
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache._key.cache_clear()
    yield tmp_path / "user-cache"
    cache._key.cache_clear()


def sealed(data: bytes) -> bytes:
    file = io.BytesIO()
    writer = cache._Sealed(file)
    writer.write(data)
    writer.seal()
    return file.getvalue()


def test_the_key_is_made_once_and_kept_private(key_home: Path) -> None:
    first = cache._key()
    cache._key.cache_clear()
    assert cache._key() == first and len(first) == 32
    assert (key_home / "briefing" / "cache-key").stat().st_mode & 0o777 == 0o600


def test_a_sealed_file_reads_back_and_any_change_to_it_is_refused(key_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.pickle"
    path.write_bytes(sealed(b"payload"))
    assert bytes(cache._unsealed(path)) == b"payload"
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    path.write_bytes(bytes(data))
    assert cache._unsealed(path) is None
    path.write_bytes(b"payload")  # no seal at all
    assert cache._unsealed(path) is None


def test_without_a_place_for_the_key_caches_still_work_for_this_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cache._key.cache_clear()
    try:
        path = tmp_path / "y.pickle"
        path.write_bytes(sealed(b"payload"))
        assert bytes(cache._unsealed(path)) == b"payload"
    finally:
        cache._key.cache_clear()


def test_what_a_killed_build_left_half_written_in_the_cache_is_removed_by_the_next(tmp_path):
    import subprocess

    child = subprocess.Popen(["true"])  # a pid that is gone: our child's, reaped
    child.wait()
    dead = child.pid
    project = tmp_path / "p"
    folder = project / ".briefing-cache"
    folder.mkdir(parents=True)
    left = [folder / f"state-abc.tmp-{dead}", folder / f"markdown-x.part-{dead}.writing",
            folder / f"contexts-c-0001-2.part-{dead}.writing"]
    kept = [folder / f"model-y.tmp-{os.getpid()}", folder / f"markdown-x.part-{dead}.pickle"]
    for path in left + kept:
        path.write_bytes(b"half")
    cache.BuildCache(project, project / "site", None).save_state({}, {}, {}, {})
    assert [p.exists() for p in left] == [False, False, False]
    assert [p.exists() for p in kept] == [True, True]


def test_the_read_index_is_saved_again_only_when_a_page_read_something_else(seed_project: Path) -> None:
    # After a template change every page reads what it read before: the index on disk
    # is that index, and is left as it is; an edit that changes what is read saves it.
    from generator.build import Builder

    def reads_file() -> tuple[str, int, int]:
        (found,) = (seed_project / ".briefing-cache").glob("reads-*.pickle")
        st = found.stat()
        return found.name, st.st_ino, st.st_mtime_ns

    Builder(seed_project, persist=True).build()
    first = reads_file()
    (seed_project / "templates").mkdir(exist_ok=True)
    (seed_project / "templates" / "note.html").write_text('{% extends "base.html" %}{% block main %}'
                                                          "{{ page.title }}{% endblock %}")
    assert Builder(seed_project, persist=True).build().rendered
    assert reads_file() == first
    note = next((seed_project / "content" / "notes").glob("*.md"))
    note.write_text(note.read_text() + "\nOne more line.\n")
    Builder(seed_project, persist=True).build()
    assert reads_file() != first


def test_reads_saved_by_a_build_stopped_before_its_state_are_not_used(seed_project: Path) -> None:
    # The reads go to the cache before the state. A build stopped between the two leaves
    # the reads of its content beside the state of the content before; with site/ as that
    # state says (restored, say), those reads would say nothing changed.
    import shutil

    from generator.build import build
    from trees import same_as_clean

    folder = seed_project / ".briefing-cache"
    build(seed_project, persist=True)
    before = seed_project.parent / "before"
    shutil.copytree(seed_project / "site", before / "site")
    shutil.copytree(folder, before / "cache")
    site = seed_project / "content/site.yaml"
    site.write_text(site.read_text().replace('title: "', 'title: "Edited: ', 1))
    build(seed_project, persist=True)
    for state in [*(before / "cache").glob("state-*.json"), *(before / "cache").glob("answer-*.json")]:
        shutil.copy2(state, folder / state.name)
    shutil.rmtree(seed_project / "site")
    shutil.copytree(before / "site", seed_project / "site")
    build(seed_project, persist=True)
    assert same_as_clean(seed_project)


def test_the_state_holds_the_output_folder_as_a_walk_finds_it_after_any_build(seed_project: Path) -> None:
    # Its stats after a build are those taken as it began, with what it wrote and deleted:
    # after a cold build, a template change, a page gone and a file someone added.
    import json

    from generator.build import build
    from generator.incremental.stats import stats

    site = seed_project / "site"

    def recorded() -> dict:
        (state,) = (seed_project / ".briefing-cache").glob("state-*.json")
        return json.loads(state.read_text())["outputs"]

    build(seed_project, persist=True)
    assert recorded() == stats(site)
    (seed_project / "templates").mkdir()
    (seed_project / "templates" / "note.html").write_text('{% extends "base.html" %}{% block main %}'
                                                          "{{ page.title }}{% endblock %}")
    (site / "stray.txt").write_text("put here by hand")
    build(seed_project, persist=True)
    assert recorded() == stats(site) and "stray.txt" not in recorded()
    next((seed_project / "content" / "notes").glob("*.md")).unlink()
    build(seed_project, persist=True)
    assert recorded() == stats(site)
