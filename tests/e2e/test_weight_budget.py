"""Every page of the example shop is light on a phone: HTML + its CSS + JS under 50 KB, nothing from other hosts, no web fonts.

Images are excluded (they are lazy, sized and in srcsets); what counts is what blocks the first paint and runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from tests.support import write_shop

BUDGET = 50 * 1024  # bytes, uncompressed
FONT_FILES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "fonts.loli.net", "fonts.font.im")


@dataclass
class PageWeight:
    html: int
    parts: dict[str, int] = field(default_factory=dict)  # referenced CSS/JS file -> bytes
    external: list[str] = field(default_factory=list)  # stylesheets/scripts from other hosts
    missing: list[str] = field(default_factory=list)  # local references with no file in the output
    fonts: list[str] = field(default_factory=list)  # web font declarations or links

    @property
    def total(self) -> int:
        return self.html + sum(self.parts.values())


def local_file(out: Path, ref: str, base_url: str) -> Path | None:
    """The output file a URL on the page points to, or None if it lives on another host."""
    site, target = urlsplit(base_url), urlsplit(ref)
    if target.scheme and target.scheme not in ("http", "https"):
        return None
    if target.netloc and target.netloc != site.netloc:
        return None
    path = unquote(target.path)
    if not path.startswith("/"):
        raise AssertionError(f"relative asset URL {ref!r}: pages at different depths would break")
    base_path = site.path or "/"
    assert path.startswith(base_path), f"{ref!r} is outside the site's path {base_path}"
    return out / path[len(base_path):]


def weigh(out: Path, html_file: Path, base_url: str) -> PageWeight:
    """What one page makes a browser download before it works (images aside)."""
    text = html_file.read_bytes()
    soup = BeautifulSoup(text, "lxml")
    weight = PageWeight(html=len(text))
    refs = [link.get("href", "") for link in soup.select("link[href]")
            if {"stylesheet", "preload", "modulepreload"} & set(link.get("rel", []))]
    refs += [script["src"] for script in soup.select("script[src]")]
    for ref in refs:
        if any(host in ref for host in FONT_HOSTS) or ref.lower().split("?")[0].endswith(FONT_FILES):
            weight.fonts.append(ref)
        target = local_file(out, ref, base_url)
        if target is None:
            weight.external.append(ref)
        elif not target.is_file():
            weight.missing.append(ref)
        elif ref not in weight.parts:
            weight.parts[ref] = target.stat().st_size
            if target.suffix == ".css":
                weight.fonts += font_rules(target.read_text(encoding="utf-8"), ref)
    for style in soup.find_all("style"):
        weight.fonts += font_rules(style.get_text(), "inline <style>")
    for link in soup.select('link[as="font"], link[rel~="preload"][href$=".woff2"]'):
        weight.fonts.append(link.get("href", ""))
    return weight


def font_rules(css: str, where: str) -> list[str]:
    found = [f"{where}: @font-face"] if re.search(r"@font-face", css, re.I) else []
    found += [f"{where}: @import {m}" for m in re.findall(r"@import\s+[^;]+", css)]
    return found


def site_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_page_of_the_example_shop_is_within_the_weight_budget(example_shop):
    out, base_url = example_shop.out, example_shop.result.site.config.base_url
    pages = site_pages(out)
    assert len(pages) >= 10
    over, problems = [], []
    for html_file in pages:
        rel = html_file.relative_to(out).as_posix()
        weight = weigh(out, html_file, base_url)
        if weight.total > BUDGET:
            over.append(f"{rel}: {weight.total / 1024:.1f} KB (HTML {weight.html / 1024:.1f} KB, {weight.parts})")
        problems += [f"{rel}: third-party stylesheet/script {ref}" for ref in weight.external]
        problems += [f"{rel}: references {ref}, which is not in the output" for ref in weight.missing]
        problems += [f"{rel}: web font {ref}" for ref in weight.fonts]
    assert not over, f"pages over {BUDGET // 1024} KB of HTML+CSS+JS:\n" + "\n".join(over)
    assert not problems, "\n".join(problems)


def test_the_stylesheet_and_scripts_are_counted(example_shop):
    """Home carries the theme's stylesheet, and its bytes count towards the budget."""
    out, base_url = example_shop.out, example_shop.result.site.config.base_url
    weight = weigh(out, out / "index.html", base_url)
    css = [ref for ref in weight.parts if ref.endswith(".css")]
    assert css and weight.parts[css[0]] > 1000
    assert weight.total > weight.html


def test_no_font_files_are_published(example_shop):
    fonts = [p.relative_to(example_shop.out).as_posix() for p in example_shop.out.rglob("*") if p.suffix.lower() in FONT_FILES]
    assert not fonts, f"web font files in the output: {fonts}"


def test_the_budget_check_catches_heavy_pages_fonts_and_other_hosts(tmp_path):
    """The checks above can fail: a page over budget, a CDN script, a Google font and @font-face are all flagged."""
    out = write_shop(tmp_path / "out", {
        "big.css": "@font-face { font-family: X; src: url(x.woff2); }\n" + "a{}" * 20000,
        "index.html": """
            <!doctype html><html lang="en"><head><title>x</title>
            <link rel="stylesheet" href="/tea/big.css">
            <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto+Sans+SC">
            <script src="https://cdn.example.net/jquery.js"></script>
            <script src="/tea/gone.js" defer></script>
            </head><body></body></html>
            """,
    })
    weight = weigh(out, out / "index.html", "https://shop.example/tea/")
    assert weight.total > BUDGET
    assert weight.external == ["https://fonts.googleapis.com/css2?family=Noto+Sans+SC", "https://cdn.example.net/jquery.js"]
    assert weight.missing == ["/tea/gone.js"]
    assert "https://fonts.googleapis.com/css2?family=Noto+Sans+SC" in weight.fonts
    assert "/tea/big.css: @font-face" in weight.fonts


def test_pages_are_weighed_with_the_search_field_whose_script_loads_later(example_shop):
    """Every page carries the search field (issue 19); search.js, search.css and Pagefind come only when it is used."""
    out, base_url = example_shop.out, example_shop.result.site.config.base_url
    for html_file in site_pages(out):
        soup = BeautifulSoup(html_file.read_bytes(), "lxml")
        form = soup.select_one("header form.search")
        assert form is not None, html_file
        weight = weigh(out, html_file, base_url)
        lazy = [form["data-script"], form["data-style"]]
        assert not set(lazy) & set(weight.parts), f"{html_file}: search loads before it is used"
        assert all(local_file(out, ref, base_url).is_file() for ref in lazy)
    assert (out / "pagefind" / "pagefind.js").is_file()
