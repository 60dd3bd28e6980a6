"""Internal links and images of built pages: which name no file of the site, and where the seller wrote them.

`weishop check` runs this over every built page on disk; `build` and `serve` over the seller's own
Markdown bodies only, against the files of the build in memory (theme links are checked by the tests,
and a body is small, so it costs little), reporting them as warnings at the file and line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from weishop.errors import SourceError
from weishop.utils.messages import tr

# Attributes that point at something the page needs or links to: (tag, attribute) -> kind shown in messages.
LINK_ATTRS = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("img", "src"): "image",
    ("img", "srcset"): "image",
    ("source", "srcset"): "image",
    ("source", "src"): "media",
    ("video", "poster"): "image",
    ("video", "src"): "media",
    ("audio", "src"): "media",
    ("script", "src"): "script",
    ("link", "href"): "link",
    ("meta", "content"): "image",  # only og:image / twitter:image, see below
}
IMAGE_METAS = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}


@dataclass(frozen=True)
class Reference:
    url: str
    kind: str  # link | image | media | script
    line: int  # in the built HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        for name, value in values.items():
            kind = LINK_ATTRS.get((tag, name))
            if kind is None or not value.strip():
                continue
            if tag == "meta" and (values.get("property") or values.get("name") or "") not in IMAGE_METAS:
                continue
            if tag == "link" and not _checked_rel(values.get("rel", "")):
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    parts = candidate.split()
                    if parts:
                        self.found.append(Reference(parts[0], kind, line))
            else:
                self.found.append(Reference(value.strip(), kind, line))

    handle_startendtag = handle_starttag


def _checked_rel(rel: str) -> bool:
    """Stylesheets, icons, manifests, feeds: files of this site. `canonical`/`alternate` too (must exist)."""
    words = set(rel.lower().split())
    return bool(words & {"stylesheet", "icon", "apple-touch-icon", "manifest", "alternate", "canonical", "preload", "modulepreload"})


def references(html: str) -> list[Reference]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


NOT_FOUND_HINT = tr("check the spelling, the slug, or whether it is a draft")


def broken(html: str, rel: str, base: SplitResult, exists: Callable[[str], bool]) -> Iterator[tuple[Reference, str, str]]:
    """(reference, message, hint) for each reference of the page at `rel` that leaves the shop or names nothing in it."""
    yield from _problems(targets(html, rel, base), base, exists)


Target = tuple[Reference, "str | None"]  # a reference to this host, and the path it names in the shop (None: outside it)


def targets(html: str, rel: str, base: SplitResult) -> list[Target]:
    """The references of the page at `rel` to the shop's host, with the path each names in the shop.

    It depends only on the HTML, the page's place and base_url: a build keeps it for bodies that did not change."""
    base_path = _folder(base)
    page_url = f"{base.scheme}://{base.netloc}{base_path}{rel}"
    found: list[Target] = []
    for ref in references(html):
        target = urlsplit(urljoin(page_url, ref.url))
        if target.scheme not in ("http", "https") or target.netloc.lower() != base.netloc.lower():
            continue  # another site, mailto:, tel:, data: …: not ours to check offline
        if ref.url.startswith("#") or (target.path == urlsplit(page_url).path and not ref.url.split("#")[0].split("?")[0]):
            continue
        path = unquote(target.path)
        found.append((ref, path[len(base_path):] if path.startswith(base_path) else None))
    return found


def _folder(base: SplitResult) -> str:
    return base.path if base.path.endswith("/") else base.path + "/"


def _problems(found: list[Target], base: SplitResult, exists: Callable[[str], bool]) -> Iterator[tuple[Reference, str, str]]:
    for ref, inside in found:
        if inside is None:
            yield ref, tr("'{url}' is outside the shop's address {path}", url=ref.url, path=_folder(base)), \
                tr("write site links starting with '/' (they get base_url's path) or relative ones")
        elif not exists(inside):
            yield ref, tr("'{url}' not found in the built site", url=ref.url), NOT_FOUND_HINT


def in_files(files: dict[str, Any]) -> Callable[[str], bool]:
    """`exists` for a build's files in memory (paths like `products/x/index.html`)."""
    def exists(inside: str) -> bool:
        if ".." in PurePosixPath(inside).parts:
            return False
        if inside == "" or inside.endswith("/"):
            return inside + "index.html" in files
        return inside in files or inside + "/index.html" in files
    return exists


def body_links(site: Any, files: dict[str, Any], shop: Path, memo: dict[tuple[str, str, str], list[Target]]) -> list[SourceError]:
    """Broken links and missing images in the Markdown of every product, story and page, at the seller's line.

    `memo` (the build state's) keeps each body's targets by base_url, page and HTML hash: a rebuild parses
    only the bodies that changed, then checks every target against this build's files."""
    base = urlsplit(site.config.base_url)
    exists = in_files(files)
    found: list[SourceError] = []
    kept: dict[tuple[str, str, str], list[Target]] = {}
    for entity in (*site.products, *site.stories, *site.pages):
        html = entity.body_html
        if "href=" not in html and "src=" not in html:
            continue
        rel = entity.url + "index.html"
        key = (site.config.base_url, rel, hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest())
        kept[key] = memo[key] if key in memo else targets(html, rel, base)
        found += [locate(shop, entity.source, rel, ref, message, hint) for ref, message, hint in _problems(kept[key], base, exists)]
    memo.clear()
    memo.update(kept)
    return found


def exists_on_disk(out: Path) -> Callable[[str], bool]:
    """`exists` for a site built into the folder `out`."""
    def exists(inside: str) -> bool:
        parts = PurePosixPath(inside).parts
        if ".." in parts:
            return False
        candidate = out.joinpath(*parts) if parts else out
        if inside == "" or inside.endswith("/"):
            return (candidate / "index.html").is_file()
        return candidate.is_file() or (candidate / "index.html").is_file()
    return exists


def locate(shop: Path, origin: str, rel: str, ref: Reference, message: str, hint: str) -> SourceError:
    """Point at the seller's Markdown line when the link is written there, else at the built page."""
    source = shop / origin if origin and not origin.startswith(("the page", "theme")) else None
    if source is not None and source.is_file():
        line = _line_of(source, ref.url)
        if line:
            return SourceError(origin, line, "body", message, hint)
    return SourceError(f"output/{rel}", ref.line, ref.kind, message,
                       tr("{hint}; the page comes from {origin}", hint=hint, origin=origin) if origin
                       else tr("{hint}; a theme template writes it", hint=hint))


def _line_of(source: Path, url: str) -> int:
    """The line where `url`, or its site-relative form as the seller wrote it, appears."""
    text = source.read_text(encoding="utf-8", errors="replace")
    path = urlsplit(url).path
    candidates = [url, unquote(url), path, unquote(path)]
    # Markdown's `/products/x/` is written out as `/<base path>/products/x/`: try the tails too.
    parts = [p for p in unquote(path).split("/") if p]
    candidates += ["/" + "/".join(parts[i:]) + ("/" if path.endswith("/") else "") for i in range(1, len(parts))]
    lines = text.splitlines()
    for candidate in candidates:
        if not candidate or candidate == "/":
            continue
        for number, line in enumerate(lines, 1):
            if candidate in line:
                return number
    return 0
