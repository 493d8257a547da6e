"""Live preview end to end: a real server, a real Chromium, edits made on disk."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CHINA = "content/countries/china.yaml"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def summary_line(project: Path) -> str:
    return next(line for line in (project / CHINA).read_text().splitlines() if line.startswith("summary:"))


def test_edit_shows_without_any_action(served, page: Page):
    page.goto(served.url + "countries/china/")
    served.wait_clients()
    page.evaluate("window.__kept = 'same page'")
    old = summary_line(served.project)
    edit(served.project, CHINA, old, "summary: Beijing now stages the parade, says the live test.")
    expect(page.locator(".summary")).to_contain_text("says the live test", timeout=15000)
    assert page.evaluate("window.__kept") is None, "the new text came without a reload of the page"
    # A second edit one second later must also arrive (livereload's 3 s rate limit drops it).
    time.sleep(1)
    edit(served.project, CHINA, "says the live test", "says the second edit")
    expect(page.locator(".summary")).to_contain_text("says the second edit", timeout=15000)


def test_css_change_applies_without_navigation(seed_project, start_server, page: Page):
    theme_css = Path(__file__).resolve().parents[2] / "static/style.css"
    static = seed_project / "static"
    static.mkdir()
    (static / "style.css").write_text(theme_css.read_text())  # the project's own stylesheet
    served = start_server(seed_project)
    page.goto(served.url + "countries/china/")
    served.wait_clients()
    page.evaluate("window.__kept = 'same page'")
    (static / "style.css").write_text(theme_css.read_text() + "\nh1 { color: rgb(200, 0, 100) !important; }\n")
    expect(page.locator("h1")).to_have_css("color", "rgb(200, 0, 100)", timeout=15000)
    assert page.evaluate("window.__kept") == "same page", "the page was reloaded, not restyled"


def test_broken_yaml_shows_overlay_until_fixed(served, page: Page):
    page.goto(served.url + "countries/china/")
    served.wait_clients()
    path = served.project / CHINA
    good = path.read_text()
    lines = good.splitlines()
    lines.insert(2, "role: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    overlay = page.locator("#briefing-errors")
    expect(overlay).to_be_visible(timeout=15000)
    expect(overlay).to_contain_text(re.compile(r"content/countries/china\.yaml:\d+:\d+"))
    # The last good page stays underneath.
    expect(page.locator("h1")).to_contain_text("China")
    path.write_text(good)
    expect(overlay).to_have_count(0, timeout=15000)


def test_bad_quote_overlay_names_file_and_line(served, page: Page):
    page.goto(served.url)
    served.wait_clients()
    path = served.project / CHINA
    text = path.read_text()
    first_quote = re.search(r"^(\s*quote: )(.+)$", text, re.M)
    line = text[: first_quote.start()].count("\n") + 1
    path.write_text(text.replace(first_quote.group(0), first_quote.group(1) + "Words the article never said.", 1))
    overlay = page.locator("#briefing-errors")
    expect(overlay).to_contain_text(f"content/countries/china.yaml:{line}:", timeout=15000)
    expect(overlay).to_contain_text("not found in source")


def test_a_page_opened_during_a_build_catches_up(served, page: Page):
    """The reload that a page misses while it loads is made up for once it is up."""
    before = served.wait_idle()["builds"]
    edit(served.project, CHINA, summary_line(served.project), "summary: Written while the page was loading.")
    page.goto(served.url + "countries/china/")  # may be served before the build is done
    served.wait_build(before)
    expect(page.locator(".summary")).to_contain_text("Written while the page was loading", timeout=15000)
