"""Skips rendering pages whose inputs did not change since the last build into the same folder.

A page's fingerprint is the hash of everything it is made from: its own context (the
product, its related products, the listing slice …, each by the hash of its source file)
plus a site version covering what every page can see (shop.yml, theme files, menu,
image variants, currencies, weishop's version and the build options). A page whose
fingerprint matches the last build and whose file in the output is untouched keeps
that file. Pages without their own context (home, cart, order, 404) read the whole
site, so they are always rendered. A shop with its own templates may read anything,
so there every content change re-renders every page: correct first, fast second.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from weishop.utils.cache import UNREADABLE, code_version, output_key, read_pickle, write_pickle
from weishop.content.model import Site
from weishop.pages.spec import PageSpec, made_from
from weishop.pages.theming import Theme, packaged_themes


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def site_version(site: Site, theme: Theme, image_keys: dict[str, str], extra: str) -> str:
    """What every page may depend on besides its own context."""
    theme_files = []
    own_templates = False
    for folder in theme.folders:
        if not folder.resolve().is_relative_to(packaged_themes().resolve()):
            own_templates = True
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                theme_files.append(f"{path}:{hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()}")
    parts = [code_version(), extra, repr(site.config), repr(site.menu), repr(site.avatar), repr(site.wechat_qr),
             repr(sorted({site.config.currency, *(p.currency for p in site.products)})),
             repr(sorted(image_keys.items())), *theme_files]
    if own_templates:
        parts += [repr(site.products), repr(site.stories), repr(site.pages)]
    return _digest(*parts)


def fingerprint(version: str, spec: PageSpec) -> str | None:
    """The page's fingerprint, or None for pages that are always rendered."""
    if not spec.context:
        return None
    head = (spec.path, spec.template, spec.url, spec.title, spec.description, spec.kind, spec.image, spec.noindex, spec.origin)
    return _digest(version, repr(head), _encode(dict(sorted(spec.context.items()))))


def _encode(value: Any) -> str:
    """A stable text for a context value; products, stories and pages by their token (their source's hash)."""
    if getattr(value, "token", None):
        return made_from(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key!r}:{_encode(item)}" for key, item in value.items()) + "}"
    return repr(value)


def store_path(cache_root: Path, out: Path) -> Path:
    key = output_key(out)
    return cache_root / "outputs" / f"{key}-pages.pickle"


def load(path: Path) -> dict[str, str]:
    try:
        data = read_pickle(path)
        return data if isinstance(data, dict) else {}
    except UNREADABLE:
        return {}


def save(path: Path, fingerprints: dict[str, str]) -> None:
    try:
        if load(path) == fingerprints:
            return  # an unchanged rebuild writes nothing, here either
        write_pickle(path, fingerprints)
    except OSError:
        pass  # next build renders everything again: slower, still right


def reusable(spec: PageSpec, print_: str | None, previous: dict[str, str], manifest: dict[str, Any] | None,
             current: Any) -> str:
    """The manifest signature of the page already in the output, when it can be kept as it is."""
    if print_ is None or manifest is None or previous.get(spec.path) != print_:
        return ""
    entry = manifest.get(spec.path)
    if not entry or current(spec.path) != (entry[1], entry[2]):
        return ""
    return entry[0]
