"""YAML text into plain data and the position of every value.

A fact sheet needs text, numbers, true/false, lists and mappings a few levels deep, and
nothing else of YAML: a tag (`!!python/object/apply:...`, `!!binary`) is refused rather
than dropped, an alias may repeat only so many values (nine aliases of nine aliases of
nine... is a kilobyte that expands without end), and values nest only so deep. Each
refusal is an issue at the line and column where it was written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Issue, Pos
from ..text import CONTROL

try:  # libyaml's composer is several times faster; positions are the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]

ALIAS_BUDGET = 10_000  # values the aliases of one file may repeat, all together
MAX_DEPTH = 100  # levels of lists and mappings; a fact sheet uses four

# YAML 1.1 (libyaml) breaks lines at these too, where an editor and the rest of the build
# do not: every line number after one would be off.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")

_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode

_CORE = "tag:yaml.org,2002:"
_INT, _FLOAT, _BOOL, _NULL = _CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"
# What plain YAML resolves to without a tag; 'merge' and 'value' are the keys << and =,
# which the schema reports as unknown keys.
_PLAIN_TAGS = frozenset(_CORE + name for name in
                        ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value"))


def parse_yaml(text: str, rel: str, line_offset: int = 0,
               record: bool = True) -> tuple[Any, dict, dict, list[Issue]]:
    """YAML text into (data, value positions, key positions, issues).

    Without `record`, the position tables stay empty: loading finds them again only for
    a file that has an issue to report (see loader.Document)."""
    # Three substring searches are far quicker than one regular expression on every sheet.
    odd_break = ("\u2028" in text or "\u2029" in text or "\x85" in text) and _ODD_BREAKS.search(text)
    if odd_break:
        at = odd_break.start()
        where = Pos(rel, text.count("\n", 0, at) + 1 + line_offset, at - (text.rfind("\n", 0, at) + 1) + 1)
        return None, {}, {}, [Issue(where, f"the line separator U+{ord(odd_break.group()):04X} is not allowed in YAML",
                                    "replace it with a plain line break, or delete it")]
    if "&" in text and "*" in text:  # no anchor or no alias: nothing to count
        overspent = _aliases_overspent(text, rel, line_offset)
        if overspent:
            return None, {}, {}, [overspent]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, {}, {}, [_syntax_issue(exc, text, rel, line_offset)]
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        where = Pos(rel, before.count("\n") + 1 + line_offset, exc.position - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return None, {}, {}, [Issue(where, f"control character U+{char:04X} is not allowed",
                                    "delete it (most editors do not show it)")]
    except RecursionError:  # pragma: no cover - the pure-Python composer, without libyaml
        return None, {}, {}, [_too_deep(Pos(rel, 1 + line_offset, 1))]
    except yaml.YAMLError as exc:
        return None, {}, {}, [Issue(Pos(rel), f"YAML error: {exc}", "fix the YAML syntax")]
    converter = _Converter(rel, line_offset, record)
    data = converter.convert(node, (), 0) if node is not None else None
    return data, converter.positions, converter.key_positions, converter.issues


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    where = Pos(rel, mark.line + 1 + line_offset, mark.column + 1) if mark else Pos(rel)
    problem = exc.problem or exc.context or "invalid YAML"
    if "tab character" in problem or (mark and text[mark.index:mark.index + 1] == "\t"):
        # PyYAML's "found character that cannot start any token", where the character is a tab
        return Issue(where, "a tab character: YAML indents with spaces only", "replace the tab with spaces")
    if "another document" in problem:
        return Issue(where, "a second YAML document starts here",
                     "a file holds one document: remove this '---' line or what follows it")
    if "maximum nesting depth" in problem:  # libyaml's own limit, deeper than ours
        return _too_deep(where)
    started = exc.context_mark
    if exc.context and started and mark and started.line != mark.line:
        # "found unexpected end of stream" means little without where it began
        problem += f" ({exc.context} started on line {started.line + 1 + line_offset})"
    return Issue(where, f"YAML syntax error: {problem}",
                 "check the indentation and quoting on this line or the one before")


def _too_deep(where: Pos) -> Issue:
    return Issue(where, f"values are nested more than {MAX_DEPTH} levels deep",
                 "a sheet needs a few levels of lists and mappings at most; flatten this value")


def _aliases_overspent(text: str, rel: str, line_offset: int) -> Issue | None:
    """The first alias at which the file's aliases repeat more than ALIAS_BUDGET values.

    One pass over the parser's events: each anchored value's size (its values, with the
    aliases inside it expanded) is known when it closes, and each alias adds its anchor's
    size. No size outgrows what the aliases before it repeated, so the counts stay small.
    """
    sizes: dict[str, int] = {}
    open_sizes: list[list] = []  # for each open list or mapping: [its anchor, its size so far]
    repeated = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor, 1)  # an anchor still open: the loop is reported later
                repeated += size
                if repeated > ALIAS_BUDGET:
                    mark = event.start_mark
                    return Issue(Pos(rel, mark.line + 1 + line_offset, mark.column + 1), "too many aliases",
                                 f"the aliases of this file repeat more than {ALIAS_BUDGET:,} values; "
                                 "write the values out, or repeat fewer")
            elif isinstance(event, yaml.CollectionStartEvent):
                open_sizes.append([event.anchor, 1])
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_sizes.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            else:
                continue
            if open_sizes:
                open_sizes[-1][1] += size
    except yaml.YAMLError:
        return None  # composing reports it, with the same position
    return None


class _Converter:
    """Nodes into plain values, recording positions and collecting issues."""

    def __init__(self, rel: str, line_offset: int, record: bool):
        self.rel, self.line_offset, self.record = rel, line_offset, record
        self.positions: dict[KeyPath, Pos] = {}
        self.key_positions: dict[KeyPath, Pos] = {}
        self.issues: list[Issue] = []
        self.open_nodes: set[int] = set()  # collections being converted: an alias to one is a loop

    def at(self, n: yaml.Node) -> Pos:
        return Pos(self.rel, n.start_mark.line + 1 + self.line_offset, n.start_mark.column + 1)

    def refused(self, n: yaml.Node) -> bool:
        """True (and reported) for a tag, or an escape that writes a control character."""
        if n.tag not in _PLAIN_TAGS:
            shown = n.tag.replace(_CORE, "!!", 1)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            self.issues.append(Issue(self.at(n), f"the YAML tag '{shown}' is not allowed",
                                     "remove it: a sheet holds text, numbers, true/false, lists and mappings"))
            return True
        bad = CONTROL.search(n.value) if isinstance(n, yaml.ScalarNode) and n.style == '"' else None
        if bad:  # only "..." has escapes: the file's own text was checked when it was read
            self.issues.append(Issue(self.at(n), f"control character U+{ord(bad.group()):04X} is not allowed",
                                     "remove the escape that writes it (such as \\0 or \\x07)"))
            return True
        return False

    def convert(self, n: yaml.Node, path: KeyPath, depth: int) -> Any:
        if self.record:
            self.positions[path] = self.at(n)
        if type(n) is _SCALAR:
            # The checks inline: a build converts some 250,000 scalars at 10,000 notes.
            if n.style == '"' or n.tag not in _PLAIN_TAGS:
                if self.refused(n):
                    return None
            return _scalar(n)
        if id(n) in self.open_nodes:
            self.issues.append(Issue(self.at(n), "this alias refers to the value that contains it",
                                     "write the value out instead of using an alias"))
            return None
        if n.tag not in _PLAIN_TAGS and self.refused(n):
            return None
        if depth >= MAX_DEPTH:
            self.issues.append(_too_deep(self.at(n)))
            return None
        self.open_nodes.add(id(n))
        if type(n) is _MAPPING:
            out: Any = self.mapping(n, path, depth)
        else:
            out = [self.convert(v, path + (i,), depth + 1) for i, v in enumerate(n.value)]
        self.open_nodes.discard(id(n))
        return out

    def mapping(self, n: yaml.MappingNode, path: KeyPath, depth: int) -> dict:
        out: dict[Any, Any] = {}
        first: dict[str, Pos] = {}  # where each key was first written
        for k, v in n.value:
            if type(k) is not _SCALAR or k.tag == _NULL:
                self.issues.append(Issue(self.at(k), "a key must be plain text", "write the key as a word"))
                continue
            if (k.style == '"' or k.tag not in _PLAIN_TAGS) and self.refused(k):
                continue
            key = k.value  # as written: 'on' stays 'on', not True
            if key in first:
                self.issues.append(Issue(self.at(k), f"duplicate key '{key}'",
                                         f"'{key}' is already set on line {first[key].line}; keep one"))
                continue
            first[key] = self.at(k)
            if self.record:
                self.key_positions[path + (key,)] = first[key]
            out[key] = self.convert(v, path + (key,), depth + 1)
        return out


def _scalar(n: yaml.ScalarNode) -> Any:
    """Scalars as YAML 1.1 types, except timestamps, which stay text for the date rules."""
    if n.tag == _NULL:
        return None
    if n.tag == _BOOL:
        return n.value.lower() in ("true", "yes", "on", "y")
    if n.tag == _INT:
        try:
            return int(n.value.replace("_", ""), 0)
        except ValueError:
            return n.value
    if n.tag == _FLOAT:
        try:
            return float(n.value.replace("_", ""))
        except ValueError:
            return n.value
    return n.value
