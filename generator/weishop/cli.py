"""The `weishop` command: parses arguments, runs a command, maps outcomes to exit codes (0, 1, 2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from weishop import __version__
from weishop.build.pipeline import BuildOptions, BuildResult, build
from weishop.pages.kit import summary as kit_summary
from weishop.errors import BuildFailed, SourceError, UsageError
from weishop.utils.progress import Progress


def report_errors(errors: list[SourceError], warnings: list[SourceError] | None = None) -> None:
    for warning in warnings or []:
        print(f"warning: {warning}", file=sys.stderr)
    for error in errors:
        print(f"{error}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s); nothing was published, the previous output is unchanged.", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    progress = Progress()
    options = BuildOptions(shop=Path(args.shop), out=Path(args.out) if args.out else None,
                           drafts=args.drafts, base_url=args.base_url, progress=progress)
    try:
        result = build(options)
    except BuildFailed as exc:
        progress.clear()
        report_errors(exc.errors)
        return 1
    progress.clear()
    report_errors([], result.warnings)
    print(summary(result, options.output))
    if kits := kit_summary(result.site):
        print(kits)
    return 0


def summary(result: BuildResult, output: Path) -> str:
    """One line: what was built, how long it took, and how much came from the caches."""
    site, stats = result.site, result.stats
    kept = stats.get("kept_pages", 0)
    return (f"built {len(site.products)} products, {len(site.stories)} stories and {len(site.pages)} pages "
            f"into {output} in {result.timings['total']:.2f} s: {result.pages} pages rendered"
            + (f" ({kept} unchanged)" if kept else "")
            + f", {stats.get('documents', 0)} documents ({stats.get('documents', 0) - stats.get('parsed', 0)} from the cache)"
            + f", {stats.get('images', 0)} images ({stats.get('images_processed', 0)} processed)"
            + f", {stats['written']} files written, {stats['unchanged']} unchanged"
            + (f", {stats['removed']} removed" if stats.get("removed") else ""))


def cmd_check(args: argparse.Namespace) -> int:
    from weishop.commands.check import check_shop

    errors, warnings = check_shop(Path(args.shop))  # content (drafts too), then links and images of the built site
    report_errors(errors, warnings)
    if not errors:
        print("no problems found")
    return 1 if errors else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="weishop", description="Build a mobile-first shop from Markdown.")
    top.add_argument("--version", action="version", version=f"weishop {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--shop", default=".", help="the shop folder (default: the current folder)")
        sub.set_defaults(handler=handler)
        return sub

    b = command("build", "build the shop into output/", cmd_build)
    b.add_argument("--drafts", action="store_true", help="include products and stories marked draft: true")
    b.add_argument("--base-url", help="override base_url from shop.yml (e.g. for a preview deploy)")
    b.add_argument("--out", help="output folder (default: output/ in the shop folder)")
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
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"weishop: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # full disk, unwritable folder: say so; the writer keeps the previous output
        print(f"weishop: {exc.strerror or exc}: {exc.filename or ''} (the previous output is unchanged)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
