"""`weishop deploy`: gh-pages through git plumbing against a local bare remote, and the hosts' config files."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from weishop.cli import main
from weishop.commands import hostinstall
from weishop.commands.scaffold import init_shop
from weishop.pages.theming import load_theme

OFFICIAL_PAGES_ACTIONS = {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def seller_state(repo: Path) -> dict[str, object]:
    """Everything the seller could notice: branch, HEAD, index bytes, status, working files (not the build cache)."""
    return {
        "branch": git(repo, "symbolic-ref", "HEAD").strip(),
        "head": git(repo, "rev-parse", "HEAD").strip(),
        "index": (repo / ".git" / "index").read_bytes(),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "files": {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted(repo.rglob("*"))
                  if p.is_file() and not {".git", ".weishop-cache"} & set(p.relative_to(repo).parts)},
    }


@pytest.fixture
def repo(tmp_path) -> tuple[Path, Path]:
    """A seller's shop in a git repo (branch main) with a bare `origin`, plus uncommitted work in progress."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    shop = tmp_path / "shop"
    init_shop(shop, "en")
    (shop / "static").mkdir()
    (shop / "static" / "CNAME").write_text("shop.example.com\n", encoding="utf-8")
    git(shop, "init", "-q", "-b", "main")
    git(shop, "add", "-A")
    git(shop, "-c", "user.name=Seller", "-c", "user.email=s@example.com", "commit", "-q", "-m", "my shop")
    git(shop, "remote", "add", "origin", str(remote))
    # Work in progress the deploy must not disturb: a staged edit, an unstaged edit, an untracked draft.
    about = shop / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nStaged line.\n", encoding="utf-8")
    git(shop, "add", "content/pages/about.md")
    about.write_text(about.read_text(encoding="utf-8") + "\nUnstaged line.\n", encoding="utf-8")
    (shop / "content/products/draft-idea.md").write_text("---\ntitle: Idea\nprice: 1\ndraft: true\n---\n", encoding="utf-8")
    return shop, remote


def test_gh_pages_publishes_without_touching_the_sellers_work(repo, capsys):
    shop, remote = repo
    before = seller_state(shop)
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 0
    out = capsys.readouterr().out
    assert "not meant for online businesses" in out and "gh-pages committed" in out
    assert seller_state(shop) == before

    published = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "CNAME", "index.html", "about/index.html", "products/wildflower-honey/index.html"} <= published
    assert ".weishop-output" not in published and not any(p.startswith(("content/", "output/")) for p in published)
    assert any(re.fullmatch(r"theme/style\.[0-9a-f]{10}\.css", p) for p in published)
    assert git(remote, "show", "gh-pages:CNAME") == "shop.example.com\n"
    # the site is built from the working tree as the seller sees it
    assert "Unstaged line." in git(remote, "show", "gh-pages:about/index.html")
    assert git(shop, "rev-parse", "gh-pages") == git(remote, "rev-parse", "gh-pages")
    assert git(remote, "branch", "--list", "main") == ""  # only gh-pages was pushed


