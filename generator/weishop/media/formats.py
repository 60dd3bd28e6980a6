"""Which decoders ever see a seller's file: JPEG, PNG, WebP, GIF, HEIC/HEIF and AVIF, decided by content.

Pillow knows some forty formats (FITS, TIFF, PSD, PCX …). Opening photos with all of them would
publish an astronomy file renamed `photo.jpg` and expose every one of those decoders to hostile
bytes; here only the formats weishop means to publish are tried, and anything else is named for
what it really is.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from PIL import Image as PILImage

FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF", "AVIF")
FORMAT_HINT = "save it as JPEG, PNG or WebP (HEIC, AVIF and GIF work too)"


@functools.cache  # registering the opener once per process is enough
def heif_readable() -> bool:
    """iPhone photos (HEIC) open like any other when pillow-heif is installed."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


@functools.cache
def allowed_formats() -> tuple[str, ...]:
    """The FORMATS this Pillow can open, without loading its other plugins."""
    heif_readable()
    PILImage.preinit()  # JPEG, PNG, GIF (and BMP, PPM, which are not asked for)
    for plugin in ("WebPImagePlugin", "AvifImagePlugin"):  # not among the few Pillow registers up front
        try:
            importlib.import_module(f"PIL.{plugin}")
        except ImportError:
            pass
    return tuple(f for f in FORMATS if f in PILImage.OPEN)


def open_photo(source: Path | str) -> PILImage.Image:
    """A photo opened with the allowed decoders only; UnidentifiedImageError for anything else."""
    return PILImage.open(source, formats=allowed_formats())


def unopened(source: Path) -> tuple[str, str]:
    """A message and a fix for a file `open_photo` refused: what it really is, when Pillow's signature checks know."""
    if source.suffix.lower() in (".heic", ".heif") and not heif_readable():
        return "is a HEIC photo, which cannot be read here", "install pillow-heif, or export the photo as JPEG"
    name, description = real_format(source)
    if name in allowed_formats():  # its decoder gave up on it
        return f"is a damaged {name} file", "copy or export the photo again"
    if name:
        shown = description if name.lower() in description.lower() else f"{description} ({name})"
        return f"is a {shown} file, not a photo format weishop publishes (whatever its name says)", FORMAT_HINT
    return "is not an image: its content is no JPEG, PNG, WebP, GIF, HEIC or AVIF photo", FORMAT_HINT


def real_format(source: Path) -> tuple[str, str]:
    """(Pillow's name, description) of a file from its first bytes, as Pillow's own signature checks see
    them; ("", "") if none knows it. Only the checks run, never a decoder."""
    try:
        with open(source, "rb") as handle:
            prefix = handle.read(16)
    except OSError:
        return "", ""
    PILImage.init()  # only on this error path: every plugin registered, for its signature check
    for name, (factory, accept) in PILImage.OPEN.items():
        if accept is not None and prefix and accept(prefix):
            return name, getattr(factory, "format_description", "") or name
    return "", ""
