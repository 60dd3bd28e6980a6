#!/usr/bin/env python3
"""Lighthouse scores of the example shop on a phone: home, a product, a story and the cart.

    python scripts/lighthouse.py [--shop .] [--markdown docs/lighthouse.md] [--audits]

Builds the shop into a temporary folder with base_url set to where it is served
(127.0.0.1, under the shop's own base path), then runs npm `lighthouse` (pinned below,
installed on first use into .ci/lighthouse/) with Debian's chromium, mobile form factor and
Lighthouse's default simulated slow-4G throttling. Prints the 16 scores; --audits also lists
every audit that did not pass; --markdown writes the table to a file for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import serve  # noqa: E402  (the test suite's sub-path static server)
from weishop.build.pipeline import BuildOptions, build  # noqa: E402
from weishop.config.shop import load_config  # noqa: E402
from weishop.errors import Problems  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
PREFIX = ROOT / ".ci" / "lighthouse"
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility", "best-practices": "Best Practices", "seo": "SEO"}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"


def lighthouse_bin() -> Path:
    """The pinned lighthouse CLI, installed from npm into .ci/lighthouse/ the first time."""
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    package = PREFIX / "node_modules" / "lighthouse" / "package.json"
    if not binary.exists() or json.loads(package.read_text())["version"] != LIGHTHOUSE_VERSION:
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def pages_of(out: Path, site) -> dict[str, str]:
    """Label -> site-relative URL of the pages measured: home, a product with photos, a story, the cart."""
    product = next((p for p in site.products if p.images), site.products[0])
    pages = {"home": "", "product": product.url}
    if site.stories:
        pages["story"] = site.stories[0].url
    if (out / "cart" / "index.html").is_file():
        pages["cart"] = "cart/"
    return pages


def run_lighthouse(binary: Path, url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={report}", "--form-factor=mobile",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    subprocess.run(command, check=True, env=env, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def failed_audits(result: dict) -> list[str]:
    """Audits in the four categories that scored below 1, with their title and what they found."""
    lines = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if audit.get("score") is not None and audit["score"] < 1 and (ref.get("weight") or audit["scoreDisplayMode"] == "binary"):
                shown = audit.get("displayValue", "")
                items = [_item(i) for i in (audit.get("details") or {}).get("items", [])[:4]]
                lines.append(f"  [{category['title']}] {audit['id']} ({audit['score']}): {audit['title']} {shown}")
                lines += [f"      {item}" for item in items if item]
    return lines


def _item(item: dict) -> str:
    node = item.get("node") or {}
    return (node.get("snippet") or item.get("url") or node.get("explanation") or "")[:200]


def table(scores: dict[str, dict[str, int]], urls: dict[str, str]) -> str:
    head = "| page | " + " | ".join(CATEGORIES.values()) + " |"
    rows = [head, "|" + "---|" * (len(CATEGORIES) + 1)]
    for label, row in scores.items():
        rows.append(f"| {label} (`/{urls[label]}`) | " + " | ".join(str(row[c]) for c in CATEGORIES) + " |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shop", type=Path, default=ROOT)
    parser.add_argument("--markdown", type=Path, help="write the score table to this Markdown file")
    parser.add_argument("--audits", action="store_true", help="list every audit that did not pass")
    args = parser.parse_args()
    shop = args.shop.absolute()
    config = load_config(shop, Problems())
    if config is None:
        sys.exit("shop.yml does not load: run `weishop build` to see why")
    prefix = urlsplit(config.base_url).path or "/"
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory(prefix="weishop-lighthouse-") as temp:
        out = Path(temp) / "output"
        out.mkdir()
        server, base = serve(out, prefix)  # bound first, so the build can name its own address
        try:
            result = build(BuildOptions(shop=shop, out=out, base_url=base))
            urls = pages_of(out, result.site)
            scores: dict[str, dict[str, int]] = {}
            for label, rel in urls.items():
                report = run_lighthouse(binary, base + rel, Path(temp) / f"{label}.json")
                scores[label] = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
                print(f"{label:8} {' '.join(f'{scores[label][c]:>4}' for c in CATEGORIES)}  {base + rel}", flush=True)
                if args.audits:
                    print("\n".join(failed_audits(report)) or "  every audit passed")
        finally:
            server.shutdown()
    text = table(scores, urls)
    print()
    print(text)
    if args.markdown:
        chromium = subprocess.run([os.environ.get("CHROME_PATH", "/usr/bin/chromium"), "--version"], capture_output=True, text=True).stdout.strip()
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(
            f"Lighthouse {LIGHTHOUSE_VERSION} scores of the example shop, mobile form factor, simulated slow 4G "
            f"({chromium or 'chromium'}, {date.today().isoformat()}; regenerate with `python scripts/lighthouse.py --markdown {args.markdown}`):\n\n"
            f"{text}\n", encoding="utf-8")
        print(f"\nwrote {args.markdown}")
    return 0 if all(min(row.values()) >= 95 for row in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
