"""The dev server makes the briefing book once edits pause, and an edit never waits for it."""

from __future__ import annotations

import io
import re
import time
import urllib.error
import urllib.request

import pypdf
import pytest
from conftest import Served


@pytest.fixture
def served(seed_project_factory):
    server = Served(seed_project_factory(book=True))
    yield server
    server.stop()


def _book_text(served) -> str:
    """The book as served; while it is first being laid out the server says so (503)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(served.url + "briefing.pdf", timeout=10) as r:
                assert r.headers["Content-Type"] == "application/pdf"
                reader = pypdf.PdfReader(io.BytesIO(r.read()))
            return " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        except urllib.error.HTTPError as exc:
            assert exc.code == 503 and exc.headers["Retry-After"] == "5", exc.code
            assert time.monotonic() < deadline, "the book was never made"
            time.sleep(0.5)


def test_the_book_follows_an_edit_after_the_page_does(served) -> None:
    assert "Host of the parade" not in _book_text(served)
    deadline = time.monotonic() + 30
    while True:  # the overview gives its page count, once the book is made
        with urllib.request.urlopen(served.url, timeout=10) as r:
            if re.search(r"Download the briefing \(PDF, \d+ pages\)", r.read().decode()):
                break
        assert time.monotonic() < deadline, "the overview never gave the book's page count"
        time.sleep(0.2)
    before = served.status()["builds"]
    sheet = served.project / "content" / "countries" / "china.yaml"
    sheet.write_text(sheet.read_text().replace("role: Host", "role: Host of the parade"))
    served.wait_build(before)
    with urllib.request.urlopen(served.url + "countries/china/", timeout=10) as r:
        assert "Host of the parade" in r.read().decode()  # the page is there at once,
    assert "Host of the parade" not in _book_text(served)  # the book, seconds of work, not yet
    deadline = time.monotonic() + 120
    while "Host of the parade" not in _book_text(served):  # the book follows in the idle time
        assert time.monotonic() < deadline, "the book was never made again"
        time.sleep(0.5)
