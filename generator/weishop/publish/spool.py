"""Rendered pages waiting beside the output folder, and how files weishop made get into place.

When the output folder is a mount point (a Docker volume, a second disk, a network share), files
beside it are on another file system, where hard links and renames cannot reach: the spool and the
update journal are then kept inside it (`work_folder`), and the writer never swaps it.
"""

from __future__ import annotations

import hashlib
import os
import re
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
        self.folder = work_folder(out) / f".{out.name}.{SPOOL}-{os.getpid()}"
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


def is_mount_point(out: Path) -> bool:
    """True when `out` is an existing folder on a file system of its own (also a bind mount of the same disk)."""
    if not out.is_dir() or out.is_symlink():
        return False
    if os.path.ismount(out):
        return True
    try:  # Linux: a bind mount within one disk has the parent's device number, but renames still cannot cross it
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
            points = {re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
                      for line in handle if len(line.split()) > 4}
    except OSError:
        return False
    return os.path.realpath(out) in points


def work_folder(out: Path, inside: bool = False) -> Path:
    """Where this build's spool and journal go: beside the output, or inside it when it is a mount point."""
    return out if inside or is_mount_point(out) else out.parent


def work_places(out: Path) -> list[Path]:
    """Every folder a build's spool or journal may have been left in."""
    return [out.parent] + ([out] if out.is_dir() and not out.is_symlink() else [])


def is_work_name(out: Path, name: str) -> bool:
    return name.startswith(f".{out.name}.weishop-")


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
