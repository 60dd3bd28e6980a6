"""The build, stage by stage: config → content → model → render → write."""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from weishop.build.outputs.cards import share_cards
from weishop.build.outputs.catalog import catalog_file
from weishop.build.outputs.feeds import feed_files
from weishop.build.outputs.images import image_stage
from weishop.build import state as saved
from weishop.build.links import body_links
from weishop.build.outputs.search import search_index
from weishop.build.stage import BuildOptions, OutputStage, StageInput
from weishop.build.state import BuildState
from weishop.config.shop import ShopConfig, load_config
from weishop.content import documents
from weishop.content.model import Site, build_site
from weishop.content.examples import in_config, in_documents
from weishop.content.resolve import RealPaths
from weishop.content.walk import load_content
from weishop.errors import BuildFailed, Cancelled, Problems, SourceError
from weishop.media import metadata
from weishop.media.images import ImageIndex, processed_sources
from weishop.pages import kit, orders, pagecache
from weishop.pages.listing import list_pages
from weishop.pages.render import Renderer
from weishop.pages.spec import PageSpec
from weishop.pages.theming import Theme, load_theme, packaged_themes
from weishop.publish import update
from weishop.publish.files import Output, OutputProblem, SiteFiles
from weishop.publish.spool import Spool
from weishop.publish.writer import check_output_dir, write_site
from weishop.utils.cache import CACHE_DIR, Cache
from weishop.utils.messages import tr
from weishop.utils.parallel import fork_map

log = logging.getLogger(__name__)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")  # copied photos lose their metadata (metadata.py)
SLUGS_FILE = "slugs.json"  # pinyin slugs of earlier builds (slugs.py)


# Output stages, in order; a feature registers here in one line.
OUTPUT_STAGES: list[OutputStage] = [image_stage, feed_files, catalog_file, share_cards, search_index]  # search: last, it reads the pages


@dataclass
class BuildResult:
    site: Site
    files: SiteFiles
    pages: int  # pages rendered by this build (unchanged ones are kept, see pagecache.py)
    warnings: list[SourceError]
    stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def load_site(options: BuildOptions, problems: Problems, stats: dict[str, int] | None = None,
              examples: list[SourceError] | None = None) -> tuple[ShopConfig | None, Site | None]:
    """Read and check everything the seller wrote; every problem goes to `problems`.

    Example data left from `weishop init` goes to `examples` when given (`check` makes them errors), else to the warnings.
    """
    shop = options.shop.absolute()
    config = load_config(shop, problems, options.base_url)
    tree = load_content(shop, problems)
    if config is None:
        return None, None
    settings = documents.Settings(shop, config.base_path, config.unsafe_html)
    state = _state(options)
    docs = documents.parse_documents(tree.entries, settings, problems, Cache(shop) if options.cache else None,
                                     options.progress, stats, state.sources, state.pickles)
    if options.cache and not state.pinyin:
        state.pinyin.load(shop / CACHE_DIR / SLUGS_FILE)
    site = build_site(config, docs, shop, problems, drafts=options.drafts, pinyin=state.pinyin)
    site.keep_related(state.related)
    if options.cache:
        state.pinyin.save(shop / CACHE_DIR / SLUGS_FILE)
    orders.check_message(config, problems)  # the seller's order.message template, reported at its shop.yml line
    found = problems if examples is None else Problems()
    in_config(config, found)
    in_documents(docs, found)
    if examples is not None:
        examples.extend(found.warnings)
    processed = {str(source) for source in processed_sources(site)}  # replaced by their stripped, resized variants
    real = RealPaths()
    site.copies = [c for c in tree.copies if real(c.source) not in processed]
    return config, site


