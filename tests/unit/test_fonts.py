"""Fonts for share images: the bundled CJK font first, system fonts per character, no font at all reported.

System fonts are pointed at a folder of the test's choosing (WEISHOP_SYSTEM_FONTS), as on a build
host that has none.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from tests.support import EN_SHOP, REPO, build_shop, write_shop
from weishop.media import fonts
from weishop.media.cards import CardSpec, draw_card

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TITLE = "武夷岩茶大红袍"
TITLE_AREA = (686, 100, 1150, 200)  # where a card's first title line goes (the photo square is on the left)


@pytest.fixture
def no_system_fonts(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "no-fonts"
    folder.mkdir()
    monkeypatch.setenv(fonts.SYSTEM_FONTS_ENV, str(folder))
    return folder


@pytest.fixture
def only_dejavu(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "dejavu"
    folder.mkdir()
    (folder / "DejaVuSans.ttf").symlink_to(DEJAVU)
    monkeypatch.setenv(fonts.SYSTEM_FONTS_ENV, str(folder))
    return folder


def cmap(path: str) -> set[str]:
    return {chr(code) for code in TTFont(path).getBestCmap()}


def rgb(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_without_system_fonts_the_bundled_font_is_all_there_is(no_system_fonts):
    found = fonts.find_fonts("zh-CN")
    assert (found.regular.path, found.bold.path) == (fonts.BUNDLED_REGULAR, fonts.BUNDLED_BOLD)
    assert found.fallbacks == ()
    assert "/" not in found.key.split(":")[0].removeprefix("bundled/")  # no install path: hosts share the cache key


def test_the_bundled_font_covers_the_ui_languages_and_is_renamed_under_the_ofl():
    ui = set()
    for path in (REPO / "themes/default/i18n").glob("*.yml"):
        ui |= set("".join(str(v) for v in yaml.safe_load(path.read_text(encoding="utf-8")).values()))
    samples = set(TITLE + "桐木關臺灣茶葉ひらがなカタカナ漢字¥€£…—·×「」，。！") | {c for c in ui if c.isprintable() and not c.isspace()}
    for path in (fonts.BUNDLED_REGULAR, fonts.BUNDLED_BOLD):
        assert samples - cmap(path) == set()
        names = {record.toUnicode() for record in TTFont(path)["name"].names if record.nameID in (1, 4, 6, 16)}
        assert names and not any("Noto" in n or "Source" in n for n in names)  # OFL: no Reserved Font Name
    licence = (Path(fonts.BUNDLED_REGULAR).parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name 'Source'" in licence


def test_a_chinese_title_really_shows_on_the_share_image(no_system_fonts):
    found = fonts.find_fonts("zh-CN")
    assert set(TITLE) <= cmap(found.bold.path)  # titles are drawn in the bold face
    with_title = rgb(draw_card(CardSpec(title=TITLE, fonts=found)))
    without = rgb(draw_card(CardSpec(title="", fonts=found)))
    diff = ImageChops.difference(with_title.crop(TITLE_AREA), without.crop(TITLE_AREA)).convert("L")
    inked = diff.point(lambda v: 255 if v > 64 else 0).histogram()[255]
    assert inked > 2000, f"only {inked} pixels of title"  # 7 bold characters at 54 px, not a stray mark


def test_a_character_the_bundled_font_lacks_comes_from_a_system_font(only_dejavu):
    found = fonts.find_fonts("zh-CN")
    font = found.load(40, bold=True)
    assert "ł" not in cmap(fonts.BUNDLED_BOLD)
    assert fonts.missing_chars(font, "Złoty 大红袍") == ""
    assert [(f.getname()[0], run) for f, run in font.runs("Złoty 大")] == [
        ("Weishop Sans", "Z"), ("DejaVu Sans", "ł"), ("Weishop Sans", "oty 大")]
    # drawn as ink, as wide as its pieces
    assert font.getlength("Złoty") == pytest.approx(sum(f.getlength(r) for f, r in font.runs("Złoty")))
    mask = font.getmask("ł")
    assert mask.getbbox() is not None and mask.size[0] > 5


def test_without_any_font_for_a_character_it_is_reported_missing(no_system_fonts):
    font = fonts.find_fonts("zh-CN").load(40)
    assert fonts.missing_chars(font, "Złoty 大红袍") == "ł"


def test_the_sellers_font_comes_first_and_the_bundled_font_fills_in(only_dejavu):
    found = fonts.find_fonts("zh-CN", Path(DEJAVU))
    assert found.regular.path == DEJAVU
    assert found.fallbacks[0] == (fonts.Font(fonts.BUNDLED_REGULAR), fonts.Font(fonts.BUNDLED_BOLD))
    runs = found.load(30).runs("Tea 茶")
    assert [(f.getname()[0], run) for f, run in runs] == [("DejaVu Sans", "Tea "), ("Weishop Sans", "茶")]


def test_a_character_no_font_has_is_a_warning_naming_product_field_and_character(tmp_path, no_system_fonts):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    syrup = shop / "content/products/syrup.md"
    text = syrup.read_text(encoding="utf-8").replace("title: Maple", "title: 𠀋 Maple")
    syrup.write_text(text, encoding="utf-8")
    result = build_shop(shop)
    [warning] = [w for w in result.warnings if "𠀋" in w.message]
    assert warning.path == "content/products/syrup.md" and warning.field == "title"
    assert warning.line == next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("title:"))
    assert warning.hint and "share" in warning.hint
    assert (shop / "output/share/syrup.png").is_file()  # still drawn, without that character
