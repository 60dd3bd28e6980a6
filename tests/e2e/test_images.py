"""Photos through a whole build: <picture> markup, stripped variants, the cache, bad files named."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from bs4 import BeautifulSoup
from PIL import Image

from tests.support import build_shop, page, write_shop
from tests.unit.test_images import photo, png_header
from weishop import cli
from weishop.media import metadata
from weishop.errors import BuildFailed

SHOP = {
    "shop.yml": """
        title: Hill Tea
        base_url: https://x.example/shop/
        language: en
        currency: USD
        seller: {name: Ann, avatar: images/me.jpg}
        order:
          channels:
            - {type: wechat, id: ann_tea, qr: images/qr.png}
        """,
    "content/images/me.jpg": photo(300, 300),
    "content/images/qr.png": photo(200, 200, fmt="PNG"),
    "content/products/tea/index.md": """
        ---
        title: Green Tea
        price: 10
        images: [a.jpg, b.jpg]
        ---
        Fresh leaves.

        ![Tea soup](soup.jpg)

        ![](b.jpg)
        """,
    "content/products/tea/a.jpg": photo(1800, 1200, orientation=6),
    "content/products/tea/b.jpg": photo(900, 600),
    "content/products/tea/soup.jpg": photo(700, 500),
    "content/stories/spring.md": """
        ---
        title: Spring picking
        date: 2024-04-01
        cover: cover.jpg
        ---
        The hills are green.
        """,
    "content/stories/cover.jpg": photo(1300, 700),
    "content/downloads/menu.jpg": photo(320, 200),  # referenced by nothing: copied as it is
}

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    shop = write_shop(tmp_path_factory.mktemp("photos"), SHOP)
    result = build_shop(shop)
    return shop, shop / "output", result


def srcset(value: str) -> list[tuple[str, int]]:
    return [(url, int(w[:-1])) for url, w in (item.strip().split() for item in value.split(","))]


def output_file(out: Path, url: str) -> Path:
    from urllib.parse import unquote
    assert url.startswith("/shop/"), url
    return out / unquote(url[len("/shop/"):])


def test_gallery_is_a_picture_with_srcset_sizes_and_dimensions(built):
    shop, out, _ = built
    html = BeautifulSoup((out / "products/tea/index.html").read_text(encoding="utf-8"), "html.parser")
    pictures = html.select(".gallery picture")
    assert len(pictures) == 2
    originals = [(1200, 1800), (900, 600)]  # a.jpg is turned upright by its orientation flag
    for picture, (width, height) in zip(pictures, originals):
        source, img = picture.find("source"), picture.find("img")
        assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
        assert (int(img["width"]), int(img["height"])) == (min(width, 1600), round(height * min(width, 1600) / width))
        for attr, ext in ((source["srcset"], ".webp"), (img["srcset"], ".jpg")):
            candidates = srcset(attr)
            assert candidates and all(w <= width for _, w in candidates)
            assert max(w for _, w in candidates) == int(img["width"])
            for url, w in candidates:
                assert url.endswith(ext)
                with Image.open(output_file(out, url)) as variant:
                    assert variant.width == w
        assert img["alt"] == "Green Tea"
        assert output_file(out, img["src"]).is_file()
    first, second = (p.find("img") for p in pictures)
    assert first.get("fetchpriority") == "high" and not first.get("loading")
    assert second["loading"] == "lazy" and second["decoding"] == "async"


def test_body_images_get_the_same_treatment(built):
    _, out, _ = built
    html = BeautifulSoup((out / "products/tea/index.html").read_text(encoding="utf-8"), "html.parser")
    imgs = html.select(".prose picture img")
    assert [i["alt"] for i in imgs] == ["Tea soup", "Green Tea"]  # no alt written: the title
    for img in imgs:
        assert img["loading"] == "lazy" and img["decoding"] == "async" and int(img["width"]) > 0
        assert img.find_parent("picture").find("source", type="image/webp")
        assert output_file(out, img["src"]).is_file()
    assert not html.select('.prose img[src$="soup.jpg"]')


def test_avatar_and_story_cover_are_pictures(built):
    _, out, _ = built
    home = page(out, "")
    avatar = home.select_one("img.avatar")
    assert avatar.find_parent("picture") and avatar["width"] == "300" and avatar.get("fetchpriority") == "high"
    story = page(out, "stories/spring/")
    cover = story.select_one(".cover picture img")
    assert cover["alt"] == "Spring picking" and (cover["width"], cover["height"]) == ("1300", "700")


def test_no_output_photo_keeps_exif_or_gps(built):
    shop, out, _ = built
    checked = 0
    for path in out.rglob("*"):
        if path.suffix.lower() not in IMAGE_SUFFIXES or path.parts[-2:] == ("downloads", "menu.jpg"):
            continue
        raw = path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info, path
        assert b"GPS" not in raw and b"PhoneMaker" not in raw, path
        checked += 1
    assert checked > 20


def test_original_paths_serve_the_stripped_upright_photo(built):
    shop, out, _ = built
    with Image.open(out / "products/tea/a.jpg") as image:
        assert image.size == (1200, 1800) and not image.getexif()
    with Image.open(out / "images/qr.png") as image:
        assert image.format == "PNG" and not image.getexif()
    assert (shop / "content/products/tea/a.jpg").read_bytes() == SHOP["content/products/tea/a.jpg"]  # originals untouched


def test_unreferenced_images_are_copied_with_only_their_metadata_cut(built):
    shop, out, _ = built
    published = (out / "downloads/menu.jpg").read_bytes()
    assert published == metadata.strip(SHOP["content/downloads/menu.jpg"])  # same pixels, byte for byte
    with Image.open(io.BytesIO(published)) as image:
        assert not image.getexif()
    assert (shop / "content/downloads/menu.jpg").read_bytes() == SHOP["content/downloads/menu.jpg"]


def test_cache_lives_in_the_shop_not_the_output(built):
    shop, out, _ = built
    assert any((shop / ".weishop-cache" / "images").rglob("*.webp"))
    assert not (out / ".weishop-cache").exists()


def _encoded(caplog) -> tuple[int, int]:
    """(images processed, files encoded) from the image stage's log line, (0, 0) if it did no work."""
    for record in caplog.records:
        found = re.match(r"images: (\d+) processed \((\d+) files encoded\)", record.getMessage())
        if found:
            return int(found[1]), int(found[2])
    return 0, 0


