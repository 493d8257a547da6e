"""The maps in a real Chromium, on the seed and on a briefing from the Horn of Africa:
each highlighted country is drawn where a reader can see it, at desktop and phone widths;
the Horn's pages pass the Nu checker and axe-core too (the seed's are checked with every
page); nothing comes from another host."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from crawl import html_pages, serve
from seedsite import BuiltSite
from test_seed_axe import RUN_AXE, WCAG_TAGS, _describe

from generator.build import build

pytestmark = pytest.mark.browser

HORN = Path(__file__).resolve().parents[1] / "maps" / "horn"
# The highlighted shape's box on screen: drawn, inside the map, and a fair size.
FOCUS_BOX = """() => {
  const svg = document.querySelector('figure.map svg').getBoundingClientRect();
  const code = document.querySelector('figure.map .focus[data-code]').dataset.code;
  const shapes = [...document.querySelectorAll(`figure.map svg > .focus[data-code="${code}"]`)];
  const boxes = shapes.map(s => s.getBoundingClientRect()).filter(b => b.width > 0);
  const b = boxes[0];
  return {code, svg: [svg.left, svg.top, svg.right, svg.bottom], box: b && [b.left, b.top, b.right, b.bottom],
          visible: shapes.every(s => getComputedStyle(s).display !== 'none')};
}"""


@pytest.fixture(scope="module")
def horn(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("horn") / "site"
    result = build(HORN, out=out)
    return BuiltSite(out, result, tuple(sorted(html_pages(out)) + ["404.html"]))


@pytest.fixture(scope="module")
def horn_url(horn: BuiltSite) -> Iterator[str]:
    with serve(horn.root, "/") as url:
        yield url


def test_the_horn_passes_the_nu_html_checker(horn: BuiltSite, vnu: list[str]) -> None:
    run = subprocess.run([*vnu, "--errors-only", "--format", "json", "--stdout", "--skip-non-html", str(horn.root)],
                         capture_output=True, text=True, timeout=300)
    errors = json.loads(run.stdout)["messages"]
    assert not errors, errors[:5]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_horn_passes_axe(horn: BuiltSite, horn_url: str, new_context: Any, axe_source: Path, scheme: str) -> None:
    tab = new_context(color_scheme=scheme).new_page()
    problems: list[str] = []
    for page in horn.pages:
        tab.goto(horn_url + page)
        tab.add_script_tag(path=str(axe_source))
        problems += _describe(page, tab.evaluate(RUN_AXE, WCAG_TAGS))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("which", ["seed", "horn"])
def test_each_highlighted_country_is_drawn_inside_its_map(which: str, width: int, request: pytest.FixtureRequest,
                                                          new_context: Any) -> None:
    built: BuiltSite = request.getfixturevalue("site" if which == "seed" else "horn")
    root = request.getfixturevalue("root_url" if which == "seed" else "horn_url")
    context = new_context(viewport={"width": width, "height": 900})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    tab = context.new_page()
    for c in built.result.linked.site.countries:
        tab.goto(root + f"countries/{c.slug}/")
        seen = tab.evaluate(FOCUS_BOX)
        assert seen["code"] == c.code and seen["visible"], seen
        if seen["box"]:  # a shape (a country drawn as a marker has its ring instead)
            left, top, right, bottom = seen["box"]
            sl, st, sr, sb = seen["svg"]
            middle = ((left + right) / 2, (top + bottom) / 2)
            assert sl < middle[0] < sr and st < middle[1] < sb, (c.slug, seen)
            assert right - left >= 8 or bottom - top >= 8, (c.slug, seen)
        # The phone's labels are the larger set; one of them names the country.
        label = tab.locator("figure.map text.focus.wide" if width > 640 else "figure.map text.focus.narrow")
        assert label.is_visible() and label.text_content() == c_name(built, c.code)
    elsewhere = [u for u in requested if urlsplit(u).scheme not in ("data", "blob")
                 and urlsplit(u).hostname != "127.0.0.1"]
    assert not elsewhere, elsewhere


def c_name(built: BuiltSite, code: str) -> str:
    """The name a locator gives the country: Natural Earth's short name."""
    from generator.pages.geo import world
    return world().by_code[code].name
