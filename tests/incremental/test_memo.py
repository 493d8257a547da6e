"""generator.incremental.memo: what checking reads once and keeps for the next build."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from generator import fork
from generator.check.loader import load
from generator.incremental import memo
from generator.incremental.memo import READ_AHEAD_FROM, ContentMemo


def _many_notes(project: Path) -> int:
    notes = project / "content" / "notes"
    for i in range(READ_AHEAD_FROM + 50):
        (notes / f"note-{i}.md").write_text(f"---\ntitle: Note {i}\ncountries: [china]\n---\nOn [[china]], part {i}.\n")
    return sum(1 for p in (project / "content").rglob("*") if p.is_file())


@pytest.fixture
def logged_reads(monkeypatch, tmp_path: Path) -> Path:
    """Each file the memo reads, with the process that read it, in a log file."""
    log, real = tmp_path / "reads.log", memo.load_file

    def load_file(path, rel, kind, slug):
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {rel}\n")
        return real(path, rel, kind, slug)

    monkeypatch.setattr(memo, "load_file", load_file)
    return log


def test_a_first_load_reads_half_the_files_in_a_child_and_none_twice(seed_project: Path, logged_reads: Path) -> None:
    if not fork.can_fork():
        pytest.skip("other threads run in this test process")
    files = _many_notes(seed_project)
    got = ContentMemo().load(seed_project)
    assert got == load(seed_project) and not got[1]
    reads = [line.split() for line in logged_reads.read_text().splitlines()]
    by_process = Counter(pid for pid, _ in reads)
    assert len(reads) == len({rel for _, rel in reads}) == files
    assert len(by_process) == 2 and min(by_process.values()) >= files // 2 - 1
    assert str(os.getpid()) in by_process


def test_files_a_child_could_not_read_are_read_by_the_loaders_pass(seed_project: Path, logged_reads: Path,
                                                                   monkeypatch) -> None:
    files = _many_notes(seed_project)
    monkeypatch.setattr(memo, "beside", lambda work: lambda: None)  # the child died, say
    memory = ContentMemo()
    assert memory.load(seed_project) == load(seed_project)
    reads = [line.split() for line in logged_reads.read_text().splitlines()]
    assert {pid for pid, _ in reads} == {str(os.getpid())} and len(reads) == files
    assert memory.files.reads == files
