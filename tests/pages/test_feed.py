"""The Atom feed against RFC 4287, and the sitemap against the sitemap protocol.

No maintained Atom validator is published on PyPI (the W3C's feedvalidator is not
packaged), so the feed is parsed with xml.etree and the RFC's rules are checked here:
the required elements of a feed and of an entry (4.1.1, 4.1.2), ids that are absolute
IRIs (4.2.6), dates in RFC 3339's date-time form (3.3), a self link that is absolute,
and text constructs that are text, not markup.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import build

BASE = Path(__file__).resolve().parents[1] / "cases" / "base"
ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339, section 5.6: date-time = full-date "T" full-time, with a zone.
DATE_TIME = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
                       r"(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)")
NOTE = """\
---
title: A hostile note
countries: [china]
date: 2025-09-03
---
# Heading

Text with **bold**, a [[china]] link and <script>alert(1)</script> a script.

- one item
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "p")
    (tmp_path / "p/content/notes/hostile.md").write_text(NOTE)
    return tmp_path / "p"


def feed(project: Path, base_url: str | None) -> ET.Element:
    build(project, base_url=base_url)
    root = ET.parse(project / "site/feed.xml").getroot()
    assert root.tag == ATOM + "feed"
    return root


def one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(ATOM + name)
    assert len(found) == 1, f"{parent.tag} must have exactly one {name}"
    return found[0]


def absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme == "urn":
        return re.fullmatch(r"uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", parts.path) is not None
    return bool(parts.scheme and parts.netloc)


def check_rfc4287(root: ET.Element) -> None:
    for name in ("id", "title", "updated"):
        assert one(root, name).text
    assert root.find(ATOM + "author/" + ATOM + "name").text  # 4.1.1: an author, or one in every entry
    assert absolute_iri(one(root, "id").text)
    assert DATE_TIME.fullmatch(one(root, "updated").text)
    ids = []
    entries = root.findall(ATOM + "entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert one(entry, name).text, name
        ids.append(one(entry, "id").text)
        assert absolute_iri(ids[-1]), ids[-1]
        assert DATE_TIME.fullmatch(one(entry, "updated").text)
        assert [link.get("rel") for link in entry.findall(ATOM + "link")] == ["alternate"]
    assert len(set(ids)) == len(ids)  # 4.2.6: an id names one entry


def summary_of(root: ET.Element, title: str) -> str:
    entry = next(e for e in root.findall(ATOM + "entry") if one(e, "title").text == title)
    return one(entry, "summary").text


def test_the_feed_with_a_base_url_follows_rfc_4287(project: Path) -> None:
    root = feed(project, "https://example.org/briefing/")
    check_rfc4287(root)
    selfs = [link.get("href") for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    assert selfs == ["https://example.org/briefing/feed.xml"]
    assert one(root, "id").text == "https://example.org/briefing/"
    entry_ids = {one(e, "id").text for e in root.findall(ATOM + "entry")}
    assert "https://example.org/briefing/notes/hostile/" in entry_ids


def test_the_feed_without_a_base_url_has_no_self_link_and_urn_ids(project: Path) -> None:
    root = feed(project, None)
    check_rfc4287(root)
    assert [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"] == []
    assert one(root, "id").text.startswith("urn:uuid:")
    assert all(one(e, "id").text.startswith("urn:uuid:") for e in root.findall(ATOM + "entry"))


def test_the_ids_without_a_base_url_stay_the_same_from_build_to_build(project: Path) -> None:
    first = feed(project, None)
    shutil.rmtree(project / "site")
    again = feed(project, None)
    assert ET.tostring(first) == ET.tostring(again)


def test_an_entry_summary_is_the_plain_text_of_the_rendered_note(project: Path) -> None:
    root = feed(project, None)
    assert summary_of(root, "A hostile note") == "Heading. Text with bold, a China link and a script. one item."
    assert summary_of(root, "Sanctions and lifelines") == (
        "Beijing signed up to the sanctions, yet it keeps supplying its neighbour. "
        "The parade shows China and Pyongyang side by side, with Xi Jinping as host.")


def test_a_long_summary_is_cut_at_a_word() -> None:
    from generator.pages.feed import plain_text

    text = plain_text("<p>" + "word " * 100 + "</p>", limit=22)
    assert text == "word word word word…"


def test_without_a_base_url_there_is_no_sitemap_and_no_canonical_link(project: Path) -> None:
    build(project)
    site = project / "site"
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text()
    assert 'rel="canonical"' not in (site / "index.html").read_text()


def test_with_a_base_url_every_sitemap_location_is_absolute(project: Path) -> None:
    build(project, base_url="https://example.org/briefing/")
    root = ET.parse(project / "site/sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://example.org/briefing/") for loc in locs)
    assert "https://example.org/briefing/people/" in locs
