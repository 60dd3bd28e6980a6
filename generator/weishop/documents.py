"""Reads the seller's Markdown documents: front matter checked, body rendered to HTML.

This is most of a build's work (Python-Markdown costs ~1 ms a document), so it is
split over the cores and cached by content: a document whose bytes, location and
Markdown settings are unchanged is not parsed again. The cache is one file per shop;
entries not used by this build are dropped from it.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache, code_version, content_key, read_pickle, write_pickle
from .content import SourceDoc, read_doc
from .errors import Problems, SourceError
from .model import ImageResolver
from .parallel import fork_map

if TYPE_CHECKING:
    from .markup import MarkdownRenderer

CACHE_FILE = "documents.pickle"


@dataclass(frozen=True)
class Settings:
    shop: Path
    base_path: str
    unsafe_html: bool


@dataclass
class Parsed:
    doc: SourceDoc | None
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)


@dataclass
class _Worker:
    settings: Settings
    markdown: "MarkdownRenderer | None" = None
    images: ImageResolver | None = None


def _parse(worker: _Worker, item: tuple[str, Path, Path, str, bytes]) -> Parsed:
    """One document, start to end; runs in a worker process."""
    kind, path, folder, name, raw = item
    settings = worker.settings
    if worker.markdown is None:  # made once per process: configuring Python-Markdown is not free
        from .markup import MarkdownRenderer  # imported here: a rebuild that reuses every document never needs it

        worker.markdown = MarkdownRenderer(settings.base_path, settings.unsafe_html)
        worker.images = ImageResolver(settings.shop)
    problems = Problems()
    doc = read_doc(settings.shop, kind, path, folder, name, problems, raw=raw)
    if doc is not None:
        found: list[tuple[str, object]] = []

        def rewrite(src: str) -> str:
            if "://" in src or src.startswith(("/", "data:", "#")):
                return src
            image = worker.images.find(src.split("#")[0].split("?")[0], folder, None, "")  # type: ignore[union-attr]
            found.append((src, image))
            return src if image is None else settings.base_path + image.path

        rendered = worker.markdown.render(doc.body, rewrite)
        doc.html, doc.auto_summary, doc.body_images = rendered.html, rendered.summary, found
    return Parsed(doc, problems.errors, problems.warnings)


def _still_valid(parsed: Parsed, images: ImageResolver) -> bool:
    """A cached body names images: they must still resolve to the same files."""
    doc = parsed.doc
    if doc is None:
        return True
    for src, image in doc.body_images:
        now = images.find(src.split("#")[0].split("?")[0], doc.folder, None, "")
        if now != image:
            return False
    return True


def parse_documents(entries: list[tuple[str, Path, Path, str]], settings: Settings, problems: Problems,
                    cache: Cache | None) -> list[SourceDoc]:
    """Every document read and checked (errors into `problems`), from the cache where possible."""
    stored: dict[str, Parsed] = _load(cache)
    images = ImageResolver(settings.shop)
    keys: list[str] = []
    results: list[Parsed | None] = []
    misses: list[tuple[int, tuple[str, Path, Path, str, bytes]]] = []
    for kind, path, folder, name in entries:
        raw = path.read_bytes()
        key = content_key(raw, kind, str(path), str(folder), name, settings.base_path, str(settings.unsafe_html), code_version())
        keys.append(key)
        hit = stored.get(key)
        if hit is not None and _still_valid(hit, images):
            if hit.doc is not None:
                hit.doc.mtime = os.stat(path).st_mtime
            results.append(hit)
        else:
            results.append(None)
            misses.append((len(results) - 1, (kind, path, folder, name, raw)))
    parsed = fork_map(_parse, [item for _, item in misses], _Worker(settings))
    for (index, _), result in zip(misses, parsed):
        results[index] = result
    for key, result in zip(keys, results):
        if result is not None and result.doc is not None:
            result.doc.key = key
    docs: list[SourceDoc] = []
    for result in results:
        assert result is not None
        problems.errors.extend(result.errors)
        problems.warnings.extend(result.warnings)
        if result.doc is not None:
            docs.append(result.doc)
    if cache is not None and misses:
        _save(cache, {key: result for key, result in zip(keys, results) if result is not None})
    return docs


def _load(cache: Cache | None) -> dict[str, Parsed]:
    if cache is None:
        return {}
    try:
        data = read_pickle(cache.root / CACHE_FILE)
        return data if isinstance(data, dict) else {}
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}  # a missing, old or damaged cache only costs time


def _save(cache: Cache, entries: dict[str, Parsed]) -> None:
    try:
        write_pickle(cache.root / CACHE_FILE, entries)
    except OSError:
        pass  # a read-only or full disk: the build still succeeds, only slower next time
