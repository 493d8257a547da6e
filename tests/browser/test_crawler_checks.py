"""The crawler itself: it must catch each kind of defect, or a clean crawl proves nothing."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from crawl import crawl, html_pages, serve

PAGES = {
    "index.html": '<a href="a/">a</a> <a href="a/#here">here</a> <a href="a/#gone">gone</a>'
                  ' <a href="missing/">missing</a> <a href="/elsewhere/">outside</a>'
                  ' <a href="a/#:~:text=x">text</a> <a href="https://example.org/x#:~:text=y">ext</a>'
                  ' <link rel="stylesheet" href="style.css"> <script src="absent.js"></script>',
    "a/index.html": '<p id="here">here</p><a href="../">home</a><svg><a href="../#top"><text>t</text></a></svg>',
    "orphan/index.html": "<p>no link leads here</p>",
    "style.css": "p {}",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_crawler_reports_every_kind_of_defect(folder: Path) -> None:
    with serve(folder, "/briefing/") as root:
        result = crawl(root)
    problems = "\n".join(result.problems())
    assert "broken link 'missing/' (HTTP 404)" in problems
    assert "broken link 'absent.js' (HTTP 404)" in problems
    assert "no element with id 'gone'" in problems
    assert "no element with id 'top'" in problems  # links inside SVG are followed too
    assert "'/elsewhere/' leaves the site root" in problems
    assert "text fragment on an internal link 'a/#:~:text=x'" in problems
    assert "#here" not in problems
    assert len(result.problems()) == 6
    assert [link.url for link in result.external] == ["https://example.org/x#:~:text=y"]
    assert result.page_paths() == {"", "a/"}
    assert html_pages(folder) - result.page_paths() == {"orphan/"}


def test_the_server_serves_only_under_its_prefix(folder: Path) -> None:
    with serve(folder, "/briefing/") as root:
        assert urllib.request.urlopen(root + "a/").status == 200
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(root.replace("/briefing/", "/a/"))
        assert caught.value.code == 404
