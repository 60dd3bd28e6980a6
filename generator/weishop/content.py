"""Walk the shop folder: Markdown documents by kind, files to copy, their front matter checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .errors import Problems
from .frontmatter import Document, Located, YamlProblem, split

KINDS = {"products": schema.PRODUCT_FIELDS, "stories": schema.STORY_FIELDS, "pages": schema.PAGE_FIELDS}
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", "4913"}


def is_ignored(name: str) -> bool:
    """Editor droppings and hidden files never become part of the shop."""
    return name.startswith(".") or name.startswith("#") or name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES)


@dataclass
class SourceDoc:
    """One Markdown document: where it is, its checked fields, its body."""

    kind: str  # products | stories | pages
    rel: str  # path relative to the shop folder, for messages
    folder: Path  # the folder its relative image paths start from
    name: str  # file stem or bundle folder name, the default slug
    fields: dict[str, Any]
    meta: Located
    body: str
    body_line: int
    mtime: float


@dataclass
class Copy:
    source: Path
    target: str  # output path, relative, posix


@dataclass
class ContentTree:
    docs: list[SourceDoc] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)


def _walk(top: Path) -> list[Path]:
    """Files under `top` in a stable order, skipping hidden ones and symlinked folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        found.extend(Path(root) / f for f in sorted(files) if not is_ignored(f))
    return found


def doc_files(content: Path) -> tuple[list[tuple[str, Path, Path, str]], set[Path]]:
    """(kind, file, folder, default slug) for every document, and the set of those files."""
    docs: list[tuple[str, Path, Path, str]] = []
    for kind in KINDS:
        top = content / kind
        if not top.is_dir():
            continue
        for entry in sorted(top.iterdir()):
            if is_ignored(entry.name):
                continue
            if entry.is_file() and entry.suffix.lower() == ".md":
                docs.append((kind, entry, top, entry.stem))
            elif entry.is_dir() and (entry / "index.md").is_file():
                docs.append((kind, entry / "index.md", entry, entry.name))
    return docs, {d[1] for d in docs}


def read_doc(shop: Path, kind: str, path: Path, folder: Path, name: str, problems: Problems) -> SourceDoc | None:
    rel = path.relative_to(shop).as_posix()
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "", "is not UTF-8 text", "save the file as UTF-8 in your editor")
        return None
    try:
        doc: Document = split(text)
    except YamlProblem as exc:
        problems.error(rel, exc.line, exc.field, exc.message)
        return None
    ctx = schema.Ctx(rel, doc.meta, (), problems)
    fields = schema.validate(doc.meta.data, KINDS[kind], ctx)
    return SourceDoc(kind, rel, folder, name, fields, doc.meta, doc.body, doc.body_line, path.stat().st_mtime)


def load_content(shop: Path, problems: Problems) -> ContentTree:
    """Every document parsed and checked, every other file of content/ and static/ listed for copying."""
    tree = ContentTree()
    content = shop / "content"
    if not content.is_dir():
        problems.error("content", 0, "", "folder not found", "create content/products/ with one .md file per product")
        return tree
    entries, doc_paths = doc_files(content)
    for kind, path, folder, name in entries:
        doc = read_doc(shop, kind, path, folder, name, problems)
        if doc is not None:
            tree.docs.append(doc)
    for path in _walk(content):
        if path not in doc_paths:
            tree.copies.append(Copy(path, path.relative_to(content).as_posix()))
    static = shop / "static"
    if static.is_dir():
        tree.copies.extend(Copy(p, p.relative_to(static).as_posix()) for p in _walk(static))
    return tree
