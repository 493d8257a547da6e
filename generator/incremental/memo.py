"""Reuse for the checking stages, around plain functions.

`load`, `validate` and `link` take values and return values with their issues; each takes
a `once(key, make)` (or a file reader) that this layer backs with a memo, so a result that
depends on one file's content is made once per content digest. On top of that, the dev
server's common case (a few notes edited, nothing else) patches the last result instead of
walking 10,000 documents again.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..check.link import Linked, link
from ..check.files import discover
from ..check.loader import Document, folders_linked, load, load_file
from ..check.refs import Checker
from ..check.validate import checked, note, validate
from ..errors import Issue
from ..fork import beside
from ..model import Site

T = TypeVar("T")
READ_AHEAD_FROM = 400  # files; below, forking costs more than it saves
SWEEP_AFTER = 50  # old versions of edited files kept before they are swept out


class Results:
    """Results by key, (what, content digest or text, ...). A pass over everything keeps
    what it used; a pass over a few files drops their old versions: a long preview session
    does not keep every version of every note it ever saw."""

    def __init__(self) -> None:
        self.kept: dict[tuple, Any] = {}
        self.used: dict[tuple, Any] = {}
        self.gone: set = set()  # old versions not swept yet

    def __len__(self) -> int:
        return len(self.kept.keys() | self.used.keys())

    def once(self, key: tuple, make: Callable[[], T]) -> T:
        used = self.used
        if key in used:
            return used[key]
        kept = self.kept
        value = kept[key] if key in kept else make()
        used[key] = value
        return value

    def everything_done(self) -> None:
        self.kept, self.used = self.used, {}

    def few_done(self, gone: set) -> None:
        """After a pass over a few files: `gone`, their old versions, are swept out once
        some have gathered (a sweep looks at every result: ten thousand notes' worth)."""
        kept = self.kept
        kept.update(self.used)
        self.used = {}
        self.gone |= gone
        if len(self.gone) < SWEEP_AFTER:
            return
        gone, self.gone = self.gone, set()
        for key in [k for k in kept if k[1] in gone]:
            del kept[key]


class Files:
    """Each file's document with the (mtime_ns, size) it was read at, and the last result.
    A build re-reads only the files that changed since; when the caller knows which files
    those are (the dev server's file events) and none was added or removed, it does not
    even list the folders."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[tuple[int, int], Document | None, list[Issue]]] = {}
        self.docs: list[Document] = []
        self.at: dict[str, int] = {}  # relative path -> index in `docs`, for clean results only
        self.reads = 0  # files read (not answered from the memo) since it was made
        # Files that are symlinks: an edit of what they point to comes as an event for
        # another path, so they are looked at in every build.
        self.links: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.files)

    def load(self, project: Path, changed: set[str] | None) -> tuple[list[Document], list[Issue]]:
        if changed is not None and folders_linked(project):
            changed = None  # events name the files where the links lead: look at every file
        if changed is not None:
            docs = self._edited(project, changed)
            if docs is not None:
                return docs, []
        if not self.files:
            self._read_ahead(project)
        seen: set[str] = set()

        def read(path: str, rel: str, kind: str, slug: str) -> tuple[Document | None, list[Issue]]:
            seen.add(rel)
            return self._read(path, rel, kind, slug, changed)

        docs, issues = load(project, read)
        for gone in set(self.files) - seen:  # deleted or renamed files
            del self.files[gone]
        self.docs = docs
        self.at = {} if issues else {d.path: i for i, d in enumerate(docs)}
        return docs, issues

    def _read(self, path: str, rel: str, kind: str, slug: str,
              changed: set[str] | None) -> tuple[Document | None, list[Issue]]:
        files = self.files
        if changed is not None and rel in files and rel not in changed and rel not in self.links:
            return files[rel][1], files[rel][2]  # the caller knows this file did not change
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                self.links.add(rel)
                st = os.stat(path)
            else:
                self.links.discard(rel)
        except OSError:
            return load_file(path, rel, kind, slug)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = files.get(rel)
        # A file the caller names as changed is read again even with the same stat: two
        # saves of the same length within the clock's tick look alike.
        if hit and hit[0] == stamp and (changed is None or rel not in changed):
            return hit[1], hit[2]
        doc, issues = load_file(path, rel, kind, slug)
        files[rel] = (stamp, doc, issues)
        self.reads += 1
        return doc, issues

    def _read_ahead(self, project: Path) -> None:
        """The first build reads every file: half of them in a forked child meanwhile, into
        the memo, which then answers the loader's pass (a second of reading and parsing at
        ten thousand files, spread over two cores)."""
        listed = [(str(path), rel, kind, name.rsplit(".", 1)[0])
                  for path, rel, kind, name in discover(project) if kind != "site"]
        if len(listed) < READ_AHEAD_FROM:
            return
        mine, theirs = listed[: len(listed) // 2], listed[len(listed) // 2:]
        before = self.reads

        def read(part: list[tuple[str, str, str, str]]) -> tuple[dict, set[str], int]:
            for entry in part:
                self._read(*entry, None)
            return self.files, self.links, self.reads - before

        result = beside(lambda: read(theirs))
        read(mine)
        got = result()  # None: the child could not read them, the loader's pass will
        if got is not None:
            files, links, reads = got
            self.files.update(files)
            self.links |= links
            self.reads += reads

    def _edited(self, project: Path, changed: set[str]) -> list[Document] | None:
        """The documents when the changed files are all known, still there and still clean:
        the last result with those entries replaced, without listing 10,000 files again."""
        if not self.at or not changed.issubset(self.at):
            return None  # a file added, removed or not content, or the last result had issues
        docs = list(self.docs)
        for rel in changed:
            i = self.at[rel]
            old = docs[i]
            path = str(project / rel)
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    return None  # gone, or now something discovery must look at
            except OSError:
                return None
            doc, issues = self._read(path, rel, old.kind, old.slug, changed)
            if issues or doc is None:
                return None
            docs[i] = doc
        self.docs = docs
        return docs


class ContentMemo:
    """What checking keeps from one build to the next: files read, results by content,
    and the last clean result of validating and of linking, for patching."""

    def __init__(self) -> None:
        self.files = Files()
        self.checks = Results()  # validate's, by document digest
        self.links = Results()  # link's: quote indexes, [[links]] found, notes checked
        self.validated: tuple[list[Document], Site, dict[str, Document], dict[str, int]] | None = None
        self.linked: tuple[Site, Linked] | None = None

    def load(self, project: Path, changed: set[str] | None = None) -> tuple[list[Document], list[Issue]]:
        return self.files.load(project, changed)

    def validate(self, docs: list[Document]) -> tuple[Site | None, dict[str, Document], list[Issue]]:
        patched = self._revalidated(docs)
        if patched:
            return patched
        site, owners, issues = validate(docs, self.checks.once)
        self.checks.everything_done()
        self.validated = None if issues or site is None else (
            docs, site, owners, {n.slug: i for i, n in enumerate(site.notes)})
        return site, owners, issues

    def link(self, site: Site, docs: dict[str, Document]) -> tuple[Linked | None, list[Issue]]:
        patched = self._relinked(site, docs)
        if patched:
            return patched, []
        linked, issues = link(site, docs, self.links.once)
        self.links.everything_done()
        self.linked = (site, linked) if linked else None
        return linked, issues

    def _revalidated(self, docs: list[Document]) -> tuple[Site, dict[str, Document], list[Issue]] | None:
        """The last clean result with the edited notes replaced, when only notes were edited
        (no file added, removed or renamed, no draft toggled) and each is still valid.
        Anything else returns None, and every document is validated."""
        if self.validated is None or len(docs) != len(self.validated[0]):
            return None
        old_docs, site, owners, note_at = self.validated
        notes = list(site.notes)
        owners = dict(owners)
        gone = set()
        for new, old in zip(docs, old_docs):
            if new is old or (new.digest == old.digest and new.path == old.path and not new.broken):
                continue  # the same file, or saved again unchanged
            if (new.kind != "note" or new.path != old.path or new.broken or old.slug not in note_at
                    or new.data.get("draft") is True):
                return None
            values, errs = checked(new, self.checks.once)
            if errs:
                return None
            notes[note_at[new.slug]] = note(new, values, self.checks.once)
            gone.add(old.digest)
            owners[new.slug] = new
        self.checks.few_done(gone)
        site = dataclasses.replace(site, notes=tuple(notes))
        self.validated = (docs, site, owners, note_at)
        return site, owners, []

    def _relinked(self, site: Site, docs: dict[str, Document]) -> Linked | None:
        """The last result with the edited notes replaced, when nothing but note bodies
        changed: the same titles, dates, countries, people and [[links]], so that no list,
        name or reverse index changes. Anything else returns None (link everything)."""
        if self.linked is None:
            return None
        before, linked = self.linked
        # Validating's patch keeps every other part of the site as it was.
        if len(site.notes) != len(before.notes) or any(
                getattr(site, f.name) is not getattr(before, f.name) for f in dataclasses.fields(Site) if f.name != "notes"):
            return None
        ln = Checker(site, docs, self.links.once, kinds=linked.kinds)
        notes = list(linked.site.notes)
        digests = dict(linked.digests)
        gone = set()
        for i, (new, old) in enumerate(zip(site.notes, before.notes)):
            if new is old:
                continue
            if (new.slug, new.title, new.date, new.countries, new.people) != (old.slug, old.title, old.date, old.countries, old.people):
                return None
            links = ln.markdown_links(new.body, new.slug, (), body_pos=new.pos)
            if ln.issues or links != notes[i].links:
                return None
            gone |= {digests[new.slug], old.body}
            notes[i] = ln.with_links(new, links)
            digests[new.slug] = docs[new.slug].digest
        self.links.few_done(gone)
        patched = dataclasses.replace(linked, site=dataclasses.replace(linked.site, notes=tuple(notes)), digests=digests)
        self.linked = (site, patched)
        return patched
