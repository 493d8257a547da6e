"""The seed site in a real Chromium: citations, search, phones, paper, and no other hosts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from seedsite import BuiltSite

pytestmark = pytest.mark.browser

PHONE_WIDTHS = [390, 320]


def _pdf_pages(data: bytes) -> int:
    """Pages of a PDF: with pypdf when it is installed, else by its page objects."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    import io

    return len(PdfReader(io.BytesIO(data)).pages)


# --- citations -------------------------------------------------------------------------------

def test_a_citation_lands_on_its_sentence_highlighted(root_url: str, page: Any) -> None:
    page.goto(root_url + "countries/north-korea/")
    cite = page.locator("sup.cite a").nth(1)  # not the first: the sentence must not be the page's top
    href = cite.get_attribute("href")
    number = int(cite.inner_text().strip("[]"))
    sid = href.rsplit("#", 1)[1]
    quoted = page.locator(f".footnotes li[value='{number}']").inner_text()
    sentence_text = quoted.split("“", 1)[1].rsplit("”", 1)[0]

    cite.click()
    page.wait_for_url(re.compile(r"/sources/[a-z0-9-]+/#s\d+$"))

    assert urlsplit(page.url).fragment == sid
    target = page.locator(":target")
    assert target.get_attribute("id") == sid
    assert sentence_text in " ".join(target.inner_text().split())
    assert target.is_visible()
    background = "el => getComputedStyle(el).backgroundColor"
    other = page.locator(f".sentence:not(#{sid})").first
    assert target.evaluate(background) != other.evaluate(background), "the cited sentence is not highlighted"
    # Scrolled into view, below the top edge.
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


# --- search ----------------------------------------------------------------------------------

@pytest.mark.parametrize("served", ["root_url", "sub_path_url"], ids=["at-root", "under-sub-path"])
def test_search_finds_a_word_and_leads_to_its_page(served: str, request: pytest.FixtureRequest,
                                                  page: Any) -> None:
    root = request.getfixturevalue(served)
    page.goto(root + "search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("laborers")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=10_000)
    assert first.get_attribute("href").startswith(urlsplit(root).path)

    first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path != urlsplit(root).path + "search/"
    assert page.url.startswith(root)
    assert "laborers" in page.locator("main").inner_text()


def _results(page: Any, root: str, query: str) -> list[str]:
    """The paths of the results the search page lists for `?q=query`, once they are shown."""
    page.goto(root + f"search/?q={query}")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    assert page.locator(".pagefind-ui__search-input").input_value() == query
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]


def test_search_reads_the_query_from_the_address(root_url: str, page: Any) -> None:
    # One note, and no other page, has this word.
    assert _results(page, root_url, "characteristic") == [urlsplit(root_url).path + "notes/seouls-reading/"]


def test_every_result_is_a_page_with_the_word(root_url: str, page: Any) -> None:
    found = _results(page, root_url, "laborers")
    assert found
    for path in found:
        page.goto(urljoin(root_url, path))
        assert "laborers" in page.locator("main").inner_text(), path


# --- phones ----------------------------------------------------------------------------------

@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_no_page_scrolls_sideways_on_a_phone(site: BuiltSite, root_url: str, new_context: Any, width: int) -> None:
    tab = new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True).new_page()
    wide = []
    for path in site.pages:
        tab.goto(root_url + path)
        scroll, client = tab.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append(f"/{path}: {scroll} px of content in {client} px")
    assert not wide, f"pages that scroll sideways at {width} px:\n" + "\n".join(wide)


# --- paper -----------------------------------------------------------------------------------

def test_every_country_prints_on_at_most_two_a4_pages(site: BuiltSite, root_url: str, page: Any) -> None:
    counts = {}
    for path in site.pages_of("countries"):
        page.goto(root_url + path)
        counts[path] = _pdf_pages(page.pdf(format="A4"))
    assert all(n >= 1 for n in counts.values()), counts
    too_long = {p: n for p, n in counts.items() if n > 2}
    assert not too_long, f"country briefs longer than two A4 pages: {too_long}"


def test_print_shows_the_brief_without_the_navigation(root_url: str, page: Any) -> None:
    page.goto(root_url + "countries/north-korea/")
    page.emulate_media(media="print")
    display = "sel => { const el = document.querySelector(sel); return el && getComputedStyle(el).display }"
    for hidden in ("nav", ".skip"):
        assert page.evaluate(display, hidden) == "none", f"{hidden} is printed"
    for shown in ("h1", ".facts", ".footnotes"):
        assert page.evaluate(display, shown) not in (None, "none"), f"{shown} is not printed"
    # The footnotes give the cited sentence's words, since paper has no links to follow.
    assert "“" in page.locator(".footnotes li").first.inner_text()


# --- no other hosts --------------------------------------------------------------------------

def test_nothing_is_loaded_from_another_host(site: BuiltSite, root_url: str, new_context: Any) -> None:
    context = new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    # Requests to other hosts are recorded above, then refused rather than tried.
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    tab = context.new_page()
    for path in site.pages:
        tab.goto(root_url + path, wait_until="load")
    tab.goto(root_url + "search/?q=laborers")
    tab.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)

    hosts = {urlsplit(u).hostname for u in requested if urlsplit(u).scheme not in ("data", "blob")}
    elsewhere = sorted(u for u in requested if urlsplit(u).scheme not in ("data", "blob")
                       and urlsplit(u).hostname != "127.0.0.1")
    assert hosts == {"127.0.0.1"}, "requests to other hosts:\n" + "\n".join(elsewhere)
    assert any("/pagefind/" in u for u in requested), "the search index was never loaded"
