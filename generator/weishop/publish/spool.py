"""Rendered pages waiting beside the output folder, and how files weishop made get into place."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from weishop.publish.files import MARKER, MARKER_TEXT
from weishop.utils.cache import CACHE_DIR

SPOOL = "weishop-spool"  # rendered pages waiting to be written (Spool)


class Spool:
    """Rendered pages on disk beside the output until the site is written.

    Workers write their pages here and return only a hash, so a 10,000-product build neither
    holds 20,000 pages in memory nor pipes them to the parent; the writer then hard-links them
    into place. The folder carries the output marker, so a killed build's spool is cleaned up.
    """

    def __init__(self, out: Path):
        self.folder = out.parent / f".{out.name}.{SPOOL}-{os.getpid()}"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def path(self, number: int) -> Path:
        return self.folder / f"{number}.html"

    def put(self, number: int, data: bytes) -> str:
        with open(self.path(number), "wb") as handle:
            handle.write(data)
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_file(source: Path, target: Path) -> None:
    """Hard-link files weishop made (build cache, spooled pages: never changed in place), copy everything else.

    The seller's own files are always copied: a tool that edits the published copy must never
    reach their original.
    """
    if CACHE_DIR in source.parts or SPOOL in source.parent.name:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)
