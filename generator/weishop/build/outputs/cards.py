"""Output stage: the share image of every product, story and the home page (1200×630), drawn once per content.

`draw_cached` is shared with the posters stage: cached images as they are, the rest drawn in a process pool.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from weishop.build.stage import StageInput
from weishop.media.cards import LAYOUT_VERSION, CardSpec, card_path, domain, draw_card, photo_files, spec_key
from weishop.publish.files import Output
from weishop.utils.cache import Cache, entry
from weishop.utils.parallel import Job, run_jobs

if TYPE_CHECKING:
    from weishop.media.fonts import FontPair


def shop_fonts(stage: StageInput, report: bool = True) -> FontPair:
    """The fonts for this shop (remembered by the build state: finding them opens font files); a missing
    `share.font` file is an error. A fallback without CJK glyphs is never remembered: a font installed
    later is found by the next build."""
    config = stage.site.config
    configured = config.share.get("font")
    key = (config.language, str(configured or ""), str(stage.options.shop.absolute()))
    known = stage.state.fonts.get(key)
    if known is not None and all(os.path.isfile(f.path) for f in (known.regular, known.bold) if f):
        return known
    from weishop.media.fonts import FontPair, find_fonts  # opens font files: Pillow

    line = config.lines.get("share", 0)
    if configured:
        path = Path(configured).expanduser()
        path = path if path.is_absolute() else stage.options.shop.absolute() / path
        try:
            fonts = find_fonts(config.language, path)
        except OSError as exc:
            if report:
                stage.problems.error("shop.yml", line, "share.font", f"cannot use '{configured}' as a font ({exc})",
                                     "give the path of a .ttf, .otf or .ttc file, relative to the shop folder")
            return FontPair(None, None)
    else:
        fonts = find_fonts(config.language)
    if fonts.regular is not None:
        stage.state.fonts[key] = fonts
    return fonts


def warn_missing_glyphs(stage: StageInput, fonts: FontPair, texts: list[str]) -> None:
    """Characters of the images about to be drawn that the font cannot draw: a warning naming the fix."""
    from weishop.media.fonts import INSTALL_HINT, missing_chars

    missing = missing_chars(fonts.load(30), "".join(texts))
    if missing:
        stage.problems.warn("shop.yml", stage.site.config.lines.get("share", 0), "share.font",
                            f"no font found for {missing[:10]!r}: share images and posters leave those characters out",
                            INSTALL_HINT)


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
        suffix = path[path.rfind("."):]  # .jpg cards, .png posters: the cache file is the output file
        inputs = (spec, layout, photo_files(spec, known))
        cached = seen.get(inputs)
        if cached is None:
            key = spec_key(*inputs)
            cached = Path(entry(folder, key, suffix))
        if os.path.isfile(cached):  # checked every build: the cache folder may have been deleted
            found[inputs] = cached
            yield path, Output(origin=origin, source=cached)
        else:
            missing.append((path, origin, spec))
            jobs.append(Job(path, _draw_into_cache, (draw, spec, stage.options.shop, namespace, spec_key(*inputs), suffix)))
    memo[namespace] = found
    if stage.options.defer_drawing:  # `serve` shows the pages first and draws in a build right after
        stage.state.deferred += len(jobs)
        return
    stage.state.drawn_now += len(jobs)
    if jobs and namespace == "share":  # the posters' texts are the cards' texts: one warning
        warn_missing_glyphs(stage, jobs[0].args[1].fonts, [job.args[1].title for job in jobs])
    shop = stage.options.shop.absolute()
    for (path, origin, spec), result in zip(missing, run_jobs(jobs, title, stage.options.progress)):
        from weishop.media.drawing import drawing_problem  # with Pillow: only when something was drawn

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
        yield path, Output(origin=origin, source=drawn)


def _draw_into_cache(draw: Callable[[Any], bytes], spec: Any, shop: Path, namespace: str, key: str,
                     suffix: str) -> tuple[Path | OSError, str, str]:
    """Runs in a worker: the image goes straight to the cache, only its path comes back (22,000 images of a
    10,000-product shop returned as bytes made the parent hold over a gigabyte). A simplified drawing is
    stored under another name, so the next build tries the full one again (and says so again)."""
    from weishop.media.drawing import draw_within_limits

    data, failure, instead = draw_within_limits(draw, spec)
    try:
        return Cache(shop).put(namespace, key, data, f".simpler{suffix}" if failure else suffix), failure, instead
    except OSError as exc:  # not the photo's fault: handed back to the parent to raise
        return exc, "", ""


def share_cards(stage: StageInput) -> Iterator[tuple[str, Output]]:
    """Build stage: every share image of the site."""
    site = stage.site
    fonts = shop_fonts(stage)
    yield from draw_cached(stage, "share", card_specs(stage, fonts), draw_card, LAYOUT_VERSION, "share images")
