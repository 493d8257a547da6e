"""Attacks on the dev server from a real HTTP client: traversal, Host, Origin, listings."""

from __future__ import annotations

import base64
import http.client
import os
from pathlib import Path

import pytest

TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/countries/..%2f..%2f..%2fetc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "//etc/passwd",
    "/etc/passwd",
    "/%00/index.html",
]


def request(served, path: str, host: str | None = None, headers: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host or f"127.0.0.1:{served.port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_site_are_not_found(served, path):
    response = request(served, path)
    assert response.status == 404
    assert b"root:" not in response.body


def test_symlink_out_of_the_folder_is_not_served(served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    folder = Path(served.status()["folder"])
    os.symlink(secret, folder / "leak.txt")
    assert request(served, "/leak.txt").status == 404


def test_no_directory_listing(served):
    response = request(served, "/countries/")
    assert response.status == 404
    assert b"north-korea" not in response.body


@pytest.mark.parametrize("host", ["evil.example:{port}", "attacker.test", "127.0.0.1.nip.io:{port}",
                                  "localhost.evil.example:{port}", "127.0.0.1:1"])
def test_foreign_host_header_is_refused(served, host):
    assert request(served, "/", host=host.format(port=served.port)).status == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}"])
def test_local_host_header_is_served(served, host):
    response = request(served, "/", host=host.format(port=served.port))
    assert response.status == 200
    assert response.getheader("Cache-Control") == "no-store"
    assert response.getheader("ETag") is None
    assert b'<script src="/livereload.js' in response.body


def test_revalidation_never_gets_a_304(served):
    first = request(served, "/countries/china/")
    again = request(served, "/countries/china/", headers={"If-None-Match": '"anything"',
                                                           "If-Modified-Since": "Sat, 01 Jan 2100 00:00:00 GMT"})
    assert first.status == again.status == 200


def _handshake(served, origin: str | None) -> int:
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if origin:
        headers["Origin"] = origin
    return request(served, "/livereload", headers=headers).status


def test_websocket_accepts_same_origin_only(served):
    assert _handshake(served, f"http://127.0.0.1:{served.port}") == 101
    assert _handshake(served, f"http://localhost:{served.port}") == 101
    assert _handshake(served, "http://evil.example") == 403
    assert _handshake(served, f"http://evil.example:{served.port}") == 403
    assert _handshake(served, "null") == 403


def test_binds_loopback_only(served):
    import socket

    others = [a for a in {i[4][0] for i in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
              if not a.startswith("127.")]
    for address in others:
        with pytest.raises(OSError):
            socket.create_connection((address, served.port), timeout=2).close()


def test_ctrl_c_stops_cleanly(seed_project, start_server):
    server = start_server(seed_project)
    folder = Path(server.status()["folder"])
    assert folder.exists()
    assert server.stop() == 130  # as the README says: stopped by Ctrl-C
    assert not folder.parent.exists()
    assert not (seed_project / "site").exists(), "serve must not write over the user's site/"
