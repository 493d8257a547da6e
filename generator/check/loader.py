"""Files into documents that remember where each value was written.

A document is plain data (dicts, lists, scalars) plus a table from each value's path
(`("facts", 2, "quote")`) to its position, so later stages can point at the exact line
and column without carrying YAML nodes around.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def load_file(path: Path, rel: str, kind: str, slug: str) -> tuple[Document | None, list[Issue]]:
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


class LoadCache:
    """What the loader keeps between builds: each file's document with the (mtime_ns,
    size) it was read at, and the last result. A builder that builds again re-reads only
    the files that changed since; when it knows which files those are (the dev server's
    file events) and none was added or removed, it does not even list the folders."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[tuple[int, int], Document | None, list[Issue]]] = {}
        self.docs: list[Document] = []
        self.at: dict[str, int] = {}  # relative path -> index in `docs`, for clean results only
        self.reads = 0  # files read (not answered from the cache) since it was made
        # Files that are symlinks: an edit of what they point to comes as an event for
        # another path, so they are looked at in every build.
        self.links: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.files)


def _load_cached(path: str, rel: str, kind: str, slug: str, cache: LoadCache | None,
                 changed: set[str] | None) -> tuple[Document | None, list[Issue]]:
    if cache is None:
        return load_file(path, rel, kind, slug)
    files = cache.files
    if changed is not None and rel in files and rel not in changed and rel not in cache.links:
        return files[rel][1], files[rel][2]  # the caller knows this file did not change
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            cache.links.add(rel)
            st = os.stat(path)
        else:
            cache.links.discard(rel)
    except OSError:
        return load_file(path, rel, kind, slug)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = files.get(rel)
    # A file the caller names as changed is read again even with the same stat: two saves
    # of the same length within the clock's tick look alike.
    if hit and hit[0] == stamp and (changed is None or rel not in changed):
        return hit[1], hit[2]
    doc, issues = load_file(path, rel, kind, slug)
    files[rel] = (stamp, doc, issues)
    cache.reads += 1
    return doc, issues


def _edited(project: Path, cache: LoadCache, changed: set[str]) -> list[Document] | None:
    """The documents when the changed files are all known, still there and still clean:
    the last result with those entries replaced, without listing 10,000 files again."""
    if not cache.at or not changed.issubset(cache.at):
        return None  # a file added, removed or not content, or the last result had issues
    docs = list(cache.docs)
    for rel in changed:
        i = cache.at[rel]
        old = docs[i]
        path = str(project / rel)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None  # gone, or now something discovery must look at
        except OSError:
            return None
        doc, issues = _load_cached(path, rel, old.kind, old.slug, cache, changed)
        if issues or doc is None:
            return None
        docs[i] = doc
    cache.docs = docs
    return docs


def _broken(kind: str, slug: str, rel: str) -> Document:
    return Document(kind, slug, rel, {}, {(): Pos(rel)}, {}, broken=True)  # no header to read


def _folders_linked(project: Path) -> bool:
    content = project / "content"
    return os.path.islink(content) or any(os.path.islink(content / folder) for folder in KINDS)


def load(project: Path, cache: LoadCache | None = None,
         changed: set[str] | None = None) -> tuple[list[Document], list[Issue]]:
    """Read `content/` into documents, collecting every problem.

    With a `cache`, a file is read again only when its stat changed; `changed`, when
    given (the dev server's file events), names the only files that may have changed.
    """
    if changed is not None and _folders_linked(project):
        changed = None  # events name the files where the links lead: look at every file
    if cache is not None and changed is not None:
        docs = _edited(project, cache, changed)
        if docs is not None:
            return docs, []
    docs: list[Document] = []
    issues: list[Issue] = []
    if not os.path.lexists(project / "content" / "site.yaml"):
        issues.append(Issue(Pos("content/site.yaml"), "content/site.yaml is missing",
                            "create it with at least 'title: ...' (or run 'briefing new DIR')"))
    seen = set()
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
        seen.add(rel)
        doc, errs = _load_cached(path, rel, kind, slug, cache, changed)
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
    if cache is not None:
        for gone in set(cache.files) - seen:  # deleted or renamed files
            del cache.files[gone]
        cache.docs = docs
        cache.at = {} if issues else {d.path: i for i, d in enumerate(docs)}
    return docs, issues
