"""A typo in a link is found while writing: `build` and `serve` warn at the file and line, `check` fails."""

from __future__ import annotations

from pathlib import Path

from tests.support import build_shop, jpeg, write_shop
from weishop.cli import main

SHOP = {
    "shop.yml": """
        title: Hill Tea
        base_url: https://hilltea.example.com/tea/
        language: en
        seller: {name: Lin}
        order:
          channels:
            - {type: whatsapp, phone: "+852 9123 4567"}
        """,
    "content/products/gaoshan-hongcha.md": "---\ntitle: Black tea\nprice: 30\n---\nFrom the hills.\n",
    "content/images/garden.jpg": jpeg(300, 200),
    "content/stories/spring.md": """
        ---
        title: Spring
        date: 2025-04-01
        ---
        We picked [the black tea](/products/gaoshan-hongch/) in April.

        ![The garden](/images/garden.jpg) and [the good link](/products/gaoshan-hongcha/), [home](/), [mail](mailto:a@b.co).

        <a href="/stories/">all stories</a> [elsewhere](https://example.org/x/).
        """,
    "content/pages/about.md": "---\ntitle: About\n---\nSee [shipping](../shipping/).\n\n![Our garden](/images/gardn.jpg)\n",
}
LINK = ("content/stories/spring.md:5: body: '/tea/products/gaoshan-hongch/' not found in the built site "
        "(check the spelling, the slug, or whether it is a draft)")


def test_build_warns_about_a_broken_link_and_a_missing_image_and_still_builds(tmp_path: Path) -> None:
    shop = write_shop(tmp_path / "shop", SHOP)
    warnings = sorted(str(w) for w in build_shop(shop).warnings if w.field == "body")
    assert warnings == [
        "content/pages/about.md:4: body: '../shipping/' not found in the built site (check the spelling, the slug, or whether it is a draft)",
        "content/pages/about.md:6: body: '/tea/images/gardn.jpg' not found in the built site (check the spelling, the slug, or whether it is a draft)",
        LINK,
    ]
    assert (shop / "output" / "stories" / "spring" / "index.html").is_file()


def test_check_reports_the_same_problems_as_errors_once(tmp_path: Path, capsys) -> None:
    shop = write_shop(tmp_path / "shop", SHOP)
    assert main(["check", "--shop", str(shop)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert LINK in err and f"warning: {LINK}" not in err
    assert sum("gaoshan-hongch/'" in line for line in err) == 1


def test_serve_shows_the_warnings_without_hiding_the_page(tmp_path: Path) -> None:
    from tests.e2e.test_serve import fetch, open_session, soup

    shop = write_shop(tmp_path / "shop", SHOP)
    session = open_session(shop)
    try:
        status, _, body = fetch(session, "/tea/stories/spring/")
        assert status == 200
        html = soup(body)
        panel = html.select_one("#weishop-warnings")
        assert panel is not None and panel.name == "details" and not panel.has_attr("open")
        assert LINK in [li.get_text() for li in panel.select("li")]
        assert html.select_one("#weishop-errors") is None and html.h1.get_text(strip=True) == "Spring"
    finally:
        session.stop()
