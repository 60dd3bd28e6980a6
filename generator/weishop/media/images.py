"""Content photos to web variants: oriented, stripped of every metadata, resized, WebP + JPEG/PNG.

Sellers upload 4000 px phone photos with their home's GPS position inside; buyers are on
mobile data. Plans (sizes, names) come from the file header only, so templates can emit
`<picture>`/`srcset` with exact `width`/`height` before any pixel work; the pixel work runs
afterwards in a process pool, once per source content + settings (`.weishop-cache/images/`).
"""

from __future__ import annotations

import os
import pickle
import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from weishop.utils.cache import UNREADABLE, atomic_write, Cache, code_version, content_key
from weishop.content.model import Image, Site
from weishop.errors import WeishopError
from weishop.media.formats import heif_readable, open_photo, unopened


log = logging.getLogger(__name__)

WIDTHS = (400, 800, 1200, 1600)
JPEG_QUALITY = 80
# Wide variants go to 3× screens, where compression artefacts are a third of their size: lower quality.
WEBP_QUALITY = {800: 65, 1600: 60}  # up to this width: quality
NAMESPACE = "images"
ORIENTATION = 0x0112
SWAPPED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter
# The original path keeps working for links and feeds, served stripped and at most 1600 px wide.
ORIGINAL_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "webp": {"format": "WEBP", "method": 4},
    "jpeg": {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True, "progressive": True},
    "png": {"format": "PNG", "optimize": True},
}
BODY_SIZES = "(min-width: 760px) 700px, 100vw"


def save_options(kind: str, width: int) -> dict[str, Any]:
    options = dict(SAVE_OPTIONS[kind])
    if kind == "webp":
        options["quality"] = next((q for up_to, q in sorted(WEBP_QUALITY.items()) if width <= up_to), min(WEBP_QUALITY.values()))
    return options


def _settings() -> str:
    return f"widths={WIDTHS} jpeg={JPEG_QUALITY} webp={WEBP_QUALITY} heif={heif_readable()} v3"


@dataclass(frozen=True)
class Variant:
    path: str  # output path, posix, relative to the site root
    width: int
    height: int
    kind: str  # webp | jpeg | png
    suffix: str  # cache file suffix


@dataclass(frozen=True)
class Plan:
    """What one content image becomes; `error` set when it cannot be used. Plain data, remembered across builds."""

    key: str = ""
    width: int = 0  # of the largest variant, after orientation
    height: int = 0
    variants: tuple[Variant, ...] = ()
    original: Variant | None = None  # the stripped file served at the original path
    warnings: tuple[str, ...] = ()
    error: str = ""
    hint: str = ""

    @property
    def webp(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.kind == "webp")

    @property
    def fallback(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.kind != "webp")

    @property
    def src(self) -> Variant:
        """The `<img src>` for browsers without srcset: about 800 px."""
        fallback = self.fallback
        return next((v for v in fallback if v.width >= 800), fallback[-1])


def variant_widths(width: int) -> list[int]:
    """The widths to make for a photo `width` px wide: never upscaled, no near-duplicates."""
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest * 0.9] + [largest]


def scaled_height(width: int, height: int, target: int) -> int:
    return max(1, round(height * target / width))


