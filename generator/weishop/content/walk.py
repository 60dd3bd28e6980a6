"""Walk the shop folder: Markdown documents by kind, files to copy, their front matter checked."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weishop.config import schema
from weishop.errors import Problems
from weishop.config.frontmatter import Document, Located, YamlProblem, split
from weishop.content.svgsafe import svg_problem
from weishop.utils.messages import tr

KINDS = {"products": schema.PRODUCT_FIELDS, "stories": schema.STORY_FIELDS, "pages": schema.PAGE_FIELDS}
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", "4913"}
# Control characters other than tab and line breaks: invisible in an editor, then published into pages and feeds.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FRONT_KEY = re.compile(r"([^\s:#][^:]*):")


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
    html: str = ""  # the body as HTML (documents.py renders it)
    auto_summary: str = ""  # first paragraph, plain text
    body_images: list[tuple[str, Any]] = field(default_factory=list)  # (src as written, model.Image or None)
    key: str = ""  # hash of the file's bytes, place and Markdown settings (documents.py)


@dataclass
class Copy:
    source: Path
    target: str  # output path, relative, posix


@dataclass
class ContentTree:
    entries: list[tuple[str, Path, Path, str]] = field(default_factory=list)  # (kind, file, folder, name)
    copies: list[Copy] = field(default_factory=list)


def _outside(path: Path | os.DirEntry, root_real: Path) -> bool:
    """True when `path` (a symlink, or inside one) really lives outside `root_real`."""
    return not Path(os.path.realpath(path)).is_relative_to(root_real)


def _walk(top: Path, shop: Path, problems: Problems) -> list[Path]:
    """Regular files under `top` in a stable order (a folder's files, then its subfolders), skipping hidden ones.

    Symlinks are followed only when they stay inside `top`: a link to /etc/passwd or to a
    folder elsewhere is an error, never published. Pipes and devices are errors too
    (reading them would hang the build). os.scandir's cached file types keep this at one
    system call per folder for ordinary files.
    """
    found: list[Path] = []
    top_real = top.resolve()
    prefix = len(str(shop)) + 1

    def visit(folder: str) -> None:
        subfolders: list[str] = []
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if is_ignored(entry.name):
                continue
            rel = entry.path[prefix:].replace(os.sep, "/")
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
            elif entry.is_symlink() and entry.is_dir():
                if _outside(entry, top_real):
                    problems.error(rel, 0, "", f"is a symlink to a folder outside {top.name}/", f"copy the files into {top.name}/ instead of linking")
                else:
                    problems.warn(rel, 0, "", "is a symlinked folder and is not published", "move the files here instead of linking")
            elif problem := unsafe_file(entry, top_real):
                problems.error(rel, 0, "", problem, f"copy the file into {top.name}/ instead of linking")
            else:
                found.append(Path(entry.path))
        for sub in subfolders:
            visit(sub)

    visit(str(top))
    return found


def unsafe_file(path: Path | os.DirEntry, root_real: Path) -> str:
    """Why `path` must not be read or published, or "" when it is a regular file inside the root.

    A DirEntry answers from the type its folder listing gave (no system call for plain files)."""
    if path.is_symlink() and _outside(path, root_real):
        return f"is a symlink to a file outside {root_real.name}/"
    if not path.is_file():
        return "is not a regular file (a pipe, device or broken link)"
    return ""


def doc_files(content: Path, shop: Path, problems: Problems) -> tuple[list[tuple[str, Path, Path, str]], set[Path]]:
    """(kind, file, folder, default slug) for every document, and the set of those files."""
    docs: list[tuple[str, Path, Path, str]] = []
    content_real = content.resolve()
    for kind in KINDS:
        top = content / kind
        if not top.is_dir() or _outside(top, content_real):
            continue
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if is_ignored(entry.name):
                continue
            if entry.is_symlink() and _outside(entry, content_real):
                continue  # reported by the walk of content/
            if entry.name.lower().endswith(".md") and entry.is_file():
                docs.append((kind, Path(entry.path), top, entry.name[:-3]))
            elif entry.is_dir() and os.path.isfile(index := os.path.join(entry.path, "index.md")) \
                    and not unsafe_file(Path(index), content_real):
                docs.append((kind, Path(index), Path(entry.path), entry.name))
    return docs, {d[1] for d in docs}


def body_line(doc: SourceDoc, text: str) -> int:
    """The line of the body where `text` first appears (an image's address), else the body's first line."""
    index = doc.body.find(text)
    return doc.body_line + (doc.body[:index].count("\n") if index >= 0 else 0)


def read_doc(shop: Path, kind: str, path: Path, folder: Path, name: str, problems: Problems,
             raw: bytes | None = None) -> SourceDoc | None:
    rel = path.relative_to(shop).as_posix()
    try:
        raw = path.read_bytes() if raw is None else raw
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "", tr("is not UTF-8 text"), tr("save the file as UTF-8 in your editor"))
        return None
    if found := CONTROL.search(text):
        problems.error(rel, *_control_place(text, found.start()), *_control_message(found.group()))
        return None
    try:
        doc: Document = split(text)
    except YamlProblem as exc:
        problems.error(rel, exc.line, exc.field, exc.message, exc.hint)
        return None
    ctx = schema.Ctx(rel, doc.meta, (), problems)
    fields = schema.validate(doc.meta.data, KINDS[kind], ctx)
    return SourceDoc(kind, rel, folder, name, fields, doc.meta, doc.body, doc.body_line)


def _control_place(text: str, at: int) -> tuple[int, str]:
    """(line, field) of a character: a front-matter key's name, or "body" after the closing `---`."""
    line = text.count("\n", 0, at) + 1
    fences = [n for n, row in enumerate(text.split("\n")[:line], 1) if row.rstrip(" \t\r") == "---"]
    if len(fences) >= 2 and fences[0] == 1 or not text.lstrip("\ufeff").startswith("---"):
        return line, "body"
    key = _FRONT_KEY.match(text.split("\n")[line - 1])
    return line, key.group(1).strip() if key else ""


def _control_message(char: str) -> tuple[str, str]:
    name = "NUL" if char == "\x00" else f"U+{ord(char):04X}"
    return (f"contains an invisible control character ({name}) that would be published as it is",
            "delete it: retype the line around it, or search for it with your editor's find and replace")


def load_content(shop: Path, problems: Problems) -> ContentTree:
    """Every document found (documents.py reads them), every other file of content/ and static/ listed for copying."""
    tree = ContentTree()
    content = shop / "content"
    if not content.is_dir():
        problems.error("content", 0, "", tr("folder not found"), tr("create content/products/ with one .md file per product"))
        return tree
    entries, doc_paths = doc_files(content, shop, problems)
    tree.entries = entries
    start = len(str(content)) + 1
    for path in _walk(content, shop, problems):
        if path not in doc_paths:
            tree.copies.append(Copy(path, str(path)[start:].replace(os.sep, "/")))
    static = shop / "static"
    if static.is_dir():
        start = len(str(static)) + 1
        tree.copies.extend(Copy(p, str(p)[start:].replace(os.sep, "/")) for p in _walk(static, shop, problems))
    for copy in tree.copies:
        if copy.source.suffix.lower() in (".svg", ".svgz") and (found := svg_problem(_svg_bytes(copy.source))):
            problems.error(copy.source.relative_to(shop).as_posix(), found[0], "", f"SVG refused: {found[1]}",
                           "remove it, or export the drawing again as plain SVG (or PNG)")
    return tree


def _svg_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # .svgz: gzip, read at most 10 MB so a gzip bomb stays small
        import gzip

        with gzip.open(path) as unpacked:
            data = unpacked.read(10_000_000)
    return data
