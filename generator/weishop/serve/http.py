"""The HTTP side of `weishop serve`: the built site, the reload channel and the error overlay.

Stdlib only (http.server), not livereload: livereload's WebSocket accepts every origin
(`check_origin` returns True), its `/forcereload` lets any web page trigger reloads, it
keeps its clients in class-level sets and brings its own watcher and tornado loop. Here the
reload channel is a Server-Sent Events stream that refuses other origins, and the pages,
sub-path, 404 page and overlay are served by one small handler we can reason about.

Safe by default: loopback unless asked; only files inside the served folder (no `..`,
encoded or doubled, no backslashes, no symlinks out); no CORS headers; redirects only to
paths of this site; unknown Host names refused (DNS rebinding); bad requests get 400.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import mimetypes
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

log = logging.getLogger(__name__)

LIVE_PREFIX = "/__weishop/"
LIVE_SCRIPT = f'<script src="{LIVE_PREFIX}live.js" data-weishop-live="BUILD"></script>'
LIVE_MARKER = b'data-weishop-live="BUILD"'
MAX_STREAMS = 32  # open reload channels (browser tabs) at once
HEARTBEAT = 15.0  # seconds between keep-alive comments on the reload channel

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json", ".woff2": "font/woff2", ".woff": "font/woff", ".pdf": "application/pdf",
    ".mp4": "video/mp4", ".webm": "video/webm", ".md": "text/plain; charset=utf-8",
}

LIVE_JS = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me && me.getAttribute("data-weishop-live");
  if (!version || version === "BUILD" || !window.EventSource) { return; }
  var source = new EventSource("/__weishop/events?v=" + encodeURIComponent(version));
  source.addEventListener("reload", function () { source.close(); window.location.reload(); });
}());
"""

OVERLAY = """<div id="weishop-errors" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;\
max-height:70vh;overflow:auto;margin:0;padding:14px 16px;background:#2b0d0d;color:#ffe9e9;\
font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)">\
<strong style="display:block;color:#fff;margin-bottom:6px">{title}</strong>\
<ol style="margin:0;padding-left:1.4em">{items}</ol>\
<p style="margin:8px 0 0;color:#f3bcbc">{note}</p></div>"""


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# Until a build succeeds the shop's language is unknown; then the theme's i18n/<lang>/serve.yml.
OVERLAY_TEXTS = {
    "serve_errors_title": "weishop: the shop could not be built ({count} error(s))",
    "serve_errors_last_good": "You are seeing the last version that built. Fix the file and save: this page reloads by itself.",
    "serve_errors_nothing_built": "Nothing has built yet. Fix the file and save: this page reloads by itself.",
}


def overlay_html(errors: list[str], have_site: bool, texts: dict[str, str] | None = None) -> str:
    """The error list as HTML, every message escaped."""
    texts = {**OVERLAY_TEXTS, **(texts or {})}
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    note = texts["serve_errors_last_good" if have_site else "serve_errors_nothing_built"]
    title = texts["serve_errors_title"].replace("{count}", str(len(errors)))
    return OVERLAY.format(title=html.escape(title), items=items, note=html.escape(note))


