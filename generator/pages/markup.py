"""Markdown into sanitized HTML, converted once per distinct text.

Python-Markdown with the extensions a briefing writer needs (footnotes, admonitions,
tables, heading ids, definition lists, abbreviations, sane lists, fenced code, and
~~strikethrough~~); nh3 runs after it and decides what survives.

Internal links are written against the site root with the ROOT marker in front; each
page swaps the marker for its own relative prefix (`../../`), so one converted fragment
serves every page it appears on, at any depth and under any sub-path. In the same way,
every id the extensions make carries the SCOPE marker, which becomes nothing where a
fragment is alone on its page (a note's `#key-judgment`, `#fn-1`) and a prefix of its own
where fragments share a page (the overview's `#china-fn-1`), so ids never collide.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as etree
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.inlinepatterns import SimpleTagInlineProcessor

from ..text import WIKILINK
from . import shortcuts
from .bounds import as_typed, shown_as_typed
from .urls import ROOT

# A private-use character (like urls.ROOT): it cannot come from the content's own text (SCOPE
# is taken out of it before conversion, so only the extensions' ids carry it).
SCOPE = "\ue001"

# The ids the theme's own templates use: a heading of the same name gets a suffix.
THEME_IDS = frozenset({"main", "search", "footnotes-title", "facts-title", "relations-title", "events-title",
                       "notes-title", "takeaways-title", "countries-title", "timeline-title", "sources-title",
                       "graph-title", "graph-desc", "map-title", "map-desc", "edition-next"})
# `!!! judgment "Key judgment"`: the types a box may have, each styled by the theme.
ADMONITIONS = frozenset({"note", "info", "tip", "important", "warning", "caution", "danger",
                         "judgment", "assessment"})

TAGS = {"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
        "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
        "sub", "abbr", "del", "ins", "dl", "dt", "dd", "img", "span", "div"}
_IDS = {tag: {"id"} for tag in ("h2", "h3", "h4", "h5", "h6", "sup", "li")}
ATTRIBUTES = {**_IDS, "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
# Only the classes the extensions write, so the theme can style them; no other class.
CLASSES = {"div": {"admonition", "footnote", "toc", *ADMONITIONS}, "p": {"admonition-title"},
           "a": {"footnote-ref", "footnote-backref"}}
# A table column's alignment, as the parser writes it: these exact values and no other style.
_ALIGN = {"style": {f"text-align: {side};" for side in ("left", "center", "right")}}
VALUES = {"th": _ALIGN, "td": _ALIGN}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _attribute(tag: str, attr: str, value: str) -> str | None:
    # A briefing loads nothing from another host: remote images are dropped.
    if tag == "img" and attr == "src" and (_SCHEME.match(value) or value.startswith("//")):
        return None
    # Ids come from the extensions only: one typed in raw HTML could collide with the page's.
    if attr == "id" and SCOPE not in value:
        return None
    return value


_RULES = dict(tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"}, tag_attribute_values=VALUES,
              attribute_filter=_attribute, link_rel=None, allowed_classes=CLASSES, clean_content_tags={"script", "style"})
# Made once: nh3.clean builds its rules anew on every call, half the cost of a note's.
_clean = nh3.Cleaner(**_RULES).clean if hasattr(nh3, "Cleaner") else lambda html: nh3.clean(html, **_RULES)


def sanitize(html: str) -> str:
    return _clean(html).replace(' class=""', "")  # what is left where none of the classes was allowed


def _demote_headings(html: str) -> str:
    """The page title is the only h1: a note's '# Heading' becomes an h2, and so on."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def _heading_id(value: str, separator: str) -> str:
    """A heading's id: its words (in any script), unique on the page once scoped."""
    slug = slugify_unicode(value, separator) or "section"
    return (f"{slug}_1" if slug in THEME_IDS else slug) + SCOPE


class _Footnotes(FootnoteExtension):
    """Footnotes with ids by number (a label may hold spaces, which an id may not), each
    carrying the SCOPE marker, and numbered in linear time (the stock extension looks each
    reference up in a list: thousands of footnotes took seconds)."""

    def reset(self) -> None:
        super().reset()
        self.numbers: dict[str, int] = {}
        self.referenced: set[str] = set()

    def setFootnote(self, id: str, text: str) -> None:
        self.numbers.setdefault(id, len(self.numbers) + 1)
        super().setFootnote(id, text)

    def addFootnoteRef(self, id: str) -> None:
        if id not in self.referenced:
            self.referenced.add(id)
            self.footnote_order.append(id)

    def makeFootnoteId(self, id: str) -> str:
        return f"fn-{self.numbers[id]}{SCOPE}"

    def makeFootnoteRefId(self, id: str, found: bool = False) -> str:
        return self.unique_ref(f"fnref-{self.numbers[id]}{SCOPE}", found)

    def unique_ref(self, reference: str, found: bool = False) -> str:
        """The stock ids for a note cited again (fnref2-1, fnref3-1 ...), counted instead of
        searched one by one: a note cited thousands of times took minutes."""
        if not found:
            return reference
        seen = self.found_refs.get(reference, 0)
        self.found_refs[reference] = seen + 1
        if seen:
            ref, rest = reference.split(self.get_separator(), 1)
            reference = f"{ref}{seen + 1}{self.get_separator()}{rest}"
        self.used_refs.add(reference)
        return reference

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        md.inlinePatterns.register(_FootnoteRef(r"\[\^([^\]]*)\]", self), "footnote", 175)


