"""Where the files the seller names really are: images beside a document or under content/, real paths cheaply.

Its own module (not the model's): it does the file-system work, so the model stays plain data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from weishop.config.schema import Ctx, field_label
from weishop.utils.messages import tr


class RealPaths:
    """`os.path.realpath` of many files with one realpath per folder: the file itself is followed only if it is a link."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path | str, known_plain: bool = False) -> str:
        """`known_plain`: the caller has seen that `path` itself is no symlink (a DirEntry told it)."""
        text = os.path.abspath(path)
        if not known_plain and os.path.islink(text):
            return os.path.realpath(text)
        folder, name = os.path.split(text)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name)


@dataclass(frozen=True)
class Image:
    """A content image the seller named, found on disk."""

    path: str  # relative to content/ and to the output root, posix
    source: Path
    alt: str
    fit: str = ""  # "cover" or "contain" when the seller asked for this photo; else the shop's images_fit
    # Where the seller named it (file, line, field), for messages about the image; not part of its identity.
    where: tuple[str, int, str] = field(default=("", 0, ""), compare=False, repr=False)


class ImageResolver:
    """Finds an image the seller named: beside the document first, then under content/."""

    def __init__(self, shop: Path):
        self.content = shop.absolute() / "content"
        self.real_content = self.content.resolve()
        self._content = str(self.content)
        self._real_content = str(self.real_content)
        self._real = RealPaths()
        self._listings: dict[str, dict[str, os.DirEntry] | None] = {}

    def find(self, name: str, folder: Path, ctx: Ctx | None, alt: str, fit: str = "") -> Image | None:
        for base in (os.path.abspath(folder), self._content):
            candidate = os.path.normpath(os.path.join(base, name))
            real = self._real_file(candidate)
            if real is None:
                continue
            if not (real.startswith(self._real_content + os.sep) and candidate.startswith(self._content + os.sep)):
                if ctx:
                    ctx.error(tr("'{value}' points outside content/ (a symlink?)", value=name), tr("copy the image into content/"))
                return None
            where = (ctx.file, ctx.located.line(ctx.path), field_label(ctx.path)) if ctx else ("", 0, "")
            return Image(path=candidate[len(self._content) + 1 :].replace(os.sep, "/"), source=Path(real), alt=alt, fit=fit, where=where)
        if ctx:
            where = folder.absolute().relative_to(self.content.parent).as_posix()
            ctx.error(tr("image '{name}' not found", name=name), "looked in content/" if where == "content" else tr("looked in {where}/ and content/", where=where))
        return None

    def _real_file(self, candidate: str) -> str | None:
        """The real path of a regular file (symlinks followed), or None when there is none.

        Folders are listed once (os.scandir knows each entry's type): a shop with 20,000
        photos would otherwise cost two system calls per image and build.
        """
        folder, name = os.path.split(candidate)
        if folder in self._listings:
            listing = self._listings[folder]
        else:
            try:
                with os.scandir(folder) as entries:
                    listing = {entry.name: entry for entry in entries}
            except OSError:
                listing = None
            self._listings[folder] = listing
        if listing is None:
            return None  # no such folder
        entry = listing.get(name)
        if entry is None:  # not listed as written; a Mac's file system may still match another case or Unicode form
            return self._real(candidate) if os.path.isfile(candidate) and not os.path.islink(candidate) else None
        if entry.is_symlink():
            real = os.path.realpath(candidate)
            return real if os.path.isfile(real) else None
        return self._real(candidate, known_plain=True) if entry.is_file(follow_symlinks=False) else None
