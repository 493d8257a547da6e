"""Python-Markdown's own conversion, without the work a text cannot need.

At 10,000 notes Python-Markdown's CPU is most of a cold build. Much of it is spent on
things a given text cannot contain: inline patterns tried on runs of text that lack the
character they begin with, block tests for tables and quotes on prose without `|` or `>`,
a reference pattern tried on every `[` of a text that defines no reference, a table of
contents built and serialized for a note that shows none. Each shortcut here passes over
such work exactly where the stock pass would find nothing, so the output is the stock
output byte for byte (tests convert fixed cases, the seed notes and random text both ways).
A shortcut is installed only over the stock class it stands in for: an extension that
replaces a processor keeps its own.
"""

from __future__ import annotations

import html
import inspect
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import blockprocessors, inlinepatterns, postprocessors, preprocessors, treeprocessors
from markdown.extensions import abbr, admonition, def_list, fenced_code, footnotes, tables, toc
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

# Python-Markdown tries each of its inline patterns on each run of text, and most cannot
# match a text that lacks a string they all begin with; at 10,000 notes that loop is a
# third of the conversion. What each stock pattern needs (any one of), by name and class
# (em_strong: one of its delimiters, `*` and `_` unless an extension adds more):
_NEEDS = {("backtick", "BacktickInlineProcessor"): ("`",), ("escape", "EscapeInlineProcessor"): ("\\",),
          ("reference", "ReferenceInlineProcessor"): ("[",), ("link", "LinkInlineProcessor"): ("[",),
          ("image_link", "ImageInlineProcessor"): ("![",), ("image_reference", "ImageReferenceInlineProcessor"): ("![",),
          ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
          ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("![",), ("footnote", "_FootnoteRef"): ("[^",),
          ("autolink", "AutolinkInlineProcessor"): ("<",), ("automail", "AutomailInlineProcessor"): ("<",),
          ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",), ("html", "HtmlInlineProcessor"): ("<",),
          ("entity", "HtmlInlineProcessor"): ("&",), ("em_strong", "DelimiterProcessor"): (),
          ("del", "SimpleTagInlineProcessor"): ("~",)}  # an extension's own patterns always run
# A reference (`[text][id]`, `[id]`) matches only an id defined in the same text, and a
# footnote reference only a footnote defined there: without a definition those patterns
# reject every match they find, and are passed over.
_DEFINED = {"ReferenceInlineProcessor": "references", "ShortReferenceInlineProcessor": "references",
            "ImageReferenceInlineProcessor": "references", "ShortImageReferenceInlineProcessor": "references",
            "_FootnoteRef": "footnotes"}
_DELIMITERS = getattr(inlinepatterns, "DelimiterProcessor", ())  # (Python-Markdown 3.11 and later)


class Prefiltered(InlineProcessor):
    """Python-Markdown's inline pass, skipping a pattern on a text that lacks what it needs:
    the library's own loop (`__handleInline`), a pattern that cannot match passed over as
    a miss would be."""

    def __init__(self, md: markdown.Markdown, notes: Any):
        super().__init__(md)
        reg, self.notes = md.inlinePatterns, notes
        self._known = []
        for i, item in enumerate(reg._priority):
            pattern, key = reg[i], (item.name, type(reg[i]).__name__)
            self._known.append((pattern, _NEEDS.get(key, ()), _DEFINED.get(key[1]) if key in _NEEDS else None))
        self._patterns: list[tuple[Any, tuple[str, ...] | None]] = []

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        defined = {"references": bool(self.md.references), "footnotes": bool(self.notes.numbers)}
        # (pattern, what it needs): () where the document defines nothing it could match,
        # None where it is always tried
        self._patterns = [(pattern, () if defines and not defined[defines] else
                           tuple(pattern.tokens) if isinstance(pattern, _DELIMITERS) else need or None)
                          for pattern, need, defines in self._known]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString):
            return data
        start, patterns = 0, self._patterns
        while patternIndex < len(patterns):
            pattern, need = patterns[patternIndex]
            if need is not None:
                # (a loop, not any(): this runs for every pattern on every text; and from
                # `start`, where the pattern's search begins, so that a text of many
                # matches is not searched from its beginning after each one)
                for one in need:
                    if data.find(one, start) >= 0:
                        break
                else:
                    patternIndex, start = patternIndex + 1, 0  # as after a miss
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class Gate:
    """Work done only for a text that holds one of its triggers: a processor that finds
    nothing in any other text (a block test, a preprocessor's search) is swapped, for
    that text, for one that says so at once."""

    def __init__(self, obj: object, attr: str, triggers: tuple[str, ...], closed: object):
        self.obj, self.attr, self.triggers, self.closed = obj, attr, triggers, closed
        self.opened = getattr(obj, attr)

    def set_for(self, text: str) -> None:
        setattr(self.obj, self.attr, self.opened if any(map(text.__contains__, self.triggers)) else self.closed)


def _no_block(parent: etree.Element, block: str) -> bool:
    return False


def _same(lines: Any) -> Any:
    return lines