def render_site(options: BuildOptions, site: Site, problems: Problems, spool: Spool,
                counts: dict[str, int] | None = None) -> tuple[SiteFiles, int]:
    """All pages and files of the site (pages in `spool`); template errors reported with file and line.

    `counts` gets the pages kept as they were and the images (and how many were processed).
    """
    theme = _theme(options, site, problems)
    files = SiteFiles()
    pages = 0
    try:
        _add_copies(files, site, theme, options.shop.absolute())
        state = _state(options)
        index = ImageIndex(site, cache_dir=theme.cache_dir, remembered=state.image_plans)
        image_keys = {path: plan.key for path, plan in index.plans.items()}
        version = pagecache.site_version(site, theme, image_keys, repr((options.drafts, options.dev_script)))
        renderer = Renderer(site, theme, options.dev_script, index, version, state.cards)
        if counts is not None:  # shop.yml, the theme, a photo, weishop or the options: what every page may show
            counts["settings_changed"] = int(state.site_version not in ("", version))
        state.site_version = version
        specs = [*list_pages(site), kit.kit_page(renderer), kit.join_page(renderer)]
        kept, files.fingerprints = _unchanged_pages(options, version, specs, pagecache.whole_site(site))
        pages = _add_pages(files, options, renderer, specs, kept, spool, problems)
        if not problems:
            _run_stages(files, StageInput(options, site, renderer, problems, files, counts if counts is not None else {}, state))
            if counts is not None:
                counts["kept_pages"] = sum(1 for keep in kept if keep)
                counts["images"], counts["images_processed"] = index.stats["images"], index.stats["processed"]
    except OutputProblem as exc:  # two sources on one path, or a name that cannot be published
        problems.error(exc.origin, 0, "", exc.message, exc.hint)
    return files, pages


def _theme(options: BuildOptions, site: Site, problems: Problems) -> Theme:
    try:
        return load_theme(options.shop.absolute(), site.config.theme)
    except FileNotFoundError:
        problems.error("shop.yml", site.config.lines.get("theme", 0), "theme", tr("no theme named '{theme}'", theme=site.config.theme),
                       tr("use 'default' or create themes/<name>/"))
        raise BuildFailed(problems.errors) from None


def _add_copies(files: SiteFiles, site: Site, theme: Theme, shop: Path) -> None:
    """static/ and unprocessed content files (photos stripped of their metadata), then the theme's files."""
    for copy in site.copies:
        if copy.source.suffix.lower() in PHOTO_SUFFIXES:  # never publish where a photo was taken
            files.add(copy.target, Output(origin=_shown(copy.source, shop), data=metadata.strip(copy.source.read_bytes())))
        else:
            files.add(copy.target, Output(origin=_shown(copy.source, shop), source=copy.source))
    for rel, source in theme.static_files.items():
        files.add(rel, Output(origin=f"theme file {source.name}", source=source))
    for rel, data in theme.minified.items():
        files.add(rel, Output(origin=f"theme file {rel}", data=data))


def _add_pages(files: SiteFiles, options: BuildOptions, renderer: Renderer, specs: list[PageSpec], kept: list[str],
               spool: Spool, problems: Problems) -> int:
    """Kept pages as they are, the others rendered into the spool; returns how many were rendered."""
    todo = [spec for spec, keep in zip(specs, kept) if not keep]
    progress = lambda done: options.progress("rendering pages", done, len(todo))  # noqa: E731
    rendered = iter(_render_pages((renderer, options.shop.absolute(), todo, spool), progress))
    pages = 0
    for spec, keep in zip(specs, kept):
        origin = spec.origin or f"the page /{spec.url}"
        if keep:
            files.add(spec.path, Output(origin=origin, kept=keep))
            continue
        digest, error = next(rendered)
        if error:
            problems.error(*error)
            break
        files.add(spec.path, Output(origin=origin, source=spool.path(pages), digest=digest))  # `pages`: its number in `todo`
        pages += 1
    return pages


def _run_stages(files: SiteFiles, stage_input: StageInput) -> None:
    cancel = stage_input.options.cancel
    for stage in OUTPUT_STAGES:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        began = time.perf_counter()
        for path, output in stage(stage_input):
            files.add(path, output)
        log.debug("stage %s: %.2f s", stage.__module__, time.perf_counter() - began)


def _unchanged_pages(options: BuildOptions, version: str, specs: list[PageSpec],
                     whole: str) -> tuple[list[str], dict[str, str]]:
    """For each page, the signature of its file in the output when it can stay as it is ("" = render it)."""
    out = options.output
    cache_root = options.shop.absolute() / CACHE_DIR
    prints = [pagecache.fingerprint(version, spec, whole) for spec in specs]
    fingerprints = {spec.path: fp for spec, fp in zip(specs, prints) if fp}
    memo = _state(options).pickles
    manifest = update.load_manifest(update.manifest_path(cache_root, out), out, memo) if options.cache else None
    try:
        update.check_folders(out, [spec.path for spec in specs])
    except update.NotSafeInPlace:
        manifest = None  # a symlinked folder in the output: it is replaced whole, so render everything
    if manifest is None:
        return [""] * len(specs), fingerprints
    previous = pagecache.load(pagecache.store_path(cache_root, out), memo)
    kept = [pagecache.reusable(spec, fp, previous, manifest, lambda rel: update.current(out, rel)) for spec, fp in zip(specs, prints)]
    return kept, fingerprints


