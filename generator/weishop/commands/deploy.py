"""`weishop deploy TARGET`: write a host's settings and CI workflow, or publish to gh-pages (ghpages.py).

Config files are written only when missing or unchanged; `--force` replaces them.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from weishop import __version__
from weishop.commands import ghpages
from weishop.errors import BuildFailed, UsageError
from weishop.utils.slugs import slugify

TARGETS = ("cloudflare", "netlify", "github", "gh-pages", "vercel")
OUTPUT = "output"
WORKFLOW_DIR = ".github/workflows"
BRANCH = ghpages.BRANCH

# Theme CSS/JS carry a content hash in their names (theme.py), so browsers may keep them forever.
# Photos keep their names when a seller replaces one, so they get a week, not forever.
IMMUTABLE = "public, max-age=31536000, immutable"
PHOTOS = "public, max-age=604800, stale-while-revalidate=86400"
CACHE_RULES = [("/theme/*.css", IMMUTABLE), ("/theme/*.js", IMMUTABLE)] + [
    (f"/*.{ext}", PHOTOS) for ext in ("jpg", "jpeg", "png", "webp", "avif", "gif", "svg")]

NOT_FOR_SHOPS = {
    "github": "GitHub Pages' terms say it is not meant for online businesses or e-commerce sites. It is fine for a "
              "catalog or a portfolio; for a shop that takes orders, use 'weishop deploy cloudflare' or 'netlify'.",
    "vercel": "Vercel's free (Hobby) plan is for non-commercial, personal use only. For a shop that sells, use a paid "
              "Vercel plan, or 'weishop deploy cloudflare' / 'netlify' (their free plans allow selling).",
}
NOT_FOR_SHOPS["gh-pages"] = NOT_FOR_SHOPS["github"]


@dataclass(frozen=True)
class Place:
    """Where the shop sits: its folder, the git repository root (or the shop), the shop's path inside it."""

    shop: Path
    root: Path
    rel: str  # "." when the shop is the repository root

    def under_root(self, path: str) -> str:
        return path if self.rel == "." else f"{self.rel}/{path}"


def locate(shop: Path) -> Place:
    shop = shop.absolute()
    if not (shop / "shop.yml").is_file():
        raise UsageError(f"no shop.yml in {shop}; run this in your shop folder or pass --shop DIR")
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


def install_command(place: Place) -> str:
    """How a build machine gets weishop: this very version from PyPI, or the repository itself when it is weishop's."""
    pyproject = place.root / "pyproject.toml"
    if pyproject.is_file() and re.search(r'(?m)^name\s*=\s*"weishop"', pyproject.read_text(encoding="utf-8", errors="replace")):
        return "python3 -m pip install " + ("." if place.rel == "." else "/".join([".."] * len(place.rel.split("/"))))
    return f"python3 -m pip install weishop=={__version__}"


def build_command(place: Place) -> str:
    return f"{install_command(place)} && python3 -m weishop.cli build"


# --- config files ----------------------------------------------------------


