"""Photos are decoded only as the formats weishop means to publish, decided by content; every image
error is reported where the image is used (`file:line: field`), naming the image."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.hostile.hostile_support import one_error, snapshot
from tests.support import jpeg, png

TEA = "content/products/tea.md"


def fits() -> bytes:
    """An astronomy image (FITS): Pillow reads it, browsers and weishop do not."""
    cards = ["SIMPLE  = %20s" % "T", "BITPIX  = %20d" % 8, "NAXIS   = %20d" % 2, "NAXIS1  = %20d" % 8,
             "NAXIS2  = %20d" % 6, "END"]
    return "".join(c.ljust(80) for c in cards).ljust(2880).encode() + bytes(range(48)).ljust(2880, b"\0")


def saved(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buffer, fmt)
    return buffer.getvalue()


def product(images: str, body: str = "A good tea.") -> str:
    return f"---\ntitle: Green Tea\nprice: 12\nimages: [{images}]\n---\n{body}\n"


@pytest.mark.parametrize("data, what", [
    (fits(), "FITS"),
    (saved("TIFF"), "TIFF"),
    (saved("BMP"), "BMP"),
    (saved("PCX"), "PCX"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not an image"),
])
def test_other_formats_are_refused_by_content_naming_file_format_and_line(hostile, data, what):
    hostile.write({TEA: product("ok.jpg, photo.jpg"), "content/products/ok.jpg": jpeg(), "content/products/photo.jpg": data})
    error = one_error(hostile.fails(), TEA, 4, "images[1]", "content/products/photo.jpg", what)
    assert "jpeg" in error.hint.lower()


@pytest.mark.parametrize("name, data", [("real-png.jpg", png()), ("a.webp", saved("WEBP")), ("a.gif", saved("GIF")),
                                        ("a.avif", saved("AVIF"))])
def test_the_formats_weishop_means_to_publish_build(hostile, name, data):
    hostile.write({TEA: product(name), f"content/products/{name}": data})
    result = hostile.succeeds()
    assert result.site.by_slug["tea"].images[0].path == f"products/{name}"
    assert any(p.suffix == ".webp" for p in (hostile.out / "products").iterdir())


def bomb() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


def test_broken_and_bomb_images_name_the_line_of_their_images_entry(hostile):
    hostile.write({TEA: "---\ntitle: Green Tea\nprice: 12\nimages:\n  - ok.jpg\n  - {src: broken.jpg, alt: Leaves}\n  - bomb.png\n---\nx\n",
                   "content/products/ok.jpg": jpeg(), "content/products/broken.jpg": jpeg(400, 300)[:600],
                   "content/products/bomb.png": bomb()})
    errors = hostile.fails()
    one_error(errors, TEA, 6, "images[1]", "content/products/broken.jpg", "damaged")
    one_error(errors, TEA, 7, "images[2]", "content/products/bomb.png", "too large")


def test_story_cover_error_names_the_cover_line(hostile):
    hostile.write({"content/stories/spring.md": "---\ntitle: Spring\ndate: 2024-05-01\ncover: bad.jpg\n---\nx\n",
                   "content/stories/bad.jpg": jpeg(400, 300)[:600]})
    one_error(hostile.fails(), "content/stories/spring.md", 4, "cover", "content/stories/bad.jpg")


def test_avatar_error_names_its_shop_yml_line(hostile):
    text = (hostile.shop / "shop.yml").read_text()
    hostile.write({"shop.yml": text.replace("seller: {name: Ann}", "seller:\n  name: Ann\n  avatar: images/me.jpg"),
                   "content/images/me.jpg": fits()})
    lines = (hostile.shop / "shop.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "avatar:" in text)
    one_error(hostile.fails(), "shop.yml", line, "seller.avatar", "content/images/me.jpg", "FITS")


def test_body_image_error_names_its_body_line(hostile):
    hostile.write({TEA: "---\ntitle: Green Tea\nprice: 12\n---\nA good tea.\n\n![leaves](leaves.jpg)\n",
                   "content/products/leaves.jpg": jpeg(400, 300)[:600]})
    one_error(hostile.fails(), TEA, 7, "body", "content/products/leaves.jpg")


def test_a_refused_image_is_not_published_anywhere(hostile):
    hostile.write({TEA: product("photo.jpg"), "content/products/photo.jpg": fits()})
    before = snapshot(hostile.out)
    hostile.fails()
    assert snapshot(hostile.out) == before
