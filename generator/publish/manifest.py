"""What the built site holds: files, their hashes, and the HTTP headers each one needs.

Every target compares the same manifest against what it already stores, so the rules for
content types, caching and upload order live here once.
"""

from __future__ import annotations

import fnmatch
import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import PublishError

# Pages, feeds and the search index change in place under a stable URL: caches must check
# back soon. Fingerprinted assets never change under their name, so they may be kept.
SHORT_CACHE = "public, max-age=300, must-revalidate"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
DEFAULT_CACHE = "public, max-age=3600"

# A fingerprint is a dot, 8+ hex digits, a dot, the extension: `style.3f9a1c2b.css`.
FINGERPRINT = re.compile(r"\.[0-9a-fA-F]{8,}\.[A-Za-z0-9]+$")
SHORT_CACHE_FILES = {"feed.xml", "sitemap.xml", "robots.txt"}

# Our own table, not only `mimetypes`: that module reads /etc/mime.types, which differs
# between machines, and the same site must get the same headers wherever it is published.
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
    ".map": "application/json", ".webmanifest": "application/manifest+json",
    ".xml": "application/xml", ".txt": "text/plain", ".md": "text/markdown",
    ".csv": "text/csv", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".wasm": "application/wasm",
}
_SPECIAL_TYPES = {"feed.xml": "application/atom+xml"}  # the design's feed is Atom
_TEXT_TYPES = {"application/json", "application/xml", "application/atom+xml",
               "application/manifest+json", "image/svg+xml", "text/javascript"}


@dataclass(frozen=True)
class LocalFile:
    """One built file: its site-relative POSIX path, where it is on disk, size and MD5."""

    path: str
    source: Path
    size: int
    md5: str

    @property
    def content_type(self) -> str:
        return content_type(self.path)

    @property
    def cache_control(self) -> str:
        return cache_control(self.path)


def content_type(path: str) -> str:
    """The Content-Type to serve `path` with; text types say their charset (we write UTF-8)."""
    name = path.rsplit("/", 1)[-1]
    ext = os.path.splitext(name)[1].lower()
    ctype = _SPECIAL_TYPES.get(path) or _TYPES.get(ext) or mimetypes.guess_type(name)[0]
    ctype = ctype or "application/octet-stream"
    if ctype.startswith("text/") or ctype in _TEXT_TYPES:
        return f"{ctype}; charset=utf-8"
    return ctype


def is_html(path: str) -> bool:
    return path.lower().endswith((".html", ".htm"))


def cache_control(path: str) -> str:
    """Short for what keeps its URL across builds, a year for fingerprinted names."""
    if is_html(path) or path in SHORT_CACHE_FILES or path.startswith("pagefind/"):
        return SHORT_CACHE
    if FINGERPRINT.search(path.rsplit("/", 1)[-1]):
        return IMMUTABLE_CACHE
    return DEFAULT_CACHE


def upload_rank(path: str) -> tuple[int, int, str]:
    """Sort key that keeps the live site consistent if a publish stops part-way.

    Assets first (new pages may need them), then pages (deepest first, so a section
    index never links to a child not yet there), then the search index and feeds (they
    point at pages), then the overview last: until it lands, readers see the old one,
    whose links all still resolve because nothing was deleted yet.
    """
    depth = -path.count("/")
    if path in ("index.html", "404.html"):
        return (4, 0 if path == "404.html" else 1, path)
    if path in SHORT_CACHE_FILES:
        return (3, 0, path)
    if path.startswith("pagefind/"):
        # The entry file names the other index files: it goes after them.
        return (2, 1 if path == "pagefind/pagefind-entry.json" else 0, path)
    if is_html(path):
        return (1, depth, path)
    return (0, 0, path)


def delete_rank(path: str) -> tuple[int, str]:
    """Stale pages go before stale assets, so no remaining page loses an asset it uses."""
    return (0 if is_html(path) else 1, path)


def is_kept(path: str, keep: tuple[str, ...]) -> bool:
    """Whether the keep-list protects `path`: `dir/` covers a folder, globs are allowed."""
    for entry in keep:
        entry = entry.lstrip("/")
        if entry.endswith("/"):
            if path.startswith(entry):
                return True
        elif path == entry or fnmatch.fnmatchcase(path, entry):
            return True
    return False


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def walk_files(root: Path, skip_dirs: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Every file under `root` by POSIX relative path; symlinked folders are not followed."""
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip_dirs)
        for name in sorted(filenames):
            full = Path(dirpath, name)
            found[full.relative_to(root).as_posix()] = full
    return found


def scan(site_dir: Path) -> list[LocalFile]:
    """The built site as a manifest; refuses a missing or empty folder (build first)."""
    if not site_dir.is_dir():
        raise PublishError(f"{site_dir} does not exist: build the site before publishing")
    files = [LocalFile(rel, p, p.stat().st_size, file_md5(p))
             for rel, p in walk_files(site_dir).items()]
    if not files:
        # Publishing nothing would, with --delete, empty the live site.
        raise PublishError(f"{site_dir} is empty: build the site before publishing")
    return files
