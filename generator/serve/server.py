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
from urllib.parse import unquote

from tornado import ioloop, web, websocket

from ..build import BOOK
from ..errors import ContentError, Terminated
from ..report import format_issues, summary
from .builds import LocalBuilds, ProcessBuilds, builds
from .handlers import ReloadSocket, ScriptHandler, SiteHandler, StatusHandler, allowed_hosts, overlay, url_host
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

    def being_made(self, url_path: str) -> bool:
        """Whether the request is for the book, still to be laid out in the idle time."""
        return url_path == "/" + BOOK and self.builder.book_stale

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
