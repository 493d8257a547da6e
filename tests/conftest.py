"""Suite-wide settings."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The key that seals build caches lives in the user's cache folder: the suite uses
    its own, and leaves the real one alone (subprocesses inherit it too)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))


REPO = Path(__file__).resolve().parents[1]


def copy_seed(dest: Path, book: bool = False) -> Path:
    """The seed briefing's content (the repository's own), as a project of its own; without
    its book unless asked (the book has tests of its own, and its seconds of layout after
    every edit would make each of these tests much longer)."""
    shutil.copytree(REPO / "content", dest / "content")
    if not book:
        with open(dest / "content" / "site.yaml", "a") as f:
            f.write("book: false\n")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The small base case (tests/cases/base) as a project of its own; a module that needs
    another project defines its own `project`."""
    shutil.copytree(REPO / "tests" / "cases" / "base", tmp_path / "p")
    return tmp_path / "p"


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    return copy_seed(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_project_factory(tmp_path_factory):
    """Fresh seed projects on demand (Hypothesis runs one test body many times)."""

    def make(book: bool = False) -> Path:
        return copy_seed(tmp_path_factory.mktemp("edits") / "project", book)

    return make
