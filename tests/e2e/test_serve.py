"""`weishop serve` as a seller and a hostile network meet it: real server on a free loopback port."""

from __future__ import annotations

import http.client
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from weishop.serve import session as serve_mod
from weishop.errors import UsageError
from weishop.serve.session import DevSession, start

from tests.support import SUBPATH_SHOP, ZH_SHOP, build_shop, jpeg, write_shop

SECRET = "TOP-SECRET-not-part-of-the-site"
SHOP_FILES = {
    **SUBPATH_SHOP,
    "static/data.json": '{"a": 1}\n',
    "static/feed-extra.xml": "<?xml version='1.0'?><x/>\n",
    "static/pic.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
    "static/app.js": "console.log(1);\n",
    "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    "content/products/secret-draft.md": "---\ntitle: Hidden Draft\nprice: 5\ndraft: true\n---\nSoon.\n",
}


def poll(check, what: str, tries: int = 300, pause: float = 0.05):
    """Bounded wait: `check()` until truthy (returns it), else fail naming `what`."""
    for _ in range(tries):
        value = check()
        if value:
            return value
        time.sleep(pause)
    pytest.fail(f"gave up waiting for {what}")


def fetch(session: DevSession, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """(status, headers, body) for a raw request path, sent as written."""
    connection = http.client.HTTPConnection("127.0.0.1", session.port, timeout=10)
    try:
        given = {k.lower() for k in headers or {}}
        connection.putrequest(method, path, skip_host="host" in given, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def raw(session: DevSession, data: bytes) -> bytes:
    """Send bytes as they are; return whatever comes back before the server closes."""
    with socket.create_connection(("127.0.0.1", session.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def soup(body: bytes) -> BeautifulSoup:
    return BeautifulSoup(body.decode("utf-8"), "lxml")


def open_session(shop: Path, **options) -> DevSession:
    return start(shop, "127.0.0.1", 0, say=lambda text: None, **options)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> DevSession:
    """One read-only session for the tests that only look (no edits)."""
    shop = write_shop(tmp_path_factory.mktemp("serve-ro"), SHOP_FILES)
    session = open_session(shop)
    root = session.site.state.root
    (session.workdir / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "link.txt").symlink_to(session.workdir / "secret.txt")
    (root / "linkdir").symlink_to(session.workdir, target_is_directory=True)
    yield session
    session.stop()


@pytest.fixture
def editable(tmp_path) -> DevSession:
    shop = write_shop(tmp_path / "shop", SHOP_FILES)
    session = open_session(shop, quiet=0.05)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def breakable(tmp_path_factory) -> DevSession:
    """Shared by tests that break a file and put it back (each ends on a good build)."""
    shop = write_shop(tmp_path_factory.mktemp("serve-break"), SHOP_FILES)
    session = open_session(shop, quiet=0.05)
    yield session
    session.stop()


# --- serving ---

def test_root_redirects_to_the_sub_path_and_pages_are_served_there(live) -> None:
    status, headers, _ = fetch(live, "/")
    assert status == 302 and headers["location"] == "/maple/"
    assert fetch(live, "/maple")[1]["location"] == "/maple/"
    status, headers, _ = fetch(live, "/maple/products/syrup")
    assert status == 302 and headers["location"] == "/maple/products/syrup/"
    status, headers, body = fetch(live, "/maple/products/syrup/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert soup(body).h1.get_text(strip=True) == 'Maple Syrup "Grade A" & more'
    assert fetch(live, "/maple/")[0] == 200


def test_missing_pages_get_the_themes_404_page(live) -> None:
    for path in ("/maple/no-such-page/", "/maple/products/nope", "/elsewhere/x"):
        status, headers, body = fetch(live, path)
        assert status == 404, path
        assert soup(body).select_one("section.notfound") is not None, path


def test_drafts_only_with_drafts(live, tmp_path) -> None:
    assert fetch(live, "/maple/products/secret-draft/")[0] == 404
    shop = write_shop(tmp_path / "shop", SHOP_FILES)
    session = open_session(shop, drafts=True)
    try:
        status, _, body = fetch(session, "/maple/products/secret-draft/")
        assert status == 200 and "Hidden Draft" in soup(body).h1.get_text()
    finally:
        session.stop()


@pytest.mark.parametrize("path, expected", [
    ("static:data.json", "application/json"),
    ("static:feed-extra.xml", "application/xml"),
    ("static:pic.webp", "image/webp"),
    ("static:app.js", "text/javascript; charset=utf-8"),
    ("static:logo.svg", "image/svg+xml"),
    ("link:stylesheet", "text/css; charset=utf-8"),
    ("link:icon", "image/svg+xml"),
    ("page:", "text/html; charset=utf-8"),
])
def test_content_types(live, path: str, expected: str) -> None:
    kind, _, name = path.partition(":")
    if kind == "static":
        url = "/maple/" + name
    elif kind == "link":
        url = soup(fetch(live, "/maple/")[2]).select_one(f'link[rel="{name}"]')["href"]
    else:
        url = "/maple/"
    status, headers, _ = fetch(live, url)
    assert status == 200, url
    assert headers["content-type"] == expected
    assert headers["x-content-type-options"] == "nosniff"


def test_head_requests_and_other_methods(live) -> None:
    status, headers, body = fetch(live, "/maple/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, headers, _ = fetch(live, "/maple/", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_the_live_script_is_only_in_served_pages_never_in_weishop_build(live, tmp_path) -> None:
    for path in ("/maple/", "/maple/products/syrup/", "/maple/missing/"):
        scripts = soup(fetch(live, path)[2]).select("script[data-weishop-live]")
        assert len(scripts) == 1, path
        assert scripts[0]["data-weishop-live"] == live.site.state.version
        assert scripts[0]["src"] == "/__weishop/live.js"
    status, headers, _ = fetch(live, "/__weishop/live.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    shop = write_shop(tmp_path / "shop", SHOP_FILES)
    build_shop(shop)
    for built in (shop / "output").rglob("*"):
        if built.is_file() and built.suffix in (".html", ".xml", ".js", ".json"):
            assert "weishop-live" not in built.read_text(encoding="utf-8"), built
            assert "__weishop" not in built.read_text(encoding="utf-8"), built


# --- safety (issue #11, dev server part) ---

@pytest.mark.parametrize("path", [
    "/maple/../secret.txt",
    "/maple/%2e%2e/secret.txt",
    "/maple/%2E%2E%2Fsecret.txt",
    "/maple/..%2fsecret.txt",
    "/maple/.%2e/secret.txt",
    "/maple/%252e%252e/secret.txt",
    "/maple/%252e%252e%252fsecret.txt",
    "/maple/..%5csecret.txt",
    "/maple/%5c..%5csecret.txt",
    "/maple/....//secret.txt",
    "/maple//../secret.txt",
    "/maple/../../../../../../etc/passwd",
    "/../../../../etc/passwd",
    "/maple/link.txt",
    "/maple/linkdir/secret.txt",
    "/maple/%00",
    "/maple/secret.txt%00.html",
    "/maple/%c0%ae%c0%ae/secret.txt",
    "/__weishop/../secret.txt",
    "/__weishop/%2e%2e/%2e%2e/secret.txt",
    "http://127.0.0.1/maple/../secret.txt",
    "/maple/.weishop-output",
])
def test_no_path_leaves_the_served_folder(live, path: str) -> None:
    status, headers, body = fetch(live, path)
    assert status in (400, 403, 404), (path, status)
    assert SECRET.encode() not in body and b"root:" not in body


def test_backslash_traversal_over_a_raw_socket(live) -> None:
    for target in (b"/maple/..\\secret.txt", b"/maple\\..\\..\\secret.txt", b"\\..\\secret.txt"):
        answer = raw(live, b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        assert answer.split(b" ", 2)[1] in (b"400", b"403", b"404"), target
        assert SECRET.encode() not in answer


@pytest.mark.parametrize("path", [
    "//evil.example/", "//evil.example/%2e%2e", "/%2fevil.example/", "/%5cevil.example/", "/%2F%2Fevil.example",
    "/maple//evil.example/", "/maple/%2f%2fevil.example", "///evil.example/maple", "/maple/%09/evil.example",
    "http://evil.example/", "http://evil.example/maple",
])
def test_no_open_redirects(live, path: str) -> None:
    status, headers, _ = fetch(live, path)
    location = headers.get("location")
    if location is not None:
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (path, location)
        assert "evil.example" not in location or location.startswith("/maple/"), (path, location)


def test_no_cors_headers_anywhere(live) -> None:
    for path in ("/maple/", "/maple/data.json", "/__weishop/live.js", "/maple/missing", "/"):
        headers = fetch(live, path, {"Origin": "https://evil.example"})[1]
        assert not any(name.startswith("access-control-") for name in headers), path


def test_unknown_host_names_are_refused(live) -> None:
    """A page on a DNS-rebound name (evil.example → 127.0.0.1) cannot read the preview."""
    assert fetch(live, "/maple/", {"Host": "evil.example"})[0] == 403
    assert fetch(live, "/maple/", {"Host": f"localhost:{live.port}"})[0] == 200
    assert fetch(live, "/maple/", {"Host": f"127.0.0.1:{live.port}"})[0] == 200


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
])
def test_the_reload_channel_refuses_other_origins(live, headers) -> None:
    assert fetch(live, "/__weishop/events?v=old", headers)[0] == 403


def test_the_reload_channel_answers_its_own_pages(live) -> None:
    own = {"Origin": f"http://127.0.0.1:{live.port}", "Host": f"127.0.0.1:{live.port}", "Sec-Fetch-Site": "same-origin"}
    status, headers, body = fetch(live, "/__weishop/events?v=stale", own)  # stale version: reload at once
    assert status == 200 and headers["content-type"] == "text/event-stream"
    assert b"event: reload" in body


@pytest.mark.parametrize("request_bytes", [
    b"garbage\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"b" * 70000 + b"\r\n\r\n",
    b"\xff\xfe\x00\x01\r\n\r\n",
    b"GET /maple/%zz HTTP/1.0\r\n\r\n",
    b"GET /maple/%ff%fe HTTP/1.0\r\n\r\n",
    b"GET /maple/\x01\x02 HTTP/1.0\r\n\r\n",
    b"GET /maple/ HTTP/1.1\r\nHost: [::1\r\n\r\n",
    b"GET /__weishop/events?v=%ff HTTP/1.0\r\nOrigin: \xff\r\n\r\n",
    b"GET /maple/",
    b"",
])
def test_malformed_requests_do_not_take_it_down(live, request_bytes: bytes) -> None:
    answer = raw(live, request_bytes)
    if answer:
        assert answer.startswith(b"HTTP/"), answer[:80]
        assert b"Traceback" not in answer
    assert fetch(live, "/maple/")[0] == 200


# --- live rebuilds ---

def test_an_edit_shows_up_and_open_pages_are_told_to_reload(editable) -> None:
    version = editable.site.state.version
    builds = editable.site.builds
    events: list[bytes] = []

    def listen() -> None:
        own = {"Host": f"127.0.0.1:{editable.port}"}
        events.append(fetch(editable, f"/__weishop/events?v={version}", own)[2])

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    product = editable.site.options.shop / "content/products/syrup.md"
    product.write_text(product.read_text(encoding="utf-8").replace("Maple Syrup", "Birch Syrup"), encoding="utf-8")

    def changed():
        body = fetch(editable, "/maple/products/syrup/")[2]
        return "Birch Syrup" in soup(body).h1.get_text()

    poll(changed, "the new title")
    listener.join(timeout=20)
    assert events and b"event: reload" in events[0]
    assert editable.site.builds == builds + 1
    assert editable.site.state.version != version


def test_swap_files_and_output_changes_do_not_rebuild(editable) -> None:
    shop = editable.site.options.shop
    builds = editable.site.builds
    (shop / "content/products/.syrup.md.swp").write_bytes(b"swap")
    (shop / "content/products/syrup.md~").write_bytes(b"backup")
    (shop / "output").mkdir(exist_ok=True)
    (shop / "output/stray.html").write_text("x", encoding="utf-8")
    (shop / "notes.txt").write_text("x", encoding="utf-8")
    page = shop / "content/pages/shipping.md"  # then a real change, to know the events above were seen
    page.write_text(page.read_text(encoding="utf-8").replace("weekly", "daily"), encoding="utf-8")
    poll(lambda: "daily" in fetch(editable, "/maple/shipping/")[2].decode(), "the real change")
    assert editable.debouncer.wait_idle(timeout=20)
    assert editable.site.builds == builds + 1


BREAKAGES = {
    "bad yaml": ("content/products/syrup.md", "---\ntitle: Maple\nprice: [89\n---\nx\n", r"content/products/syrup\.md:\d+: "),
    "missing image": ("content/products/syrup.md", "---\ntitle: Maple\nprice: 8\nimages: [gone.jpg]\n---\nx\n",
                      r"content/products/syrup\.md:4: images"),
    "template error": ("themes/default/templates/page.html", "{% extends 'base.html' %}\n{% block content %}\n{{ oops(\n{% endblock %}\n",
                       r"themes/default/templates/page\.html:\d+: template"),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_a_failing_rebuild_keeps_the_last_good_site_and_shows_the_errors(breakable, case: str) -> None:
    editable = breakable
    rel, text, where = BREAKAGES[case]
    shop = editable.site.options.shop
    target = shop / rel
    before = target.read_bytes() if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")

    def overlay():
        page = soup(fetch(editable, "/maple/products/syrup/")[2])
        return page if page.select_one("#weishop-errors") else None

    page = poll(overlay, "the error overlay")
    assert re.search(where, page.select_one("#weishop-errors").get_text())
    assert page.h1.get_text(strip=True) == 'Maple Syrup "Grade A" & more'  # still the last good site
    assert soup(fetch(editable, "/maple/shipping/")[2]).select_one("#weishop-errors") is not None
    if before is None:
        target.unlink()
    else:
        target.write_bytes(before)
    poll(lambda: soup(fetch(editable, "/maple/products/syrup/")[2]).select_one("#weishop-errors") is None, "the overlay to go")


def test_the_overlay_speaks_the_shops_language(tmp_path) -> None:
    shop = write_shop(tmp_path / "shop", ZH_SHOP)
    session = open_session(shop, quiet=0.05)
    try:
        (shop / "content/pages/about.md").write_text("---\ntitle: [关于\n---\n", encoding="utf-8")
        overlay = poll(lambda: soup(fetch(session, "/")[2]).select_one("#weishop-errors"), "the error overlay")
        assert "网店没能生成（1 个错误）" in overlay.strong.get_text()
        assert "content/pages/about.md:" in overlay.ol.get_text()
    finally:
        session.stop()


@pytest.mark.parametrize("language", ["en", "zh-CN", "zh-TW", "ja"])
def test_every_language_has_the_overlay_strings(language: str) -> None:
    from weishop.serve.http import OVERLAY_TEXTS
    from weishop.utils.l10n import load_strings
    from weishop.pages.theming import packaged_themes

    strings = load_strings([packaged_themes() / "default/i18n"], language)
    for key, english in OVERLAY_TEXTS.items():
        assert strings[key] and (language == "en" or strings[key] != english), key
    assert "{count}" in strings["serve_errors_title"]


def test_when_the_first_build_fails_every_page_is_the_error_list(tmp_path) -> None:
    files = {**SHOP_FILES, "shop.yml": SHOP_FILES["shop.yml"].replace("currency: USD", "currency: [USD")}
    shop = write_shop(tmp_path / "shop", files)
    session = open_session(shop, quiet=0.05)
    try:
        status, _, body = fetch(session, "/maple/")
        assert status == 503
        page = soup(body)
        assert "shop.yml:" in page.select_one("#weishop-errors").get_text()
        assert page.select_one("script[data-weishop-live]") is not None
        (shop / "shop.yml").write_text(SUBPATH_SHOP["shop.yml"].replace("\n        ", "\n").strip() + "\n", encoding="utf-8")
        poll(lambda: fetch(session, "/maple/")[0] == 200, "the fixed shop")
        assert soup(fetch(session, "/maple/")[2]).select_one("#weishop-errors") is None
    finally:
        session.stop()


def test_an_image_added_later_is_served(editable) -> None:
    shop = editable.site.options.shop
    (shop / "content/images").mkdir(exist_ok=True)
    (shop / "content/images/new.jpg").write_bytes(jpeg(40, 30))
    poll(lambda: fetch(editable, "/maple/images/new.jpg")[0] == 200, "the new image")
    assert fetch(editable, "/maple/images/new.jpg")[1]["content-type"] == "image/jpeg"


# --- the command ---

def test_port_in_use_is_a_usage_error(live) -> None:
    with pytest.raises(UsageError, match="another --port"):
        start(live.site.options.shop, "127.0.0.1", live.port, say=lambda text: None)


def test_banner_warns_and_shows_a_qr_code_only_when_exposed() -> None:
    quiet = io.StringIO()
    serve_mod.banner("127.0.0.1", 8000, "/maple/", quiet)
    assert quiet.getvalue().strip() == "serving your shop at http://127.0.0.1:8000/maple/  (Ctrl-C to stop)"
    loud = io.StringIO()
    serve_mod.banner("0.0.0.0", 8000, "/maple/", loud, lan="192.168.1.20")
    text = loud.getvalue()
    assert "warning: the preview is reachable from your network" in text
    assert "http://192.168.1.20:8000/maple/" in text
    assert text.count("\n") > 15 and "█" in text  # the QR code


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_serves_and_stops_cleanly(tmp_path, stop) -> None:
    shop = write_shop(tmp_path / "shop", SHOP_FILES)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "weishop.cli", "serve", "--port", "0", "--shop", str(shop)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        for _ in range(50):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("serving your shop at"):
                break
        assert lines and lines[-1].startswith("serving your shop at http://127.0.0.1:"), (lines, process.stderr.read() if process.poll() is not None else "")
        url = lines[-1].split()[4]
        port = int(url.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/maple/")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert out.strip().endswith("stopped")