def test_second_build_does_no_image_work_and_an_edit_redoes_one_photo(tmp_path, caplog):
    files = {k: v for k, v in SHOP.items() if not k.startswith("content/stories/")}
    shop = write_shop(tmp_path / "shop", files)
    caplog.set_level(logging.INFO, logger="weishop.build.outputs.images")
    build_shop(shop)
    # WebP + JPEG per width: me 300 (2), qr 200 (2 + its PNG path), a 400/800/1200 (6), b 400/800/900 (6), soup 400/700 (4)
    assert _encoded(caplog) == (5, 21)
    cache_files = {p: p.stat().st_mtime_ns for p in (shop / ".weishop-cache").rglob("*") if p.is_file()}
    caplog.clear()
    build_shop(shop)
    assert _encoded(caplog) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in (shop / ".weishop-cache").rglob("*") if p.is_file()} == cache_files
    (shop / "content/products/tea/b.jpg").write_bytes(photo(900, 601))
    caplog.clear()
    build_shop(shop)
    assert _encoded(caplog) == (1, 6)


def _bytes(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_bad_images_are_errors_naming_the_file(tmp_path, capsys):
    whole = photo(800, 600)
    shop = write_shop(tmp_path / "shop", {
        "shop.yml": SHOP["shop.yml"].replace("avatar: images/me.jpg", "avatar: images/bomb.png"),
        "content/images/qr.png": photo(100, 100, fmt="PNG"),
        "content/images/bomb.png": png_header(20000, 20000),
        "content/products/x.md": """
            ---
            title: X
            price: 1
            images: [cut.jpg, notes.jpg]
            ---
            """,
        "content/products/cut.jpg": whole[: len(whole) // 2],
        "content/products/notes.jpg": b"just some text, renamed",
    })
    with pytest.raises(BuildFailed) as failed:
        build_shop(shop)
    by_place = {(e.path, e.field): e for e in failed.value.errors}  # where each image is used, naming the image
    assert "content/products/cut.jpg is damaged or incomplete" in by_place["content/products/x.md", "images[0]"].message
    assert "content/products/notes.jpg is not an image" in by_place["content/products/x.md", "images[1]"].message
    assert "content/images/bomb.png is too large" in by_place["shop.yml", "seller.avatar"].message
    assert cli.main(["build", "--shop", str(shop)]) == 1
    err = capsys.readouterr().err
    assert "content/products/x.md:4: images[0]: content/products/cut.jpg is damaged or incomplete" in err
    assert not (shop / "output").exists()


def test_odd_but_readable_images_build_with_warnings(tmp_path):
    frames = [Image.new("RGB", (90, 60), c) for c in ((250, 0, 0), (0, 250, 0))]
    shop = write_shop(tmp_path / "shop", {
        "shop.yml": SHOP["shop.yml"].replace("    seller: {name: Ann, avatar: images/me.jpg}", "    seller: {name: Ann}").replace(", qr: images/qr.png", ""),
        "content/products/x.md": """
            ---
            title: X
            price: 1
            images: [print.jpg, deep.png, anim.gif]
            ---
            """,
        "content/products/print.jpg": _bytes(Image.new("CMYK", (300, 200), (0, 200, 200, 0)), "JPEG"),
        "content/products/deep.png": _bytes(Image.new("I;16", (300, 200), 30000), "PNG"),
        "content/products/anim.gif": _bytes(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100),
    })
    result = build_shop(shop)
    warned = {(w.path, w.line, w.field): w.message for w in result.warnings}
    assert "print.jpg is a CMYK image" in warned["content/products/x.md", 4, "images[0]"]
    assert "anim.gif is animated" in warned["content/products/x.md", 4, "images[2]"]
    assert ("content/products/x.md", 4, "images[1]") not in warned  # deep.png: handled correctly, nothing to tell
    html = page(shop / "output", "products/x/")
    assert len(html.select(".gallery picture")) == 3
