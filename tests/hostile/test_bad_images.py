"""Broken, hostile and odd photos: each reported or handled per file; never a crash, hang or memory blow-up.

The image pipeline is images.py (the photos feature); these cases check it from the seller's side.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from tests.hostile.hostile_support import diff, snapshot
from tests.support import jpeg


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels but carries almost no data (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), c) for c in ((250, 0, 0), (0, 250, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


BROKEN = {
    "bomb.png": png_header(30000, 30000),
    "wide.png": png_header(100000, 10),
    "truncated.jpg": jpeg(400, 300)[:600],
    "page.jpg": b"<!doctype html><html><script>alert(1)</script></html>",
    "empty.jpg": b"",
}
ODD = {
    "cmyk.jpg": lambda: encoded(Image.new("CMYK", (120, 80), (0, 200, 200, 0)), "JPEG"),
    "deep.png": lambda: encoded(Image.new("I;16", (120, 80), 30000), "PNG"),
    "palette-alpha.png": lambda: encoded(Image.new("P", (120, 80), 3), "PNG", transparency=3),
    "anim.gif": animated_gif,
}


def product_using(names) -> str:
    return f"---\ntitle: Photos\nprice: 1\nimages: [{', '.join(names)}]\n---\nx\n"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    from tests.hostile.hostile_support import make_hostile

    case = make_hostile(tmp_path_factory.mktemp("bad-images"))
    files = {f"content/products/photos/{name}": data for name, data in BROKEN.items()}
    files["content/products/photos/index.md"] = product_using(BROKEN)
    case.write(files)
    before = snapshot(case.root)
    output_before = snapshot(case.out)
    errors = case.fails()
    return case, errors, before, output_before


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_photo_is_reported_by_name(broken_build, name):
    _, errors, _, _ = broken_build
    field = f"images[{list(BROKEN).index(name)}]"  # reported where it is used, naming the photo
    mine = [e for e in errors if (e.path, e.line, e.field) == ("content/products/photos/index.md", 4, field)]
    assert len(mine) == 1, [str(e) for e in errors]
    assert f"content/products/photos/{name} " in mine[0].message and mine[0].hint


def test_broken_photos_leave_everything_as_it_was(broken_build):
    case, _, before, output_before = broken_build
    assert diff(before, snapshot(case.root)) == []
    assert snapshot(case.out) == output_before


def test_odd_but_real_photos_build(hostile):
    files = {f"content/products/photos/{name}": make() for name, make in ODD.items()}
    files["content/products/photos/index.md"] = product_using(ODD)
    hostile.write(files)
    result = hostile.succeeds()
    assert len(result.site.by_slug["photos"].images) == len(ODD)
    warned = {(w.path, w.field) for w in result.warnings}
    index = "content/products/photos/index.md"
    assert {(index, f"images[{list(ODD).index('cmyk.jpg')}]"), (index, f"images[{list(ODD).index('anim.gif')}]")} <= warned
