"""Candidate facts for the sheets a briefing has finished, from a new article.

When `briefing draft` reads an article that names a country or person the project already
has a finished sheet for, each sentence that mentions it becomes a fact marked
`draft: true` at the end of the sheet's `facts:` list: the sentence as its quote (and, to
be reworded, as its claim) and the new article as its source. The build leaves such facts
out until the analyst deletes the mark; `briefing check` lists them.

The finished part of a sheet is never rewritten: the proposals are text inserted at one
place, after the last fact, so that every byte the analyst wrote (comments, quoting, line
ends, a byte order mark) stays as it was. The sheet is then read again, and the insertion
is kept only if the sheet reads as before with the proposals added; a layout this cannot
extend (`facts: [...]` written inline, say) is left alone and said so.

Drafting the same article again proposes nothing twice: a sentence is left out when a fact
of the sheet, draft or finished, already quotes words of it from this source.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.files import read_text
from ..check.provenance import QuoteFinder, too_short
from ..check.yamlparse import parse_yaml
from ..errors import Issue, Pos
from ..model import Sentence, Source
from ..text import Span

try:  # the loader's composer, so that positions are the ones its issues name
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Proposal:
    """What drafting does to one finished sheet."""

    path: str  # project-relative
    sentences: tuple[str, ...]  # ids of the sentences proposed as facts; () when none
    text: bytes | None = None  # the sheet's new content; None: the sheet is left as it is
    reason: str = ""  # why nothing is proposed

    def __str__(self) -> str:
        n = len(self.sentences)
        return f"{self.path}: {n} draft fact{'s' if n != 1 else ''} ({', '.join(self.sentences)})"


def propose(project: Path, sheets: dict[str, tuple[str, ...]], body: str, spans: dict[str, Span],
            source: str) -> tuple[list[Proposal], list[Issue]]:
    """For each sheet (project-relative path -> ids of the sentences about its subject),
    what to append; and the issues of sheets that do not read (nothing is then written).
    `body` is the article's text, `spans` its sentences by id."""
    # Quotes are looked up as the build looks them up: once each, in the whole text.
    finder = QuoteFinder(Source(source, "", None, None, None, body,
                                tuple(Sentence(s.id, s.text, s.paragraph) for s in spans.values())))
    out, issues = [], []
    for rel, sentences in sheets.items():
        path = project / rel
        if path.is_symlink():
            out.append(Proposal(rel, (), reason="a symbolic link; proposals are not written through it"))
            continue
        text, found = read_text(path, rel)
        data = None
        if text is not None:
            data, _, _, found = parse_yaml(text, rel, record=False)
        if not found and not isinstance(data, dict):
            found = [Issue(Pos(rel), "expected a mapping of keys to values", "write one 'key: value' per line")]
        elif not found and data.get("facts") is not None and not isinstance(data["facts"], list):
            found = [Issue(Pos(rel), "facts: expected a list", "write the facts as a list: - claim: ...")]
        if found:
            issues.extend(found)
            continue
        if data.get("draft") is True:
            out.append(Proposal(rel, (), reason="exists"))  # a draft sheet lists its candidates already
            continue
        facts = data.get("facts") or []
        cited = _cited(facts, source, finder)
        new = [sid for sid in sentences if sid not in cited]
        if not new:
            out.append(Proposal(rel, (), reason="exists; nothing new to propose"))
            continue
        raw = path.read_bytes()
        edited = _append(raw, data, new, spans, source)
        out.append(Proposal(rel, tuple(new), edited) if edited else Proposal(
            rel, (), reason="its facts are laid out in a way proposals cannot be added to; "
                            "write them as a block list ('- claim: ...')"))
    return out, issues


