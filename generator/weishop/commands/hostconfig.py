"""The files `weishop deploy` writes for a host: its settings, the Netlify cache plugin, GitHub workflows.

Every host installs `requirements.txt` (hostinstall.py: this very weishop, pinned) and runs one
build command. The workflows and settings name no weishop version, so upgrading weishop rewrites
only requirements.txt and the wheel; GitHub's cache key takes the version from the installed weishop.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from weishop.commands.hostinstall import REQUIREMENTS

OUTPUT = "output"
CACHE = ".weishop-cache"
BUILD = "python3 -m weishop.cli build"
INSTALL = f"python3 -m pip install -r {REQUIREMENTS}"
NETLIFY_PLUGIN = "netlify/plugins/weishop-cache"
WRANGLER = "wrangler@4"
PYTHON = "3.12"

# Theme CSS/JS carry a content hash in their names (theming.py), so browsers may keep them forever.
# Photos keep their names when a seller replaces one, so they get a week, not forever.
IMMUTABLE = "public, max-age=31536000, immutable"
PHOTOS = "public, max-age=604800, stale-while-revalidate=86400"
CACHE_RULES = [("/theme/*.css", IMMUTABLE), ("/theme/*.js", IMMUTABLE)] + [
    (f"/*.{ext}", PHOTOS) for ext in ("jpg", "jpeg", "png", "webp", "avif", "gif", "svg")]


@dataclass(frozen=True)
class Place:
    """Where the shop sits: its folder, the git repository root (or the shop), the shop's path inside it."""

    shop: Path
    root: Path
    rel: str  # "." when the shop is the repository root

    def under_root(self, path: str) -> str:
        return path if self.rel == "." else f"{self.rel}/{path}"

    @property
    def branch(self) -> str:
        result = subprocess.run(["git", "-C", str(self.shop), "symbolic-ref", "-q", "--short", "HEAD"],
                                capture_output=True, text=True)
        return result.stdout.strip() or "main"


