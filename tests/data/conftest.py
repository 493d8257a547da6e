"""Fixtures for the tests of the briefing as data: two built briefings and a JSON-LD
processor that reads the contexts from the package's local copies, never the network.

The seed briefing (the repository's own content/: one source without a URL or outlet, no
base URL) and tests/data/harbour/ (another article: a URL, an outlet, a date, a base URL,
a blank line before the text, a quote found twice, one across two sentences, one across
a line break, dashes and quotes typed otherwise than in the source, wikidata ids, and a
claim with `</script>` in it) are each built once per session.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyld import jsonld

from generator.build import build
from generator.output.data import CONTEXTS

REPO = Path(__file__).resolve().parents[2]
HARBOUR = Path(__file__).parent / "harbour"
FRONT = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)

LOCAL_CONTEXTS = {
    "http://www.w3.org/ns/anno.jsonld": CONTEXTS / "anno.jsonld",
    **{url: CONTEXTS / "schemaorg.jsonld"
       for url in ("https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/")},
}


def local_loader(url: str, options: dict | None = None) -> dict:
    """pyld's document loader, answering from the local copies; anything else is an error."""
    path = LOCAL_CONTEXTS.get(url)
    if path is None:
        raise jsonld.JsonLdError(f"no local copy of {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(path.read_text())}


def expand(document: dict, base: str) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": local_loader, "base": base})


class _Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> element, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.scripts = 0
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
            self._inside = dict(attrs).get("type") == "application/ld+json"
            if self._inside:
                self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def jsonld_blocks(html: str) -> tuple[list[dict], int]:
    """The JSON-LD blocks of a page, parsed, and how many <script> elements it has."""
    parser = _Scripts()
    parser.feed(html)
    return [json.loads(b) for b in parser.blocks], parser.scripts


@dataclass(frozen=True)
class Built:
    project: Path
    root: Path
    base: str  # the address the site is taken to live at, to resolve relative IRIs

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def json(self, rel: str) -> dict:
        return json.loads(self.read(rel))

    def body(self, slug: str) -> str:
        """The body of the source file after its front matter, read here independently."""
        text = (self.project / "content" / "sources" / f"{slug}.md").read_text(encoding="utf-8")
        return FRONT.sub("", text, count=1)

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html")
                      if not p.relative_to(self.root).as_posix().startswith("pagefind/"))

    def local(self, address: str) -> str:
        """A site address (absolute under the base URL, or relative to the root) as a path."""
        return address.removeprefix(self.base)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("seed-data") / "site"
    build(REPO, out)
    return Built(REPO, out, "https://seed.test/")


@pytest.fixture(scope="session")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("harbour-data") / "site"
    build(HARBOUR, out)
    return Built(HARBOUR, out, "https://briefings.example.net/arica/")


@pytest.fixture(scope="session", params=["seed", "harbour"])
def briefing(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)
