"""Share images: text layout (wrap, ellipsis, kinsoku), CJK fonts that draw real glyphs, exact sizes, the cache."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from tests.support import EN_SHOP, build_shop, jpeg, write_shop
from weishop.media import fonts
from weishop.build.outputs import cards as card_stage
from weishop.media import cards as sharecards
from weishop.media.drawing import ELLIPSIS, tokens, wrap
from weishop.errors import BuildFailed
from weishop.media.cards import CARD_SIZE, CardSpec, draw_card

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CJK_TEXT = "山野茶舍武夷岩茶大红袍金骏眉桐木關ひらがな"


def rgb(png: bytes) -> Image.Image:
    """Cards are 256-colour PNGs; compare them as RGB."""
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.fixture(scope="module")
def cjk() -> fonts.FontPair:
    return fonts.find_fonts("zh-CN")  # the bundled font first


# --- text layout -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("大红袍", ["大", "红", "袍"]),
    ("Maple syrup", ["Maple", " ", "syrup"]),
    ("大红袍2024", ["大", "红", "袍", "2024"]),
    ("岩韵明显，焙火适中。", ["岩", "韵", "明", "显，", "焙", "火", "适", "中。"]),  # punctuation stays with its character
    ("a   b\nc", ["a", " ", "b", " ", "c"]),
])
def test_tokens_break_between_cjk_characters_and_latin_words(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("text, width, lines", [
    ("武夷岩茶大红袍二零二四年特级正岩，岩韵明显焙火适中回甘持久", 300, 2),
    ("Maple Syrup Grade A from a small family sugarhouse in northern Vermont", 320, 3),
    ("Supercalifragilisticexpialidocious-and-more-without-any-spaces", 200, 2),
    ("短", 300, 1),
])
def test_wrap_never_overflows_and_marks_cut_text_with_an_ellipsis(cjk, text, width, lines):
    font = cjk.load(40, bold=True)
    wrapped = wrap(text, font, width, lines)
    assert 1 <= len(wrapped) <= lines
    assert all(font.getlength(line) <= width for line in wrapped)
    joined = "".join(line.rstrip(ELLIPSIS) for line in wrapped).replace(" ", "")
    if joined == text.replace(" ", ""):
        assert not wrapped[-1].endswith(ELLIPSIS)
    else:
        assert wrapped[-1].endswith(ELLIPSIS)
        assert text.replace(" ", "").startswith(joined)


def test_wrap_keeps_latin_words_whole(cjk):
    lines = wrap("Small batch maple syrup from Vermont", cjk.load(40), 330, 4)
    assert len(lines) > 1
    assert all(word in "Small batch maple syrup from Vermont".split() for line in lines for word in line.split())


def test_closing_punctuation_never_starts_a_line(cjk):
    font = cjk.load(40)
    text = "一二三四五，六七八九十。一二三四五、六七八九十！"
    for width in range(160, 420, 20):
        for line in wrap(text, font, width, 10):
            assert line[0] not in "，。、！", (width, line)


# --- fonts: real glyphs, not tofu boxes ----------------------------------------------------------------


def test_the_font_found_has_every_cjk_code_point(cjk):
    assert fonts.missing_chars(cjk.load(30), CJK_TEXT) == ""
    assert fonts.missing_chars(cjk.load(30, bold=True), CJK_TEXT) == ""


def test_a_latin_font_is_seen_drawing_tofu_for_chinese():
    latin = ImageFont.truetype(DEJAVU, 30)
    assert fonts.missing_chars(latin, "Tea 大红袍") == "大红袍"


@pytest.mark.parametrize("language, region", [("zh-CN", "SC"), ("zh-TW", "TC"), ("ja", "JP")])
def test_a_font_collection_gives_the_face_of_the_shops_region(language, region):
    path = fonts.SYSTEM_FONTS[0]  # Debian's Noto Sans CJK collection, a system font after the bundled one
    if not Path(path).is_file():
        pytest.skip("no font collection on this machine")
    index = fonts.face_index(path, language)
    assert ImageFont.truetype(path, 12, index=index).getname()[0].endswith(region)


def test_a_cjk_title_is_drawn_as_glyphs_on_the_card(cjk):
    """Glyph pixels differ from the box glyph: draw the title area with the text, then with tofu, compare."""
    with_title = rgb(draw_card(CardSpec(title="大红袍", fonts=cjk)))
    without = rgb(draw_card(CardSpec(title="", fonts=cjk)))
    title_area = (686, 100, 1150, 200)
    diff = ImageChops.difference(with_title.crop(title_area), without.crop(title_area)).convert("L")
    assert diff.getbbox() is not None, "nothing drawn for the title"
    font = cjk.load(54, bold=True)
    glyphs = font.getmask("大红袍")
    boxes = font.getmask(fonts.TOFU_PROBE * 3)
    assert bytes(glyphs) != bytes(boxes)


def test_characters_a_font_lacks_are_left_out_not_drawn_as_boxes():
    latin = fonts.FontPair(fonts.Font(DEJAVU), fonts.Font(DEJAVU))
    plain = draw_card(CardSpec(title="Tea", fonts=latin))
    mixed = draw_card(CardSpec(title="Tea 大红袍", fonts=latin))
    title_area = (686, 100, 1150, 200)
    a, b = (rgb(x).crop(title_area) for x in (plain, mixed))
    assert ImageChops.difference(a, b).getbbox() is None


# --- cards ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [
    CardSpec(title="武夷岩茶 · 大红袍 2024 特级正岩" * 3, eyebrow="山野茶舍", price="¥168.00 起", was="¥198.00",
             body="岩韵明显，焙火适中。" * 10, footer="aqing-tea.pages.dev/" + "x" * 80),
    CardSpec(title="Maple", price="$89.50"),
    CardSpec(title=""),
], ids=["long-everything", "short", "empty"])
def test_cards_are_exactly_1200_by_630(cjk, spec):
    spec = CardSpec(**{**spec.__dict__, "fonts": cjk})
    image = Image.open(io.BytesIO(draw_card(spec)))
    assert image.format == "PNG" and image.size == CARD_SIZE


def test_cards_with_a_photo_or_avatar_are_exactly_1200_by_630(cjk, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(jpeg(300, 500, (20, 140, 60)))
    for round_ in (False, True):
        image = rgb(draw_card(CardSpec(title="茶", photo=str(photo), round=round_, fonts=cjk)))
        assert image.size == CARD_SIZE
        assert image.getpixel((315, 315))[1] > 100  # the photo's green fills the left square


def test_cards_keep_flat_colours_exact_and_stay_small(cjk, tmp_path):
    """256 dithered colours: the white panel and the accent band keep their exact colour (Pillow's palette lookup
    alone gives 254 for white); a noisy photo stays well under WhatsApp's ~300 KB preview limit."""
    gradient = Image.linear_gradient("L").resize((1200, 900))
    photo = Image.merge("RGB", (gradient, Image.effect_noise((1200, 900), 20), gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    path = tmp_path / "p.jpg"
    photo.save(path, quality=92)
    png = draw_card(CardSpec(title="大红袍", price="¥168.00", body="岩韵明显", footer="aqing-tea.pages.dev", photo=str(path), fonts=cjk))
    assert len(png) < 300 * 1024
    image = rgb(png)
    assert image.getpixel((1150, 10)) == (255, 255, 255)
    assert image.getpixel((1150, 620)) == (181, 69, 43)  # the default accent, #b5452b


def test_an_unreadable_photo_still_gives_a_card(cjk, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    image = rgb(draw_card(CardSpec(title="茶", photo=str(broken), fonts=cjk)))
    assert image.size == CARD_SIZE
    assert image.getpixel((20, 20)) == image.getpixel((600, 600))  # the accent tile, as without a photo


def test_card_paths():
    assert sharecards.card_path("product", "x") == "share/x.png"
    assert sharecards.card_path("story", "x") == "share/stories/x.png"
    assert sharecards.card_path("home") == "share/index.png"


# --- in the build: cache, settings, errors ----------------------------------------------------------------


def _counting(monkeypatch) -> list[int]:
    """Counts the images actually drawn (jobs handed to the process pool) per call."""
    counts: list[int] = []
    real = card_stage.run_jobs

    def counted(jobs, *args, **kwargs):
        counts.append(len(jobs))
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(card_stage, "run_jobs", counted)
    return counts


def test_unchanged_items_are_not_redrawn_on_the_next_build(tmp_path, monkeypatch):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    counts = _counting(monkeypatch)
    build_shop(shop)
    drawn_first = sum(counts)
    assert drawn_first == 1 + 2 + 1  # cards: the home, 2 products, 1 story (posters are drawn in the browser)
    first = {p: (shop / "output" / p).read_bytes() for p in ("share/syrup.png", "share/candle.png")}

    counts.clear()
    build_shop(shop)
    assert sum(counts) == 0
    assert {p: (shop / "output" / p).read_bytes() for p in first} == first

    counts.clear()
    syrup = shop / "content/products/syrup.md"
    syrup.write_text(syrup.read_text().replace("price: 89.5", "price: 79.5"), encoding="utf-8")
    build_shop(shop)
    assert sum(counts) == 1  # the syrup's card, nothing else
    assert (shop / "output/share/syrup.png").read_bytes() != first["share/syrup.png"]


def test_share_font_setting_chooses_the_font(tmp_path, monkeypatch):
    shop = write_shop(tmp_path / "shop", {**EN_SHOP, "fonts/mine.ttf": Path(DEJAVU).read_bytes()})
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text() + "share: {font: fonts/mine.ttf}\n", encoding="utf-8")
    chosen = []
    monkeypatch.setattr(card_stage, "find_fonts", lambda lang, path=None: chosen.append(path) or fonts.find_fonts(lang, path))
    build_shop(shop)
    assert chosen and chosen[0] == (shop / "fonts/mine.ttf").absolute()


def test_a_missing_share_font_is_an_error_at_its_line(tmp_path):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    text = (shop / "shop.yml").read_text()
    (shop / "shop.yml").write_text(text + "share:\n  font: fonts/nope.ttf\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_shop(shop)
    [error] = [e for e in failed.value.errors if e.field == "share.font"]
    assert error.path == "shop.yml" and error.line == text.count("\n") + 1
    assert "fonts/nope.ttf" in error.message and error.hint


def test_unknown_share_keys_suggest_the_right_one(tmp_path):
    shop = write_shop(tmp_path / "shop", EN_SHOP)
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text() + "share: {fonts: x.ttf}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_shop(shop)
    assert any(e.field == "share.fonts" and "font" in e.hint for e in failed.value.errors)
