"""Suite-wide settings."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The key that seals build caches lives in the user's cache folder: the suite uses
    its own, and leaves the real one alone (subprocesses inherit it too)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
