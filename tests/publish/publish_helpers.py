"""Helpers for the publish tests: a small fake site, a link crawler, a cuttable TCP relay."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

CSS = "assets/style.0123abcd.css"


def _page(title: str, css: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{title}</title><link rel="stylesheet" href="{css}"></head>'
            f"<body><main>{body}</main></body></html>\n")


def write_site(root: Path, css_name: str = CSS, extra: str = "") -> dict[str, str]:
    """Write a small briefing-like site with relative links; return its files by path."""
    c = css_name
    files = {
        "index.html": _page("Overview", c,
            '<a href="countries/china/">China</a> <a href="countries/north-korea/">NK</a> '
            '<a href="timeline/">Timeline</a> <a href="sources/parade-article/#s1">s1</a> '
            '<a href="search/">Search</a> <a href="feed.xml">Feed</a>' + extra),
        "404.html": _page("Not found", c, '<a href="index.html">Overview</a>'),
        "countries/china/index.html": _page("China", f"../../{c}",
            '<a href="../north-korea/">NK</a> <a href="../../sources/parade-article/#s2">'
            '[1]</a> <a href="../../">Home</a>'),
        "countries/north-korea/index.html": _page("North Korea", f"../../{c}",
            '<a href="../china/">China</a> <a href="../../timeline/#e2017">2017</a>'),
        "timeline/index.html": _page("Timeline", f"../{c}",
            '<ol><li id="e2017"><a href="../countries/china/">China</a></li></ol>'),
        "sources/parade-article/index.html": _page("Source", f"../../{c}",
            '<p id="s1">First sentence.</p><p id="s2">Second sentence.</p>'
            '<a href="../../">Home</a>'),
        "search/index.html": _page("Search", f"../{c}",
            '<div id="search"></div><script src="../pagefind/pagefind.js"></script>'),
        c: "body { font-family: serif; }\n",
        "pagefind/pagefind.js": "export const search = () => [];\n",
        "pagefind/pagefind-entry.json": '{"version": "1.1.0"}\n',
        "feed.xml": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>\n',
        "sitemap.xml": '<?xml version="1.0" encoding="utf-8"?><urlset/>\n',
        "robots.txt": "User-agent: *\nAllow: /\n",
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return files


def tree_bytes(root: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, bytes]:
    """Every file under root by POSIX path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not set(p.relative_to(root).parts) & set(skip)}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Like static hosting: a folder without index.html is a 404, not a listing."""

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        self.send_error(404, "No index.html")
        return None

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_under_briefing(folder: Path) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:PORT/briefing/ until the block ends."""
    with tempfile.TemporaryDirectory(prefix="webroot-") as root:
        (Path(root) / "briefing").symlink_to(folder.resolve(), target_is_directory=True)
        handler = functools.partial(_StaticHost, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/briefing/"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every internal href/src from `start`; return pages seen and broken links."""
    seen: dict[str, _Links | None] = {}
    broken: list[str] = []
    queue = [start]
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                body, ctype = reply.read(), reply.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            seen[url] = None
            broken.append(f"{url}: {exc.code}")
            continue
        seen[url] = None
        if ctype != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        seen[url] = parser
        for link in parser.links:
            target = urllib.parse.urljoin(url, link)
            if urllib.parse.urlsplit(target).netloc != urllib.parse.urlsplit(start).netloc:
                continue  # another host (the original article): not ours to check
            if not target.startswith(start):
                # A root-absolute link: it works at / but not from a sub-path.
                broken.append(f"{url}: {link} leaves /briefing/")
                continue
            bare, _, frag = target.partition("#")
            if frag:
                fragments.append((url, bare, frag))
            queue.append(bare)
    for page, bare, frag in fragments:
        parsed = seen.get(bare)
        if parsed is not None and frag not in parsed.ids:
            broken.append(f"{page}: #{frag} missing on {bare}")
    return set(seen), broken


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Relay:
    """A TCP relay to a real server that a test can cut, like a network outage."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = free_port()
        self._socks: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.start()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.1)  # so the accept loop notices a cut promptly
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(self.upstream)
            with self._lock:
                self._socks |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Refuse new connections and drop open ones."""
        listener, self._listener = self._listener, None
        if listener:
            listener.close()
        with self._lock:
            socks, self._socks = self._socks, set()
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"