def headers_file() -> str:
    """`_headers` (Cloudflare Pages and Netlify read it from the output folder)."""
    lines = ["# Cache headers, written by `weishop deploy`; copied into output/ by every build."]
    for pattern, value in CACHE_RULES:
        lines += [pattern, f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"


def netlify_toml() -> str:
    parts = [
        "# Netlify settings, written by `weishop deploy netlify`. Netlify installs requirements.txt by itself.",
        "[build]",
        f'  command = "{BUILD}"',
        f'  publish = "{OUTPUT}"',
        "",
        "[build.environment]",
        f'  PYTHON_VERSION = "{PYTHON}"',
        "",
        f"# Keeps {CACHE}/ (resized photos, share images) from one build to the next.",
        "[[plugins]]",
        f'  package = "./{NETLIFY_PLUGIN}"',
    ]
    for pattern, value in CACHE_RULES:
        parts += ["", "[[headers]]", f'  for = "{pattern}"', "  [headers.values]", f'    Cache-Control = "{value}"']
    return "\n".join(parts) + "\n"


def netlify_manifest() -> str:
    return "# A local Netlify build plugin, written by `weishop deploy netlify` (netlify.toml names its folder).\nname: weishop-cache\n"


def netlify_plugin() -> str:
    """Restores the cache before the build and saves it after a successful one; a failure only logs."""
    return f"""// Keeps weishop's {CACHE}/ between Netlify builds, so unchanged photos and share images are not
// made again. Written by `weishop deploy netlify`. Without a cache (the first build, or after Netlify
// cleared it) weishop simply makes everything; a cache of another weishop version is ignored by weishop.
const CACHE = '{CACHE}'

module.exports = {{
  async onPreBuild({{ utils }}) {{
    try {{
      const restored = await utils.cache.restore(CACHE)
      console.log(restored ? `weishop: restored ${{CACHE}}/ from an earlier build` : `weishop: no cache yet, this build makes every image`)
    }} catch (error) {{
      console.log(`weishop: could not restore ${{CACHE}}/ (${{error.message}}); building without it`)
    }}
  }},
  async onPostBuild({{ utils }}) {{
    try {{
      if (await utils.cache.save(CACHE)) console.log(`weishop: saved ${{CACHE}}/ for the next build`)
    }} catch (error) {{
      console.log(`weishop: could not save ${{CACHE}}/ (${{error.message}})`)
    }}
  }},
}}
"""


def wrangler_toml(project: str) -> str:
    return "\n".join([
        "# Cloudflare Pages settings, written by `weishop deploy cloudflare`.",
        "# Git-connected builds take the build command from the dashboard (see the README):",
        f"#   {BUILD}   (Cloudflare installs requirements.txt by itself)",
        f'name = "{project}"',
        f'pages_build_output_dir = "./{OUTPUT}"',
        'compatibility_date = "2024-09-23"',
        "",
    ])


def vercel_json() -> str:
    def rule(source: str, value: str) -> dict[str, object]:
        return {"source": source, "headers": [{"key": "Cache-Control", "value": value}]}

    photos = "|".join(pattern.rsplit(".", 1)[1] for pattern, value in CACHE_RULES if value == PHOTOS)
    config = {
        "$schema": "https://openapi.vercel.sh/vercel.json",
        "framework": None,
        "installCommand": INSTALL,
        "buildCommand": BUILD,
        "outputDirectory": OUTPUT,
        "trailingSlash": True,
        "headers": [rule("/theme/(.*)\\.(css|js)", IMMUTABLE), rule(f"/(.*)\\.({photos})", PHOTOS)],
    }
    return json.dumps(config, indent=2) + "\n"


# --- GitHub workflows ------------------------------------------------------------------------------


def _setup_steps(place: Place) -> str:
    """Checkout, Python, requirements.txt, the cache keyed by the installed weishop, `weishop check`."""
    content = ", ".join(f"'{place.under_root(p)}'" for p in ("content/**", "shop.yml", "static/**", "themes/**"))
    return f"""      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{PYTHON}"
          cache: pip
          cache-dependency-path: {place.under_root(REQUIREMENTS)}
      - name: Install weishop (exactly the one in {REQUIREMENTS})
        run: {INSTALL}
      - name: Which weishop
        id: weishop
        run: echo "version=$(python3 -c 'import importlib.metadata as m; print(m.version("weishop"))')" >> "$GITHUB_OUTPUT"
      - name: Keep resized photos and share images between runs
        uses: actions/cache@v4
        with:
          path: {place.under_root(CACHE)}
          key: weishop-${{{{ steps.weishop.outputs.version }}}}-${{{{ hashFiles({content}) }}}}
          restore-keys: weishop-${{{{ steps.weishop.outputs.version }}}}-
      - name: Check content and links
        run: python3 -m weishop.cli check
"""


def _defaults(place: Place) -> str:
    return "" if place.rel == "." else f"    defaults:\n      run:\n        working-directory: {place.rel}\n"


def github_workflow(place: Place) -> str:
    """Build and publish with GitHub's official Pages actions; base_url comes from configure-pages."""
    return f"""# Publishes the shop to GitHub Pages on every push to {place.branch}. Written by `weishop deploy github`.
# One setting is needed once: repository Settings → Pages → Build and deployment → Source: GitHub Actions.
name: Publish shop (GitHub Pages)

on:
  push:
    branches: [{place.branch}]
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
        run: {BUILD} --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
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


def _workflow(place: Place, comment: str, name: str, job: str, *, secrets: tuple[str, ...] = (), checks: bool = True,
              first: str = "", then: str = "") -> str:
    """One job on ubuntu-latest: `first`, the setup steps (checkout … `weishop check`), then `then`.

    `checks`: also on pull requests, and runs may overlap; otherwise one publish at a time.
    """
    triggers = "  pull_request:\n" if checks else ""
    concurrency = "" if checks else f"concurrency:\n  group: {job}\n  cancel-in-progress: false\n\n"
    env = "".join(f"      {key}: ${{{{ secrets.{key} }}}}\n" for key in secrets)
    return (f"{comment}name: {name}\n\non:\n  push:\n    branches: [{place.branch}]\n{triggers}  workflow_dispatch:\n\n"
            f"permissions:\n  contents: read\n\n{concurrency}jobs:\n  {job}:\n    runs-on: ubuntu-latest\n{_defaults(place)}"
            + (f"    env:\n{env}" if env else "") + f"    steps:\n{first}{_setup_steps(place)}{then}")


def netlify_workflow(place: Place) -> str:
    """Checks and builds on every push; publishes only once Netlify's secrets are set."""
    return _workflow(place, """# Checks and builds the shop on every push, so a mistake shows as a red cross on GitHub.
# Netlify builds your repository itself (connected in its dashboard): leave the secrets unset.
# To publish from here instead, set NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID (repository Settings →
# Secrets and variables → Actions). Written by `weishop deploy netlify`.
""", "Shop (Netlify)", "build", secrets=("NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID"), then=f"""      - name: Build
        run: {BUILD}
      - name: Publish to Netlify
        if: env.NETLIFY_AUTH_TOKEN != ''
        run: npx --yes netlify-cli deploy --dir={OUTPUT} --prod --no-build
""")


def cloudflare_workflow(place: Place, project: str, publish: bool) -> str:
    """`publish`: build here with the cache and upload with wrangler (Direct Upload); else only check."""
    if not publish:
        return _workflow(place, """# Checks the shop on every push, so a mistake shows as a red cross on GitHub.
# Cloudflare Pages builds the shop itself (Connect to Git). Written by `weishop deploy cloudflare`;
# `weishop deploy cloudflare --workflow --force` replaces it with one that builds here and uploads.
""", "Shop (check)", "check")
    return _workflow(place, f"""# Builds the shop on every push to {place.branch} (keeping {CACHE}/ between runs) and uploads it to
# Cloudflare Pages with Cloudflare's wrangler (Direct Upload). Written by `weishop deploy cloudflare --workflow`.
# Needs two repository secrets (Settings → Secrets and variables → Actions → New repository secret):
#   CLOUDFLARE_API_TOKEN   a token with the permission "Cloudflare Pages: Edit"
#   CLOUDFLARE_ACCOUNT_ID  your account ID (Workers & Pages → Overview, right-hand side)
""", "Publish shop (Cloudflare Pages)", "publish", secrets=("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"), checks=False,
        first="""      - name: The two secrets are set
        run: |
          if [ -z "$CLOUDFLARE_API_TOKEN" ] || [ -z "$CLOUDFLARE_ACCOUNT_ID" ]; then
            echo "::error::Add the repository secrets CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (Settings → Secrets and variables → Actions)"
            exit 1
          fi
""", then=f"""      - name: Build
        run: {BUILD}
      - name: Create the Pages project on the first run
        run: npx --yes {WRANGLER} pages project create {project} --production-branch {place.branch} || echo "project {project} exists"
      - name: Upload to Cloudflare Pages
        run: npx --yes {WRANGLER} pages deploy {OUTPUT} --project-name {project} --branch "${{{{ github.ref_name }}}}"
""")
