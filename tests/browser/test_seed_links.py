"""Every internal link and citation anchor of the seed site resolves, at `/` and under a sub-path."""

from __future__ import annotations

from urllib.parse import urldefrag

import pytest
from crawl import crawl
from seedsite import BuiltSite


@pytest.mark.parametrize("served", ["root_url", "sub_path_url"], ids=["at-root", "under-sub-path"])
def test_crawl_reaches_every_page_with_no_broken_link(site: BuiltSite, served: str,
                                                      request: pytest.FixtureRequest) -> None:
    root = request.getfixturevalue(served)
    result = crawl(root)

    assert result.problems() == []
    unreached = sorted(set(site.pages) - {"404.html"} - result.page_paths())
    assert not unreached, f"pages no link leads to: {unreached}"
    # Citations were among what was checked: the anchors of the source sentences.
    cited = {urldefrag(link.url)[1] for link in result.internal if "/sources/" in link.url}
    assert any(f.startswith("s") and f[1:].isdigit() for f in cited), "no citation anchor (#sN) was followed"


def test_links_to_other_hosts_go_only_to_the_sources_own_pages(site: BuiltSite, root_url: str) -> None:
    result = crawl(root_url)
    allowed = {urldefrag(u)[0] for u in site.source_urls}
    stray = sorted({f"{link.page}: {link.url}" for link in result.external
                    if urldefrag(link.url)[0] not in allowed})
    assert not stray, "links to other hosts that are not a source's own url:\n" + "\n".join(stray)
    # A text fragment (#:~:text=) only ever points at an original article, never inside the site.
    assert result.internal_text_fragments == []