# Text-wide gates: (registry, name, the stock class, what is gated, what a text needs for
# it, what stands in where the text lacks it)
_GATES = (
    # admonition's test looks back over the blocks before it for every block
    ("block", "admonition", admonition.AdmonitionProcessor, "test", ("!!!",), _no_block),
    # raw HTML and entities are what the HTML block pass (a whole HTMLParser) looks for
    ("pre", "html_block", preprocessors.HtmlBlockPreprocessor, "run", ("<", "&"), _same),
    ("pre", "fenced_code_block", fenced_code.FencedBlockPreprocessor, "run", ("```", "~~~"), _same),
    # escapes (`\*`) are the only source of what the unescape pass restores
    ("tree", "unescape", treeprocessors.UnescapeTreeprocessor, "run", ("\\",), lambda root: None),
)
# Block tests that search the block for a string it must hold (a regular expression
# scanning the whole block, for each block): a block without it fails them at once.
_BLOCK_NEEDS = (
    ("table", tables.TableProcessor, ("|",)),
    ("hashheader", blockprocessors.HashHeaderProcessor, ("#",)),
    ("setextheader", blockprocessors.SetextHeaderProcessor, ("\n=", "\n-")),
    ("hr", blockprocessors.HRProcessor, ("-", "_", "*")),
    ("deflist", def_list.DefListProcessor, (":",)),
    ("quote", blockprocessors.BlockQuoteProcessor, (">",)),
    # these three test True and search in their run, which gives the block back when
    # it finds nothing: a test that says False is the same
    ("footnote", footnotes.FootnoteBlockProcessor, ("[^",)),
    ("abbr", getattr(abbr, "AbbrBlockprocessor", None), ("*[",)),  # (its name in newer releases)
    ("reference", blockprocessors.ReferenceProcessor, ("]:",)),
)


def _needing(test: Any, needs: tuple[str, ...]) -> Any:
    if len(needs) == 1:
        need = needs[0]
        return lambda parent, block: need in block and test(parent, block)
    return lambda parent, block: any(map(block.__contains__, needs)) and test(parent, block)


class HeadingIds(Treeprocessor):
    """toc's pass where a text has no [TOC] marker: the same heading ids, without the table
    of contents (built, serialized and post-processed for every text by the stock pass,
    shown by none), and with a plain heading's name read from its text instead of
    serialized and parsed back. A text with a marker gets the stock pass."""

    def __init__(self, md: markdown.Markdown, stock: toc.TocTreeprocessor):
        super().__init__(md)
        self.stock = stock
        stock_post = (postprocessors.RawHtmlPostprocessor, postprocessors.AndSubstitutePostprocessor,
                      footnotes.FootnotePostprocessor)
        # The stock post-processors change only text holding their placeholders (\x02...)
        self.plain = all(type(pp) in stock_post for pp in md.postprocessors)

    def _name(self, el: etree.Element) -> str:
        text = el.text or ""
        if self.plain and not len(el) and not _MARKED.search(text):
            return " ".join(text.split())  # what serializing, unescaping and stripping tags leave
        return toc.strip_tags(toc.render_inner_html(toc.remove_fnrefs(el), self.md))

    def run(self, doc: etree.Element) -> None:
        stock = self.stock
        if stock.marker:
            return stock.run(doc)
        used = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for el in doc.iter():
            if isinstance(el.tag, str) and stock.header_rgx.match(el.tag):
                stock.set_level(el)
                if "id" not in el.attrib:
                    el.attrib["id"] = toc.unique(stock.slugify(html.unescape(self._name(el)), stock.sep), used, counters)
                el.attrib.pop("data-toc-label", None)
                if stock.use_anchors:
                    stock.add_anchor(el, el.attrib["id"])
                if stock.use_permalinks not in [False, None]:
                    stock.add_permalink(el, el.attrib["id"])
        return None


_MARKED = re.compile("[&<>\x02]")  # what the serializer escapes, and placeholders


def _heading_ids_fit() -> bool:
    """The stock pass this one mirrors: Python-Markdown 3.11's toc."""
    return all(hasattr(toc, name) for name in ("render_inner_html", "strip_tags", "remove_fnrefs")) and \
        "counters" in inspect.signature(toc.unique).parameters


def install(md: markdown.Markdown, notes: Any) -> list[Gate]:
    """The shortcuts, over the stock processors they stand in for; the gates to set for
    each text before it is converted."""
    private = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
    if all(hasattr(InlineProcessor, name) for name in private) and "inline" in md.treeprocessors \
            and type(md.treeprocessors["inline"]) is InlineProcessor:
        md.treeprocessors.register(Prefiltered(md, notes), "inline", 20)  # replaces it, at its own priority
    registries = {"block": md.parser.blockprocessors, "pre": md.preprocessors, "tree": md.treeprocessors}
    gates = [Gate(registries[where][name], attr, triggers, closed)
             for where, name, cls, attr, triggers, closed in _GATES
             if name in registries[where] and type(registries[where][name]) is cls]
    blocks = md.parser.blockprocessors
    for name, cls, needs in _BLOCK_NEEDS:
        if name in blocks and type(blocks[name]) is cls:
            blocks[name].test = _needing(blocks[name].test, needs)
    stock = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if type(stock) is toc.TocTreeprocessor:
        if stock.marker:  # (the walk that looks for it, and the table, only for a text with one)
            gates.append(Gate(stock, "marker", (stock.marker,), ""))
        if _heading_ids_fit():
            md.treeprocessors.register(HeadingIds(md, stock), "toc", 5)
    return gates