def write_config(path: Path, text: str, force: bool, shown: str) -> str:
    """Write `text` unless a different file is already there (then only with --force); returns what happened."""
    if path.is_file():
        if path.read_text(encoding="utf-8") == text:
            return f"{shown} is up to date"
        if not force:
            raise UsageError(f"{shown} already exists and differs from what weishop would write; "
                             "nothing was changed. Move it away, or pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"wrote {shown}"


def headers_file() -> str:
    """`_headers` (Cloudflare Pages and Netlify read it from the output folder)."""
    lines = ["# Cache headers, written by `weishop deploy`; copied into output/ by every build."]
    for pattern, value in CACHE_RULES:
        lines += [pattern, f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"


def netlify_toml(place: Place) -> str:
    parts = [
        "# Netlify settings, written by `weishop deploy netlify`.",
        "[build]",
        f'  command = "{build_command(place)}"',
        f'  publish = "{OUTPUT}"',
        "",
        "[build.environment]",
        '  PYTHON_VERSION = "3.12"',
    ]
    for pattern, value in CACHE_RULES:
        parts += ["", "[[headers]]", f'  for = "{pattern}"', "  [headers.values]", f'    Cache-Control = "{value}"']
    return "\n".join(parts) + "\n"


def wrangler_toml(place: Place, project: str) -> str:
    return "\n".join([
        "# Cloudflare Pages settings, written by `weishop deploy cloudflare`.",
        "# Build settings live in the dashboard (see the README): build command and output folder below.",
        f'name = "{project}"',
        f'pages_build_output_dir = "./{OUTPUT}"',
        'compatibility_date = "2024-09-23"',
        f"# Build command: {build_command(place)}",
        "",
    ])


def vercel_json(place: Place) -> str:
    def rule(source: str, value: str) -> dict[str, object]:
        return {"source": source, "headers": [{"key": "Cache-Control", "value": value}]}

    photos = "|".join(pattern.rsplit(".", 1)[1] for pattern, value in CACHE_RULES if value == PHOTOS)
    config = {
        "$schema": "https://openapi.vercel.sh/vercel.json",
        "framework": None,
        "installCommand": install_command(place),
        "buildCommand": "python3 -m weishop.cli build",
        "outputDirectory": OUTPUT,
        "trailingSlash": True,
        "headers": [rule("/theme/(.*)\\.(css|js)", IMMUTABLE), rule(f"/(.*)\\.({photos})", PHOTOS)],
    }
    return json.dumps(config, indent=2) + "\n"


def _branch(place: Place) -> str:
    if git_root(place.shop) is None:
        return "main"
    result = subprocess.run(["git", "-C", str(place.shop), "symbolic-ref", "-q", "--short", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() or "main"


def _setup_steps(place: Place) -> str:
    """Checkout, Python, weishop, `weishop check`: the same for every workflow."""
    cache_path = place.under_root(".weishop-cache")
    return f"""      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Keep resized photos between runs
        uses: actions/cache@v4
        with:
          path: {cache_path}
          key: weishop-${{{{ hashFiles('{place.under_root("content/**")}') }}}}
          restore-keys: weishop-
      - name: Install weishop
        run: {install_command(place)}
      - name: Check content and links
        run: python3 -m weishop.cli check
"""


def _defaults(place: Place) -> str:
    if place.rel == ".":
        return ""
    return f"    defaults:\n      run:\n        working-directory: {place.rel}\n"


def github_workflow(place: Place) -> str:
    """Build and publish with GitHub's official Pages actions; base_url comes from configure-pages."""
    return f"""# Publishes the shop to GitHub Pages on every push to {_branch(place)}. Written by `weishop deploy github`.
# One setting is needed once: repository Settings → Pages → Build and deployment → Source: GitHub Actions.
name: Publish shop (GitHub Pages)

on:
  push:
    branches: [{_branch(place)}]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
{_defaults(place)}    steps:
{_setup_steps(place)}      - name: Find the Pages address
        id: pages
        uses: actions/configure-pages@v5
      - name: Build
        run: python3 -m weishop.cli build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: {place.under_root(OUTPUT)}

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Publish
        id: deployment
        uses: actions/deploy-pages@v4
"""


def host_workflow(place: Place, target: str, project: str) -> str:
    """Checks and builds on every push; publishes only once the host's secrets are set (route B in the README)."""
    if target == "cloudflare":
        secrets = {"CLOUDFLARE_API_TOKEN": "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID": "CLOUDFLARE_ACCOUNT_ID"}
        publish = f"""      - name: Publish to Cloudflare Pages
        if: env.CLOUDFLARE_API_TOKEN != ''
        uses: cloudflare/wrangler-action@v3
        with:
          apiToken: ${{{{ env.CLOUDFLARE_API_TOKEN }}}}
          accountId: ${{{{ env.CLOUDFLARE_ACCOUNT_ID }}}}
          workingDirectory: {place.rel}
          command: pages deploy {OUTPUT} --project-name={project} --branch=${{{{ github.ref_name }}}}
"""
        name = "Cloudflare Pages"
    else:
        secrets = {"NETLIFY_AUTH_TOKEN": "NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID": "NETLIFY_SITE_ID"}
        publish = f"""      - name: Publish to Netlify
        if: env.NETLIFY_AUTH_TOKEN != ''
        run: npx --yes netlify-cli deploy --dir={OUTPUT} --prod --no-build
"""
        name = "Netlify"
    env = "".join(f"      {key}: ${{{{ secrets.{value} }}}}\n" for key, value in secrets.items())
    return f"""# Checks and builds the shop on every push; publishes to {name} only when the secrets
# {' and '.join(secrets)} are set (repository Settings → Secrets and variables → Actions).
# If {name} builds your repository itself (connected in its dashboard), leave the secrets unset:
# this workflow then only checks your content. Written by `weishop deploy {target}`.
name: Shop ({name})

on:
  push:
    branches: [{_branch(place)}]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
{_defaults(place)}    env:
{env}    steps:
{_setup_steps(place)}      - name: Build
        run: python3 -m weishop.cli build
{publish}"""


# --- command line ----------------------------------------------------------


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=TARGETS, help="where to publish: cloudflare and netlify allow selling on their free plans")
    parser.add_argument("--remote", default="origin", help="gh-pages: the git remote to push to (default: origin)")
    parser.add_argument("--no-push", action="store_true", help="gh-pages: commit the branch locally, do not push")
    parser.add_argument("--base-url", help="gh-pages: build with this base_url instead of shop.yml's")
    parser.add_argument("--force", action="store_true", help="replace existing config files that differ")


def cmd_deploy(args: argparse.Namespace) -> int:
    place = locate(Path(args.shop))
    target = args.target
    if target in NOT_FOR_SHOPS:
        print(f"note: {NOT_FOR_SHOPS[target]}")
    if target == "gh-pages":
        return _cmd_gh_pages(args, place)
    project = slugify(place.shop.resolve().name) or "my-shop"
    done: list[str] = []
    if target == "github":
        done.append(write_config(place.root / WORKFLOW_DIR / "weishop.yml", github_workflow(place), args.force, f"{WORKFLOW_DIR}/weishop.yml"))
    elif target in ("netlify", "cloudflare"):
        config = netlify_toml(place) if target == "netlify" else wrangler_toml(place, project)
        name = "netlify.toml" if target == "netlify" else "wrangler.toml"
        done.append(write_config(place.shop / name, config, args.force, place.under_root(name)))
        if target == "cloudflare":
            done.append(write_config(place.shop / "static" / "_headers", headers_file(), args.force, place.under_root("static/_headers")))
        done.append(write_config(place.root / WORKFLOW_DIR / f"weishop-{target}.yml", host_workflow(place, target, project),
                                 args.force, f"{WORKFLOW_DIR}/weishop-{target}.yml"))
    else:
        done.append(write_config(place.shop / "vercel.json", vercel_json(place), args.force, place.under_root("vercel.json")))
    for line in done:
        print(line)
    print(next_steps(target, place, project))
    return 0


def _cmd_gh_pages(args: argparse.Namespace, place: Place) -> int:
    try:
        commit, changed = ghpages.publish(place.shop, args.remote, args.base_url, push=not args.no_push)
    except BuildFailed as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing was published, the {BRANCH} branch is unchanged.", file=sys.stderr)
        return 1
    state = "committed" if changed else "unchanged (same files as before)"
    print(f"{BRANCH} {state}: {commit[:12] if commit else '-'}" + ("" if args.no_push else f", pushed to {args.remote}"))
    address = None if args.no_push else ghpages.pages_address(place.shop, args.remote)
    print("one-time setting: repository Settings → Pages → Build and deployment → Source: Deploy from a branch, "
          f"Branch: {BRANCH} / (root).")
    if address:
        print(f"your shop appears at {address} (set base_url in shop.yml to it, or to your own domain if static/CNAME names one)")
    return 0


def next_steps(target: str, place: Place, project: str) -> str:
    root_note = "" if place.rel == "." else f"\n  Root directory (base directory): {place.rel}"
    if target == "github":
        return ("next: commit and push the workflow file, then switch on the one setting:\n"
                "  repository Settings → Pages → Build and deployment → Source: GitHub Actions\n"
                "every push then publishes the shop; the address is shown under Settings → Pages.")
    if target == "cloudflare":
        return ("next: commit and push, then in the Cloudflare dashboard: Workers & Pages → Create → Pages → "
                "Connect to Git, pick this repository and enter:\n"
                "  Framework preset: None\n"
                f"  Build command: {build_command(place)}\n"
                f"  Build output directory: {OUTPUT}{root_note}\n"
                "  Environment variable: PYTHON_VERSION = 3.12\n"
                f"your shop appears at https://{project}.pages.dev/ (or the name Cloudflare shows); put it in shop.yml's base_url.")
    if target == "netlify":
        return ("next: commit and push, then on app.netlify.com: Add new site → Import an existing project → pick this "
                "repository; the build settings come from netlify.toml." + root_note +
                "\nput the address Netlify shows (https://<name>.netlify.app/) in shop.yml's base_url.")
    return ("next: commit and push, then on vercel.com: Add New → Project → import this repository; settings come from vercel.json."
            + root_note + "\nput the address Vercel shows in shop.yml's base_url.")