def _open(source: Path) -> tuple[PILImage.Image, list[str]]:
    """Open with Pillow's decompression-bomb guard on; its warning becomes a seller warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PILImage.DecompressionBombWarning)
        image = open_photo(source)
    notes = [f"is very large ({image.width}×{image.height} px); resize it to about 4000 px on the long side"
             for w in caught if issubclass(w.category, PILImage.DecompressionBombWarning)]
    return image, notes


def image_problem(exc: BaseException, source: Path) -> tuple[str, str]:
    """A message and a fix for an image Pillow refuses."""
    if isinstance(exc, PILImage.DecompressionBombError):
        size = str(exc).split(",")[0]  # "Image size (400000000 pixels) exceeds limit of … pixels"
        return f"is too large to process safely: {size}", "resize it to about 4000 px on the long side"
    if isinstance(exc, UnidentifiedImageError):
        return unopened(source)
    text = str(exc).removeprefix("OSError: ")
    if "truncated" in text.lower() or "broken data stream" in text or isinstance(exc, (SyntaxError, EOFError)):
        return f"is damaged or incomplete ({text})", "copy or export the photo again"
    return f"cannot be read ({type(exc).__name__}: {text})", "save it again as JPEG or PNG"


def plan_image(image: Image) -> Plan:
    """Sizes and output names from the header only; no pixels decoded."""
    try:
        data = image.source.read_bytes()
    except OSError as exc:
        return Plan(error=f"cannot be read ({exc.strerror})", hint="check the file's permissions")
    key = content_key(data, _settings())
    try:
        pil, notes = _open(image.source)
        with pil:
            width, height = pil.size
            orientation = pil.getexif().get(ORIENTATION, 1)
            transparent = pil.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in pil.info
            frames = getattr(pil, "n_frames", 1)
            if pil.mode == "CMYK":
                notes.append("is a CMYK image (made for print); converted to RGB, colours may shift: export it as sRGB")
            if frames > 1:
                notes.append(f"is animated ({frames} frames); only the first frame is shown")
    except Exception as exc:  # any refusal is the seller's file, reported with its path
        error, hint = image_problem(exc, image.source)
        return Plan(key=key, error=error, hint=hint)
    if orientation in SWAPPED:
        width, height = height, width
    fallback = "png" if transparent else "jpeg"
    stem = PurePosixPath(image.path)
    base = (stem.parent / stem.stem).as_posix()
    variants: list[Variant] = []
    for w in variant_widths(width):
        h = scaled_height(width, height, w)
        for kind in ("webp", fallback):
            ext = "jpg" if kind == "jpeg" else kind
            variants.append(Variant(f"{base}-{w}.{key[:10]}.{ext}", w, h, kind, f"-{w}.{ext}"))
    largest = variants[-1]
    original = None
    if kind := ORIGINAL_FORMATS.get(stem.suffix.lower()):
        same = next((v for v in variants if v.width == largest.width and v.kind == kind), None)
        original = Variant(image.path, largest.width, largest.height, kind, same.suffix if same else f"-orig.{kind}")
    return Plan(key, largest.width, largest.height, tuple(variants), original, tuple(notes))


def _to_web_mode(image: PILImage.Image, keep_alpha: bool) -> PILImage.Image:
    """RGB (or RGBA when kept), 8 bits, sRGB: what browsers show the same everywhere."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")  # 16-bit grey: scale, don't clip
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK"):
        try:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                              ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: plain conversion below
    if keep_alpha:
        return image if image.mode == "RGBA" else image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "P") and ("A" in image.mode or "transparency" in image.info):
        return image.convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def make_variants(source: str, shop: str, key: str, plan: list[tuple[int, int, str, str]], keep_alpha: bool) -> int:
    """Decode once, write every (width, height, kind, cache suffix) into the cache; returns encodes done.

    Runs in a worker process: arguments are plain values.
    """
    cache = Cache(Path(shop))
    pil, _ = _open(Path(source))
    with pil:
        largest = max(w for w, _h, _k, _s in plan)
        target = next((w, h) for w, h, _k, _s in plan if w == largest)
        orientation = pil.getexif().get(ORIENTATION, 1)
        stored = (target[1], target[0]) if orientation in SWAPPED else target
        if pil.format == "JPEG" and pil.mode in ("RGB", "L", "CMYK"):
            pil.draft(None, stored)  # decode at 1/2, 1/4 … scale: a 4000 px photo needs only 2000
        pil.seek(0)
        pil.load()
        image = ImageOps.exif_transpose(pil) or pil
        image = _to_web_mode(image, keep_alpha)
    encodes = 0
    current = image
    for width, height, kind, suffix in sorted(plan, key=lambda p: (-p[0], p[2])):
        if current.size != (width, height):
            current = current.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        out = current if kind != "jpeg" or current.mode == "RGB" else current.convert("RGB")
        out.info = {}  # nothing of the source travels along: no EXIF, GPS, XMP, ICC, comments
        buffer = io.BytesIO()
        out.save(buffer, **save_options(kind, width))
        cache.put(NAMESPACE, key, buffer.getvalue(), suffix)
        encodes += 1
    return encodes


def referenced_images(site: Site) -> dict[str, tuple[Image, str]]:
    """Every image content refers to, by path, with the file that first refers to it."""
    found: dict[str, tuple[Image, str]] = {}

    def add(image: Image | None, used_by: str) -> None:
        if image is not None and image.path not in found:
            found[image.path] = (image, used_by)

    add(site.avatar, "shop.yml")
    add(site.wechat_qr, "shop.yml")
    for product in site.products:
        for image in product.images:
            add(image, product.source)
    for story in site.stories:
        add(story.cover, story.source)
    for path, (image, used_by) in site.body_images.items():
        add(image, used_by)
    return found


