"""The `weishop` command: parses arguments, runs a command, maps outcomes to exit codes (0, 1, 2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weishop import __version__
from weishop.build.pipeline import BuildOptions, BuildResult, build
from weishop.pages.kit import summary as kit_summary
from weishop.errors import BuildFailed, SourceError, UsageError
from weishop.utils.messages import Msg, describe, localize, shop_language, tr, tr_n
from weishop.utils.progress import Progress


def report_errors(errors: list[SourceError], warnings: list[SourceError] | None = None, language: str = "en") -> None:
    """Warnings, then errors, one a line as `file:line: field: message (hint)`, in the shop's language."""
    for warning in warnings or []:
        print(localize(tr("warning: {error}", error=describe(warning, language)), language), file=sys.stderr)
    for error in errors:
        print(describe(error, language), file=sys.stderr)
    if errors:
        print(localize(tr_n("{n} error; nothing was published, the previous output is unchanged.",
                            "{n} errors; nothing was published, the previous output is unchanged.", len(errors)), language),
              file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    progress = Progress()
    options = BuildOptions(shop=Path(args.shop), out=Path(args.out) if args.out else None,
                           drafts=args.drafts, base_url=args.base_url, progress=progress)
    try:
        result = build(options)
    except BuildFailed as exc:
        progress.clear()
        report_errors(exc.errors, language=args.says)
        return 1
    progress.clear()
    report_errors([], result.warnings, args.says)
    print(localize(summary(result, options.output), args.says))
    if kits := kit_summary(result.site):
        print(localize(kits, args.says))
    return 0


def what_changed(stats: dict[str, int]) -> Msg:
    """Why this build did what it did: "1 product changed", "shop.yml, theme or photos changed", "nothing changed"."""
    if not stats.get("kept_pages") and not stats.get("unchanged"):  # nothing of the output was kept: a new or emptied folder
        return tr("first build")
    things = []
    if count := stats.get("parsed_products", 0):
        things.append(tr_n("{n} product", "{n} products", count))
    if count := stats.get("parsed_stories", 0):
        things.append(tr_n("{n} story", "{n} stories", count))
    if count := stats.get("parsed_pages", 0):
        things.append(tr_n("{n} page", "{n} pages", count))
    said = [tr("{things} changed", things=_listed(things))] if things else []
    if stats.get("settings_changed"):
        said.append(tr("shop.yml, theme or photos changed"))
    if not said and stats.get("removed"):
        said.append(tr_n("{n} file gone", "{n} files gone", stats["removed"]))
    return _listed(said) if said else tr("nothing changed")


def _listed(items: list[Msg]) -> Msg:
    """"a, b, c" in the shop's language (、 in Chinese and Japanese)."""
    listed = items[0]
    for item in items[1:]:
        listed = tr("{earlier}, {item}", earlier=listed, item=item)
    return listed


def summary(result: BuildResult, output: Path) -> str:
    """One line: what changed and what that redid, then what was built, how long it took, what came from the caches."""
    site, stats = result.site, result.stats
    drawn = stats.get("drawn", 0)
    pages = tr_n("{n} page", "{n} pages", result.pages)
    if drawn:
        head = tr("{why}: {pages}, {drawn}", why=what_changed(stats), pages=pages, drawn=tr_n("{n} image drawn", "{n} images drawn", drawn))
    else:
        head = tr("{why}: {pages}", why=what_changed(stats), pages=pages)
    kept, documents = stats.get("kept_pages", 0), stats.get("documents", 0)
    if kept:
        rendered = tr_n("{n} page rendered ({kept} unchanged)", "{n} pages rendered ({kept} unchanged)", result.pages, kept=kept)
    else:
        rendered = tr_n("{n} page rendered", "{n} pages rendered", result.pages)
    if stats.get("removed"):
        files = tr_n("{n} file written, {unchanged} unchanged, {removed} removed", "{n} files written, {unchanged} unchanged, {removed} removed",
                     stats["written"], unchanged=stats["unchanged"], removed=stats["removed"])
    else:
        files = tr_n("{n} file written, {unchanged} unchanged", "{n} files written, {unchanged} unchanged", stats["written"], unchanged=stats["unchanged"])
    parts = {"rendered": rendered, "files": files,
             "documents": tr_n("{n} document ({cached} from the cache)", "{n} documents ({cached} from the cache)", documents,
                               cached=documents - stats.get("parsed", 0)),
             "images": tr_n("{n} image ({processed} processed)", "{n} images ({processed} processed)", stats.get("images", 0),
                            processed=stats.get("images_processed", 0))}
    if search := _search_part(stats):
        work = tr("{rendered}, {documents}, {images}, {search}, {files}", search=search, **parts)
    else:
        work = tr("{rendered}, {documents}, {images}, {files}", **parts)
    seconds = f"{result.timings['total']:.2f}"
    built = tr("built {products}, {stories} and {pages} into {output} in {seconds} s: {work}",
              products=tr_n("{n} product", "{n} products", len(site.products)), stories=tr_n("{n} story", "{n} stories", len(site.stories)),
              pages=tr_n("{n} page", "{n} pages", len(site.pages)), output=output, seconds=seconds, work=work)
    return tr("{changes}; {summary}", changes=head, summary=built)


def _search_part(stats: dict[str, int]) -> str:
    """"search index of 1200 pages (made in 3.41 s)", or "(unchanged)" when no indexed page changed."""
    if "search_pages" not in stats:
        return ""
    if stats.get("search_indexed"):
        seconds = f"{stats['search_ms'] / 1000:.2f}"
        return tr_n("search index of {n} page (made in {seconds} s)", "search index of {n} pages (made in {seconds} s)",
                    stats["search_pages"], seconds=seconds)
    return tr_n("search index of {n} page (unchanged)", "search index of {n} pages (unchanged)", stats["search_pages"])


def cmd_check(args: argparse.Namespace) -> int:
    from weishop.commands.check import check_shop

    errors, warnings = check_shop(Path(args.shop))  # content (drafts too), then links and images of the built site
    report_errors(errors, warnings, args.says)
    if not errors:
        print(localize(tr("no problems found"), args.says))
    return 1 if errors else 0


def folder(option: str, example: str):
    """An argparse type for a folder option: an empty value is a usage error, never a silent default."""
    def check(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"{option} is empty; give a folder, e.g. {example}")
        return value
    return check


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="weishop", description="Build a mobile-first shop from Markdown.")
    top.add_argument("--version", action="version", version=f"weishop {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--shop", default=".", type=folder("--shop", "--shop myshop (or leave it out in the shop folder)"),
                         help="the shop folder (default: the current folder)")
        sub.set_defaults(handler=handler)
        return sub

    b = command("build", "build the shop into output/", cmd_build)
    b.add_argument("--drafts", action="store_true", help="include products and stories marked draft: true")
    b.add_argument("--base-url", help="override base_url from shop.yml (e.g. for a preview deploy)")
    b.add_argument("--out", type=folder("--out", "--out public (or leave it out for output/)"),
                   help="output folder (default: output/ in the shop folder)")
    command("check", "check the shop's content, links and images (builds into a temporary folder)", cmd_check)
    from weishop.serve import session as server

    server.add_arguments(command("serve", "preview the shop; rebuilds and reloads the browser on every change", server.cmd_serve))
    from weishop.commands import deploy
    from weishop.commands import scaffold

    scaffold.init_arguments(commands.add_parser("init", help="create a new shop folder with examples", description="create a new shop folder with examples"))
    scaffold.new_arguments(command("new", "write a new product, story or page (as a draft)", scaffold.cmd_new))
    deploy.arguments(command("deploy", "publish the shop, or write the hosting service's settings", deploy.cmd_deploy))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # The language of what this run says: the shop's (`init`: the new shop's), else the terminal's.
    args.says = args.language if args.command == "init" else shop_language(Path(args.shop))
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"weishop: {localize(exc.args[0] if exc.args else exc, args.says)}", file=sys.stderr)
        return 2
    except OSError as exc:  # full disk, unwritable folder: say so; the writer keeps the previous output
        print("weishop: " + localize(tr("{reason}: {filename} (the previous output is unchanged)", reason=exc.strerror or exc,
                                        filename=exc.filename or ""), args.says), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(localize(tr("stopped"), args.says), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
