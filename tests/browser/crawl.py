"""A strict link crawler over a built site served on 127.0.0.1, standard library only.

    with serve(site_dir, "/briefing/") as root:      # http://127.0.0.1:PORT/briefing/
        result = crawl(root)
        assert result.problems() == []

It starts at the root URL, fetches every internal link it meets (`<a href>`, SVG links,
`<link href>`, `<script src>`, `<img src>`, `srcset`), parses the HTML pages among them
and checks that every `#fragment` names an element id of the page it points to. Links
to other hosts are collected, never fetched. Reusable by any test that has a folder of
HTML to check; nothing here knows about the briefing generator.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

# Attributes that make the browser fetch or navigate to a URL.
LINK_ATTRIBUTES = {"a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
                   "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
                   "video": ("src", "poster"), "audio": ("src",), "use": ("href", "xlink:href"),
                   "image": ("href", "xlink:href"), "form": ("action",)}
TEXT_FRAGMENT = ":~:"


# --- serving -----------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` only; every other path is a 404."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def] - as in the base class
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404, "Not under the served prefix")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix):])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it so
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port><prefix>; yield that root URL."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- parsing -----------------------------------------------------------------------------

class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        for attr in LINK_ATTRIBUTES.get(tag, ()):
            value = values.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.links.append(value.strip())

    handle_startendtag = handle_starttag


# --- crawling ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    page: str  # the page the link is on
    href: str  # as written
    url: str   # resolved, with its fragment


@dataclass
class CrawlResult:
    root: str
    pages: dict[str, set[str]] = field(default_factory=dict)  # HTML page URL -> its ids
    fetched: dict[str, int] = field(default_factory=dict)     # every internal URL -> status
    internal: list[Link] = field(default_factory=list)        # every internal link checked
    broken: list[tuple[Link, str]] = field(default_factory=list)
    missing_anchors: list[Link] = field(default_factory=list)
    outside_root: list[Link] = field(default_factory=list)   # same host, outside the site's path
    internal_text_fragments: list[Link] = field(default_factory=list)
    external: list[Link] = field(default_factory=list)

    def page_paths(self) -> set[str]:
        """The pages reached, as paths relative to the root: '', 'countries/china/', ..."""
        return {_page_key(url)[len(self.root):] for url in self.pages}

    def problems(self) -> list[str]:
        """Everything wrong, one readable line each; empty when the site is sound."""
        out = [f"{link.page}: broken link {link.href!r} ({why})" for link, why in self.broken]
        out += [f"{link.page}: no element with id {urldefrag(link.url)[1]!r} on {urldefrag(link.url)[0]} "
                f"(link {link.href!r})" for link in self.missing_anchors]
        out += [f"{link.page}: link {link.href!r} leaves the site root {self.root}" for link in self.outside_root]
        out += [f"{link.page}: text fragment on an internal link {link.href!r}"
                for link in self.internal_text_fragments]
        return out


def _page_key(url: str) -> str:
    """One key per page: `dir/index.html` and `dir/` are the same page; no query, no fragment."""
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def _fetch(url: str, timeout: float) -> tuple[int, str, bytes, str]:
    """Status, content type, body and final URL (after redirects)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local server only
            return response.status, response.headers.get_content_type(), response.read(), response.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b"", url


def crawl(root: str, *, start: str | None = None, timeout: float = 10.0) -> CrawlResult:
    """Crawl everything reachable from `start` (default: `root`) that lies under `root`."""
    if not root.endswith("/"):
        raise ValueError(f"root must end with '/': {root!r}")
    result = CrawlResult(root)
    host = urlsplit(root).netloc
    queue: list[str] = [start or root]
    seen: set[str] = {_page_key(queue[0])}
    links = result.internal
    while queue:
        url = queue.pop(0)
        status, ctype, body, final = _fetch(url, timeout)
        result.fetched[url] = status
        if status != 200:
            continue
        if ctype != "text/html":
            continue
        parser = _PageParser()
        parser.feed(body.decode("utf-8", errors="replace"))
        page = _page_key(final)
        result.pages[page] = parser.ids
        base = urljoin(final, parser.base) if parser.base else final
        for href in parser.links:
            target = urljoin(base, href)
            scheme = urlsplit(target).scheme
            if scheme in ("mailto", "tel", "data", "javascript"):
                if scheme == "javascript":
                    result.broken.append((Link(page, href, target), "javascript: URL"))
                continue
            link = Link(page, href, target)
            if urlsplit(target).netloc != host:
                result.external.append(link)
                continue
            if not target.startswith(root):
                result.outside_root.append(link)
                continue
            links.append(link)
            key = _page_key(urldefrag(target)[0])
            if key not in seen:
                seen.add(key)
                queue.append(urldefrag(target)[0])
    statuses = {_page_key(u): s for u, s in result.fetched.items()}
    for link in links:
        without, fragment = urldefrag(link.url)
        status = statuses.get(_page_key(without))
        if status != 200:
            result.broken.append((link, f"HTTP {status}"))
            continue
        if not fragment:
            continue
        if TEXT_FRAGMENT in fragment:
            result.internal_text_fragments.append(link)
            continue
        ids = result.pages.get(_page_key(without))
        if ids is None or unquote(fragment) not in ids:
            result.missing_anchors.append(link)
    return result


def html_pages(folder: Path, *, exclude: tuple[str, ...] = ("404.html",)) -> set[str]:
    """The page paths a crawl should reach: every .html file of `folder`, as in page_paths()."""
    out = set()
    for file in folder.rglob("*.html"):
        rel = file.relative_to(folder).as_posix()
        if rel in exclude:
            continue
        out.add(rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
    return out
