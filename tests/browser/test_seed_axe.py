"""Every page of the seed site passes axe-core's WCAG 2.2 A and AA rules, light and dark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from seedsite import BuiltSite

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' '))}));
}"""


def _describe(page: str, violations: list[dict[str, Any]]) -> list[str]:
    return [f"/{page}: {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
            for v in violations]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(site: BuiltSite, root_url: str, new_context: Any, axe_source: Path,
                               scheme: str) -> None:
    context = new_context(color_scheme=scheme)
    tab = context.new_page()
    problems: list[str] = []
    for page in site.pages:
        if page == "search/":
            # The search page as readers see it: the box and a page of results.
            tab.goto(root_url + "search/?q=laborers")
            tab.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
        else:
            tab.goto(root_url + page)
        tab.add_script_tag(path=str(axe_source))
        problems += _describe(page, tab.evaluate(RUN_AXE, WCAG_TAGS))
    assert not problems, f"axe-core found violations in the {scheme} scheme:\n" + "\n".join(problems)
