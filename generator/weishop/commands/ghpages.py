"""`weishop deploy gh-pages`: the built site committed to a branch with git plumbing, then pushed.

A temporary index (GIT_INDEX_FILE) with the temporary build as work tree, write-tree,
commit-tree and update-ref: the seller's working tree, index and current branch never change.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from weishop import __version__
from weishop.build.pipeline import BuildOptions, build
from weishop.errors import UsageError

BRANCH = "gh-pages"


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    except OSError:
        raise UsageError("git is not installed; install it from https://git-scm.com/ or use 'weishop deploy cloudflare'") from None
    if check and result.returncode != 0:
        raise UsageError(f"git {' '.join(args[:2])} failed: {(result.stderr or result.stdout).strip()}")
    return result


def _rev(ref: str, cwd: Path, env: dict[str, str]) -> str | None:
    result = _git(["rev-parse", "-q", "--verify", ref + "^{commit}"], cwd, env, check=False)
    return result.stdout.strip() or None


def publish(shop: Path, remote: str = "origin", base_url: str | None = None, push: bool = True,
            branch: str = BRANCH) -> tuple[str | None, bool]:
    """Build `shop` (a checked shop folder) into a temporary folder and commit it to `branch`; returns (commit, changed)."""
    if _git(["rev-parse", "--show-toplevel"], shop, check=False).returncode != 0:
        raise UsageError(f"{shop} is not in a git repository; run 'git init' and add a remote "
                         "('git remote add origin URL'), or use 'weishop deploy cloudflare'")
    cwd = shop
    current = _git(["symbolic-ref", "-q", "--short", "HEAD"], cwd, check=False).stdout.strip()
    if current == branch:
        raise UsageError(f"you are on the '{branch}' branch; switch to your working branch first (e.g. 'git switch main')")
    if push and _git(["remote", "get-url", remote], cwd, check=False).returncode != 0:
        raise UsageError(f"no git remote named '{remote}'; add one with 'git remote add {remote} URL', "
                         "pass --remote NAME, or --no-push to only commit locally")
    git_dir = _git(["rev-parse", "--absolute-git-dir"], cwd).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="weishop-gh-pages-") as tmp:
        site = Path(tmp) / "site"
        build(BuildOptions(shop=shop, out=site, base_url=base_url))
        for marker in site.glob(".weishop-output"):
            marker.unlink()  # weishop's own guard file has no place on the web
        (site / ".nojekyll").write_text("", encoding="utf-8")  # serve files as they are, no Jekyll
        cname = shop / "static" / "CNAME"
        if cname.is_file() and not (site / "CNAME").is_file():
            (site / "CNAME").write_bytes(cname.read_bytes())
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_DIR": git_dir, "GIT_WORK_TREE": str(site)}
        env.update(_identity(cwd))
        plain = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.sparseCheckout=false"]
        _git([*plain, "add", "--all", "--force", "."], site, env)
        tree = _git(["write-tree"], site, env).stdout.strip()
        local = _rev(f"refs/heads/{branch}", site, env)
        remote_tip = None
        if push:
            fetched = _git(["fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"], site, env, check=False)
            remote_tip = _rev(f"refs/remotes/{remote}/{branch}", site, env) if fetched.returncode == 0 else None
        parent = local
        if remote_tip and (not local or _git(["merge-base", "--is-ancestor", remote_tip, local], site, env, check=False).returncode != 0):
            parent = remote_tip  # someone published from elsewhere: build on theirs so the push fast-forwards
        changed = not parent or _git(["rev-parse", parent + "^{tree}"], site, env).stdout.strip() != tree
        commit = parent
        if changed:
            head = _rev("HEAD", site, env)
            message = f"Publish shop with weishop {__version__}" + (f" from {head[:12]}" if head else "")
            commit = _git(["commit-tree", tree, *(["-p", parent] if parent else []), "-m", message], site, env).stdout.strip()
        if commit != local:
            _git(["update-ref", "-m", "weishop deploy gh-pages", f"refs/heads/{branch}", commit], site, env)
        if push:
            pushed = _git(["push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}"], shop, check=False)
            if pushed.returncode != 0:
                raise UsageError(f"the '{branch}' branch was committed locally, but pushing to '{remote}' failed: "
                                 f"{pushed.stderr.strip()}\nfix the connection or permissions, then run 'git push {remote} {branch}'")
    return commit, changed


def _identity(cwd: Path) -> dict[str, str]:
    """A committer for machines without `git config user.name`: the commit must not fail for that."""
    env: dict[str, str] = {}
    for key, var, fallback in (("user.name", "NAME", "weishop"), ("user.email", "EMAIL", "weishop@localhost")):
        if not _git(["config", key], cwd, check=False).stdout.strip() and not os.environ.get(f"GIT_COMMITTER_{var}"):
            env[f"GIT_AUTHOR_{var}"] = env[f"GIT_COMMITTER_{var}"] = fallback
    return env


def pages_address(shop: Path, remote: str) -> str | None:
    """https://<user>.github.io/<repo>/ for a GitHub remote, to tell the seller where the site appears."""
    url = _git(["remote", "get-url", remote], shop, check=False).stdout.strip()
    match = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(?:\.git)?/?$", url)
    if not match:
        return None
    user, repo = match.groups()
    return f"https://{user.lower()}.github.io/" + ("" if repo.lower() == f"{user.lower()}.github.io" else f"{repo}/")
