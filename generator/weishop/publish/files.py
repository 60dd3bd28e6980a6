"""What the site is made of before it is written: one `Output` per path, checked as it is added.

Its own module so that the writer, the in-place update and every output stage can share these
types without importing each other.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from weishop.errors import WeishopError
from weishop.utils.slugs import reserved_name

MARKER = ".weishop-output"
MARKER_TEXT = "This folder is made by `weishop build` and replaced on every build. Do not keep files here.\n"


@dataclass
class Output:
    """One file of the site: bytes, or a source file to copy; `origin` names where it came from."""

    origin: str
    data: bytes | None = None
    source: Path | None = None
    kept: str = ""  # the output already holds this file as the last build made it (its manifest signature)
    digest: str = ""  # for bytes spooled to `source` (Spool): their hash, as update.signature makes it of `data`


class OutputProblem(WeishopError, ValueError):
    """A file that cannot be published as it is; `origin` is the seller's file (or what made it)."""

    def __init__(self, origin: str, message: str, hint: str = ""):
        super().__init__(f"{origin}: {message}")
        self.origin, self.message, self.hint = origin, message, hint


class OutputConflict(OutputProblem):
    """Two sources on one output path, also when they differ only in case or Unicode form."""

    def __init__(self, path: str, first: str, second: str, as_folder: bool = False, same_folder: str = ""):
        if same_folder:
            what = f"writes into folder {path}/, which {first} writes as {same_folder}/"
        elif as_folder:
            what = f"needs {path} as a folder, but {first} writes a file there"
        else:
            what = f"writes {path}, which {first} writes too"
        super().__init__(second, what, "rename one of them (case and accents do not count: phones and Macs fold them)")
        self.path, self.first, self.second = path, first, second


def fold(path: str) -> str:
    """The form macOS and Windows compare names in: NFC, case-folded."""
    return unicodedata.normalize("NFC", path).casefold()


@dataclass
class SiteFiles:
    """Output paths to contents; refuses unsafe paths and two sources on one path (also by case/Unicode)."""

    files: dict[str, Output] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)  # page path -> what it was made from (pagecache)
    _folded: dict[str, str] = field(default_factory=dict)  # folded file path -> path
    _folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded folder -> (as written, first origin)

    def add(self, path: str, output: Output) -> None:
        try:
            clean = safe_relative(path)
        except ValueError as exc:
            raise OutputProblem(output.origin, str(exc), "rename the file: no ':' or '..', not absolute") from None
        folded = fold(clean)
        if reserved_name(clean.rpartition("/")[2]):
            _refuse_reserved(clean, clean.rpartition("/")[2], output.origin)
        if folded in self._folded:
            raise OutputConflict(clean, self.files[self._folded[folded]].origin, output.origin)
        if folded in self._folders:
            raise OutputConflict(clean, output.origin, self._folders[folded][1], as_folder=True)
        parent, _, _ = folded.rpartition("/")
        known_parent = self._folders.get(parent) if parent else None
        if known_parent and known_parent[0] == clean.rpartition("/")[0]:
            # Its folders were checked when the first file went into this one (100,000 image files share a few folders).
            self._folded[folded] = clean
            self.files[clean] = output
            return
        parts, written = folded.split("/"), clean.split("/")
        for depth in range(1, len(parts)):
            folder, as_written = "/".join(parts[:depth]), "/".join(written[:depth])
            if reserved_name(written[depth - 1]):
                _refuse_reserved(clean, written[depth - 1], output.origin)
            if folder in self._folded:
                raise OutputConflict(folder, self.files[self._folded[folder]].origin, output.origin, as_folder=True)
            known = self._folders.get(folder)
            if known and known[0] != as_written:  # `Images/` and `images/`: one folder on a Mac, two on the host
                raise OutputConflict(as_written, known[1], output.origin, same_folder=known[0])
        for depth in range(1, len(parts)):
            self._folders.setdefault("/".join(parts[:depth]), ("/".join(written[:depth]), output.origin))
        self._folded[folded] = clean
        self.files[clean] = output


def _refuse_reserved(path: str, name: str, origin: str) -> None:
    """One rule for every output path: no name Windows keeps for a device (utils.slugs.reserved_name)."""
    raise OutputProblem(origin, f"would be published as {path}, but '{name}' is a name Windows reserves for a device "
                                "(con, prn, aux, nul, com1-9, lpt1-9, with any extension): the site could not be "
                                "checked out or unzipped there", f"rename it, e.g. to '{name.split('.')[0]}-1'")


def safe_relative(path: str) -> str:
    """`path` as a clean relative POSIX path (`a//./b` → `a/b`); refuses absolute paths, `..` and drive letters."""
    text = path.replace("\\", "/")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if text.startswith("/") or not parts or ".." in parts or ":" in parts[0]:
        raise ValueError(f"the file name {path!r} cannot be published")
    return "/".join(parts)
