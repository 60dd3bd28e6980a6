"""Output stage: the share image of every product, story and the home page (1200×630), drawn once per content.

`draw_cached`: cached images as they are, the rest drawn in a process pool.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

from weishop.build.stage import StageInput
from weishop.media.cards import LAYOUT_VERSION, CardSpec, card_path, domain, draw_card, photo_files, spec_key
from weishop.media.drawing import draw_within_limits, drawing_problem
from weishop.media.fonts import MISSING_HINT, FontPair, find_fonts, missing_chars
from weishop.publish.files import Output
from weishop.utils.cache import Cache, entry
from weishop.utils.parallel import Job, run_jobs

def shop_fonts(stage: StageInput) -> FontPair:
    """The fonts for this shop; a missing `share.font` file is an error, characters no font has a warning each."""
    config = stage.site.config
    configured = config.share.get("font")
    fonts = None
    if configured:
        path = Path(configured).expanduser()
        path = path if path.is_absolute() else stage.options.shop.absolute() / path
        try:
            fonts = find_fonts(config.language, path)
        except OSError as exc:
            stage.problems.error("shop.yml", config.lines.get("share", 0), "share.font",
                                 f"cannot use '{configured}' as a font ({exc})",
                                 "give the path of a .ttf, .otf or .ttc file, relative to the shop folder")
            return FontPair(None, None)
    fonts = fonts or find_fonts(config.language)
    report_missing(stage, fonts)
    return fonts


def report_missing(stage: StageInput, fonts: FontPair) -> None:
    """Warns of each text field with characters no font has: its file, line, field and those characters.

    What a text lacks is kept in the build state by fonts and text: a rebuild measures only new texts."""
    site, config = stage.site, stage.site.config
    faces: list[Any] = []  # loaded when a text is new
    fields = [("shop.yml", key, value) for key, value in (("title", config.title), ("tagline", config.tagline))]
    fields += [("shop.yml", f"seller.{key}", config.seller.get(key, "")) for key in ("name", "location", "bio")]
    for entity in (*site.products, *site.stories):
        fields += [(entity.source, "title", entity.title), (entity.source, "summary", entity.summary)]
    memo, kept = stage.state.coverage, {}
    for path, name, text in fields:
        if not isinstance(text, str) or not text:
            continue
        key = (fonts.key, text)
        if key not in memo:
            faces = faces or [fonts.load(30), fonts.load(30, bold=True)]
            memo[key] = "".join(dict.fromkeys("".join(missing_chars(face, text) for face in faces)))
        missing = kept[key] = memo[key]
        if missing:
            line = config.lines.get(name.split(".")[0], 0) if path == "shop.yml" else front_matter_line(stage.options.shop / path, name)
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:10])
            stage.problems.warn(path, line, name, f"no font has {shown}: share images leave "
                                f"{'it' if len(missing) == 1 else 'them'} out", MISSING_HINT)
    memo.clear()
    memo.update(kept)


def front_matter_line(path: Path, name: str) -> int:
    """The line of `name:` in a Markdown file's front matter; 0 when it is not there (e.g. a summary taken from the body)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            break
        if line.startswith(f"{name}:"):
            return number
    return 0


def card_specs(stage: StageInput, fonts: FontPair) -> list[tuple[str, str, CardSpec]]:
    """(output path, the seller's file it comes from, what to draw) for every card of the site."""
    site, renderer = stage.site, stage.renderer
    square = renderer.images.card_square  # the photo as the image stage cut it for cards
    shop = site.config
    footer = domain(shop.base_url)
    seller = shop.seller
    specs = [(card_path("home"), "shop.yml", CardSpec(
        title=shop.title, eyebrow=" · ".join(v for v in (seller.get("name", ""), seller.get("location", "")) if v),
        body=shop.tagline or seller.get("bio", ""), footer=footer, accent=shop.accent,
        photo=square(site.avatar), round=True, title_size=72, fonts=fonts))]
    for product in site.products:
        specs.append((card_path("product", product.slug), product.source, CardSpec(
            title=product.title, eyebrow=shop.title, price=renderer.money_range(product), was=renderer.was_price(product),
            body=renderer.t("sold_out") if product.sold_out else product.summary, footer=footer, accent=shop.accent,
            photo=square(product.image), fonts=fonts)))
    for story in site.stories:
        specs.append((card_path("story", story.slug), story.source, CardSpec(
            title=story.title, eyebrow=f"{shop.title} · {renderer.date(story.date)}", body=story.summary,
            footer=footer, accent=shop.accent, photo=square(story.cover), fonts=fonts)))
    return specs


