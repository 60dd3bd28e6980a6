"""Themes: the chosen theme and the default under it, the shop's own folders before the packaged ones.

Same relative path wins, for templates, static files and UI strings alike. Each packaged
theme is also reachable by prefix (`default:product.html`) so an override can extend
the template it replaces.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import rcssmin
import rjsmin

from weishop.utils.cache import CACHE_DIR
from weishop.content.walk import is_ignored

log = logging.getLogger(__name__)

FINGERPRINTED = (".css", ".js")


def packaged_themes() -> Path:
    """Themes inside the installed package (wheel), else the repository's themes/ (editable install)."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "themes"  # an installed wheel carries the default theme inside the package
    return inside if inside.is_dir() else package.parents[1] / "themes"  # a checkout: generator/weishop → repo root


@dataclass
class Theme:
    name: str
    folders: list[Path]  # most specific first
    assets: dict[str, str] = field(default_factory=dict)  # logical name -> fingerprinted output path
    static_files: dict[str, Path] = field(default_factory=dict)  # output path -> source
    minified: dict[str, bytes] = field(default_factory=dict)  # output path -> minified CSS/JS
    cache_dir: Path | None = None  # the shop's .weishop-cache/: compiled templates and image plans are kept there

    @property
    def template_dirs(self) -> list[Path]:
        return [f / "templates" for f in self.folders if (f / "templates").is_dir()]

    @property
    def i18n_dirs(self) -> list[Path]:
        return [f / "i18n" for f in self.folders if (f / "i18n").is_dir()]

    def environment(self) -> jinja2.Environment:
        prefixed = {p.name: jinja2.FileSystemLoader(str(p / "templates")) for p in packaged_themes().iterdir() if (p / "templates").is_dir()}
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            jinja2.PrefixLoader(prefixed, delimiter=":"),
        ])
        cache = None
        if self.cache_dir is not None:
            try:
                (self.cache_dir / "templates").mkdir(parents=True, exist_ok=True)
                cache = jinja2.FileSystemBytecodeCache(str(self.cache_dir / "templates"))  # keyed by source checksum
            except OSError:
                cache = None
        return jinja2.Environment(
            loader=loader,
            bytecode_cache=cache,  # compiling the templates is ~0.2 s a build; reuse it across builds
            autoescape=True,  # every template, the shop's own included, HTML and XML alike
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )


def load_theme(shop: Path, name: str) -> Theme:
    """The theme chain for `name`; raises FileNotFoundError when no such theme exists."""
    candidates = [shop / "themes" / name, packaged_themes() / name]
    if name != "default":
        candidates += [shop / "themes" / "default", packaged_themes() / "default"]
    folders = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    if not any(f.name == name for f in folders):
        raise FileNotFoundError(name)
    theme = Theme(name, folders, cache_dir=shop.absolute() / CACHE_DIR)
    _collect_static(theme)
    return theme


def minify(path: Path) -> bytes:
    """CSS and JS without comments and spaces: a buyer on mobile data downloads a third less."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return rcssmin.cssmin(text).encode("utf-8")
    return rjsmin.jsmin(text).encode("utf-8")


def _collect_static(theme: Theme) -> None:
    """Theme static files go under theme/; CSS and JS carry a content hash so hosts can cache them forever."""
    for folder in reversed(theme.folders):
        static = folder / "static"
        if not static.is_dir():
            continue
        static_real = static.resolve()
        for path in sorted(static.rglob("*")):
            if not path.is_file() or is_ignored(path.name):
                continue
            if not path.resolve().is_relative_to(static_real):  # a downloaded theme's link to ~/.ssh/… is never published
                log.warning("theme file %s links outside its static/ folder; not published", path)
                continue
            logical = path.relative_to(static).as_posix()
            theme.assets[logical] = logical  # overridden below by later (more specific) folders
            theme.static_files[logical] = path
    for logical, path in list(theme.static_files.items()):
        if path.suffix in FINGERPRINTED:
            data = minify(path)
            digest = hashlib.sha256(data).hexdigest()[:10]
            stem, dot, ext = logical.rpartition(".")
            hashed = f"{stem}.{digest}.{ext}"
            theme.assets[logical] = "theme/" + hashed
            del theme.static_files[logical]
            theme.minified["theme/" + hashed] = data
        else:
            theme.assets[logical] = "theme/" + logical
            theme.static_files["theme/" + logical] = theme.static_files.pop(logical)
