"""Files into documents that remember where each value was written.

A document is plain data (dicts, lists, scalars) plus a table from each value's path
(`("facts", 2, "quote")`) to its position, so later stages can point at the exact line
and column without carrying YAML nodes around.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .files import KINDS, discover, read_text
from .yamlparse import KeyPath, parse_yaml
from ..errors import Issue, Pos


@dataclass(frozen=True)
class Document:
    kind: str  # site, source, country, person, event, note
    slug: str
    path: str  # relative to the project, with forward slashes
    data: dict[str, Any]
    # Where each value and key was written. None for a loaded file: found again from
    # `header` when first asked for (an issue to report), since keeping a table per file
    # would hold some 25 entries per note, millions of objects at 10,000 notes.
    positions: dict[KeyPath, Pos] | None = field(default=None, compare=False, hash=False)
    key_positions: dict[KeyPath, Pos] | None = field(default=None, compare=False, hash=False)
    body: str = ""
    body_line: int = 1
    # True for a file that exists but could not be read or parsed: it owns its slug (so
    # references to it are not reported again) but has no data.
    broken: bool = False
    digest: str = ""  # of the file's text: what later stages key their caches on
    header: str = field(default="", repr=False)  # the YAML the data was read from
    header_line: int = 0  # lines above the header (the front matter's opening ---)

    def _tables(self) -> tuple[dict[KeyPath, Pos], dict[KeyPath, Pos]]:
        if self.positions is not None:
            return self.positions, self.key_positions or {}
        found = self.__dict__.get("_found")
        if found is None:
            positions: dict[KeyPath, Pos] = {}
            keys: dict[KeyPath, Pos] = {}
            if self.header.strip():
                _, positions, keys, _ = parse_yaml(self.header, self.path, self.header_line)
            positions.setdefault((), Pos(self.path, 1, 1))
            found = (positions, keys)
            object.__setattr__(self, "_found", found)  # a cache, not a field: still frozen
        return found

    def pos(self, key: KeyPath = ()) -> Pos:
        """Position of the value at `key`, or of its nearest enclosing value."""
        positions = self._tables()[0]
        while key not in positions and key:
            key = key[:-1]
        return positions.get(key, Pos(self.path, 1, 1))

    def key_pos(self, key: KeyPath) -> Pos:
        return self._tables()[1].get(key) or self.pos(key)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def load_file(path: Path | str, rel: str, kind: str, slug: str) -> tuple[Document | None, list[Issue]]:
    text, issues = read_text(path, rel)
    if text is None:
        return None, issues
    body, body_line = "", 1
    if rel.endswith(".md"):
        m = _FRONT.match(text)
        if not m:
            first = text.split("\n", 1)[0]
            if first.strip() == "---":
                return None, [Issue(Pos(rel, 1, 1), "the front matter opened on line 1 is never closed",
                                    "add a line with --- after the front matter")]
            return None, [Issue(Pos(rel, 1, 1), "missing front matter",
                                "start the file with a --- line, 'title: ...', and another --- line")]
        header, header_line = m.group(1) or "", 1
        body = text[m.end():]
        body_line = text[: m.end()].count("\n") + 1
        data, _, _, issues = parse_yaml(header, rel, line_offset=1, record=False)
        if not header.strip():
            data = {}
    else:
        header, header_line = text, 0
        data, _, _, issues = parse_yaml(text, rel, record=False)
    if issues:
        return None, issues
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return None, [Issue(Pos(rel, 1, 1), f"expected a mapping of keys to values, found {found}",
                            "write one 'key: value' per line")]
    digest = hashlib.sha1(text.encode()).hexdigest()
    return Document(kind, slug, rel, data, None, None, body, body_line, digest=digest,
                    header=header, header_line=header_line), []


def _broken(kind: str, slug: str, rel: str) -> Document:
    return Document(kind, slug, rel, {}, {(): Pos(rel)}, {}, broken=True)  # no header to read


def folders_linked(project: Path) -> bool:
    """Whether content/ or one of its folders is a symlink: file events then name the
    files where the links lead, not the paths the loader reads."""
    content = project / "content"
    return os.path.islink(content) or any(os.path.islink(content / folder) for folder in KINDS)


# How one file is read: `load_file`, or a memo of it that skips files read before.
Reader = Callable[[str, str, str, str], tuple[Document | None, list[Issue]]]


def load(project: Path, read: Reader | None = None) -> tuple[list[Document], list[Issue]]:
    """Read `content/` into documents, collecting every problem."""
    read = read or load_file
    docs: list[Document] = []
    issues: list[Issue] = []
    if not os.path.lexists(project / "content" / "site.yaml"):
        issues.append(Issue(Pos("content/site.yaml"), "content/site.yaml is missing",
                            "create it with at least 'title: ...' (or run 'briefing new DIR')"))
    refused: list[Issue] = []
    for path, rel, kind, name in discover(project, refused):
        ext = KINDS.get(rel.split("/")[1], ("", ".yaml"))[1] if kind != "site" else ".yaml"
        if kind != "site":
            if not name.endswith(ext) and not (ext == ".yaml" and name.endswith(".yml")):
                issues.append(Issue(Pos(rel), f"unexpected file in content/{rel.split('/')[1]}/",
                                    f"{kind} files end in {ext}; rename or move it"))
                continue
            slug = name.rsplit(".", 1)[0]
        else:
            slug = "site"
        doc, errs = read(path, rel, kind, slug)
        issues.extend(errs)
        if doc:
            docs.append(doc)
        elif kind != "site":
            docs.append(_broken(kind, slug, rel))
    for issue in refused:  # what cannot be read still owns its slug: references to it are not reported again
        issues.append(issue)
        rel = issue.pos.path
        folder, _, name = rel.removeprefix("content/").partition("/")
        if folder in KINDS and "/" not in name and name.endswith((KINDS[folder][1], ".yml")):
            docs.append(_broken(KINDS[folder][0], name.rsplit(".", 1)[0], rel))
    return docs, issues
