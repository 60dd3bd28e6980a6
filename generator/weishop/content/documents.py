"""Reads the seller's Markdown documents: front matter checked, body rendered to HTML.

This is most of a build's work (Python-Markdown costs ~1 ms a document), so it is
split over the cores and cached by content: a document whose bytes, location and
Markdown settings are unchanged is not parsed again. The cache is one file per shop;
entries not used by this build are dropped from it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from weishop.utils.cache import UNREADABLE, Cache, code_version, content_key, read_pickle, write_pickle
from weishop.content.walk import SourceDoc, body_line, read_doc
from weishop.errors import Problems, SourceError
from weishop.content.resolve import ImageResolver
from weishop.utils.parallel import fork_map
from weishop.utils.progress import silent

if TYPE_CHECKING:
    from weishop.content.markup import MarkdownRenderer

CACHE_FOLDER = "documents"  # shards of parsed documents: <nn>.pickle
SHARDS = 64


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
        from weishop.content.markup import MarkdownRenderer  # imported here: a rebuild that reuses every document never needs it

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
        doc.html, doc.auto_summary, doc.body_images = rendered.html, rendered.summary, [
            (src, image if image is None else dataclasses.replace(image, where=(doc.rel, body_line(doc, src), "body")))
            for src, image in found]
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
                    cache: Cache | None, progress: Callable[[str, int, int], None] = silent,
                    stats: dict[str, int] | None = None) -> list[SourceDoc]:
    """Every document read and checked (errors into `problems`), from the cache where possible.

    `stats` gets how many documents there are and how many were parsed (not from the cache).
    """
    stored: dict[str, Parsed] = _load(cache)
    images = ImageResolver(settings.shop)
    keys: list[str] = []
    results: list[Parsed | None] = []
    misses: list[tuple[int, tuple[str, Path, Path, str, bytes]]] = []
    same_for_all = content_key(settings.base_path, str(settings.unsafe_html), code_version())
    for kind, path, folder, name in entries:
        with open(path, "rb") as handle:
            raw = handle.read()
        key = content_key(raw, kind, str(path), str(folder), name, same_for_all)
        keys.append(key)
        hit = stored.get(key)
        if hit is not None and _still_valid(hit, images):
            results.append(hit)
        else:
            results.append(None)
            misses.append((len(results) - 1, (kind, path, folder, name, raw)))
    parsed = fork_map(_parse, [item for _, item in misses], _Worker(settings),
                      lambda done: progress("reading documents", done, len(misses)))
    if stats is not None:
        stats.update(documents=len(entries), parsed=len(misses))
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
    """Every stored document, from all shards."""
    if cache is None:
        return {}
    entries: dict[str, Parsed] = {}
    try:
        shards = os.listdir(cache.root / CACHE_FOLDER)
    except OSError:
        return {}
    for name in shards:
        try:
            data = read_pickle(cache.root / CACHE_FOLDER / name)
            if isinstance(data, dict):
                entries.update(data)
        except UNREADABLE:
            continue  # a damaged or old shard only costs time
    return entries


def _save(cache: Cache, entries: dict[str, Parsed]) -> None:
    """Stores the documents of this build in shards by key: an edit rewrites one shard, not every document.

    The Markdown source is dropped from stored documents (the HTML is what is reused) unless
    an error message needs it: a body image that was not found is reported at its line.
    """
    shards: dict[str, dict[str, Parsed]] = {f"{i:02x}.pickle": {} for i in range(SHARDS)}
    for key, parsed in entries.items():
        shards[f"{int(key[:2], 16) % SHARDS:02x}.pickle"][key] = parsed
    folder = cache.root / CACHE_FOLDER
    try:
        os.unlink(cache.root / "documents.pickle")  # the single-file cache of weishop before shards
    except OSError:
        pass
    for name, part in shards.items():
        try:
            known = read_pickle(folder / name)
        except Exception:  # missing or damaged: write it
            known = None
        if isinstance(known, dict) and known.keys() == part.keys():
            continue
        try:
            if part:
                write_pickle(folder / name, {key: _lean(parsed) for key, parsed in part.items()})
            elif known is not None:
                os.unlink(folder / name)
        except OSError:
            pass  # a read-only or full disk: the build still succeeds, only slower next time


def _lean(parsed: Parsed) -> Parsed:
    doc = parsed.doc
    if doc is None or not doc.body or any(image is None for _, image in doc.body_images):
        return parsed
    return Parsed(dataclasses.replace(doc, body=""), parsed.errors, parsed.warnings)
