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
from markdown.util import AtomicString

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

    The loop is the library's own (`__handleInline`), over a plain list instead of the
    registry; a pattern that cannot match is passed over as a miss would be. The output
    is the same: a test converts fixed cases, the briefing's notes and random text both
    ways. Without those private methods (another Python-Markdown) it is not installed.
    """

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        patterns = md.inlinePatterns
        needs = {patterns.get_index_for_name(name): tuple(chars) for name, chars in _NEEDS.items() if name in patterns}
        self._patterns = [(patterns[i], needs.get(i, ())) for i in range(len(patterns))]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString):
            return data
        start = 0
        patterns = self._patterns
        while patternIndex < len(patterns):
            pattern, need = patterns[patternIndex]
            if need and not any(map(data.__contains__, need)):
                patternIndex, start = patternIndex + 1, 0  # as after a miss
                continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def converter() -> markdown.Markdown:
    """Python-Markdown as the briefing uses it."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    private = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
    if all(hasattr(InlineProcessor, name) for name in private) and "inline" in md.treeprocessors:
        md.treeprocessors.register(_Prefiltered(md), "inline", 20)  # replaces it, at its documented priority
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
