"""Hostile cases: a small inline shop, a good build first, then the bad input.

Every case checks the message (file, line, field) and that the failed build changed
nothing: not the seller's files, not anything beside the shop, not the previous output.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pytest

from weishop.build.pipeline import BuildOptions, BuildResult, build
from weishop.errors import BuildFailed, SourceError

from tests.support import write_shop

# `.weishop-cache/` is the build cache: writing it is expected, it is not the seller's data.
CACHE = ".weishop-cache"

MINIMAL = {
    "shop.yml": """
        title: Hostile Test Shop
        base_url: https://shop.example.com/
        language: en
        currency: USD
        seller: {name: Ann}
        order:
          channels:
            - {type: email, address: ann@example.com}
        """,
    "content/products/tea.md": """
        ---
        title: Green Tea
        price: 12
        ---
        A good tea.
        """,
    "content/pages/about.md": """
        ---
        title: About
        ---
        Hello.
        """,
}

Snapshot = dict[str, tuple[str, bytes]]


def snapshot(top: Path, skip: tuple[Path, ...] = ()) -> Snapshot:
    """Every path under `top` with its kind and bytes (symlinks by target, never followed).

    Build caches (`.weishop-cache/`) and the folders in `skip` are left out.
    """
    found: Snapshot = {}
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d != CACHE and Path(root) / d not in skip]
        for name in dirs + files:
            path = Path(root) / name
            rel = path.relative_to(top).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                found[rel] = ("dir", b"")
            elif not path.is_file():  # a pipe: reading it would wait forever
                found[rel] = ("special", b"")
            else:
                found[rel] = ("file", path.read_bytes())
    return found


def diff(before: Snapshot, after: Snapshot) -> list[str]:
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    return ([f"removed {k}" for k in sorted(before.keys() - after.keys())]
            + [f"added {k}" for k in sorted(after.keys() - before.keys())]
            + [f"changed {k}" for k in changed])


@dataclass
class HostileShop:
    """`root/shop` is the shop (output in `root/shop/output`); `root/outside` is the rest of the disk."""

    root: Path

    @property
    def shop(self) -> Path:
        return self.root / "shop"

    @property
    def out(self) -> Path:
        return self.shop / "output"

    @property
    def outside(self) -> Path:
        return self.root / "outside"

    def write(self, files: Mapping[str, str | bytes]) -> None:
        write_shop(self.shop, files)

    def build(self, **options) -> BuildResult:
        return build(BuildOptions(shop=self.shop, **options))

    def fails(self, **options) -> list[SourceError]:
        """Build, expect content errors, and check that nothing on disk changed."""
        before = snapshot(self.root)
        with pytest.raises(BuildFailed) as caught:
            self.build(**options)
        assert diff(before, snapshot(self.root)) == []
        return caught.value.errors

    def succeeds(self, **options) -> BuildResult:
        """Build, expect success, and check that only the output folder changed."""
        out = Path(options.get("out") or self.out).absolute()
        before = snapshot(self.root, skip=(out,))
        result = self.build(**options)
        assert diff(before, snapshot(self.root, skip=(out,))) == []
        return result


def make_hostile(tmp_path: Path) -> HostileShop:
    """A minimal shop already built once (so a previous output exists), plus a secret beside it."""
    case = HostileShop(tmp_path)
    case.outside.mkdir()
    (case.outside / "secret.txt").write_text("the seller's tax records\n")
    case.write(MINIMAL)
    case.build()
    return case


def copy_hostile(template: HostileShop, tmp_path: Path) -> HostileShop:
    """A fresh copy of a built `template` case: one build per session instead of one per test."""
    root = tmp_path / "case"
    shutil.copytree(template.root, root, symlinks=True)  # with the image cache: keyed by content, still valid
    return HostileShop(root)


def one_error(errors: list[SourceError], path: str, line: int | None, field: str, *words: str) -> SourceError:
    """The single error about `path`/`field`; its line and message words checked."""
    mine = [e for e in errors if e.path == path and e.field == field]
    assert len(mine) == 1, f"expected one error at {path} {field}, got {[str(e) for e in errors]}"
    error = mine[0]
    if line is not None:
        assert error.line == line, str(error)
    text = str(error).lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in {error}"
    return error