PageState = tuple[Renderer, Path, list[PageSpec], Spool]
PageResult = tuple[str, tuple[str, int, str, str] | None]


def _render_pages(state: PageState, progress: Callable[[int], None] | None = None) -> list[PageResult]:
    """Every page into the spool; one of each template first, here, so forked workers inherit them compiled.

    Workers inherit the specs too and get only their numbers: pickling a page's context
    (products, related products, listings) would cost more than rendering it.
    """
    specs = state[2]
    first = {spec.template: i for i, spec in reversed(list(enumerate(specs)))}
    warm = {i: _render_page(state, i) for i in sorted(first.values())}
    rest = [i for i in range(len(specs)) if i not in warm]
    done = dict(zip(rest, fork_map(_render_page, rest, state, progress)))
    return [warm[i] if i in warm else done[i] for i in range(len(specs))]


def _render_page(state: PageState, index: int) -> PageResult:
    """Page `index` written to the spool: its hash, or where its template failed (file, line, field, message)."""
    renderer, shop, specs, spool = state
    spec = specs[index]
    try:
        return spool.put(index, renderer.render(spec).encode("utf-8")), None
    except jinja2.TemplateSyntaxError as exc:
        return "", (_template_path(exc.filename, shop), exc.lineno, "template", exc.message or str(exc))
    except jinja2.TemplateError as exc:
        path, line = _runtime_template_error(exc, shop)
        return "", (path, line, "template", f"{exc} (while rendering /{spec.url})")


def _settings(options: BuildOptions) -> str:
    """What a saved build state depends on besides weishop's code."""
    return repr((options.drafts, options.base_url, options.dev_script, str(options.output)))


def _state(options: BuildOptions) -> BuildState:
    """The caller's build state; a caller without one gets the state the last build into this output saved."""
    if options.state is None:
        shop = options.shop.absolute()
        options.state = saved.load(shop, options.output, _settings(options)) if options.cache else BuildState()
    return options.state


def build(options: BuildOptions) -> BuildResult:
    """Build the shop; raises BuildFailed with every content error, UsageError for setup mistakes."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    check_output_dir(options.output, options.shop.absolute())
    state = _state(options)
    state.deferred = state.drawn_now = 0
    problems = Problems()
    counts: dict[str, int] = {}
    config, site = load_site(options, problems, counts)
    timings["load"] = time.perf_counter() - start
    if problems or site is None:
        raise BuildFailed(problems.errors)
    spool = Spool(options.output)
    gc.freeze()  # the model lives until the end: the collector need not walk it again and again (halves GC time)
    try:
        files, pages = render_site(options, site, problems, spool, counts)
        timings["render"] = time.perf_counter() - start - timings["load"]
        if problems:
            raise BuildFailed(problems.errors)
        problems.warnings.extend(body_links(site, files.files, options.shop.absolute(), state.links))  # found while writing, not at deploy
        stats = write_site(options.output, options.shop.absolute(), files, state.pickles)
    finally:
        spool.discard()
        gc.unfreeze()  # `weishop serve` builds again and again: this build's objects must be collectable
    pagecache.save(pagecache.store_path(options.shop.absolute() / CACHE_DIR, options.output), files.fingerprints, state.pickles)
    if options.cache and options.save_state and (stats.get("written") or stats.get("removed") or not state.loaded):
        saved.save(state, options.shop.absolute(), options.output, _settings(options))
    timings["total"] = time.perf_counter() - start
    counts.update(drawn=state.drawn_now, deferred=state.deferred)

    return BuildResult(site, files, pages, problems.warnings, {**counts, **stats}, timings)


def _shown(path: Path, shop: Path) -> str:
    try:
        return path.relative_to(shop).as_posix()
    except ValueError:
        return str(path)


def _template_path(filename: str | None, shop: Path) -> str:
    """Shop templates relative to the shop; packaged ones as `themes/<name>/templates/…`."""
    if not filename:
        return "template"
    path = Path(filename)
    if path.is_relative_to(packaged_themes()):
        return "themes/" + path.relative_to(packaged_themes()).as_posix()
    return _shown(path, shop)


def _runtime_template_error(exc: Exception, shop: Path) -> tuple[str, int]:
    """The innermost template frame of the traceback: names the partial, not the page that included it."""
    tb = exc.__traceback__
    found = ("template", 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".json")):
            found = (_template_path(filename, shop), tb.tb_lineno)
        tb = tb.tb_next
    return found

