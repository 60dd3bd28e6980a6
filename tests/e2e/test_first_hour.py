"""A seller's first hour, as they meet it: settings that were silently ignored, problems hidden by others,
the gallery's crop, a summary shown twice, a QR code reported at the wrong line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.support import build_shop, jpeg, page, png, write_shop
from weishop.errors import BuildFailed

SHOP = """
    title: Hill Tea
    base_url: https://hilltea.example.com/
    language: en
    seller: {name: Lin}
    order:
      channels:
        - {type: whatsapp, phone: "+852 9123 4567"}
    """
TEA = """
    ---
    title: Oolong
    price: 30
    ---
    Roasted over charcoal.

    Keeps for a year.
    """


def shop_with(tmp_path: Path, files: dict) -> Path:
    return write_shop(tmp_path / "shop", {"shop.yml": SHOP, "content/products/oolong.md": TEA, **files})


def failed(shop: Path) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        build_shop(shop)
    return [str(e) for e in caught.value.errors]


# --- settings that were accepted and ignored ------------------------------------------------------

def test_an_unquoted_colour_is_a_warning_that_explains_the_hash(tmp_path):
    shop = shop_with(tmp_path, {"shop.yml": SHOP + "accent: #2a7ae2\n"})
    warnings = [str(w) for w in build_shop(shop).warnings]
    assert "shop.yml:8: accent: is empty: YAML reads '#2a7ae2' as a note, not as the value " \
           "(put it in quotes: accent: \"#2a7ae2\")" in warnings


def test_a_comment_after_an_empty_setting_is_no_mistake(tmp_path):
    shop = shop_with(tmp_path, {"shop.yml": SHOP + "tagline:   # one line under the name\n"})
    assert not [w for w in build_shop(shop).warnings if w.field == "tagline"]


@pytest.mark.parametrize("written, meant", [("zh", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh_CN", "zh-CN"), ("zh-HK", "zh-TW"), ("ZH-tw", "zh-TW")])
def test_a_language_close_to_a_supported_one_is_read_as_it_with_a_note(tmp_path, written, meant):
    shop = shop_with(tmp_path, {"shop.yml": SHOP.replace("language: en", f"language: {written}")})
    result = build_shop(shop)
    assert result.site.config.language == meant
    [note] = [w for w in result.warnings if w.field == "language"]
    assert note.line == 3 and note.message.startswith(f"'{written}' is read as {meant}")
    assert page(shop / "output", "").html["lang"] == meant


@pytest.mark.parametrize("written", ["fr", "de-DE", "klingon"])
def test_an_unsupported_language_is_an_error_listing_the_supported(tmp_path, written):
    shop = shop_with(tmp_path, {"shop.yml": SHOP.replace("language: en", f"language: {written}")})
    assert f"shop.yml:3: language: '{written}' is not a language weishop's pages come in " \
           "(write one of zh-CN, zh-TW, en, ja)" in failed(shop)


def test_english_of_any_region_is_english(tmp_path):
    shop = shop_with(tmp_path, {"shop.yml": SHOP.replace("language: en", "language: en-GB")})
    result = build_shop(shop)
    assert result.site.config.language == "en-GB" and result.site.config.currency == "GBP"
    assert not [w for w in result.warnings if w.field == "language"]


def test_tags_written_with_commas_are_a_warning(tmp_path):
    doc = TEA.replace("price: 30", "price: 30\n    tags: 乌龙, 炭焙")
    warnings = [str(w) for w in build_shop(shop_with(tmp_path, {"content/products/oolong.md": doc})).warnings]
    assert "content/products/oolong.md:4: tags: '乌龙, 炭焙' is one tag (for several, write tags: [乌龙, 炭焙])" in warnings


def test_a_compare_at_price_not_above_the_price_is_a_warning(tmp_path):
    doc = TEA.replace("price: 30", "price: 30\n    compare_at: 25")
    warnings = [str(w) for w in build_shop(shop_with(tmp_path, {"content/products/oolong.md": doc})).warnings]
    assert "content/products/oolong.md:4: compare_at: 25 is not more than the price 30, so it is not shown " \
           "(compare_at is the old, higher price; delete it when there is none)" in warnings


def test_a_common_currency_slip_gets_the_code(tmp_path):
    shop = shop_with(tmp_path, {"shop.yml": SHOP + "currency: RMB\n"})
    assert "shop.yml:8: currency: 'RMB' is not an ISO 4217 currency code (did you mean CNY?)" in failed(shop)


# --- all problems of a file in one run ------------------------------------------------------------

def test_a_price_error_does_not_hide_a_missing_image(tmp_path):
    doc = TEA.replace("price: 30", "price: cheap\n    images: [gone.jpg]")
    errors = failed(shop_with(tmp_path, {"content/products/oolong.md": doc}))
    assert [e for e in errors if e.startswith("content/products/oolong.md")] == [
        "content/products/oolong.md:3: price: 'cheap' is not a price (write a number like 168 or 39.90)",
        "content/products/oolong.md:4: images[0]: image 'gone.jpg' not found (looked in content/products/ and content/)",
    ]


def test_an_empty_title_is_one_error(tmp_path):
    errors = failed(shop_with(tmp_path, {"content/products/oolong.md": TEA.replace("title: Oolong", "title:")}))
    assert errors == ["content/products/oolong.md:2: title: is empty (write a value after 'title:')"]


def test_a_missing_wechat_qr_is_reported_once_at_its_line(tmp_path):
    yml = SHOP.replace('- {type: whatsapp, phone: "+852 9123 4567"}',
                       '- {type: whatsapp, phone: "+852 9123 4567"}\n        - {type: wechat, id: lin_tea, qr: images/qr.png}')
    errors = failed(shop_with(tmp_path, {"shop.yml": yml}))
    assert errors == ["shop.yml:8: order.channels[1].qr: image 'images/qr.png' not found (looked in content/)"]


# --- what the buyer sees ----------------------------------------------------------------------------

PORTRAIT = {"content/products/mug/index.md": """
    ---
    title: Mug
    price: 20
    images: [tall.jpg, {src: wide.jpg, fit: cover}]
    ---
    A tall mug.
    """, "content/products/mug/tall.jpg": jpeg(600, 900), "content/products/mug/wide.jpg": jpeg(900, 600)}


def test_the_gallery_shows_whole_photos_unless_the_seller_asks_to_crop(tmp_path):
    shop = shop_with(tmp_path, PORTRAIT)
    build_shop(shop)
    slides = page(shop / "output", "products/mug/").select(".slides li")
    assert [li.get("class") for li in slides] == [None, ["fit-cover"]]
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text() + "images_fit: cover\n", encoding="utf-8")
    build_shop(shop)
    assert page(shop / "output", "products/mug/").select_one(".gallery")["class"] == ["gallery", "fit-cover"]


def test_images_fit_takes_contain_or_cover(tmp_path):
    shop = shop_with(tmp_path, {"shop.yml": SHOP + "images_fit: stretch\n"})
    assert "shop.yml:8: images_fit: 'stretch' is not contain or cover (contain shows the whole photo, cover crops it to fill the square)" in failed(shop)


def test_the_first_paragraph_is_not_shown_twice(tmp_path):
    shop = shop_with(tmp_path, {})
    build_shop(shop)
    product = page(shop / "output", "products/oolong/")
    assert product.select_one(".buy .summary") is None
    assert product.select_one(".prose p").get_text() == "Roasted over charcoal."
    assert product.select_one('meta[name="description"]')["content"] == "Roasted over charcoal."
    written = TEA.replace("price: 30", "price: 30\n    summary: Charcoal-roasted oolong")
    shop = shop_with(tmp_path / "2", {"content/products/oolong.md": written})
    build_shop(shop)
    assert page(shop / "output", "products/oolong/").select_one(".buy .summary").get_text() == "Charcoal-roasted oolong"


def _sideways_photo() -> bytes:
    """A phone photo stored landscape (40×20, left half red) with EXIF 'rotate 90° clockwise' and a GPS position."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def test_a_photo_no_page_uses_keeps_its_orientation_without_its_metadata(tmp_path):
    shop = shop_with(tmp_path, {"content/downloads/sideways.jpg": _sideways_photo()})
    build_shop(shop)
    with Image.open(shop / "output" / "downloads" / "sideways.jpg") as published:
        size, exif, top = published.size, published.getexif(), published.getpixel((10, 5))
    assert size == (20, 40)  # turned upright
    assert not exif  # no orientation, no GPS, nothing
    assert top[0] > 200 and top[2] < 60  # the red half is on top after a clockwise turn


# --- weishop init ------------------------------------------------------------------------------------

def test_init_into_a_busy_folder_suggests_a_free_name(tmp_path, capsys, monkeypatch):
    from weishop.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "myshop").mkdir()
    (tmp_path / "myshop" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "myshop-2").mkdir()
    assert main(["init", "myshop"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("weishop init myshop-3")  # in the new shop's language (zh-CN)


def test_init_prints_a_cd_that_works_with_spaces(tmp_path, capsys, monkeypatch):
    from weishop.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["init", "我的 店"]) == 0
    assert "  cd '我的 店'\n" in capsys.readouterr().out
    assert main(["init", "我的店"]) == 0
    assert "  cd 我的店\n" in capsys.readouterr().out
