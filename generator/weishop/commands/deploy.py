"""`weishop deploy TARGET`: write what a host needs to build the shop, or publish to gh-pages (ghpages.py).

Every host gets requirements.txt with this very weishop pinned (hostinstall.py) and its settings
(hostconfig.py). Settings files are written only when missing or unchanged (`--force` replaces
them); requirements.txt and the wheel are weishop's own and follow the weishop you run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from weishop.commands import ghpages, hostconfig, hostinstall
from weishop.commands.hostconfig import BUILD, OUTPUT, PYTHON, Place
from weishop.commands.example_data import refuse_to_publish
from weishop.errors import BuildFailed, UsageError
from weishop.utils.messages import describe, localize, tr, tr_n
from weishop.utils.slugs import slugify

TARGETS = ("cloudflare", "netlify", "github", "gh-pages", "vercel")
WORKFLOW_DIR = ".github/workflows"
BRANCH = ghpages.BRANCH

NOT_FOR_SHOPS = {
    "github": tr("GitHub Pages' terms say it is not meant for online businesses or e-commerce sites. It is fine for a "
                 "catalog or a portfolio; for a shop that takes orders, use 'weishop deploy cloudflare' or 'netlify'."),
    "vercel": tr("Vercel's free (Hobby) plan is for non-commercial, personal use only. For a shop that sells, use a paid "
                 "Vercel plan, or 'weishop deploy cloudflare' / 'netlify' (their free plans allow selling)."),
}
NOT_FOR_SHOPS["gh-pages"] = NOT_FOR_SHOPS["github"]


def locate(shop: Path) -> Place:
    shop = shop.absolute()
    if not (shop / "shop.yml").is_file():
        raise UsageError(tr("no shop.yml in {folder}; run this in your shop folder or pass --shop DIR", folder=shop))
    root = git_root(shop) or shop
    rel = shop.resolve().relative_to(root.resolve()).as_posix()
    return Place(shop, root, rel or ".")


def git_root(folder: Path) -> Path | None:
    try:
        out = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(out.stdout.strip())


def write_config(path: Path, text: str, force: bool, shown: str) -> str:
    """Write `text` unless a different file is already there (then only with --force); returns what happened."""
    if path.is_file():
        if path.read_text(encoding="utf-8") == text:
            return tr("{path} is up to date", path=shown)
        if not force:
            raise UsageError(tr("{path} already exists and differs from what weishop would write; "
                                "nothing was changed. Move it away, or pass --force to replace it", path=shown))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tr("wrote {path}", path=shown)


def host_files(target: str, place: Place, project: str, workflow: bool) -> dict[Path, str]:
    """The settings files of `target`, by where they go."""
    shop, flows = place.shop, place.root / WORKFLOW_DIR
    if target == "github":
        return {flows / "weishop.yml": hostconfig.github_workflow(place)}
    if target == "netlify":
        plugin = shop / hostconfig.NETLIFY_PLUGIN
        return {shop / "netlify.toml": hostconfig.netlify_toml(), plugin / "manifest.yml": hostconfig.netlify_manifest(),
                plugin / "index.js": hostconfig.netlify_plugin(), flows / "weishop-netlify.yml": hostconfig.netlify_workflow(place)}
    if target == "cloudflare":
        return {shop / "wrangler.toml": hostconfig.wrangler_toml(project), shop / "static" / "_headers": hostconfig.headers_file(),
                flows / "weishop-cloudflare.yml": hostconfig.cloudflare_workflow(place, project, workflow)}
    return {shop / "vercel.json": hostconfig.vercel_json()}


# --- command line ----------------------------------------------------------


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=TARGETS, help="where to publish: cloudflare and netlify allow selling on their free plans")
    parser.add_argument("--workflow", action="store_true",
                        help="cloudflare: build in GitHub Actions (with the cache) and upload with wrangler, "
                             "instead of Cloudflare building the repository")
    parser.add_argument("--remote", default="origin", help="gh-pages: the git remote to push to (default: origin)")
    parser.add_argument("--no-push", action="store_true", help="gh-pages: commit the branch locally, do not push")
    parser.add_argument("--base-url", help="gh-pages: build with this base_url instead of shop.yml's")
    parser.add_argument("--force", action="store_true", help="replace existing config files that differ")
    parser.add_argument("--allow-example", action="store_true", help="publish even with the example shop's address or contact details (a demo)")


def cmd_deploy(args: argparse.Namespace) -> int:
    place = locate(Path(args.shop))
    target = args.target
    if args.workflow and target != "cloudflare":
        raise UsageError("--workflow is for 'weishop deploy cloudflare'; the other hosts' workflows are written anyway")
    refuse_to_publish(place.shop, args.allow_example, args.base_url, address=target != "github")  # github's workflow sets base_url itself
    if target in NOT_FOR_SHOPS:
        print(localize(tr("note: {text}", text=NOT_FOR_SHOPS[target]), args.says))
    if target == "gh-pages":
        return _cmd_gh_pages(args, place)
    project = slugify(place.shop.resolve().name) or "my-shop"
    files = host_files(target, place, project, args.workflow)
    for path, text in files.items():  # check them all first: a refusal changes nothing
        if path.is_file() and path.read_text(encoding="utf-8") != text and not args.force:
            write_config(path, text, False, path.relative_to(place.root).as_posix())
    done = hostinstall.write(place.shop, hostinstall.pin(), args.force)
    done += [write_config(path, text, args.force, path.relative_to(place.root).as_posix()) for path, text in files.items()]
    for line in done:
        print(localize(line, args.says))
    print(localize(next_steps(target, place, project, args.workflow), args.says))
    return 0


def _cmd_gh_pages(args: argparse.Namespace, place: Place) -> int:
    try:
        commit, changed = ghpages.publish(place.shop, args.remote, args.base_url, push=not args.no_push)
    except BuildFailed as exc:
        for error in exc.errors:
            print(describe(error, args.says), file=sys.stderr)
        print(localize(tr_n("{n} error; nothing was published, the {branch} branch is unchanged.",
                            "{n} errors; nothing was published, the {branch} branch is unchanged.", len(exc.errors), branch=BRANCH),
                       args.says), file=sys.stderr)
        return 1
    state = "committed" if changed else "unchanged (same files as before)"
    print(f"{BRANCH} {state}: {commit[:12] if commit else '-'}" + ("" if args.no_push else f", pushed to {args.remote}"))
    address = None if args.no_push else ghpages.pages_address(place.shop, args.remote)
    print("one-time setting: repository Settings → Pages → Build and deployment → Source: Deploy from a branch, "
          f"Branch: {BRANCH} / (root).")
    if address:
        print(f"your shop appears at {address} (set base_url in shop.yml to it, or to your own domain if static/CNAME names one)")
    return 0


def next_steps(target: str, place: Place, project: str, workflow: bool = False) -> str:
    root_note = "" if place.rel == "." else f"\n  Root directory (base directory): {place.rel}"
    commit = tr("next: commit and push everything above (requirements.txt and {wheels}/ too: the host installs weishop from them)",
                wheels=hostinstall.WHEEL_DIR)
    url = "https://" + project + ".pages.dev/"
    if target == "github":
        return tr("{commit}, then switch on the one setting:\n"
                  "  repository Settings → Pages → Build and deployment → Source: GitHub Actions\n"
                  "every push then publishes the shop; the address is shown under Settings → Pages.", commit=commit)
    if target == "cloudflare" and workflow:
        return tr("{commit}; before that, add two repository secrets on GitHub (Settings → Secrets and variables → Actions):\n"
                  "  CLOUDFLARE_API_TOKEN: a Cloudflare API token with the permission 'Cloudflare Pages: Edit'\n"
                  "  CLOUDFLARE_ACCOUNT_ID: your account ID (Cloudflare dashboard → Workers & Pages, right-hand side)\n"
                  "every push to {branch} then builds on GitHub (keeping {cache}/) and uploads to "
                  "{url}; put that address in shop.yml's base_url.", commit=commit, branch=place.branch, cache=hostconfig.CACHE, url=url)
    if target == "cloudflare":
        return tr("{commit}, then in the Cloudflare dashboard: Workers & Pages → Create → Pages → "
                  "Connect to Git, pick this repository and enter:\n"
                  "  Framework preset: None\n"
                  "  Build command: {build}\n"
                  "  Build output directory: {output}{root}\n"
                  "  Environment variable: PYTHON_VERSION = {python}\n"
                  "Cloudflare keeps no cache for weishop between these builds: every build makes every photo size and share "
                  "image again. `weishop deploy cloudflare --workflow --force` builds on GitHub with the cache instead.\n"
                  "your shop appears at {url} (or the name Cloudflare shows); put it in shop.yml's base_url.",
                  commit=commit, build=BUILD, output=OUTPUT, root=root_note, python=PYTHON, url=url)
    if target == "netlify":
        return tr("{commit}, then on app.netlify.com: Add new site → Import an existing project → pick this "
                  "repository; the build settings come from netlify.toml.{root}"
                  "\nput the address Netlify shows (https://<name>.netlify.app/) in shop.yml's base_url.", commit=commit, root=root_note)
    return tr("{commit}, then on vercel.com: Add New → Project → import this repository; settings come from vercel.json.{root}"
              "\nput the address Vercel shows in shop.yml's base_url.", commit=commit, root=root_note)
