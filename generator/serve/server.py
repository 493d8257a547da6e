"""`briefing serve`: a builder thread, a careful file server, and live reload.

The server never renders: a builder thread has the same `Builder` as `briefing build`
run each batch of changes, in a process of its own (see builds.py), into a private
temporary folder, and only after a finished build tells the browsers to reload, through
the livereload protocol and its client.
While the content is broken the last good site stays up, with the errors laid over
every page until the next good build.
"""

from __future__ import annotations

import glob
import html
import ipaddress
import json
import mimetypes
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadJSHandler
from tornado import ioloop, web, websocket

from ..build import BOOK
from ..errors import ContentError, Terminated
from ..report import format_issues, summary
from .builds import LocalBuilds, ProcessBuilds, builds
from .watch import ChangeQueue, Watcher, css_only

STATUS_PATH = "/__briefing__/status"
_FINGERPRINT = re.compile(r"^(.*)\.[0-9a-f]{8}(\.[A-Za-z0-9]+)$")


@dataclass
class State:
    """What the server shows: the last build's outcome. Written by the builder thread."""

    builds: int = 0
    errors: list[str] = field(default_factory=list)
    busy: bool = False
    rendered: int = 0
    seconds: float = 0.0
    folder: str = ""  # where the preview is built (a private temporary folder)
    search_stale: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict:
        with self.lock:
            return {"builds": self.builds, "ok": not self.errors, "errors": list(self.errors),
                    "busy": self.busy, "rendered": self.rendered, "seconds": round(self.seconds, 4),
                    "folder": self.folder, "search_stale": self.search_stale}


def allowed_hosts(host: str, port: int) -> Callable[[str], bool]:
    """A check for Host and Origin values: the bound host or localhost, on our port.

    Names other than localhost are refused (a DNS-rebinding page would send its own);
    when bound to every interface, any IP address is fine: IPs cannot be rebound.
    """
    names = {host.lower(), "localhost", "127.0.0.1", "[::1]"}
    wildcard = host in ("0.0.0.0", "::")

    def ok(value: str) -> bool:
        value = value.strip().lower()
        name, _, given_port = value.rpartition(":") if not value.endswith("]") else (value, "", "")
        if not name:
            name, given_port = value, "80"
        if given_port != str(port):
            return False
        if name in names:
            return True
        if wildcard:
            try:
                ipaddress.ip_address(name.strip("[]"))
                return True
            except ValueError:
                return False
        return False

    return ok


def overlay(errors: list[str], have_site: bool = True) -> str:
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    title = ("The last edit broke the build; showing the last good version." if have_site
             else "The content does not build yet; the site appears once it does.")
    return ('<div id="briefing-errors" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:99999;'
            "max-height:70vh;overflow:auto;background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,"
            'SFMono-Regular,Menlo,monospace;padding:16px 20px;border-bottom:3px solid #ff6b6b">'
            f'<strong style="font-size:15px">{title}</strong>'
            '<ul style="margin:8px 0 0;padding-left:20px">' + items + "</ul></div>")


class SiteHandler(web.RequestHandler):
    """Serves files inside the output folder only; injects the reload script and overlay."""

    def initialize(self, server: "DevServer") -> None:
        self.server = server

    def compute_etag(self) -> None:
        return None  # no 304s: a revalidated ETag could hand back a page from before a rebuild

    def prepare(self) -> None:
        if not self.server.host_ok(self.request.host or ""):
            raise web.HTTPError(403, reason="Host not allowed")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def head(self, path: str) -> None:
        self.get(path, include_body=False)

    def get(self, path: str, include_body: bool = True) -> None:
        target = self.server.resolve(self.request.path)
        if target is None and self.request.path == "/" + BOOK and self.server.builder.book_stale:
            return self._book_pending(include_body)
        if target is None:
            return self._not_found(include_body)
        if target.is_dir():
            if not self.request.path.endswith("/"):
                # Never "//countries/": a browser reads a path that starts with two
                # slashes as another host.
                return self.redirect("/" + self.request.path.lstrip("/") + "/")
            target = target / "index.html"
            if not target.is_file():
                return self._not_found(include_body)  # no directory listings
        self._send(target, 200, include_body)

    def _book_pending(self, include_body: bool) -> None:
        """The book is laid out once the edits pause, seconds after the first build."""
        self.set_status(503)
        self.set_header("Retry-After", "5")
        self._write_html("<!DOCTYPE html><html lang=\"en\"><head><title>The briefing book is being made</title>"
                         "<meta http-equiv=\"refresh\" content=\"5\"></head><body><p>The briefing book is "
                         "being laid out; this page shows it in a few seconds.</p></body></html>", include_body)

    def _not_found(self, include_body: bool) -> None:
        page = self.server.root / "404.html"
        if page.is_file():
            return self._send(page, 404, include_body)
        self.set_status(404)
        self._write_html("<!DOCTYPE html><html lang=\"en\"><head><title>Not found</title></head>"
                         "<body><p>Not found.</p></body></html>", include_body)

    def _send(self, target: Path, status: int, include_body: bool) -> None:
        self.set_status(status)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._write_html(target.read_text("utf-8"), include_body)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind)
        if include_body:
            self.write(target.read_bytes())

    def _write_html(self, page: str, include_body: bool) -> None:
        page = self.server.inject(page)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        if include_body:
            self.write(page)


