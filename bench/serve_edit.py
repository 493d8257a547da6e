"""One note edited again and again under a running dev server.

For each edit: (a) the time from writing the file until the server has finished the
build that contains the edit (ours: polling `/__briefing__/status` for a new build whose
output holds the new text; Hugo, which has no such endpoint: polling the note's URL until
it serves the new text), and (b) the time until a headless Chromium page already open on
that note shows the new text, having reloaded itself through livereload.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .measure import BenchError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
POLL = 0.01
TIMEOUT = 300.0


def get(url: str, timeout: float = 10) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


class Server:
    """A dev server subprocess; its output is drained by a thread into `lines`."""

    def __init__(self, cmd: list[str], ready: Callable[[str], str | None], cwd: Path | None = None,
                 env: dict | None = None):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        self.lines: list[str] = []
        self.url: str | None = None
        deadline = time.monotonic() + TIMEOUT
        for line in self.proc.stdout:
            self.lines.append(line)
            self.url = ready(line)
            if self.url or time.monotonic() > deadline:
                break
        self.startup = time.perf_counter() - self.started
        if not self.url:
            self.stop()
            raise BenchError("the server did not start:\n" + "".join(self.lines[-20:]))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Browser:
    """A headless Chromium page on one URL, told apart from a reload by its livereload socket."""

    def __init__(self, url: str):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.page = self._browser.new_page()
        self.connected = threading.Event()
        self.page.on("websocket", self._socket)
        self.page.goto(url)
        self.wait_connected()

    def _socket(self, ws) -> None:
        ws.on("framereceived", lambda payload: "hello" in str(payload) and self.connected.set())

    def wait_connected(self, timeout: float = 30) -> None:
        """Wait until the page's livereload client has shaken hands with the server."""
        deadline = time.monotonic() + timeout
        while not self.connected.is_set():
            if time.monotonic() > deadline:
                raise BenchError("the page's livereload client never connected")
            self.page.wait_for_timeout(20)
        self.page.wait_for_timeout(200)  # let the client send its "info" after "hello"

    def shows(self, text: str) -> bool:
        from playwright.sync_api import Error

        try:
            return bool(self.page.evaluate("t => !!document.body && document.body.innerText.includes(t)", text))
        except Error:  # the page is between two documents while it reloads
            return False

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


@dataclass
class Edit:
    build: float  # seconds from the write until the build holding it was done
    browser: float | None  # seconds from the write until the open page showed it
    server_seconds: float | None = None  # the server's own timing of that build
    rendered: int | None = None


@dataclass
class EditRun:
    tool: str
    project: str
    pages: int
    startup: float  # from launching the server until it serves (its first build included)
    edits: list[Edit] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"tool": self.tool, "project": self.project, "pages": self.pages, "startup": self.startup,
                "edits": [e.__dict__ for e in self.edits]}


def _marker(i: int) -> str:
    return f"benchmarkedit{os.getpid()}x{i}"


def _edit_loop(note: Path, edits: int, browser: Browser | None, built: Callable[[str, dict], dict | None],
               before: Callable[[], dict], settle: Callable[[], None]) -> list[Edit]:
    original = note.read_text()
    results = []
    try:
        for i in range(edits):
            marker = _marker(i)
            state = before()
            started = time.perf_counter()
            note.write_text(original + f"\nEdited for the benchmark: {marker}.\n")
            done: dict | None = None
            build_time = shown = None
            while build_time is None or (browser and shown is None):
                now = time.perf_counter() - started
                if now > TIMEOUT:
                    raise BenchError(f"edit {i}: not seen after {TIMEOUT:.0f} s")
                if build_time is None:
                    done = built(marker, state)
                    if done is not None:
                        build_time = time.perf_counter() - started
                if browser and shown is None and browser.shows(marker):
                    shown = time.perf_counter() - started
                time.sleep(POLL)
            results.append(Edit(build_time, shown, (done or {}).get("seconds"), (done or {}).get("rendered")))
            settle()
    finally:
        note.write_text(original)
    settle()
    return results


def ours(project: Path, note_slug: str, edits: int = 5, browser: bool = True, cwd: Path | None = None,
         env: dict | None = None) -> EditRun:
    """`briefing serve` on `project`: edit content/notes/<note_slug>.md `edits` times.

    `cwd` and `env` choose the generator that runs (see run.Engine)."""
    def ready(line: str) -> str | None:
        return line.split(" at ", 1)[1].split(" ", 1)[0] if line.startswith("Serving ") else None

    server = Server([sys.executable, "-m", "generator", "serve", "--project", str(Path(project).resolve()),
                     "--port", "0"], ready, cwd, env)
    url = server.url

    def status() -> dict:
        return json.loads(get(url + "__briefing__/status"))

    def settle(quiet: float = 1.0) -> None:
        """Until nothing has happened for `quiet` seconds (search index refresh included)."""
        last, since, deadline = None, time.monotonic(), time.monotonic() + TIMEOUT
        while time.monotonic() - since < quiet:
            s = status()
            if s != last or s["busy"] or s.get("search_stale"):
                last, since = s, time.monotonic()
            if time.monotonic() > deadline:
                raise BenchError("the server never settled")
            time.sleep(0.05)

    def built(marker: str, state: dict) -> dict | None:
        s = status()
        if s["builds"] <= state["builds"]:
            return None
        page = Path(s["folder"]) / "notes" / note_slug / "index.html"
        # A build that ran on a half-written file does not count: wait for the next one.
        return s if s["ok"] and page.is_file() and marker in page.read_text() else None

    run = EditRun("ours", str(project), 0, server.startup)
    view = None
    try:
        settle()
        run.pages = sum(1 for _ in Path(status()["folder"]).rglob("*.html"))
        view = Browser(url + f"notes/{note_slug}/") if browser else None
        run.edits = _edit_loop(project / "content" / "notes" / f"{note_slug}.md", edits, view, built,
                               status, settle)
    finally:
        if view:
            view.close()
        server.stop()
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hugo(exe: Path, site: Path, cache: Path, note_slug: str, edits: int = 5, browser: bool = True,
         pages: int = 0) -> EditRun:
    """`hugo server` (fast render on) on the adapted corpus: the same edits."""
    port = free_port()

    def ready(line: str) -> str | None:
        return f"http://127.0.0.1:{port}/" if "Web Server is available" in line else None

    server = Server([str(exe), "server", "--source", str(site.resolve()), "--port", str(port), "--bind",
                     "127.0.0.1", "--disableFastRender=false", "--cacheDir", str(cache.resolve())], ready)
    note_url = server.url + f"notes/{note_slug}/"

    def built(marker: str, state: dict) -> dict | None:
        try:
            return {} if marker.encode() in get(note_url) else None
        except OSError:
            return None

    run = EditRun("hugo", str(site), pages, server.startup)
    view = None
    try:
        view = Browser(note_url) if browser else None
        run.edits = _edit_loop(site / "content" / "notes" / f"{note_slug}.md", edits, view, built,
                               dict, lambda: time.sleep(1.0))
    finally:
        if view:
            view.close()
        server.stop()
    return run


def summary(values: list[float | None]) -> tuple[float, float, float] | None:
    got = [v for v in values if v is not None]
    return (statistics.median(got), min(got), max(got)) if got else None