@dataclass
class LiveState:
    """What the server shows now: the site folder, its URL path, the last build's errors, a version.

    The version changes on every rebuild (good or bad) and on every server start, so a page
    whose version differs from the current one is stale and reloads.
    """

    root: Path
    base_path: str = "/"
    errors: list[str] = field(default_factory=list)
    have_site: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # overlay strings in the shop's language
    token: str = field(default_factory=lambda: secrets.token_hex(4))
    generation: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    @property
    def version(self) -> str:
        return f"{self.token}-{self.generation}"

    def publish(self, errors: list[str], base_path: str | None = None, built: bool = False,
                texts: dict[str, str] | None = None) -> None:
        """A rebuild finished: new errors (empty on success); wakes every reload channel."""
        with self._cond:
            self.errors = list(errors)
            self.texts = texts or self.texts
            if base_path:
                self.base_path = base_path
            self.have_site = self.have_site or built
            self.generation += 1
            self._cond.notify_all()

    def wait_for_change(self, version: str, timeout: float) -> bool:
        """True once the version differs from `version`; False on timeout or stop."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.version == version and not self.stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return self.version != version

    def stop(self) -> None:
        with self._cond:
            self.stopping.set()
            self._cond.notify_all()


def allowed_host(host_header: str | None, extra: set[str]) -> bool:
    """Only IP literals, localhost and this machine's names: a DNS-rebinding page cannot read the shop."""
    if not host_header:
        return True  # HTTP/1.0 without Host
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if host in ("localhost", "localhost.") or host.endswith(".localhost") or host in extra:
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


