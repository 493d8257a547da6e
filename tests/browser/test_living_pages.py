"""The pages a living briefing adds (What changed, New marks, two sources, the overview's
edition line) pass the Nu HTML Checker and axe-core, as every seed page does. The site is
the seed after the analyst's loop of tests/editions/test_living.py, with two editions recorded."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from crawl import serve
from seedsite import REPO
from test_seed_axe import RUN_AXE, WCAG_TAGS, _describe

from generator.cli import main

_spec = importlib.util.spec_from_file_location("living", Path(__file__).parents[1] / "editions" / "test_living.py")
living = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(living)

PAGES = ["changes/", "", "countries/china/", "countries/russia/", "sources/beijing-lifeline/",
         "sources/victory-day-parade/"]


@pytest.fixture(scope="module")
def living_site(seed_project_factory) -> Path:
    project = seed_project_factory()
    run = CliRunner()
    assert run.invoke(main, ["edition", "--date", "2025-09-01", "-p", str(project)]).exit_code == 0
    living.the_analysts_edits(project)
    assert run.invoke(main, ["edition", "--date", "2025-09-02", "-p", str(project)]).exit_code == 0
    # Something not yet recorded, so that the page's "since the latest edition" part shows too.
    living.edit(project, "countries/china.yaml", "  - with: russia\n    kind: ally", "  - with: russia\n    kind: partner")
    assert run.invoke(main, ["build", "-q", "-p", str(project)]).exit_code == 0
    site = project / "site"
    assert 'id="edition-next"' in (site / "changes" / "index.html").read_text(encoding="utf-8")
    return site


def test_the_living_pages_pass_the_nu_html_checker(living_site: Path, vnu: list[str]) -> None:
    files = [str(living_site / p / "index.html") for p in PAGES]
    run = subprocess.run([*vnu, "--errors-only", "--format", "json", "--stdout", *files],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"]
    assert messages == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_living_pages_pass_axe(living_site: Path, new_context: Any, axe_source: Path, scheme: str) -> None:
    tab = new_context(color_scheme=scheme).new_page()
    problems: list[str] = []
    with serve(living_site, "/") as url:
        for page in PAGES:
            tab.goto(url + page)
            tab.add_script_tag(path=str(axe_source))
            problems += _describe(page, tab.evaluate(RUN_AXE, WCAG_TAGS))
    assert not problems, "\n".join(problems)