class StatusHandler(web.RequestHandler):
    def initialize(self, server: "DevServer") -> None:
        self.server = server

    def get(self) -> None:
        if not self.server.host_ok(self.request.host or ""):
            raise web.HTTPError(403)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({**self.server.state.snapshot(), "clients": len(self.server.sockets)}))


class ScriptHandler(LiveReloadJSHandler):
    def prepare(self) -> None:
        if not self.settings["server"].host_ok(self.request.host or ""):
            raise web.HTTPError(403)


class ReloadSocket(websocket.WebSocketHandler):
    """The livereload protocol (hello, info, reload), for same-origin pages only."""

    def initialize(self, server: "DevServer") -> None:
        self.server = server

    def check_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.server.host_ok(parts.netloc)

    def open(self) -> None:
        if not self.server.host_ok(self.request.host or ""):
            self.close(code=1008)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if data.get("command") == "hello":
            self.write_message({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
                                "serverName": "briefing"})
        elif data.get("command") == "info":
            self.server.sockets.add(self)

    def on_close(self) -> None:
        self.server.sockets.discard(self)


class DevServer:
    def __init__(self, project: Path, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
                 echo: Callable[[str], None] = print):
        self.project = Path(project)
        self.host, self.port = host, port
        self.echo = echo
        self.tmp = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        self.root = self.tmp / "site"
        self.builder: LocalBuilds | ProcessBuilds | None = None  # made by run()
        self.state = State(folder=str(self.root))
        self.queue = ChangeQueue()
        self.poll = poll
        self.sockets: set[ReloadSocket] = set()
        self.stopping = threading.Event()
        self.loop: ioloop.IOLoop | None = None
        self.host_ok = allowed_hosts(host, port)
        self.summarised = False  # what the site leaves out is said after the first good build only
        self.warned: list[str] = []  # warnings are said when they change, not at every save

    # --- files -------------------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """The file for a request path, or None for anything outside the output folder, or
        that no file could be (a name too long for the file system, say)."""
        try:
            return self._resolve(url_path)
        except (OSError, ValueError):
            return None

    def _resolve(self, url_path: str) -> Path | None:
        raw = unquote(url_path.split("?", 1)[0])
        if "\\" in raw or "\0" in raw or not raw.startswith("/"):
            return None
        parts = [p for p in raw.split("/") if p]
        if any(p in ("..", ".") or ":" in p for p in parts):
            return None
        root = self.root.resolve()
        target = (root.joinpath(*parts)).resolve() if parts else root
        if not target.is_relative_to(root) or not target.exists():
            return self._latest_asset(root, parts)
        return target

    @staticmethod
    def _latest_asset(root: Path, parts: list[str]) -> Path | None:
        """A page whose stylesheet was swapped live still names the old fingerprint: serve
        the current version of that asset (only here in the dev server)."""
        m = _FINGERPRINT.match(parts[-1]) if parts else None
        if not m:
            return None
        folder = root.joinpath(*parts[:-1]).resolve()
        if not folder.is_relative_to(root) or not folder.is_dir():
            return None
        found = sorted(folder.glob(f"{glob.escape(m.group(1))}.????????{m.group(2)}"))
        return found[0] if found else None

    def inject(self, page: str) -> str:
        state = self.state.snapshot()
        # A build that finishes while this page loads, before its live-reload socket is
        # open, sends a reload nobody hears: the page checks once it is up, and again.
        check = (f"<script>(function(){{var b={state['builds']};function c(){{fetch('{STATUS_PATH}',"
                 "{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){"
                 "if(s.builds!==b&&!s.busy)location.reload()}).catch(function(){})}"
                 "addEventListener('load',function(){c();setTimeout(c,1500)})})()</script>")
        script = f'<script src="/livereload.js?port={self.port}"></script>' + check
        page = page.replace("</head>", script + "</head>", 1)
        errors = state["errors"]
        if errors:
            box = overlay(errors, self.builder.written_once)
            page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + box, page, count=1)
            if "briefing-errors" not in page:
                page += box
        return page

    # --- building ----------------------------------------------------------------------

    def build_once(self, changed: set[Path] | None = None) -> bool:
        with self.state.lock:
            self.state.busy = True
        started = time.perf_counter()
        try:
            result = self.builder.build(changed)
        except ContentError as exc:
            lines = [str(i) for i in exc.issues]
            with self.state.lock:
                self.state.errors, self.state.busy = lines, False
                self.state.builds += 1
            still = ("still serving the last good build" if self.builder.written_once
                     else "the site appears once the content builds")
            self.echo(format_issues(exc.issues, then=still))
            return False
        except Exception as exc:  # a bug must not take the server down with it
            with self.state.lock:
                self.state.errors, self.state.busy = [f"internal error: {exc!r}"], False
                self.state.builds += 1
            self.echo(f"internal error while building: {exc!r}")
            return False
        seconds = time.perf_counter() - started
        with self.state.lock:
            self.state.errors, self.state.busy = [], False
            self.state.builds += 1
            self.state.rendered, self.state.seconds = result.rendered, seconds
            self.state.search_stale = self.builder.search_stale
        first, self.summarised = not self.summarised, True
        warnings = list(result.warnings) if result.warnings is not None else self.warned
        if warnings != self.warned:
            self.echo("\n".join(warnings) or "no warnings left.")
            self.warned = warnings
        self.echo(summary(result.total, result.written, result.unchanged, result.deleted, seconds,
                          drafts=result.drafts if first else 0, base_url=not first or result.base_url))
        return True

    def _builder_loop(self, watcher: Watcher) -> None:
        while not self.stopping.is_set():
            batch = self.queue.wait_batch(timeout=0.25)
            if batch is None:
                if not self.state.errors and self.builder.idle_work:
                    with self.state.lock:
                        self.state.busy = True
                    try:  # idle: bring the search index and the book up to date
                        if self.builder.refresh(self.queue.pending):
                            self.notify("index.html")
                    except Exception as exc:  # reported, and tried again after the next edit
                        self.echo(f"search index or book not updated: {exc}")
                    with self.state.lock:
                        self.state.busy = False
                        self.state.search_stale = self.builder.search_stale
                continue
            watcher.rescan()
            was_broken = bool(self.state.errors)
            ok = self.build_once(batch)
            css = ok and not was_broken and css_only(self.project, batch)
            self.notify("assets/style.css" if css else "index.html")

    def notify(self, path: str) -> None:
        message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
        if self.loop:
            self.loop.add_callback(self._broadcast, message)

    def _broadcast(self, message: dict) -> None:
        for socket in list(self.sockets):
            try:
                socket.write_message(message)
            except websocket.WebSocketClosedError:
                self.sockets.discard(socket)

    # --- running -----------------------------------------------------------------------

    def app(self) -> web.Application:
        return web.Application([
            (r"/livereload", ReloadSocket, {"server": self}),
            (r"/livereload\.js", ScriptHandler),
            (re.escape(STATUS_PATH), StatusHandler, {"server": self}),
            (r"/(.*)", SiteHandler, {"server": self}),
        ], server=self, compress_response=False, log_function=lambda handler: None)

    def run(self, open_browser: bool = False, ready: Callable[[str], None] | None = None) -> None:
        """Serve until Ctrl-C or SIGTERM, which are raised again once all is stopped (the
        command line turns them into its exit status)."""
        self.builder = builds(self.project, self.root)  # forked while no other thread runs
        try:  # the port first: a second server on a taken port has nothing to build
            http = self.app().listen(self.port, address=self.host)
        except OSError:
            self.builder.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        if self.port == 0:
            self.port = next(iter(http._sockets.values())).getsockname()[1]
            self.host_ok = allowed_hosts(self.host, self.port)
        try:
            self.build_once()  # requests wait in the socket's queue meanwhile
            self.builder.refresh_search()
        except BaseException:
            http.stop()
            self.builder.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        url = f"http://{url_host(self.host)}:{self.port}/"
        watcher = Watcher(self.project, self.queue, poll=self.poll)
        self.echo(f"Serving {self.project.absolute()} at {url} ({'polling' if watcher.polling else 'watching'} for changes;"
                  " Ctrl-C to stop)")
        thread = threading.Thread(target=self._builder_loop, args=(watcher,), name="builder", daemon=True)
        self.loop = ioloop.IOLoop.current()
        thread.start()
        if ready:
            ready(url)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminate)
        try:
            self.loop.start()
        finally:
            self.stopping.set()
            watcher.stop()
            thread.join(timeout=10)
            http.stop()
            self.builder.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            print("Stopped.", file=sys.stderr)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`: localhost, and 127.0.0.0/8 or ::1."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """The host as a browser address names it."""
    if host in ("0.0.0.0", "::"):
        return "localhost"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host