def processed_sources(site: Site) -> set[Path]:
    """Source files replaced by their processed variants, so they are not copied as they are."""
    return {image.source for image, _ in referenced_images(site).values()}


@dataclass
class ImageIndex:
    """Plans for every referenced image; templates look them up by `Image.path`."""

    site: Site
    plans: dict[str, Plan] = field(default_factory=dict)
    images: dict[str, Image] = field(default_factory=dict)  # path -> the image as first referenced
    used_by: dict[str, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: {"images": 0, "processed": 0, "encodes": 0})

    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        known = _load_plans(self.cache_dir)
        fresh: dict[tuple[str, int, int, str], Plan] = {}
        for path, (image, used_by) in referenced_images(self.site).items():
            self.plans[path] = _plan_once(image, known, fresh)
            self.images[path] = image
            self.used_by[path] = used_by
        if fresh.keys() != known.keys() or (self.cache_dir and not os.path.isfile(self.cache_dir / PLANS_FILE)):
            _save_plans(self.cache_dir, fresh)
        _remember(self.cache_dir, fresh)
        prefix = self.site.config.base_path
        self._by_url = {prefix + path: path for path in self.plans}

    def get(self, path: str) -> Plan | None:
        plan = self.plans.get(path)
        return plan if plan and not plan.error else None

    def by_url(self, src: str) -> Image | None:
        """The content image at this address (as the page links it), if it has usable variants."""
        path = self._by_url.get(src)
        return self.images[path] if path is not None and self.get(path) else None


PLANS_FILE = "image-plans.pickle"
_remembered: dict[str, dict] = {}  # cache folder -> the plans of the last build in this process (weishop serve)


def _plan_once(image: Image, known: dict, fresh: dict) -> Plan:
    """The image's plan, from the last build when the file's size and time are unchanged.

    Planning reads every byte (for the cache key) and the header; for thousands of photos that
    is most of a rebuild, so it is remembered per (file, size, mtime)."""
    try:
        st = os.stat(image.source)
    except OSError:
        return plan_image(image)
    key = (str(image.source), st.st_size, st.st_mtime_ns, image.path)
    plan = known.get(key)
    if plan is None or plan.error:
        plan = plan_image(image)
    fresh[key] = plan
    return plan


def _load_plans(cache_dir: Path | None) -> dict:
    if cache_dir is None:
        return {}
    if str(cache_dir) in _remembered:
        return _remembered[str(cache_dir)]
    try:
        with open(cache_dir / PLANS_FILE, "rb") as handle:
            data = pickle.load(handle)
        if not isinstance(data, dict) or data.pop("version", None) != code_version():
            return {}
        return data
    except UNREADABLE:
        return {}


def _remember(cache_dir: Path | None, plans: dict) -> None:
    if cache_dir is not None:
        _remembered.clear()  # one shop per process is the usual case: keep no more than that
        _remembered[str(cache_dir)] = plans


def _save_plans(cache_dir: Path | None, plans: dict) -> None:
    if cache_dir is None:
        return
    try:
        atomic_write(cache_dir / PLANS_FILE, pickle.dumps({**plans, "version": code_version()}, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


class _ImgTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {k: v or "" for k, v in attrs}

    handle_startendtag = handle_starttag


_IMG = re.compile(r"<img\b[^>]*>", re.I)


def body_pictures(html: str, index: ImageIndex, picture: Any, title: str = "") -> Markup:
    """Body `<img>`s of content images become the theme's `picture` (srcset, sizes, width/height)."""
    def replace(match: re.Match[str]) -> str:
        parser = _ImgTag()
        parser.feed(match.group(0))
        attrs = parser.attrs
        found = index.by_url(attrs.get("src", ""))
        if found is None:
            return match.group(0)
        image = Image(found.path, found.source, attrs.get("alt") or title)
        return str(picture(image, BODY_SIZES, False, attrs.get("class", ""), attrs.get("title", "")))
    return Markup(_IMG.sub(replace, html))


def plan_files(plan: Plan) -> tuple[Variant, ...]:
    """Every file made from the image: the variants and the stripped original."""
    return plan.variants + ((plan.original,) if plan.original else ())


def wanted_variants(plan: Plan) -> list[tuple[int, int, str, str]]:
    return sorted({(v.width, v.height, v.kind, v.suffix) for v in plan_files(plan)})


class ReportedError(WeishopError):
    """A worker's error text, classified like the exception it came from."""