def photo_keys(stage: StageInput) -> dict[str, str]:
    """Source file -> content key, for every content image the image stage planned."""
    index = stage.renderer.images
    keys = {str(index.images[path].source): plan.key for path, plan in index.plans.items() if plan.key}
    keys.update((square, plan.key) for path, plan in index.plans.items() if (square := index.card_square(index.images[path])))
    return keys


def draw_cached(stage: StageInput, namespace: str, items: list[tuple[str, str, Any]],
                draw: Callable[[Any], bytes], layout: str, title: str, what: str = "share image") -> Iterator[tuple[str, Output]]:
    """Outputs for `items` (path, origin, spec): cached files as they are, the rest drawn in parallel.

    A drawing that hits a limit is drawn simpler (the spec's `simpler()`) and reported as a warning
    on its origin, field `what`; only one that cannot be drawn at all is an error."""
    cache = Cache(stage.options.shop)
    folder = str(cache.root / namespace)
    known = photo_keys(stage)
    memo = stage.state.drawn  # namespace -> (spec, layout, photo keys) -> cache file, of the last build
    seen, found = memo.get(namespace, {}), {}
    missing: list[tuple[str, str, Any]] = []
    jobs: list[Job] = []
    for path, origin, spec in items:
        suffix = path[path.rfind("."):]  # the cache file is the output file (.jpg)
        inputs = (spec, layout, photo_files(spec, known))
        cached = seen.get(inputs)
        if cached is None:
            key = spec_key(*inputs)
            cached = Path(entry(folder, key, suffix))
        if os.path.isfile(cached):  # checked every build: the cache folder may have been deleted
            found[inputs] = cached
            stage.state.last_images[path] = cached
            yield path, Output(origin=origin, source=cached)
        else:
            missing.append((path, origin, spec))
            jobs.append(Job(path, _draw_into_cache, (draw, spec, stage.options.shop, namespace, spec_key(*inputs), suffix)))
    memo[namespace] = found
    if stage.options.defer_drawing:  # `serve` shows the pages first and draws in a build right after
        stage.state.deferred += len(jobs)
        for path, origin, _spec in missing:  # meanwhile the image shown before stays (no 404 for an open page)
            if (before := stage.state.last_images.get(path)) is not None and os.path.isfile(before):
                yield path, Output(origin=origin, source=before)
        return
    stage.state.drawn_now += len(jobs)
    shop = stage.options.shop.absolute()
    index = stage.renderer.images  # messages name the seller's photo, not the square cut from it for the card
    shown = {index.card_square(image): str(image.source) for image in index.images.values()}
    for (path, origin, spec), result in zip(missing, run_jobs(jobs, title, stage.options.progress)):
        spec = replace(spec, photo=shown.get(spec.photo, spec.photo)) if getattr(spec, "photo", None) else spec
        if result.error:
            message, hint = drawing_problem(result.error, spec, shop)
            stage.problems.error(origin, 0, what, f"could not draw {path}: {message}", hint)
            continue
        drawn, failure, instead = result.value
        if isinstance(drawn, OSError):
            raise drawn  # a full or read-only disk stops the build with a clear message (cli.py), as in the parent
        if failure:
            message, hint = drawing_problem(failure, spec, shop)
            stage.problems.warn(origin, 0, what, f"{path}: {message}; drawn {instead} instead", hint)
        stage.state.last_images[path] = drawn
        yield path, Output(origin=origin, source=drawn)


def _draw_into_cache(draw: Callable[[Any], bytes], spec: Any, shop: Path, namespace: str, key: str,
                     suffix: str) -> tuple[Path | OSError, str, str]:
    """Runs in a worker: the image goes straight to the cache, only its path comes back (22,000 images of a
    10,000-product shop returned as bytes made the parent hold over a gigabyte). A simplified drawing is
    stored under another name, so the next build tries the full one again (and says so again)."""
    data, failure, instead = draw_within_limits(draw, spec)
    try:
        return Cache(shop).put(namespace, key, data, f".simpler{suffix}" if failure else suffix), failure, instead
    except OSError as exc:  # not the photo's fault: handed back to the parent to raise
        return exc, "", ""


def share_cards(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """Build stage: every share image of the site."""
    fonts = shop_fonts(stage)
    yield from draw_cached(stage, "share", card_specs(stage, fonts), draw_card, LAYOUT_VERSION, "share images")
