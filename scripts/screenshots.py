"""Screenshots of a built shop at phone and desktop size, to look at before calling a theme done.

Usage: python scripts/screenshots.py [--shop .] [--out screenshots/] [PATH ...]
Serves the shop's output/ on 127.0.0.1 under base_url's path and drives Debian's chromium.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from weishop.config.shop import load_config
from weishop.errors import Problems

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(SubPathHandler, directory=str(folder))
    SubPathHandler.prefix = prefix
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shop", default=".")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--full", action="store_true", help="whole page, not just the first screen")
    parser.add_argument("paths", nargs="*", default=["", "cart/"])
    args = parser.parse_args()
    shop = Path(args.shop).absolute()
    config = load_config(shop, Problems())
    prefix = urlsplit(config.base_url).path if config else "/"
    server, base = serve(shop / "output", prefix)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h}, device_scale_factor=1)
            for path in args.paths:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                file = out / f"{name}-{path.strip('/').replace('/', '_') or 'home'}.png"
                page.screenshot(path=str(file), full_page=args.full)
                print(file)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
