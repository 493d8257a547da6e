"""What the dev server answers over HTTP: files of the built site (with the reload script
and the error overlay), its status, and the livereload socket; and who may ask."""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
from pathlib import Path
from typing import Any, Callable, Protocol
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadJSHandler
from tornado import web, websocket


class Served(Protocol):
    """What the handlers need of the server."""

    root: Path
    state: Any
    sockets: set

    def host_ok(self, value: str) -> bool: ...

    def resolve(self, url_path: str) -> Path | None: ...

    def inject(self, page: str) -> str: ...

    def being_made(self, url_path: str) -> bool: ...


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

    def initialize(self, server: Served) -> None:
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
        if target is None and self.server.being_made(self.request.path):
            return self._being_made(include_body)
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

    def _being_made(self, include_body: bool) -> None:
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
    def initialize(self, server: Served) -> None:
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

    def initialize(self, server: Served) -> None:
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
