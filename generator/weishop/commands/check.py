"""`weishop check`: content first, then every internal link and image of the built site, without network.

The site is built into a temporary folder exactly as it will be published (no drafts), so
a link to a draft or a renamed product is caught before buyers meet it. Problems point at
the seller's file and line when the link comes from their Markdown, else at the built page.
Example data left from `weishop init` (content/examples.py) is an error here, a warning in `build`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from weishop.build.links import Reference, broken, exists_on_disk, locate, references
from weishop.build.pipeline import BuildOptions, build, load_site
from weishop.errors import BuildFailed, Problems, SourceError
from weishop.utils.messages import tr_n

__all__ = ["check_shop", "check_links", "references", "Reference"]


def check_shop(shop: Path) -> tuple[list[SourceError], list[SourceError]]:
    """(errors, warnings) for the shop: content problems and example data, else broken internal links and images."""
    problems = Problems()
    examples: list[SourceError] = []
    load_site(BuildOptions(shop=shop, drafts=True), problems, examples=examples)  # drafts are checked too, they go live one day
    if problems:
        return sorted(problems.errors + examples), problems.warnings
    with tempfile.TemporaryDirectory(prefix="weishop-check-") as tmp:
        out = Path(tmp) / "site"
        try:
            result = build(BuildOptions(shop=shop, out=out))
        except BuildFailed as exc:
            return sorted(exc.errors + examples), problems.warnings
        origins = {path: output.origin for path, output in result.files.files.items()}
        errors = set(check_links(out, result.site.config.base_url, shop.absolute(), origins)) | set(examples)
    # the build warned about its body links and example data too: here they are errors, said once
    warnings = [w for w in problems.warnings + result.warnings if w not in errors]
    return sorted(errors), warnings


def check_links(out: Path, base_url: str, shop: Path, origins: dict[str, str] | None = None) -> list[SourceError]:
    """Every internal reference of every built HTML page must name a file of the built site."""
    base = urlsplit(base_url)
    origins = origins or {}
    exists = exists_on_disk(out)
    errors: list[SourceError] = []
    seen: dict[str, int] = {}  # broken URL -> how many more pages carry it (theme links repeat on every page)
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        for ref, message, hint in broken(page.read_text(encoding="utf-8", errors="replace"), rel, base, exists):
            error = locate(shop, origins.get(rel, ""), rel, ref, message, hint)
            if error.path.startswith("output/") and message.endswith("not found in the built site"):
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
    return SourceError(error.path, error.line, error.field, error.message,
                       tr_n("{hint}; also on {n} more page", "{hint}; also on {n} more pages", more, hint=error.hint))
