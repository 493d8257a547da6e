"""The dev server under requests and circumstances nobody planned for, over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, Served
from test_security import request


def test_a_path_segment_too_long_for_any_file_is_not_found(served):
    response = request(served, "/" + "a" * 300 + "/")
    assert response.status == 404
    response = request(served, "/countries/" + "%41" * 300)  # as long once decoded
    assert response.status == 404
    served.stop()
    assert "Traceback" not in "".join(served.lines) + served.proc.stdout.read()


@pytest.mark.parametrize("path", ["//countries", "///countries", "//countries?x=1"])
def test_a_redirect_to_a_folder_never_names_another_host(served, path):
    response = request(served, path)
    assert response.status == 302
    location = response.getheader("Location")
    assert location == "/countries/", location  # "//countries/" would be the host "countries"


def test_a_second_server_on_a_taken_port_says_so_and_builds_nothing(served, seed_project, tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    second = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "--project", str(seed_project), "--port", str(served.port)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TMPDIR": str(temp)})
    assert second.returncode == 2
    assert (f"cannot listen on 127.0.0.1:{served.port}: the port is in use (another 'briefing serve'?); "
            "try another --port") in second.stderr
    assert "Built" not in second.stderr
    assert list(temp.iterdir()) == []  # no temporary site left behind


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.parametrize("host", ["127.0.0.2", "localhost", pytest.param(
    "::1", marks=pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here"))])
def test_every_loopback_address_is_private_and_gets_no_warning(seed_project, start_server, host):
    server = start_server(seed_project, "--host", host)
    assert not [line for line in server.lines if "warning" in line], server.lines
    assert server.status()["ok"]


def test_sigterm_stops_the_server_cleanly_with_143(seed_project, start_server):
    server = start_server(seed_project)
    folder = Path(server.status()["folder"])
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=60) == 143
    assert not folder.parent.exists()


# One long call into C (a regular expression over 15 MB), which holds the interpreter's
# lock; joined with a name of the page's so that Jinja2 cannot work it out beforehand.
SLOW = '{{ ("-" * 15000000 ~ site_title) | wordcount }}'


def test_requests_are_answered_while_a_slow_page_builds(seed_project, start_server):
    """A page slow to make (here a template; a pathological note is the same) must not stall
    the server: the build runs where it cannot hold up the server's threads."""
    server = start_server(seed_project)
    before = server.wait_idle()["builds"]
    theme = (REPO / "templates/timeline.html").read_text()
    assert "{% block main %}" in theme
    (seed_project / "templates").mkdir()
    (seed_project / "templates/timeline.html").write_text(theme.replace("{% block main %}", "{% block main %}" + SLOW))
    answers: list[tuple[float, dict]] = []
    while True:
        status = server.status()
        answers.append((time.monotonic(), status))
        if status["builds"] > before and not status["busy"]:
            break
        time.sleep(0.01)
    assert status["ok"], status["errors"]
    during = [t for t, s in answers if s["busy"]] + [answers[-1][0]]
    assert len(during) > 2, "the build was over before it could be watched"
    gaps = [b - a for a, b in zip(during, during[1:])]
    # Relative, not a clock limit: a server stalled by the build answers nothing until it
    # is over, so its longest wait is most of the build.
    assert max(gaps) < (during[-1] - during[0]) / 2, gaps


def test_a_site_large_enough_for_render_workers_builds_in_the_dev_server(seed_project):
    """Past a few hundred pages a build renders in forked workers; the dev server's build
    process must be allowed children (a daemonic process is not, by default)."""
    notes = seed_project / "content" / "notes"
    for i in range(260):
        (notes / f"extra-{i:03d}.md").write_text(f"---\ntitle: Extra note {i}\ndate: 2025-09-02\n---\n"
                                                 f"A note about [[china]], number {i}.\n")
    served = Served(seed_project)
    try:
        status = served.wait_build(0, timeout=120)
        assert status["ok"], status["errors"]
        assert status["rendered"] > 260
        note = notes / "extra-007.md"
        note.write_text(note.read_text().replace("number 7.", "number seven."))
        status = served.wait_build(status["builds"], timeout=60)
        assert status["ok"] and status["rendered"] == 1, status
        page = Path(status["folder"]) / "notes" / "extra-007" / "index.html"
        assert "number seven." in page.read_text()
    finally:
        served.stop()