def test_gh_pages_again_adds_a_commit_only_when_the_site_changed(repo, capsys):
    shop, remote = repo
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 0
    first = git(remote, "rev-parse", "gh-pages").strip()
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert git(remote, "rev-parse", "gh-pages").strip() == first

    story = shop / "content/stories/spring-picking.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Spring came early", "Spring came late"), encoding="utf-8")
    before = seller_state(shop)
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 0
    assert seller_state(shop) == before
    log = git(remote, "log", "--format=%H %P", "gh-pages").splitlines()
    assert len(log) == 2 and log[0].split()[1] == first  # a fast-forward on top of the last publish
    assert "Spring came late" in git(remote, "show", "gh-pages:stories/spring-picking/index.html")

    git(shop, "branch", "-D", "gh-pages")  # e.g. the seller publishes from a second computer
    story.write_text(story.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 0
    log = git(remote, "log", "--format=%H %P", "gh-pages").splitlines()
    assert len(log) == 3 and log[0].split()[1] == log[1].split()[0]  # built on the remote branch: a fast-forward


def test_gh_pages_works_without_a_git_identity(repo, monkeypatch):
    shop, remote = repo
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert main(["deploy", "gh-pages", "--shop", str(shop), "--base-url", "https://seller.github.io/shop/"]) == 0
    assert git(remote, "log", "-1", "--format=%an", "gh-pages").strip() == "weishop"
    home = git(remote, "show", "gh-pages:index.html")
    assert 'href="/shop/about/"' in home


def test_gh_pages_with_content_errors_publishes_nothing(repo, capsys):
    shop, remote = repo
    bad = shop / "content/products/wood-fired-cup.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("price: 9.50", "price: cheap"), encoding="utf-8")
    before = seller_state(shop)
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 1
    assert "content/products/wood-fired-cup.md:3: price: 'cheap' is not a price" in capsys.readouterr().err
    assert seller_state(shop) == before
    assert git(shop, "branch", "--list", "gh-pages") == "" and git(remote, "branch", "--list") == ""


def test_gh_pages_no_push_commits_locally_only(repo):
    shop, remote = repo
    assert main(["deploy", "gh-pages", "--no-push", "--shop", str(shop)]) == 0
    assert git(shop, "ls-tree", "--name-only", "gh-pages", ".nojekyll").strip() == ".nojekyll"
    assert git(remote, "branch", "--list") == ""


def test_gh_pages_refuses_without_repo_or_remote(tmp_path, capsys):
    shop = tmp_path / "shop"
    init_shop(shop, "en")
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 2
    assert "git init" in capsys.readouterr().err
    git(shop, "init", "-q", "-b", "main")
    assert main(["deploy", "gh-pages", "--shop", str(shop), "--remote", "upstream"]) == 2
    assert "no git remote named 'upstream'" in capsys.readouterr().err
    assert git(shop, "branch", "--list") == "" and not (shop / "output").exists()


def test_gh_pages_refuses_to_run_on_the_gh_pages_branch(repo, capsys):
    shop, _ = repo
    git(shop, "stash", "-q", "--include-untracked")
    git(shop, "checkout", "-q", "-b", "gh-pages")
    assert main(["deploy", "gh-pages", "--shop", str(shop)]) == 2
    assert "switch to your working branch" in capsys.readouterr().err


def workflow_actions(workflow: dict) -> set[str]:
    return {step["uses"].split("@")[0] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step}


def test_github_workflow_uses_the_official_pages_actions(repo, capsys):
    shop, _ = repo
    assert main(["deploy", "github", "--shop", str(shop)]) == 0
    out = capsys.readouterr().out
    assert "Source: GitHub Actions" in out and "not meant for online businesses" in out
    workflow = yaml.safe_load((shop / ".github/workflows/weishop.yml").read_text(encoding="utf-8"))
    assert OFFICIAL_PAGES_ACTIONS <= workflow_actions(workflow)
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build_steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in build_steps)
    assert "pip install -r requirements.txt" in runs and "weishop.cli check" in runs
    assert_installs_no_weishop_by_name(shop)
    assert "--base-url" in runs and "steps.pages.outputs.base_url" in runs  # project pages live under /<repo>/
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_config_files_are_not_overwritten_without_force(repo, capsys):
    shop, _ = repo
    path = shop / ".github/workflows/weishop.yml"
    assert main(["deploy", "github", "--shop", str(shop)]) == 0
    assert main(["deploy", "github", "--shop", str(shop)]) == 0
    assert "up to date" in capsys.readouterr().out
    path.write_text("# my own\n", encoding="utf-8")
    assert main(["deploy", "github", "--shop", str(shop)]) == 2
    assert "--force" in capsys.readouterr().err and path.read_text(encoding="utf-8") == "# my own\n"
    assert main(["deploy", "github", "--shop", str(shop), "--force"]) == 0
    assert "upload-pages-artifact" in path.read_text(encoding="utf-8")


