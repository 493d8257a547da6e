"""A real `briefing serve` process on 127.0.0.1, on a copy of the seed project."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


class Served:
    def __init__(self, project: Path, *extra: str):
        self.project = project
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
        )
        self.lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if line.startswith("Serving "):
                self.url = line.split(" at ", 1)[1].split(" ", 1)[0]
                self.port = int(self.url.rsplit(":", 1)[1].strip("/"))
                return
        self.stop()
        raise RuntimeError("the server did not start:\n" + "".join(self.lines))

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "__briefing__/status", timeout=10) as r:
            return json.load(r)

    def wait_clients(self, count: int = 1, timeout: float = 15) -> None:
        """Wait until `count` browsers hold a live-reload connection."""
        deadline = time.monotonic() + timeout
        while self.status().get("clients", 0) < count:
            if time.monotonic() > deadline:
                raise TimeoutError("no browser connected for live reload")
            time.sleep(0.05)

    def wait_build(self, after: int, timeout: float = 30) -> dict:
        """Wait for a build numbered above `after` to finish."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.status()
            if s["builds"] > after and not s["busy"]:
                return s
            time.sleep(0.05)
        raise TimeoutError(f"no build after #{after}")

    def wait_idle(self, quiet: float = 1.0, timeout: float = 60) -> dict:
        """Wait until no build has started for `quiet` seconds (the watcher has settled)."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            s = self.status()
            s.pop("clients", None)
            if s != last or s["busy"] or s.get("search_stale"):
                last, since = s, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return s
            time.sleep(0.1)
        raise TimeoutError("the server never settled")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture
def served(seed_project: Path):
    server = Served(seed_project)
    yield server
    server.stop()


@pytest.fixture
def start_server():
    """Start servers by hand (with extra flags); each is stopped at teardown."""
    started: list[Served] = []

    def start(project: Path, *extra: str) -> Served:
        server = Served(project, *extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright cannot download its own here), kept off the network."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
