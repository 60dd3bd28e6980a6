"""`weishop deploy gh-pages --remote` takes a remote's name, a repository URL or a folder; a base_url on another host is named."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_deploy import git
from tests.support import make_it_mine
from weishop.cli import main
from weishop.commands.scaffold import init_shop


@pytest.fixture
def shop(tmp_path) -> Path:
    shop = tmp_path / "shop"
    init_shop(shop, "en")
    make_it_mine(shop)  # base_url https://lin-tea.pages.dev/: Cloudflare's, not GitHub's
    git(shop, "init", "-q", "-b", "main")
    git(shop, "add", "-A")
    git(shop, "-c", "user.name=Seller", "-c", "user.email=s@example.com", "commit", "-q", "-m", "my shop")
    return shop


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


def test_a_folder_or_a_url_works_as_the_remote(shop, tmp_path, capsys):
    folder, url = bare(tmp_path / "by-path.git"), bare(tmp_path / "by-url.git")
    assert main(["deploy", "gh-pages", "--remote", str(folder), "--shop", str(shop)]) == 0
    assert main(["deploy", "gh-pages", "--remote", url.as_uri(), "--shop", str(shop)]) == 0
    for remote in (folder, url):
        assert "index.html" in git(remote, "ls-tree", "--name-only", "gh-pages").split()
    assert git(shop, "remote").strip() == ""  # no remote was added to the seller's repository
    assert "refs/remotes/" not in git(shop, "for-each-ref")


def test_a_pages_dev_base_url_is_named_for_github_pages(shop, capsys):
    assert main(["deploy", "gh-pages", "--remote", "https://github.com/lin/tea.git", "--no-push", "--shop", str(shop)]) == 0
    err = capsys.readouterr().err
    assert ("warning: shop.yml: base_url: https://lin-tea.pages.dev/ is not where GitHub Pages serves the shop "
            "(it serves at https://lin.github.io/tea/: pass --base-url https://lin.github.io/tea/, or set base_url to it "
            "or to your own domain)") in err
    assert main(["deploy", "gh-pages", "--remote", "https://github.com/lin/tea.git", "--no-push",
                 "--base-url", "https://lin.github.io/tea/", "--shop", str(shop)]) == 0
    assert "is not where GitHub Pages serves" not in capsys.readouterr().err


def test_an_unknown_remote_name_gets_a_hint_that_works(shop, capsys):
    assert main(["deploy", "gh-pages", "--remote", "upstream", "--shop", str(shop)]) == 2
    err = capsys.readouterr().err
    assert "no git remote named 'upstream'; add one with 'git remote add upstream URL'" in err
    assert "--remote https://github.com/you/shop.git" in err