def write(project: Path, proposal: Proposal) -> None:
    """Put the proposal's text in place whole: beside the sheet, then renamed over it."""
    path = project / proposal.path
    tmp = path.with_name(f".{path.name}.draft-tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(proposal.text or b"")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _cited(facts: list, source: str, finder: QuoteFinder) -> set[str]:
    """The sentences of the article that a fact already quotes words of, citing it (or no
    source); a quote too short to tell its sentence marks none."""
    found: set[str] = set()
    for fact in facts:
        if not isinstance(fact, dict):
            continue
        listed = fact.get("citations") if isinstance(fact.get("citations"), list) else []
        for c in [fact, *(c for c in listed if isinstance(c, dict))]:
            quote = c.get("quote")
            if isinstance(quote, str) and c.get("source") in (None, "", source) and not too_short(quote):
                found.update(finder.cites(quote))
    return found


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10**9, default_style='"').rstrip("\n")


def _append(raw: bytes, data: dict, sentences: list[str], spans: dict[str, Span], source: str) -> bytes | None:
    """`raw` with the proposals inserted, or None when the sheet's layout does not allow it."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")[1 if bom else 0:]
    nl = "\r\n" if "\r\n" in text else "\n"
    place = _place(text)
    if place is None:
        return None
    at, head, dash, key = place
    lines = [" " * dash + f"# Proposed from source '{source}': reword each claim, then delete its 'draft: true'."]
    added = []
    for sid in sentences:
        quote = " ".join(spans[sid].text.split())
        added.append({"claim": quote, "quote": quote, "source": source, "draft": True})
        lines += [" " * dash + "-" + " " * (key - dash - 1) + f"claim: {_quoted(quote)}",
                  " " * key + f"quote: {_quoted(quote)}   # {sid}",
                  " " * key + f"source: {source}", " " * key + "draft: true"]
    lead = "" if at == 0 or text[at - 1] == "\n" else nl
    block = lead + (head + nl if head else "") + nl.join(lines) + nl
    edited = text[:at] + block + text[at:]
    # Kept only if the sheet now reads as before, with the proposals at the end of its facts.
    after, _, _, issues = parse_yaml(edited, "", record=False)
    expected = {**data, "facts": [*(data.get("facts") or []), *added]}
    if issues or after != expected or list(after) != list(data) + ([] if "facts" in data else ["facts"]):
        return None
    return (b"\xef\xbb\xbf" if bom else b"") + edited.encode("utf-8")


def _place(text: str) -> tuple[int, str, int, int] | None:
    """Where the proposals go: (offset, a `facts:` line to write first or "", the column of
    the items' dash, the column of their keys); None for a layout that is not block YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style or root.start_mark.column != 0:
        return None
    pair = next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "facts"), None)
    if pair is None:  # no list yet: a new key after everything else
        return len(text), "facts:", 2, 4
    name, facts = pair
    if isinstance(facts, yaml.ScalarNode) and facts.value == "" and not facts.style:  # `facts:` alone
        return _line_after(text, name.end_mark.index), "", name.start_mark.column + 2, name.start_mark.column + 4
    if not isinstance(facts, yaml.SequenceNode) or facts.flow_style or not facts.value:
        return None
    first = facts.value[0]
    dash = facts.start_mark.column
    key = first.start_mark.column if isinstance(first, yaml.MappingNode) and not first.flow_style else dash + 2
    return _line_after(text, _end(facts.value[-1])), "", dash, key


def _end(node: yaml.Node) -> int:
    """Where the last thing written in `node` ends. A block collection's own end mark lies
    at the next token, past the comments that follow it; an alias's node lies before it."""
    start, end = node.start_mark.index, node.end_mark.index if isinstance(node, yaml.ScalarNode) else 0
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen or n.start_mark.index < start:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode) or n.flow_style:
            end = max(end, n.end_mark.index)
        if isinstance(n, yaml.MappingNode):
            stack += [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    return end


def _line_after(text: str, at: int) -> int:
    """The start of the line after offset `at` (`at` itself when it starts a line)."""
    if at == 0 or text[at - 1] == "\n":
        return at
    nl = text.find("\n", at)
    return len(text) if nl < 0 else nl + 1