def test_workflow_for_a_shop_in_a_subfolder(tmp_path):
    repo = tmp_path / "repo"
    init_shop(repo / "shop", "en")
    git(repo, "init", "-q", "-b", "trunk")
    assert main(["deploy", "github", "--shop", str(repo / "shop")]) == 0
    workflow = yaml.safe_load((repo / ".github/workflows/weishop.yml").read_text(encoding="utf-8"))
    build_job = workflow["jobs"]["build"]
    assert build_job["defaults"]["run"]["working-directory"] == "shop"
    assert next(s for s in build_job["steps"] if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "shop/output"
    assert workflow[True]["push"]["branches"] == ["trunk"]


def immutable_patterns(rules: list[tuple[str, str]]) -> list[str]:
    return [pattern for pattern, value in rules if "immutable" in value]


def test_netlify_config(repo, capsys):
    shop, _ = repo
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0
    config = tomllib.loads((shop / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"] == {"command": "python3 -m weishop.cli build", "publish": "output",
                               "environment": {"PYTHON_VERSION": "3.12"}}
    rules = [(h["for"], h["values"]["Cache-Control"]) for h in config["headers"]]
    assert_hashed_assets_are_immutable(shop, immutable_patterns(rules))
    [plugin] = config["plugins"]
    folder = shop / plugin["package"]
    assert plugin["package"].startswith("./") and yaml.safe_load((folder / "manifest.yml").read_text(encoding="utf-8")) == {"name": "weishop-cache"}
    script = (folder / "index.js").read_text(encoding="utf-8")
    assert "utils.cache.restore('.weishop-cache')" in script.replace("CACHE", "'.weishop-cache'") or ".weishop-cache" in script
    if shutil.which("node"):
        subprocess.run(["node", "--check", str(folder / "index.js")], check=True)
    workflow = yaml.safe_load((shop / ".github/workflows/weishop-netlify.yml").read_text(encoding="utf-8"))
    assert any("netlify-cli deploy" in s.get("run", "") for s in workflow["jobs"]["build"]["steps"])
    assert "app.netlify.com" in capsys.readouterr().out
    assert_installs_no_weishop_by_name(shop)


def test_the_netlify_plugin_restores_and_saves_the_cache_and_survives_cache_errors(repo, tmp_path):
    """Runs index.js under Node with a stand-in for Netlify's utils.cache: a cache that fails only logs."""
    if not shutil.which("node"):
        pytest.skip("no node")
    shop, _ = repo
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0
    plugin = (shop / "netlify/plugins/weishop-cache/index.js").as_posix()
    harness = tmp_path / "harness.js"
    harness.write_text(f"""
const plugin = require({json.dumps(plugin)})
const calls = []
const ok = {{ restore: async p => (calls.push(['restore', p]), false), save: async p => (calls.push(['save', p]), true) }}
const broken = {{ restore: async () => {{ throw new Error('cache service down') }}, save: async () => {{ throw new Error('full') }} }}
;(async () => {{
  await plugin.onPreBuild({{ utils: {{ cache: ok }} }}); await plugin.onPostBuild({{ utils: {{ cache: ok }} }})
  await plugin.onPreBuild({{ utils: {{ cache: broken }} }}); await plugin.onPostBuild({{ utils: {{ cache: broken }} }})
  console.log(JSON.stringify(calls))
}})().catch(error => {{ console.error(error); process.exit(1) }})
""", encoding="utf-8")
    result = subprocess.run(["node", str(harness)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [["restore", ".weishop-cache"], ["save", ".weishop-cache"]]
    assert "no cache yet" in result.stdout and "cache service down" in result.stdout


def test_cloudflare_git_connected_config(repo, capsys):
    shop, _ = repo
    assert main(["deploy", "cloudflare", "--shop", str(shop)]) == 0
    config = tomllib.loads((shop / "wrangler.toml").read_text(encoding="utf-8"))
    assert config["pages_build_output_dir"] == "./output" and config["name"] == "shop"
    assert main(["build", "--shop", str(shop)]) == 0
    headers = (shop / "output" / "_headers").read_text(encoding="utf-8")  # static/_headers lands in the output root
    rules = re.findall(r"(?m)^(/\S+)\n  Cache-Control: (.+)$", headers)
    assert_hashed_assets_are_immutable(shop, immutable_patterns(rules))
    workflow = yaml.safe_load((shop / ".github/workflows/weishop-cloudflare.yml").read_text(encoding="utf-8"))
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    assert "weishop.cli check" in runs and "wrangler" not in runs  # Cloudflare builds; this only checks
    out = capsys.readouterr().out
    assert "Build output directory: output" in out and "Build command: python3 -m weishop.cli build" in out
    assert "no cache" in out and "--workflow" in out  # says plainly that these builds are cold
    assert_installs_no_weishop_by_name(shop)


def test_cloudflare_workflow_builds_with_the_cache_and_uploads_with_wrangler(repo, capsys):
    shop, _ = repo
    assert main(["deploy", "cloudflare", "--workflow", "--shop", str(shop)]) == 0
    workflow = yaml.safe_load((shop / ".github/workflows/weishop-cloudflare.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["publish"]
    assert job["env"] == {key: f"${{{{ secrets.{key} }}}}" for key in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID")}
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any("npx --yes wrangler@4 pages deploy output --project-name shop" in run for run in runs)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".weishop-cache" and "steps.weishop.outputs.version" in cache["with"]["key"]
    assert cache["with"]["restore-keys"].startswith("weishop-${{ steps.weishop.outputs.version }}-")
    order = [step.get("name") or step.get("uses") for step in steps]
    assert order.index("Which weishop") < order.index(cache.get("name")) < order.index("Build")
    out = capsys.readouterr().out
    assert "CLOUDFLARE_API_TOKEN" in out and "CLOUDFLARE_ACCOUNT_ID" in out
    assert main(["deploy", "cloudflare", "--shop", str(shop)]) == 2  # switching back needs --force


def test_vercel_config_says_the_free_plan_is_non_commercial(repo, capsys):
    shop, _ = repo
    assert main(["deploy", "vercel", "--shop", str(shop)]) == 0
    assert "non-commercial" in capsys.readouterr().out
    config = json.loads((shop / "vercel.json").read_text(encoding="utf-8"))
    assert config["outputDirectory"] == "output" and config["buildCommand"] == "python3 -m weishop.cli build"
    assert config["installCommand"] == "python3 -m pip install -r requirements.txt"
    css = next(h for h in config["headers"] if "immutable" in h["headers"][0]["value"])
    assert re.fullmatch(css["source"].replace("\\.", r"\.").replace("(.*)", ".*"), "/theme/style.0123456789.css")


def test_every_generated_file_parses(repo):
    shop, _ = repo
    for target in ("netlify", "github", "vercel"):
        assert main(["deploy", target, "--shop", str(shop)]) == 0
    assert main(["deploy", "cloudflare", "--workflow", "--shop", str(shop)]) == 0
    for path in (shop / ".github/workflows").glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["jobs"] and all(job["runs-on"] == "ubuntu-latest" for job in workflow["jobs"].values()), path
    tomllib.loads((shop / "netlify.toml").read_text(encoding="utf-8"))
    tomllib.loads((shop / "wrangler.toml").read_text(encoding="utf-8"))
    json.loads((shop / "vercel.json").read_text(encoding="utf-8"))


def test_index_installs_are_pinned_to_the_exact_version(repo, monkeypatch):
    shop, _ = repo
    monkeypatch.setattr(hostinstall, "installed", lambda name="weishop": hostinstall.Installed("1.2.3", "index"))
    monkeypatch.setattr(hostinstall, "pin", hostinstall.pin.__wrapped__)  # not the remembered answer for this weishop
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0
    lines = [line for line in (shop / "requirements.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert "weishop==1.2.3" in lines and not (shop / ".weishop").exists()


def test_deploy_again_after_an_upgrade_replaces_the_wheel_and_the_pins(repo, monkeypatch, capsys):
    shop, _ = repo
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0
    [old] = (shop / ".weishop").glob("weishop-*.whl")
    settings = (shop / "netlify.toml").read_bytes()
    newer = hostinstall.Pinned("9.9.9+0123456789", "# Written by `weishop deploy`\n./.weishop/weishop-9.9.9+0123456789-py3-none-any.whl\n",
                               "weishop-9.9.9+0123456789-py3-none-any.whl", b"new wheel")
    monkeypatch.setattr(hostinstall, "pin", lambda name="weishop": newer)
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0  # no --force needed: these files are weishop's
    assert [p.name for p in (shop / ".weishop").glob("*.whl")] == [newer.wheel_name] and not old.exists()
    assert (shop / "requirements.txt").read_text(encoding="utf-8") == newer.requirements
    assert (shop / "netlify.toml").read_bytes() == settings  # the settings name no version
    assert f"removed .weishop/{old.name}" in capsys.readouterr().out


def test_a_requirements_file_of_the_sellers_own_is_kept(repo, capsys):
    shop, _ = repo
    (shop / "requirements.txt").write_text("requests\n", encoding="utf-8")
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (shop / "requirements.txt").read_text(encoding="utf-8") == "requests\n" and not (shop / "netlify.toml").exists()


def assert_installs_no_weishop_by_name(shop: Path) -> None:
    """No file weishop wrote for a host installs `weishop` by name from an index (this weishop is installed from a folder)."""
    written = [shop / "requirements.txt", *shop.glob("*.toml"), *shop.glob("*.json"), *(shop / ".github/workflows").glob("*.yml")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in written if p.is_file())
    assert "requirements.txt" in text or (shop / "requirements.txt").is_file()
    by_name = re.findall(r"(?im)^\s*weishop\s*(?:[=<>~!]=|$)|pip install[^\n]*\bweishop\b(?![-./])", text)
    assert by_name == [], by_name
    for line in (shop / "requirements.txt").read_text(encoding="utf-8").splitlines():
        assert line.startswith(("#", "./.weishop/")) or not line.lower().startswith("weishop"), line


def assert_hashed_assets_are_immutable(shop: Path, patterns: list[str]) -> None:
    """Every fingerprinted theme file a build writes matches an immutable rule; no page does."""
    assets = load_theme(shop, "default").assets
    hashed = [f"/{name}" for logical, name in assets.items() if logical.endswith((".css", ".js"))]
    assert hashed and all(re.search(r"^/theme/.+\.[0-9a-f]{10}\.(css|js)$", name) for name in hashed)
    for name in hashed:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    assert not any(fnmatch.fnmatch(name, pattern) for pattern in patterns for name in ("/index.html", "/products/x/"))
