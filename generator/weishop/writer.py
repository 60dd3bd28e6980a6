"""Writes the built site: staged beside the output folder, swapped in only when complete.

Nothing outside the output folder is ever written or deleted. An existing folder is
replaced only if a marker file shows weishop made it. Files whose bytes did not change
are hard-linked from the previous output, keeping their mtime so hosts skip them.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import UsageError

MARKER = ".weishop-output"
MARKER_TEXT = "This folder is made by `weishop build` and replaced on every build. Do not keep files here.\n"


@dataclass
class Output:
    """One file of the site: bytes, or a source file to copy; `origin` names where it came from."""

    origin: str
    data: bytes | None = None
    source: Path | None = None


class OutputConflict(Exception):
    def __init__(self, path: str, first: str, second: str):
        super().__init__(f"{first} and {second} both write {path}")
        self.path, self.first, self.second = path, first, second


@dataclass
class SiteFiles:
    """Output paths to contents; refuses unsafe paths and two sources on one path (also by case/Unicode)."""

    files: dict[str, Output] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, output: Output) -> None:
        clean = safe_relative(path)
        folded = unicodedata.normalize("NFC", clean).casefold()
        if folded in self._folded:
            raise OutputConflict(clean, self.files[self._folded[folded]].origin, output.origin)
        self._folded[folded] = clean
        self.files[clean] = output


def safe_relative(path: str) -> str:
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or any(":" in p for p in pure.parts[:1]):
        raise ValueError(f"unsafe output path {path!r}")
    return pure.as_posix()


def check_output_dir(out: Path, shop: Path) -> None:
    """Refuse folders weishop must never replace; the message says why."""
    out_real = out.resolve()
    shop_real = shop.resolve()
    home = Path.home().resolve()
    if out.is_symlink():
        raise UsageError(f"{out} is a symlink; weishop will not replace it, choose a real folder with --out")
    if out_real == Path(out_real.anchor) or out_real == home:
        raise UsageError(f"refusing to use {out_real} as the output folder (it is / or your home folder)")
    protected = [shop_real] + [(shop_real / n).resolve() for n in ("content", "static", "themes", "shop.yml")]
    for keep in protected:
        if out_real == keep or keep.is_relative_to(out_real):
            raise UsageError(f"refusing to build into {out}: it contains your shop's {keep.name or keep} and would be replaced", )
        if out_real.is_relative_to(keep) and keep != shop_real:
            raise UsageError(f"refusing to build into {out}: it is inside your shop's {keep.name}/ folder")
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(f"{out} is not empty and was not made by weishop (no {MARKER} file); move its files away or choose another folder with --out")


def write_site(out: Path, shop: Path, site_files: SiteFiles) -> dict[str, int]:
    """Stage every file, then swap the staged folder in; returns counts (written, linked)."""
    check_output_dir(out, shop)
    stage = out.parent / f".{out.name}.weishop-stage-{os.getpid()}"
    old = out.parent / f".{out.name}.weishop-old-{os.getpid()}"
    for leftover in (stage, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    stats = {"written": 0, "unchanged": 0}
    try:
        stage.mkdir(parents=True)
        (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        made: set[Path] = set()
        for rel, output in sorted(site_files.files.items()):
            target = stage / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            previous = out / rel
            if _same(previous, output):
                try:
                    os.link(previous, target)
                    stats["unchanged"] += 1
                    continue
                except OSError:
                    pass
            if output.data is not None:
                target.write_bytes(output.data)
            else:
                assert output.source is not None
                shutil.copyfile(output.source, target)
            stats["written"] += 1
        if out.exists():
            out.rename(old)
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return stats


def _same(previous: Path, output: Output) -> bool:
    try:
        stat = previous.lstat()
    except OSError:
        return False
    if not previous.is_file() or previous.is_symlink():
        return False
    if output.data is not None:
        return stat.st_size == len(output.data) and previous.read_bytes() == output.data
    assert output.source is not None
    source_stat = output.source.stat()
    if source_stat.st_size != stat.st_size:
        return False
    with open(previous, "rb") as a, open(output.source, "rb") as b:
        return a.read() == b.read()
