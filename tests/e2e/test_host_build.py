"""A build host, simulated: only the seller's committed files, an index without weishop, no CJK font.

`weishop init` a Chinese shop, `weishop deploy netlify`, commit; then, like Netlify, a fresh venv
installs exactly what requirements.txt says (pip sees only a folder of dependency wheels,
`--no-index`, no weishop in it) and runs the build command of netlify.toml, with system fonts
pointed at an empty folder. One venv for the module: it is the slow part.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from weishop.cli import main
from weishop.commands import hostinstall
from weishop.media import fonts

from tests.support import snapshot

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a host: no PIP_* settings of this machine, no PYTHONPATH into the repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    return {**env, **extra}


@pytest.fixture(scope="session")
def dependency_wheels(tmp_path_factory) -> Path:
    """Wheels of weishop's runtime dependencies at the versions installed here (weishop itself not among them)."""
    folder = tmp_path_factory.mktemp("wheels")
    pins = folder / "pins.txt"
    pins.write_text("\n".join(hostinstall.runtime_pins()) + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "-w", folder, "-r", pins, cwd=folder)
    assert not list(folder.glob("weishop-*"))
    return folder


@pytest.fixture(scope="module")
def seller(tmp_path_factory) -> Path:
    """The seller's repository: `weishop init` (Chinese), `weishop deploy netlify`, everything committed."""
    shop = tmp_path_factory.mktemp("seller") / "myshop"
    assert main(["init", str(shop)]) == 0
    run("git", "init", "-q", "-b", "main", cwd=shop)
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0
    run("git", "add", "-A", cwd=shop)
    run("git", "-c", "user.name=Seller", "-c", "user.email=s@example.com", "commit", "-q", "-m", "shop", cwd=shop)
    return shop


@pytest.fixture(scope="module")
def host(seller, dependency_wheels, tmp_path_factory) -> dict[str, object]:
    """A fresh clone built as Netlify would: pip install -r requirements.txt, then netlify.toml's command."""
    base = tmp_path_factory.mktemp("host")
    repo = base / "repo"
    run("git", "clone", "-q", seller, repo, cwd=base)
    venv = base / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=base)
    bin_dir = venv / "bin"
    no_fonts = base / "no-fonts"
    no_fonts.mkdir()
    env = clean_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", HOME=str(base), **{fonts.SYSTEM_FONTS_ENV: str(no_fonts)})
    run(bin_dir / "python", "-m", "pip", "--isolated", "install", "--quiet", "--no-index",
        "--find-links", dependency_wheels, "-r", "requirements.txt", cwd=repo, env=env)
    command = tomllib.loads((repo / "netlify.toml").read_text(encoding="utf-8"))["build"]["command"]
    built = subprocess.run(command, shell=True, cwd=repo, env=env, capture_output=True, text=True)
    return {"repo": repo, "venv": venv, "env": env, "command": command, "built": built}


def test_the_host_installs_this_weishop_from_the_shop_and_builds_it(host, seller, monkeypatch, tmp_path):
    built = host["built"]
    assert built.returncode == 0, built.stderr[-4000:]
    assert host["command"] == "python3 -m weishop.cli build"
    assert "warning" not in built.stderr, built.stderr  # no missing font, nothing left out
    # the weishop that ran is the wheel from the shop, not this repository
    where = run(Path(host["venv"]) / "bin" / "python", "-c", "import weishop, sys; print(weishop.__file__)",
                cwd=host["repo"], env=host["env"]).stdout
    assert str(host["venv"]) in where
    # the output is complete: the same files as this weishop builds from the same shop, with no fonts either
    monkeypatch.setenv(fonts.SYSTEM_FONTS_ENV, str(tmp_path))
    assert main(["build", "--shop", str(seller), "--out", str(tmp_path / "out")]) == 0
    theirs, ours = snapshot(Path(host["repo"]) / "output"), snapshot(tmp_path / "out")
    assert sorted(theirs) == sorted(ours)
    assert {"index.html", "share/index.png", "sitemap.xml", "catalog.json"} <= set(theirs)
    products = [p for p in theirs if re.fullmatch(r"products/[^/]+/index\.html", p)]
    assert len(products) == 3 and all(f"share/{p.split('/')[1]}.png" in theirs for p in products)
    assert theirs == ours  # byte for byte: the same weishop and the same bundled font


def test_requirements_install_weishop_by_path_and_pin_every_dependency(seller):
    lines = [line for line in (seller / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    wheel = [line for line in lines if "weishop" in line]
    assert len(wheel) == 1 and re.fullmatch(r"\./\.weishop/weishop-[\d.]+\+[0-9a-f]{10}-py3-none-any\.whl", wheel[0])
    assert (seller / wheel[0]).is_file()
    assert all(re.fullmatch(r"[a-z0-9-]+==[\w.]+", line) for line in lines if line not in wheel)
    assert {"jinja2", "pillow", "pyyaml", "markupsafe"} <= {line.split("==")[0] for line in lines}
    size = (seller / wheel[0]).stat().st_size
    assert size <= 8_000_000, f"the wheel is {size / 1e6:.1f} MB"


def test_weishop_installed_from_the_shops_wheel_deploys_the_same_wheel(host, tmp_path):
    """Run `weishop deploy` with the host's weishop (installed from a wheel): same name, same bytes."""
    copy = tmp_path / "again"
    shutil.copytree(host["repo"], copy, ignore=shutil.ignore_patterns(".git", "output", ".weishop-cache"))
    before = snapshot(copy)
    run(Path(host["venv"]) / "bin" / "python", "-m", "weishop.cli", "deploy", "netlify", cwd=copy, env=host["env"])
    assert snapshot(copy) == before