class _FootnoteRef(FootnoteInlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:
        notes = self.footnotes
        id = m.group(1)
        if id not in notes.numbers:
            return None, None, None
        notes.addFootnoteRef(id)
        sup = etree.Element("sup")
        sup.set("id", notes.makeFootnoteRefId(id, found=True))
        a = etree.SubElement(sup, "a", {"href": "#" + notes.makeFootnoteId(id), "class": "footnote-ref"})
        a.text = str(notes.numbers[id])
        return sup, m.start(0), m.end(0)


class _Strikethrough(Extension):
    """~~gone~~ as <del>, as analysts know it from elsewhere."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)([^~]+)~~", "del"), "del", 170)


Extensions = tuple[tuple[str, str], ...]  # site.yaml's own: (name, its options as JSON)


def converter(extra: Extensions = (), prefilter: bool = True) -> markdown.Markdown:
    """Python-Markdown as the briefing uses it, with site.yaml's extensions after ours."""
    # attr_list is not ours: it would let a text set ids and classes the sanitizer cannot
    # tell from the theme's own.
    footnotes = _Footnotes(SEPARATOR="-", BACKLINK_TEXT="&#8617;&#xFE0E;")
    md = markdown.Markdown(output_format="html", extensions=[
        footnotes, "admonition", "tables",
        TocExtension(slugify=_heading_id), "def_list", "abbr", "sane_lists", "fenced_code", _Strikethrough(),
        *(name for name, _ in extra)], extension_configs={name: json.loads(options) for name, options in extra})
    # The shortcuts pass over work a text cannot need; without them, Python-Markdown's own passes.
    md.gates = shortcuts.install(md, footnotes) if prefilter else []
    return md


_converters: dict[Extensions, markdown.Markdown] = {}


def _markdown(extra: Extensions = ()) -> markdown.Markdown:
    """The process's one converter (for each set of extra extensions), made on first use
    and reset between texts: making one costs more than converting a note. A render
    worker inherits or makes its own."""
    md = _converters.get(extra)
    if md is None:
        md = _converters[extra] = converter(extra)
    return md


def _converted(text: str, extra: Extensions) -> str | None:
    """Markdown into HTML, not yet sanitized; None for a text Python-Markdown cannot
    convert in bounded time and stack."""
    try:
        if not shown_as_typed(text):
            md = _markdown(extra)
            for gate in md.gates:
                gate.set_for(text)
            return md.reset().convert(text)
    except RecursionError:  # nested deeper than Python's stack allows in some other way
        pass
    return None


def convert(text: str, extra: Extensions = ()) -> str:
    """Markdown into HTML, not yet sanitized."""
    text = text.replace(SCOPE, "")
    html = _converted(text, extra)
    return as_typed(text) if html is None else html


_SCOPED = re.compile(r'(id="|href="#)([^"]*)' + SCOPE)


def scoped(html: str, scope: str) -> str:
    """A converted fragment's ids as they stand on a page: bare, or prefixed with `scope`."""
    if SCOPE not in html:
        return html
    if not scope:
        return html.replace(SCOPE, "")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", scope):
        raise ValueError(f"a scope is made of letters, digits, '-' and '_', not {scope!r}")
    return _SCOPED.sub(lambda m: f"{m.group(1)}{scope}-{m.group(2)}", html)


class Markup:
    """Converts Markdown with [[slug]] links; results cached by the text's hash.

    `scope`: where several fragments share a page, each names its own (a slug), and
    the ids in it are prefixed with it; a fragment alone on its page keeps bare ids."""

    def __init__(self, href: Callable[[str], str], names: dict[str, str], cache: dict[str, str] | None = None,
                 extensions: Extensions | Callable[[], Extensions] = ()):
        self.href = href  # slug -> path from the site root, e.g. "countries/china/"
        self.names = names
        self._cache: dict[str, str] = {} if cache is None else cache
        # A function is asked at each conversion: a page that converts Markdown then reads
        # the site's extensions, and is made again when they change.
        self._extensions = extensions if callable(extensions) else lambda: extensions
        self._salts: dict[Extensions, str] = {}

    def _salt(self, extensions: Extensions) -> str:
        """Another set of extensions converts a text differently: its conversions are kept apart."""
        salt = self._salts.get(extensions)
        if salt is None:
            salt = self._salts[extensions] = json.dumps(extensions) if extensions else ""
        return salt

    def _links(self, text: str) -> str:
        def repl(m: re.Match) -> str:
            slug = m.group(1).strip()
            shown = (m.group(2) or self.names.get(slug, slug)).strip()
            shown = re.sub(r"([\\`*_\[\]])", r"\\\1", shown)
            return f"[{shown}]({ROOT}{self.href(slug)})"

        return WIKILINK.sub(repl, text)

    def block(self, text: str | None, scope: str = "") -> str:
        if not text:
            return ""
        source = self._links(text)
        extensions = self._extensions()
        key = hashlib.sha1((self._salt(extensions) + source).encode()).hexdigest()
        html = self._cache.get(key)
        if html is None:
            source = source.replace(SCOPE, "")
            html = _converted(source, extensions)
            html = as_typed(source) if html is None else sanitize(_demote_headings(html))
            self._cache[key] = html
        return scoped(html, scope)

    def inline(self, text: str | None, scope: str = "") -> str:
        """One line of Markdown without its paragraph: for summaries and takeaways."""
        html = self.block(text, scope)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html
