"""Markdown into sanitized HTML, converted once per distinct text.

Internal links are written against the site root with the ROOT marker in front; each
page swaps the marker for its own relative prefix (`../../`), so one converted fragment
serves every page it appears on, at any depth and under any sub-path.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable
from urllib.parse import quote

import nh3
import pyromark

from ..text import WIKILINK
from .urls import ROOT


TAGS = {"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
        "sub", "abbr", "del", "ins", "dl", "dt", "dd", "img", "span"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
# A table column's alignment, as the parser writes it: these exact values and no other style.
_ALIGN = {"style": {f"text-align: {side}" for side in ("left", "center", "right")}}
VALUES = {"th": _ALIGN, "td": _ALIGN}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _no_remote_images(tag: str, attr: str, value: str) -> str | None:
    # A briefing loads nothing from another host: remote images are dropped.
    if tag == "img" and attr == "src" and (_SCHEME.match(value) or value.startswith("//")):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     tag_attribute_values=VALUES, attribute_filter=_no_remote_images, link_rel=None,
                     clean_content_tags={"script", "style"})


def _demote_headings(html: str) -> str:
    """The page title is the only h1: a note's '# Heading' becomes an h2, and so on."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


# CommonMark with GitHub's tables and ~~strikethrough~~, by pulldown-cmark (compiled). Raw
# HTML passes the parser because nh3 is what decides what survives, in one place.
_PARSER = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH)
# The parser percent-encodes the marker inside a URL: only an attribute starting with it is
# turned back.
_ENCODED_ROOT = '="' + quote(ROOT[0]) + ROOT[1:]


def convert(text: str) -> str:
    """Markdown into HTML, not yet sanitized."""
    html = _PARSER.html(text)
    return html.replace(_ENCODED_ROOT, '="' + ROOT).rstrip("\n")


class Markup:
    """Converts Markdown with [[slug]] links; results cached by the text's hash."""

    def __init__(self, href: Callable[[str], str], names: dict[str, str], cache: dict[str, str] | None = None):
        self.href = href  # slug -> path from the site root, e.g. "countries/china/"
        self.names = names
        self._cache: dict[str, str] = {} if cache is None else cache

    def _links(self, text: str) -> str:
        def repl(m: re.Match) -> str:
            slug = m.group(1).strip()
            shown = (m.group(2) or self.names.get(slug, slug)).strip()
            shown = re.sub(r"([\\`*_\[\]])", r"\\\1", shown)
            return f"[{shown}]({ROOT}{self.href(slug)})"

        return WIKILINK.sub(repl, text)

    def block(self, text: str | None) -> str:
        if not text:
            return ""
        source = self._links(text)
        key = hashlib.sha1(source.encode()).hexdigest()
        html = self._cache.get(key)
        if html is None:
            html = sanitize(_demote_headings(convert(source)))
            self._cache[key] = html
        return html

    def inline(self, text: str | None) -> str:
        """One line of Markdown without its paragraph: for summaries and takeaways."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html
