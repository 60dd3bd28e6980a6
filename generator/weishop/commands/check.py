"""`weishop check`: content first, then every internal link and image of the built site, without network.

The site is built into a temporary folder exactly as it will be published (no drafts), so
a link to a draft or a renamed product is caught before buyers meet it. Problems point at
the seller's file and line when the link comes from their Markdown, else at the built page.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from weishop.build.pipeline import BuildOptions, build, load_site
from weishop.errors import BuildFailed, Problems, SourceError

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


def check_shop(shop: Path) -> tuple[list[SourceError], list[SourceError]]:
    """(errors, warnings) for the shop: content problems, else broken internal links and images."""
    problems = Problems()
    load_site(BuildOptions(shop=shop, drafts=True), problems)  # drafts are checked too, they go live one day
    if problems:
        return sorted(problems.errors), problems.warnings
    with tempfile.TemporaryDirectory(prefix="weishop-check-") as tmp:
        out = Path(tmp) / "site"
        try:
            result = build(BuildOptions(shop=shop, out=out))
        except BuildFailed as exc:
            return sorted(exc.errors), problems.warnings
        origins = {path: output.origin for path, output in result.files.files.items()}
        errors = check_links(out, result.site.config.base_url, shop.absolute(), origins)
    return sorted(set(errors)), problems.warnings + result.warnings


def check_links(out: Path, base_url: str, shop: Path, origins: dict[str, str] | None = None) -> list[SourceError]:
    """Every internal reference of every built HTML page must name a file of the built site."""
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    origins = origins or {}
    errors: list[SourceError] = []
    seen: dict[str, int] = {}  # broken URL -> how many more pages carry it (theme links repeat on every page)
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        page_url = f"{base.scheme}://{base.netloc}{base_path}{rel}"
        for ref in references(page.read_text(encoding="utf-8", errors="replace")):
            target = urlsplit(urljoin(page_url, ref.url))
            if target.scheme not in ("http", "https") or target.netloc.lower() != base.netloc.lower():
                continue  # another site, mailto:, tel:, data: …: not ours to check offline
            if ref.url.startswith("#") or (target.path == urlsplit(page_url).path and not ref.url.split("#")[0].split("?")[0]):
                continue
            path = unquote(target.path)
            if not path.startswith(base_path):
                errors.append(_error(shop, origins.get(rel, ""), rel, ref,
                                     f"'{ref.url}' is outside the shop's address {base_path}", "write site links starting with '/' (they get base_url's path) or relative ones"))
                continue
            inside = path[len(base_path):]
            if _exists(out, inside):
                continue
            error = _error(shop, origins.get(rel, ""), rel, ref, f"'{ref.url}' not found in the built site",
                           "check the spelling, the slug, or whether it is a draft")
            if error.path.startswith("output/"):
                if ref.url in seen:
                    seen[ref.url] += 1
                    continue
                seen[ref.url] = 0
            errors.append(error)
    return [_with_count(e, seen) for e in errors]


def _with_count(error: SourceError, seen: dict[str, int]) -> SourceError:
    url = error.message.split("'")[1]
    more = seen.get(url, 0) if error.path.startswith("output/") else 0
    if not more:
        return error
    return SourceError(error.path, error.line, error.field, error.message, f"{error.hint}; also on {more} more page(s)")


def _exists(out: Path, inside: str) -> bool:
    parts = PurePosixPath(inside).parts
    if ".." in parts:
        return False
    candidate = out.joinpath(*parts) if parts else out
    if inside == "" or inside.endswith("/"):
        return (candidate / "index.html").is_file()
    return candidate.is_file() or (candidate / "index.html").is_file()


def _error(shop: Path, origin: str, rel: str, ref: Reference, message: str, hint: str) -> SourceError:
    """Point at the seller's Markdown line when the link is written there, else at the built page."""
    source = shop / origin if origin and not origin.startswith(("the page", "theme")) else None
    if source is not None and source.is_file():
        line = _line_of(source, ref.url)
        if line:
            return SourceError(origin, line, "body", message, hint)
    return SourceError(f"output/{rel}", ref.line, ref.kind, message,
                       hint + (f"; the page comes from {origin}" if origin else "; a theme template writes it"))


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
