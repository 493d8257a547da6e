"""Which files of `content/` are content, and their text, or why not.

Only regular files inside the project are read, as UTF-8 text of a sane size. What else
is there (a folder, a named pipe, a symlink that loops, leads nowhere or out of the
project) is reported at its path rather than skipped: a note that is silently left out
is a page that silently goes missing.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import Issue, Pos
from ..text import CONTROL, find_control

KINDS = {
    "sources": ("source", ".md"),
    "countries": ("country", ".yaml"),
    "people": ("person", ".yaml"),
    "events": ("event", ".yaml"),
    "notes": ("note", ".md"),
}

MAX_FILE_BYTES = 16 * 2**20  # an article of 16 MB is a book; a bigger file is a mistake


def read_text(path: Path | str, rel: str) -> tuple[str | None, list[Issue]]:
    """Read a UTF-8 text file (a BOM and CRLF are fine) or explain why not.

    Text means no NUL byte (a binary file, or UTF-16 read as bytes) and no control
    character: pages, feeds and data files could not carry one. A file is refused, not
    cleaned, so that a source stays exactly as published and its offsets mean the same."""
    try:
        # Not blocking: a named pipe put here by mistake must not hang the build.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return None, [_unreadable(rel, exc)]
    with open(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, [Issue(Pos(rel), "this is not a regular file", "content files are plain text files; remove it")]
        if st.st_size > MAX_FILE_BYTES:
            return None, [Issue(Pos(rel), f"the file holds {st.st_size:,} bytes, more than a content file may "
                                f"({MAX_FILE_BYTES // 2**20} MB)", "split it, or keep only the text the briefing uses")]
        try:
            raw = f.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            return None, [_unreadable(rel, exc)]
    nul = raw.find(b"\0")
    if nul >= 0:
        return None, [Issue(_byte_pos(raw, nul, rel), "the file holds NUL bytes: it is not text",
                            "save it as UTF-8 text (a file saved as UTF-16 shows this too)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Issue(_byte_pos(raw, exc.start, rel), f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                            "save the file as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Issue(Pos(rel, 1, 1), "the file is empty",
                            "write its content or delete the file")]
    bad = find_control(text)
    if bad:
        at = bad.start()
        more = sum(1 for _ in CONTROL.finditer(text, bad.end()))
        line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        return None, [Issue(Pos(rel, line, col), f"control character U+{ord(bad.group()):04X} is not allowed"
                            + (f" ({more:,} more in this file)" if more else ""),
                            f"delete {'them' if more else 'it'} (most editors do not show {'them' if more else 'it'})")]
    return text, []


def _byte_pos(raw: bytes, at: int, rel: str) -> Pos:
    return Pos(rel, raw.count(b"\n", 0, at) + 1, at - (raw.rfind(b"\n", 0, at) + 1) + 1)


def _unreadable(rel: str, exc: OSError) -> Issue:
    return Issue(Pos(rel), f"cannot be read: {exc.strerror or exc}", "check that it is a file you may read")


def discover(project: Path, issues: list[Issue] | None = None) -> list[tuple[Path | str, str, str, str]]:
    """Every content file: (path, path relative to the project, kind, file name), in a stable order.

    What is there but cannot be content (a folder, a named pipe, a symlink that loops,
    leads nowhere or out of the project) is left out, and said so in `issues`."""
    found: list[tuple[Path | str, str, str, str]] = []
    issues = [] if issues is None else issues
    content = project / "content"
    root = os.path.realpath(project)
    site = content / "site.yaml"
    if os.path.lexists(site):
        problem = _not_content(str(site), "content/site.yaml", root)
        if problem:
            issues.append(problem)
        else:
            found.append((site, "content/site.yaml", "site", "site"))
    if os.path.islink(content):
        outside = _outside(str(content), "content", root)
        if outside:
            issues.append(outside)
            return found
    for folder, (kind, ext) in KINDS.items():
        base, rel_base = content / folder, f"content/{folder}"
        if os.path.islink(base):
            outside = _outside(str(base), rel_base, root)
            if outside:
                issues.append(outside)
                continue
        try:
            entries = sorted(os.scandir(base), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            issues.append(_unreadable(rel_base, exc) if exc.errno != errno.ENOTDIR else
                          Issue(Pos(rel_base), "this is a file, not a folder", f"make {rel_base}/ a folder of {kind} files"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~"):
                continue  # editor backups and hidden files are not content
            rel = f"{rel_base}/{entry.name}"
            problem = _not_content(entry.path, rel, root, entry)
            if problem:
                issues.append(problem)
            else:
                found.append((entry.path, rel, kind, entry.name))
    return found


def _not_content(path: str, rel: str, root: str, entry: os.DirEntry | None = None) -> Issue | None:
    """Why the file at `path` cannot be read as content, or None when it can."""
    try:
        if entry is not None and entry.is_file(follow_symlinks=False):
            return None  # a regular file, as the folder's listing says: no stat needed
        linked = entry.is_symlink() if entry else os.path.islink(path)
        if linked:
            outside = _outside(path, rel, root)
            if outside:
                return outside
        st = entry.stat() if entry else os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Issue(Pos(rel), "this symlink leads round in a loop", "point it at a file, or remove it")
        if exc.errno == errno.ENOENT:
            return Issue(Pos(rel), "this symlink points to nothing", "point it at a file, or remove it")
        return _unreadable(rel, exc)
    if stat.S_ISDIR(st.st_mode):
        return Issue(Pos(rel), "this is a folder, not a file",
                     f"content/{rel.split('/')[1]}/ holds files only: move what it holds up, or out of content/")
    if not stat.S_ISREG(st.st_mode):
        return Issue(Pos(rel), "this is not a regular file", "content files are plain text files; remove it")
    return None


def _outside(path: str, rel: str, root: str) -> Issue | None:
    """An issue when a symlink at `path` leads out of the project, as static/ refuses too:
    a project from someone else must not publish a file of this machine."""
    target = os.path.realpath(path)
    if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
        return None
    where = rel.rsplit("/", 1)[0] if "/" in rel else "the project"
    where += "/" if "/" in rel else ""
    return Issue(Pos(rel), "this symlink points outside the project",
                 f"copy what it points to into {where} instead of linking to it")
