"""Image plans and variants: orientation, metadata stripped, widths, bad files named with a fix."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from weishop.media import images
from weishop.utils.cache import Cache
from weishop.content.model import Image as ContentImage


def photo(width: int, height: int, orientation: int = 1, gps: bool = True, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A phone-like photo: EXIF with orientation, camera, GPS position; an ICC profile."""
    image = Image.new(mode, (width, height), (200, 120, 40) if mode == "RGB" else None)
    if mode == "RGB":
        image.paste((20, 60, 200), (0, 0, width // 4, height // 4))  # marks the top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (22.0, 33.0, 44.0), 3: "E", 4: (113.0, 1.0, 2.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), icc_profile=icc, **({"quality": 85} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def png_header(width: int, height: int, depth: int = 8, color: int = 2) -> bytes:
    """A PNG with the given header and a tiny (wrong) body: enough for Pillow to read the size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def content_image(tmp_path: Path, name: str, data: bytes) -> ContentImage:
    source = tmp_path / "content" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    return ContentImage(path=name, source=source, alt="A photo")


def process(tmp_path: Path, image: ContentImage) -> tuple[images.Plan, dict[str, Image.Image], int]:
    """Plan and make every variant; returns the plan, the opened outputs by path, and encodes done."""
    plan = images.plan_image(image)
    assert not plan.error, plan.error
    wanted = images.wanted_variants(plan)
    encodes = images.make_variants(str(image.source), str(tmp_path), plan.key, wanted, any(v.kind == "png" for v in plan.fallback))
    cache = Cache(tmp_path)
    outputs = {}
    for variant in plan.variants + ((plan.original,) if plan.original else ()):
        data = cache.path(images.NAMESPACE, plan.key, variant.suffix).read_bytes()
        opened = Image.open(io.BytesIO(data))
        opened.load()
        opened.raw = data  # type: ignore[attr-defined]
        outputs[variant.path + ("#original" if variant is plan.original else "")] = opened
    return plan, outputs, encodes


def assert_no_metadata(opened: Image.Image) -> None:
    raw: bytes = opened.raw  # type: ignore[attr-defined]
    assert not opened.getexif(), "EXIF left in an output image"
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(opened.info), opened.info.keys()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw and b"GPS" not in raw


@pytest.mark.parametrize("width, expected", [
    (4000, [400, 800, 1200, 1600]),
    (1700, [400, 800, 1200, 1600]),
    (1600, [400, 800, 1200, 1600]),
    (1500, [400, 800, 1200, 1500]),
    (820, [400, 820]),
    (600, [400, 600]),
    (400, [400]),
    (120, [120]),
    (1, [1]),
])
def test_widths_are_never_upscaled_nor_near_duplicates(width, expected):
    assert images.variant_widths(width) == expected
    assert max(images.variant_widths(width)) <= width


def test_orientation_6_comes_out_portrait_without_any_metadata(tmp_path):
    image = content_image(tmp_path, "images/rotated.jpg", photo(1800, 1200, orientation=6))
    plan, outputs, encodes = process(tmp_path, image)
    assert (plan.width, plan.height) == (1200, 1800)
    assert [v.width for v in plan.webp] == [400, 800, 1200]
    assert encodes == 6  # 3 widths × (WebP + JPEG); the original path reuses the largest JPEG
    for path, opened in outputs.items():
        assert opened.height > opened.width, path
        assert_no_metadata(opened)
        # the blue corner was top-left as stored; turned a quarter clockwise it is top-right
        r, g, b = opened.convert("RGB").getpixel((opened.width - 5, 5))
        assert b > 150 and r < 80, (path, (r, g, b))
    assert {o.format for o in outputs.values()} == {"WEBP", "JPEG"}
    assert outputs["images/rotated.jpg#original"].size == (1200, 1800)


def test_variant_sizes_match_the_plan(tmp_path):
    image = content_image(tmp_path, "p/a.jpg", photo(1000, 750))
    plan, outputs, _ = process(tmp_path, image)
    for variant in plan.variants:
        assert outputs[variant.path].size == (variant.width, variant.height)
    assert plan.src.width == 800  # the <img src> for browsers without srcset


def test_transparent_png_keeps_png_as_fallback(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGBA", (500, 300), (10, 200, 10, 100)).save(buffer, "PNG")
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "logo.png", buffer.getvalue()))
    assert {v.kind for v in plan.fallback} == {"png"}
    assert outputs["logo.png#original"].format == "PNG"
    for opened in outputs.values():
        assert opened.mode == "RGBA" and opened.getpixel((3, 3))[3] == 100
        assert_no_metadata(opened)


def test_opaque_png_becomes_jpeg_and_webp_but_its_path_stays_png(tmp_path):
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "qr.png", photo(300, 300, fmt="PNG")))
    assert {v.kind for v in plan.fallback} == {"jpeg"}
    assert outputs["qr.png#original"].format == "PNG"
    for opened in outputs.values():
        assert_no_metadata(opened)


def test_sixteen_bit_grey_png_is_scaled_not_clipped(tmp_path):
    buffer = io.BytesIO()
    Image.new("I;16", (200, 100), 40000).save(buffer, "PNG")
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "deep.png", buffer.getvalue()))
    grey = outputs["deep.png#original"].convert("L").getpixel((10, 10))
    assert 150 <= grey <= 160  # 40000 / 65535 of white, not clipped to 255


def test_cmyk_jpeg_is_converted_with_a_warning(tmp_path):
    buffer = io.BytesIO()
    Image.new("CMYK", (300, 200), (0, 200, 200, 0)).save(buffer, "JPEG")
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "print.jpg", buffer.getvalue()))
    assert any("CMYK" in w for w in plan.warnings)
    r, g, b = outputs["print.jpg#original"].getpixel((5, 5))
    assert r > 200 and g < 100 and b < 100  # cyan 0, magenta+yellow: red


def test_animated_gif_keeps_its_first_frame_with_a_warning(tmp_path):
    frames = [Image.new("RGB", (120, 80), c) for c in ((250, 0, 0), (0, 250, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "anim.gif", buffer.getvalue()))
    assert any("animated (3 frames)" in w for w in plan.warnings)
    assert plan.original is None  # browsers get the variants; a .gif path would lie about the format
    r, g, b = next(iter(outputs.values())).convert("RGB").getpixel((5, 5))
    assert r > 200 and g < 50


def test_heic_from_an_iphone_is_read(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 160, 90)).save(buffer, "HEIF", quality=60)
    plan, outputs, _ = process(tmp_path, content_image(tmp_path, "IMG_0001.HEIC", buffer.getvalue()))
    assert (plan.width, plan.height) == (640, 480) and plan.original is None
    assert {o.format for o in outputs.values()} == {"WEBP", "JPEG"}


@pytest.mark.parametrize("data, words", [
    (b"hello, I am a text file", "is not an image"),
    (b"", "is not an image"),
    (png_header(20000, 20000), "too large to process safely"),
])
def test_unreadable_files_are_refused_at_planning(tmp_path, data, words):
    plan = images.plan_image(content_image(tmp_path, "bad.jpg", data))
    assert words in plan.error and plan.hint


def test_decompression_bomb_guard_stays_on():
    assert Image.MAX_IMAGE_PIXELS and Image.MAX_IMAGE_PIXELS <= 200_000_000


def test_truncated_photo_fails_in_the_worker_with_a_clear_message(tmp_path):
    whole = photo(1200, 900)
    image = content_image(tmp_path, "cut.jpg", whole[: len(whole) // 2])
    plan = images.plan_image(image)
    assert not plan.error  # the header is intact
    with pytest.raises(OSError) as caught:
        images.make_variants(str(image.source), str(tmp_path), plan.key, images.wanted_variants(plan), False)
    message, hint = images.image_problem(images.ReportedError(f"OSError: {caught.value}"), image.source)
    assert message.startswith("is damaged or incomplete") and "again" in hint


def test_key_changes_with_the_photo_and_names_carry_it(tmp_path):
    first = images.plan_image(content_image(tmp_path, "a.jpg", photo(500, 400)))
    second = images.plan_image(content_image(tmp_path, "a.jpg", photo(500, 401)))
    assert first.key != second.key
    assert first.variants[0].path != second.variants[0].path
    assert first.variants[0].path.startswith("a-400.")
