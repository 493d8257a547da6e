"""Markdown into sanitized HTML, converted once per distinct text.

Internal links are written against the site root with the ROOT marker in front; each
page swaps the marker for its own relative prefix (`../../`), so one converted fragment
serves every page it appears on, at any depth and under any sub-path.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable

import markdown
import nh3
from markdown.treeprocessors import InlineProcessor

from .link import WIKILINK

# A private-use character: it cannot come from the content's own text by accident.
ROOT = "\ue000root/"

TAGS = {"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
        "sub", "abbr", "del", "ins", "dl", "dt", "dd", "img", "span"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
              "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _no_remote_images(tag: str, attr: str, value: str) -> str | None:
    # A briefing loads nothing from another host: remote images are dropped.
    if tag == "img" and attr == "src" and (_SCHEME.match(value) or value.startswith("//")):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     attribute_filter=_no_remote_images, link_rel=None,
                     clean_content_tags={"script", "style"})


def _demote_headings(html: str) -> str:
    """The page title is the only h1: a note's '# Heading' becomes an h2, and so on."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


# Python-Markdown tries each of its inline patterns on each run of text; at 10,000 notes
# that loop is a quarter of the whole conversion, though most patterns cannot match a
# text without a character they all begin or end with. What each needs, by name:
_NEEDS = {"backtick": "`", "escape": "\\", "reference": "[", "link": "[", "image_link": "[",
          "image_reference": "[", "short_reference": "[", "short_image_ref": "[", "autolink": "<",
          "automail": "<", "linebreak": "\n", "html": "<", "entity": "&", "em_strong": "*_",
          "em_strong2": "_", "not_strong": "*_"}  # more than needed is safe: it only skips less


class _Prefiltered(InlineProcessor):
    """Python-Markdown's inline pass, skipping a pattern on a text that lacks what it needs.

    The output is the same (a test converts a corpus both ways); the method overridden
    is the library's own per-pattern step, and without it this is the plain pass.
    """

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self._needs = {id(md.inlinePatterns[item.name]): _NEEDS.get(item.name) for item in md.inlinePatterns._priority}

    def _InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex=0):  # noqa: N802
        need = self._needs.get(id(pattern))
        if need is not None and not any(c in data for c in need):
            return data, False, 0
        return InlineProcessor._InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex)


def converter() -> markdown.Markdown:
    """Python-Markdown as the briefing uses it."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    if hasattr(InlineProcessor, "_InlineProcessor__applyPattern") and "inline" in md.treeprocessors:
        priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
        md.treeprocessors.register(_Prefiltered(md), "inline", priority)  # in the same place
    return md


class Markup:
    """Converts Markdown with [[slug]] links; results cached by the text's hash."""

    def __init__(self, href: Callable[[str], str], names: dict[str, str], cache: dict[str, str] | None = None):
        self.href = href  # slug -> path from the site root, e.g. "countries/china/"
        self.names = names
        self._md = converter()
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
            self._md.reset()
            html = sanitize(_demote_headings(self._md.convert(source)))
            self._cache[key] = html
        return html

    def inline(self, text: str | None) -> str:
        """One line of Markdown without its paragraph: for summaries and takeaways."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html
