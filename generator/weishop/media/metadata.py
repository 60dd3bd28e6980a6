"""Removes hidden metadata (GPS position, camera, names) from photos copied as they are.

Photos a product or story references are re-encoded by images.py, which drops all
metadata. Other photos under content/ are published byte for byte, so here only the
metadata blocks are cut out, losslessly: JPEG APP1 (Exif, XMP) and APP13 (IPTC)
segments and comments; PNG text and eXIf chunks. Colour profiles are kept.
"""

from __future__ import annotations

import struct
import zlib

JPEG_DROP = {0xE1, 0xED, 0xFE}  # APP1 Exif/XMP, APP13 IPTC/Photoshop, COM
PNG_DROP = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def strip(data: bytes) -> bytes:
    """`data` without metadata when it is a JPEG or PNG we can read; otherwise unchanged."""
    if data[:2] == b"\xff\xd8":
        return _strip_jpeg(data)
    if data[:8] == PNG_SIGNATURE:
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data  # not the layout we expect: publish unchanged rather than break it
        marker = data[pos + 1]
        if marker == 0xD9 or marker == 0xDA:  # end of image, or start of the compressed picture: copy the rest
            out += data[pos:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if end > len(data):
            return data
        if marker not in JPEG_DROP:
            out += data[pos:end]
        pos = end
    return data


def _strip_png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data) or zlib.crc32(data[pos + 4 : end - 4]) != struct.unpack(">I", data[end - 4 : end])[0]:
            return data
        if kind not in PNG_DROP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    return data
