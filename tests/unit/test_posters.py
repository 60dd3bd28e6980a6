"""Posters: exact size, the QR code decodes to the product's absolute URL, layout survives missing photos."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tests.support import jpeg
from weishop.media import fonts
from weishop.media.posters import POSTER_SIZE, PosterSpec, draw_poster, poster_path, qr_image


def decode(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.fixture(scope="module")
def cjk() -> fonts.FontPair:
    return fonts.find_fonts("zh-CN")


@pytest.mark.parametrize("url", [
    "https://aqing-tea.pages.dev/products/dahongpao-2024/",
    "https://example.github.io/maple/products/%E9%87%91%E9%AA%8F%E7%9C%89/",
    "http://localhost:8000/products/" + "x" * 120 + "/",
])
def test_qr_code_decodes_to_the_url(url):
    assert decode(qr_image(url, 216)) == [url]


@pytest.mark.parametrize("with_photo", [True, False])
def test_poster_is_exactly_750_by_1334_and_its_qr_opens_the_product(cjk, tmp_path, with_photo):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(jpeg(900, 600, (90, 120, 40)))
    avatar = tmp_path / "a.jpg"
    avatar.write_bytes(jpeg(120, 120, (200, 150, 100)))
    url = "https://aqing-tea.pages.dev/products/dahongpao/"
    spec = PosterSpec(title="武夷岩茶 · 大红袍 2024 特级正岩" * 4, url=url, price="¥168.00 起", was="¥198.00",
                      summary="岩韵明显，焙火适中。" * 20, seller="阿青", shop="山野茶舍", scan_hint="长按识别二维码，查看商品",
                      photo=str(photo) if with_photo else None, avatar=str(avatar) if with_photo else None, fonts=cjk)
    image = Image.open(io.BytesIO(draw_poster(spec)))
    assert image.format == "PNG" and image.size == POSTER_SIZE
    assert decode(image) == [url]
    qr = qr_image(url, 216)
    left, top = POSTER_SIZE[0] - 48 - qr.width + 8, POSTER_SIZE[1] - 48 - 216 - 28 + 20
    colours = image.convert("RGB").crop((left, top, left + qr.width, top + qr.height)).getcolors()
    assert {colour for _, colour in colours} == {(0, 0, 0), (255, 255, 255)}  # the palette keeps the code crisp


def test_poster_path():
    assert poster_path("dahongpao") == "posters/dahongpao.png"