class DevServer(ThreadingHTTPServer):
    """One thread per request; request threads never keep the process alive."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: LiveState):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        hostname = socket.gethostname().lower()
        self.host_names = {hostname, hostname + ".local", hostname + ".lan"}
        super().__init__(address, DevHandler)

    def handle_error(self, request, client_address) -> None:  # type: ignore[override]
        """A broken request or a closed connection is logged, never printed as a traceback."""
        log.debug("request from %s failed", client_address, exc_info=True)


class DevHandler(BaseHTTPRequestHandler):
    server: DevServer
    server_version = "weishop"
    default_request_version = "HTTP/1.0"  # even a garbled request gets a status line, not a bare page
    timeout = 30  # a client that sends nothing does not hold a thread forever

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _other(self) -> None:
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD", head=False, extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _other

    # --- dispatch ---

    def _respond(self, head: bool) -> None:
        try:
            self._dispatch(head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _dispatch(self, head: bool) -> None:
        state = self.server.state
        if not allowed_host(self.headers.get("Host"), self.server.host_names):
            return self._plain(HTTPStatus.FORBIDDEN, "unknown Host", head)
        raw = self.path
        if "://" in raw.split("?", 1)[0]:  # absolute-form request target: keep only the path
            raw = urlsplit(raw).path or "/"
        raw_path, _, query = raw.partition("?")
        raw_path = raw_path.split("#", 1)[0]
        try:
            path = unquote(raw_path, errors="strict")
        except UnicodeDecodeError:
            return self._plain(HTTPStatus.BAD_REQUEST, "bad URL encoding", head)
        if not path.startswith("/") or "\x00" in path or "\\" in path or any(ord(c) < 32 for c in path):
            return self._plain(HTTPStatus.BAD_REQUEST, "bad path", head)
        segments = path.split("/")[1:]
        if any(s in (".", "..") for s in segments):
            return self._plain(HTTPStatus.FORBIDDEN, "path outside the site", head)
        if path.startswith(LIVE_PREFIX):
            return self._live(path[len(LIVE_PREFIX):], query, head)
        if "//" in path:
            return self._not_found(head)
        base = unquote(state.base_path) if state.have_site else "/"
        if path + "/" == base:
            return self._redirect(state.base_path)
        if not path.startswith(base):
            if path == "/":
                return self._redirect(state.base_path)
            return self._not_found(head)
        rel = path[len(base):]
        if not state.have_site:
            return self._error_page(head)
        if any(s.startswith(".") and s != ".well-known" for s in rel.split("/")):
            return self._not_found(head)
        self._file(rel, head)

    # --- responses ---

    def _file(self, rel: str, head: bool) -> None:
        state = self.server.state
        version, errors = state.version, list(state.errors)  # read before the file: a newer file only means one extra reload
        root = self._root()
        target = root / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        real = Path(os.path.realpath(target))
        if not real.is_relative_to(Path(os.path.realpath(root))):
            return self._plain(HTTPStatus.FORBIDDEN, "path outside the site", head)
        if real.is_dir():
            return self._redirect(state.base_path + quote(rel) + "/")
        try:
            data = real.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return self._not_found(head)
        except OSError:
            return self._plain(HTTPStatus.FORBIDDEN, "cannot read this file", head)
        kind = content_type(target)
        if kind.startswith("text/html"):
            data = inject(data, version, errors, have_site=True, texts=state.texts)
        self._send(HTTPStatus.OK, kind, data, head)

    def _root(self) -> Path:
        """The served folder; during the instant the writer swaps a new build in, wait for it."""
        root = self.server.state.root
        for _ in range(40):
            if root.is_dir():
                break
            time.sleep(0.025)
        return root

    def _not_found(self, head: bool) -> None:
        state = self.server.state
        page = self._root() / "404.html"
        if state.have_site and page.is_file():
            data = inject(page.read_bytes(), state.version, list(state.errors), have_site=True, texts=state.texts)
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", data, head)
        self._plain(HTTPStatus.NOT_FOUND, "not found", head)

    def _error_page(self, head: bool) -> None:
        """No build has succeeded yet: every page is the error list, reloading when fixed."""
        state = self.server.state
        page = (b"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                b"content=\"width=device-width, initial-scale=1\"><title>weishop</title></head><body></body></html>")
        data = inject(page, state.version, list(state.errors) or ["building…"], have_site=False)
        self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", data, head)

    def _redirect(self, location: str) -> None:
        # Locations are always this site's own paths: one leading slash, percent-encoded.
        location = "/" + quote(unquote(location).lstrip("/\\"), safe="/%")
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _plain(self, status: HTTPStatus, text: str, head: bool, extra: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", f"{status.value} {status.phrase}: {text}\n".encode(), head, extra)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, head: bool, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    # --- reload channel ---

    def _live(self, name: str, query: str, head: bool) -> None:
        if name == "live.js":
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", LIVE_JS.encode(), head)
        if name != "events":
            return self._plain(HTTPStatus.NOT_FOUND, "not found", head)
        if not self._same_origin():
            return self._plain(HTTPStatus.FORBIDDEN, "the reload channel is for this site's own pages only", head)
        if head:
            return self._send(HTTPStatus.OK, "text/event-stream", b"", head)
        version = ""
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key == "v":
                version = unquote(value)
        if not self.server.streams.acquire(blocking=False):
            return self._plain(HTTPStatus.SERVICE_UNAVAILABLE, "too many open pages", head)
        try:
            self._stream(version)
        finally:
            self.server.streams.release()

    def _same_origin(self) -> bool:
        """Browsers name the page's origin (Origin, Sec-Fetch-Site); anything but this server is refused."""
        site = self.headers.get("Sec-Fetch-Site")
        if site and site not in ("same-origin", "none"):
            return False
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() == (self.headers.get("Host") or "").lower()

    def _stream(self, version: str) -> None:
        state = self.server.state
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        while not state.stopping.is_set():
            if state.version != version or state.wait_for_change(version, HEARTBEAT):
                self.wfile.write(b"event: reload\ndata: " + state.version.encode() + b"\n\n")
                self.wfile.flush()
                return
            self.wfile.write(b": ping\n\n")
            self.wfile.flush()


def inject(page: bytes, version: str, errors: list[str], have_site: bool, texts: dict[str, str] | None = None) -> bytes:
    """The live script with the current version, and while the build fails, the error overlay."""
    live = f'data-weishop-live="{version}"'.encode()
    if LIVE_MARKER in page:
        page = page.replace(LIVE_MARKER, live, 1)
    else:
        page = _before_body_end(page, LIVE_SCRIPT.encode().replace(LIVE_MARKER, live))
    if errors:
        page = _before_body_end(page, overlay_html(errors, have_site, texts).encode())
    return page


def _before_body_end(page: bytes, snippet: bytes) -> bytes:
    at = page.lower().rfind(b"</body>")
    return page + snippet if at < 0 else page[:at] + snippet + page[at:]
