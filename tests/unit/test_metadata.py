import io

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from weishop.media import metadata


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (22.0, 30.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"home address")
    return buffer.getvalue()


def test_jpeg_loses_exif_and_comments_but_not_its_pixels():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    stripped = metadata.strip(original)
    image = Image.open(io.BytesIO(stripped))
    assert not image.getexif() and "comment" not in image.info
    assert b"PhoneMaker" not in stripped and b"home address" not in stripped
    assert image.tobytes() == Image.open(io.BytesIO(original)).tobytes()  # lossless


def test_png_loses_text_chunks():
    info = PngInfo()
    info.add_text("Location", "22.5N 114.1E")
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (1, 2, 3, 4)).save(buffer, "PNG", pnginfo=info)
    stripped = metadata.strip(buffer.getvalue())
    assert b"Location" not in stripped
    assert Image.open(io.BytesIO(stripped)).getpixel((0, 0)) == (1, 2, 3, 4)


def test_anything_else_is_left_alone():
    assert metadata.strip(b"not an image") == b"not an image"
    assert metadata.strip(b"\xff\xd8\x00garbage") == b"\xff\xd8\x00garbage"
