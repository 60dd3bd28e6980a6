"""Edit-to-new-page latency of `weishop serve`: save one product, time until the server returns it changed.

    python benchmarks/serve_latency.py SHOP_DIR [--runs 5]

Starts `weishop serve` on a free loopback port, waits for the first build, then edits one
product's title (or with --body its description) several times. Each time it waits as an open
page does: on the page's live-reload channel (/__weishop/events) until the server says "reload",
then fetches the page once; the time runs from the save until that page shows the edit. (Polling
the page every few milliseconds instead takes the server's time away from the build it measures.)
Prints the median and range in seconds.
"""

from __future__ import annotations

import argparse
import http.client
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for_reload(port: int, page: str, deadline: float) -> None:
    """Returns when the server tells the open page `page` (its HTML) to reload, as live.js's EventSource hears it."""
    version = re.search(r'data-weishop-live="([^"]*)"', page)
    if version is None:
        raise SystemExit("the served page has no live-reload script")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=max(1.0, deadline - time.perf_counter()))
    try:
        connection.request("GET", f"/__weishop/events?v={version.group(1)}", headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        while (line := response.readline()) and not line.startswith(b"event: reload"):
            if time.perf_counter() > deadline:
                raise SystemExit("no reload came")
    finally:
        connection.close()


def measure(shop: Path, runs: int, body: bool = False) -> list[float]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "weishop.cli", "serve", "--shop", str(shop), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        product = sorted((shop / "content" / "products").glob("*.md"))[0]
        slug = product.stem
        url = f"http://127.0.0.1:{port}/products/{slug}/"
        deadline = time.time() + 600
        while "<html" not in fetch(url):
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("the server did not come up")
            time.sleep(0.2)
        original = product.read_text(encoding="utf-8")
        latencies = []
        for run in range(runs):
            marker = f"Latency{run}x{int(time.time())}"
            edited = original + f"\n\n{marker}\n" if body else original.replace("\ntitle: ", f"\ntitle: {marker} ", 1)
            page = fetch(url)
            product.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            while marker not in page:
                wait_for_reload(port, page, start + 60)  # then the page reloads, as a browser's would
                page = fetch(url)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.5)
        product.write_text(original, encoding="utf-8")
        return latencies
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shop", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--body", action="store_true", help="edit the description, not the title (no share image to redraw)")
    args = parser.parse_args()
    latencies = measure(args.shop.absolute(), args.runs, args.body)
    print(f"{'description' if args.body else 'title'} edit to served page: {statistics.median(latencies):.2f} s ({min(latencies):.2f}–{max(latencies):.2f}) over {len(latencies)} edits")


if __name__ == "__main__":
    main()
