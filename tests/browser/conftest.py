"""Fixtures for the tests of the built seed site: one build, local servers, Debian's Chromium.

The seed briefing (the repository's own `content/`) is built once per test session into a
temporary folder and served from 127.0.0.1, at `/` and under `/briefing/`. The browser is
pytest-playwright's, launched from Debian's Chromium with the flags that keep it offline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawl import html_pages, serve
from seedsite import AXE_JS, CHROMIUM, CHROMIUM_ARGS, REPO, SUB_PATH, VNU_JAR, BuiltSite

from generator.build import build


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium (deselect with -m 'not browser')")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seed briefing, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("seed") / "site"
    result = build(REPO, out=out)
    pages = sorted(html_pages(out)) + ["404.html"]
    return BuiltSite(out, result, tuple(pages))


@pytest.fixture(scope="session")
def root_url(site: BuiltSite) -> Iterator[str]:
    """The site served at the root of a local server: http://127.0.0.1:PORT/."""
    with serve(site.root, "/") as url:
        yield url


@pytest.fixture(scope="session")
def sub_path_url(site: BuiltSite) -> Iterator[str]:
    """The site served under a sub-path, as on project hosting: http://127.0.0.1:PORT/briefing/."""
    with serve(site.root, SUB_PATH) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium (Playwright cannot download its own here), kept off the network."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (make test-tools)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} not found: run `npm ci` (make test-tools)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(f"the Nu HTML Checker needs java and {VNU_JAR}: run `npm ci` (make test-tools)")
    return [java, "-jar", str(VNU_JAR)]
