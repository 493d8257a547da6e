"""The "Cite this" block, opened: readable and accessible in both schemes, closed by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from seedsite import BuiltSite
from test_seed_axe import RUN_AXE, WCAG_TAGS, _describe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_opened_cite_block_passes_axe(site: BuiltSite, root_url: str, new_context: Any, axe_source: Path,
                                          scheme: str) -> None:
    tab = new_context(color_scheme=scheme).new_page()
    problems: list[str] = []
    for page in ("", "countries/north-korea/", "sources/victory-day-parade/"):
        tab.goto(root_url + page)
        block = tab.locator("details.cite-this")
        assert not block.evaluate("d => d.open")
        assert not tab.get_by_text("@misc{").is_visible()
        tab.get_by_text("Cite this page").click()
        assert tab.get_by_text("@misc{").is_visible()
        tab.add_script_tag(path=str(axe_source))
        problems += _describe(page, tab.evaluate(RUN_AXE, WCAG_TAGS))
    assert not problems, "\n".join(problems)
