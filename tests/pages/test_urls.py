"""generator.pages.urls: page paths, relative links at any depth, hashed asset names."""

from __future__ import annotations

import hashlib
import re

import pytest

from generator.pages import urls
from generator.pages.urls import ROOT


@pytest.mark.parametrize("kind, path", [
    ("country", "countries/china/"), ("person", "people/china/"), ("note", "notes/china/"),
    ("source", "sources/china/"), ("event", "timeline/#china")])
def test_page_paths(kind: str, path: str) -> None:
    assert urls.page(kind, "china") == path


def test_href_and_cite_are_written_against_the_root_marker() -> None:
    assert urls.href("countries/china/") == ROOT + "countries/china/"
    assert urls.cite("parade", "s12") == ROOT + "sources/parade/#s12"


@pytest.mark.parametrize("path, file", [
    ("", "index.html"), ("countries/china/", "countries/china/index.html"), ("404.html", "404.html"),
    ("feed.xml", "feed.xml")])
def test_file_for(path: str, file: str) -> None:
    assert urls.file_for(path) == file


@pytest.mark.parametrize("file, prefix", [
    ("index.html", "./"), ("timeline/index.html", "../"), ("countries/china/index.html", "../../")])
def test_prefix_for(file: str, prefix: str) -> None:
    assert urls.prefix_for(file) == prefix


@pytest.mark.parametrize("base_url, path", [
    (None, "/"), ("https://example.org/", "/"), ("https://example.org/briefing/", "/briefing/"),
    ("https://example.org", "/")])
def test_base_path(base_url: str | None, path: str) -> None:
    assert urls.base_path(base_url) == path


def test_absolute() -> None:
    assert urls.absolute(None, "countries/china/") is None
    assert urls.absolute("https://example.org/b/", "countries/china/") == "https://example.org/b/countries/china/"


def test_fingerprint_names_change_with_the_bytes() -> None:
    data = b"body { color: black }"
    digest = hashlib.sha256(data).hexdigest()[:8]
    assert urls.fingerprint("style.css", data) == f"style.{digest}.css"
    assert urls.fingerprint("fonts/serif.woff2", data) == f"fonts/serif.{digest}.woff2"
    assert urls.fingerprint("LICENSE", data) == f"LICENSE.{digest}"
    assert urls.fingerprint(".htaccess", data) == f".htaccess.{digest}"
    assert urls.fingerprint("style.css", data + b" ") != urls.fingerprint("style.css", data)
    assert re.fullmatch(r"style\.[0-9a-f]{8}\.css", urls.fingerprint("style.css", b""))


def test_text_fragment_of_a_short_sentence() -> None:
    assert urls.text_fragment("https://example.org/a#top", "Xi invited Kim-Jong Un, personally.") == (
        "https://example.org/a#:~:text=Xi%20invited%20Kim%2DJong%20Un%2C%20personally.")


def test_text_fragment_of_a_long_sentence_uses_its_first_and_last_words() -> None:
    sentence = "one two three four five six seven eight nine ten eleven"
    assert urls.text_fragment("https://example.org/a", sentence) == (
        "https://example.org/a#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven")


def test_text_fragment_of_a_sentence_across_a_line_break_matches_it_as_shown() -> None:
    assert urls.text_fragment("https://example.org/a", "Kim left\nat  noon.") == (
        "https://example.org/a#:~:text=Kim%20left%20at%20noon.")
