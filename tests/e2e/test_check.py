"""`weishop check` finds broken internal links and images in the built site; sub-path sites work end to end."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from weishop.cli import main
from weishop.commands.check import check_links, references
from weishop.commands.scaffold import init_shop
from weishop.pages.theming import load_theme

from tests.support import EN_SHOP, page, serve, write_shop


def errors_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("warning:", "1 error", "2 error", "3 error", "4 error", "5 error"))]


BROKEN = {
    **EN_SHOP,
    "content/stories/sugaring.md": """
        ---
        title: Sugaring season
        date: 2024-03-05
        products: [syrup]
        ---
        The sap is running.

        See [the candle](/products/candel/) and [our shipping page](/shipping/).
        """,
    "content/pages/shipping.md": """
        ---
        title: Shipping
        menu: true
        ---
        We ship weekly. [Ask us](../contact/) or read [the story](../stories/sugaring/).
        """,
    "content/products/secret.md": """
        ---
        title: Secret
        price: 5
        draft: true
        ---
        Not yet.
        """,
    "content/pages/links.md": """
        ---
        title: Links
        ---
        [A draft](/products/secret/), [outside](https://maple.example.com/elsewhere/x/), [mail](mailto:a@b.co),
        [another site](https://example.org/nope/), [top](#top).
        """,
    "themes/default/templates/page.html": """
        {% extends "default:page.html" %}
        {% block head %}<link rel="preload" as="image" href="{{ url('images/banner.png') }}">{% endblock %}
        """,
}


def test_check_reports_each_broken_link_at_its_source_line(tmp_path, capsys):
    shop = write_shop(tmp_path / "shop", BROKEN)
    assert main(["check", "--shop", str(shop)]) == 1
    errors = errors_of(capsys)
    assert "content/stories/sugaring.md:8: body: '/products/candel/' not found in the built site (check the spelling, the slug, or whether it is a draft)" in errors
    assert any(e.startswith("content/pages/shipping.md:5: body: '../contact/' not found") for e in errors)
    assert any(e.startswith("content/pages/links.md:4: body: '/products/secret/' not found") for e in errors)  # a draft is not published
    # a theme template's link points at the built page and line, naming the page's source
    theme_errors = [e for e in errors if "images/banner.png" in e]
    assert theme_errors and all(re.match(r"output/[\w/.-]+\.html:\d+: link: '/images/banner.png' not found", e) for e in theme_errors)
    assert not any("/shipping/" in e.split(":")[-1] or "stories/sugaring" in e.split("'")[1] for e in errors)
    assert not any("example.org" in e or "mailto" in e or "#top" in e for e in errors)
    assert not (shop / "output").exists()  # check builds into a temporary folder


def test_check_reports_a_link_outside_a_sub_path_shop(tmp_path, capsys):
    files = {
        **EN_SHOP,
        "shop.yml": EN_SHOP["shop.yml"].replace("https://maple.example.com/", "https://example.github.io/maple/"),
        "content/pages/shipping.md": """
            ---
            title: Shipping
            ---
            [Good](/products/syrup/), [relative](../products/syrup/) and
            [bad](https://example.github.io/products/syrup/).
            """,
    }
    shop = write_shop(tmp_path / "shop", files)
    assert main(["check", "--shop", str(shop)]) == 1
    errors = [e for e in errors_of(capsys) if "shipping" in e]
    assert errors == ["content/pages/shipping.md:5: body: 'https://example.github.io/products/syrup/' is outside the shop's address /maple/ "
                      "(write site links starting with '/' (they get base_url's path) or relative ones)"]


def test_check_stops_at_content_errors(tmp_path, capsys):
    files = {**EN_SHOP, "content/products/syrup.md": "---\ntitle: Syrup\nprice: cheap\n---\nGood.\n"}
    shop = write_shop(tmp_path / "shop", files)
    assert main(["check", "--shop", str(shop)]) == 1
    assert "content/products/syrup.md:3: price: 'cheap' is not a price (write a number like 168 or 39.90)" in errors_of(capsys)


def test_references_cover_links_images_srcset_scripts_and_share_images():
    html = """<html><head><link rel="stylesheet" href="/a.css"><link rel="preconnect" href="https://x.org">
    <meta property="og:image" content="https://s.example/share/x.png"><meta name="description" content="/not-a-link">
    <script src="/s.js"></script></head><body><a href="/p/">p</a><img src="/i.jpg" srcset="/i-400.jpg 400w, /i-800.jpg 800w">
    <picture><source srcset="/i-400.webp 400w"></picture></body></html>"""
    found = {(r.url, r.kind) for r in references(html)}
    assert found == {("/a.css", "link"), ("https://s.example/share/x.png", "image"), ("/s.js", "script"), ("/p/", "link"),
                     ("/i.jpg", "image"), ("/i-400.jpg", "image"), ("/i-800.jpg", "image"), ("/i-400.webp", "image")}


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> tuple[Path, Path]:
    """The starter shop built with `--base-url` for a GitHub project page, as the workflow does."""
    shop = tmp_path_factory.mktemp("sub") / "shop"
    init_shop(shop, "en")
    assert main(["build", "--shop", str(shop), "--base-url", "https://seller.github.io/myshop"]) == 0
    return shop, shop / "output"


def local_urls(out: Path) -> list[tuple[str, str]]:
    found = []
    for html in sorted(out.rglob("*.html")):
        for ref in references(html.read_text(encoding="utf-8")):
            url = ref.url
            if url.startswith("https://seller.github.io"):
                url = url[len("https://seller.github.io"):]
            if url.startswith("/"):
                found.append((html.relative_to(out).as_posix(), url))
            else:
                assert re.match(r"^(https?:|mailto:|tel:|sms:|#|data:)", url) or not url.startswith("/"), url
    return found


def test_sub_path_site_links_stay_under_the_path_and_all_resolve(subpath_site):
    shop, out = subpath_site
    found = local_urls(out)
    assert len(found) > 50
    outside = [(p, u) for p, u in found if not u.startswith("/myshop/")]
    assert outside == []
    assert check_links(out, "https://seller.github.io/myshop/", shop) == []
    home = page(out, "")
    assert home.select_one('link[rel="canonical"]') is None or home.select_one('link[rel="canonical"]')["href"].startswith("https://seller.github.io/myshop/")


def test_sub_path_site_served_under_its_path(subpath_site):
    """What a host at /myshop/ serves: every local link and asset of three pages answers 200."""
    _, out = subpath_site
    server, base = serve(out, "/myshop/")
    try:
        wanted = sorted({u.split("#")[0].split("?")[0] for p, u in local_urls(out)
                         if p in ("index.html", "products/wildflower-honey/index.html", "stories/spring-picking/index.html")})
        assert any(re.fullmatch(r"/myshop/theme/style\.[0-9a-f]{10}\.css", u) for u in wanted)
        origin = base[: -len("/myshop/")]
        for url in wanted:
            with urllib.request.urlopen(origin + url) as response:
                assert response.status == 200, url
    finally:
        server.shutdown()
        server.server_close()


def test_fingerprint_follows_the_css_content(tmp_path):
    shop = write_shop(tmp_path / "shop", {"shop.yml": "title: x\n"})
    packaged = load_theme(shop, "default").assets["style.css"]
    assert re.fullmatch(r"theme/style\.[0-9a-f]{10}\.css", packaged)
    write_shop(shop, {"themes/default/static/style.css": "body { color: red }\n"})
    own = load_theme(shop, "default").assets["style.css"]
    assert re.fullmatch(r"theme/style\.[0-9a-f]{10}\.css", own) and own != packaged
