"""`weishop init` and `weishop new` as a seller meets them: through the command, then build and check."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from weishop.build.pipeline import BuildOptions, load_site
from weishop.cli import main
from weishop.errors import Problems

from tests.support import make_it_mine, page


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a hash of its bytes: equal snapshots = nothing changed."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    """A zh-CN shop from `weishop init`, built once with the command."""
    shop = tmp_path_factory.mktemp("init") / "myshop"
    assert main(["init", str(shop)]) == 0
    assert main(["build", "--shop", str(shop)]) == 0
    return shop


def test_init_writes_a_complete_shop(starter):
    names = {p.relative_to(starter).as_posix() for p in starter.rglob("*") if p.is_file()}
    assert {"shop.yml", ".gitignore", "content/pages/about.md", "content/stories/chuntian-caicha.md",
            "content/products/fengmi/index.md", "content/products/fengmi/fengmi-1.jpg"} <= names
    assert len([n for n in names if n.startswith("content/products/") and n.endswith(".md")]) == 3
    ignored = (starter / ".gitignore").read_text(encoding="utf-8").split()
    assert "output/" in ignored and ".weishop-cache/" in ignored


def test_every_top_level_setting_is_explained(starter):
    text = (starter / "shop.yml").read_text(encoding="utf-8")
    settings = yaml.safe_load(text)
    assert settings["language"] == "zh-CN" and settings["currency"] == "CNY"
    for key in settings:
        line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
        assert "#" in line.split(":", 1)[1], f"{key} has no comment"


def test_starter_shop_builds_every_page(starter):
    out = starter / "output"
    home = page(out, "")
    assert home.select_one("a.brand").get_text(strip=True) == "我的小店"
    for slug in ("gaoshan-hongcha", "fengmi", "shouzuo-taobei"):
        assert page(out, f"products/{slug}/").h1 is not None
    assert page(out, "about/").h1.get_text(strip=True) == "关于我们"
    assert page(out, "stories/chuntian-caicha/").h1.get_text(strip=True) == "春天采茶"
    assert page(out, "products/fengmi/").select("main img"), "the bundle's photos are shown"


def test_starter_shop_passes_check_once_its_examples_are_replaced(starter, capsys):
    """Before: every example is a problem (tests/e2e/test_example_data.py); after, nothing else is."""
    assert main(["check", "--shop", str(make_it_mine(starter))]) == 0
    assert capsys.readouterr().out == "没有发现问题\n"  # the starter shop is Chinese: so is what weishop says about it


@pytest.mark.parametrize("language, currency", [("en", "USD"), ("ja", "JPY"), ("zh-TW", "TWD")])
def test_init_in_other_languages_loads_cleanly(tmp_path, language, currency):
    assert main(["init", str(tmp_path / "s"), "--language", language]) == 0
    problems = Problems()
    config, site = load_site(BuildOptions(shop=tmp_path / "s"), problems)
    assert not problems.errors and problems.warnings  # the examples (tests/e2e/test_example_data.py), and nothing else
    assert all(w.message.startswith("still the example") for w in problems.warnings), problems.warnings
    assert config.language == language and config.currency == currency
    assert len(site.products) == 3 and len(site.stories) == 1 and len(site.pages) == 1
    if currency == "JPY":
        assert all(p.price == p.price.to_integral() for p in site.products)


def test_init_refuses_a_non_empty_folder_and_changes_nothing(tmp_path, capsys):
    target = tmp_path / "busy"
    (target / "notes").mkdir(parents=True)
    (target / "notes" / "todo.txt").write_text("keep me", encoding="utf-8")
    (target / "shop.yml").write_text("title: mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["init", str(target)]) == 2
    assert "不是空的（notes, shop.yml）" in capsys.readouterr().err  # init's default shop is Chinese, so is what it says
    assert snapshot(tmp_path) == before  # not even a staging folder left beside it


def test_init_fills_an_empty_folder_or_a_fresh_git_clone(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    (tmp_path / "clone" / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    for name in ("empty", "clone"):
        assert main(["init", str(tmp_path / name), "--language", "en"]) == 0
        assert (tmp_path / name / "shop.yml").is_file()
    assert (tmp_path / "clone" / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clone", "empty"]


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "x").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "x")]) == 2


@pytest.fixture
def shop(tmp_path) -> Path:
    assert main(["init", str(tmp_path / "shop")]) == 0
    return tmp_path / "shop"


def test_new_product_with_a_chinese_title(shop, capsys):
    assert main(["new", "product", "大红袍", "--shop", str(shop)]) == 0
    path = shop / "content/products/da-hong-pao.md"
    assert "content/products/da-hong-pao.md" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == "大红袍" and front["draft"] is True and front["price"] == 0
    assert front["date"] == dt.date.today()
    assert "# compare_at" in text and "# stock" in text and "# options" in text  # the optional fields, explained

    problems = Problems()
    _, site = load_site(BuildOptions(shop=shop, drafts=True), problems)
    assert not problems.errors
    assert site.by_slug["da-hong-pao"].draft
    _, live = load_site(BuildOptions(shop=shop), Problems())
    assert "da-hong-pao" not in live.by_slug  # a half-written product never goes live


def test_new_refuses_to_overwrite(shop, capsys):
    assert main(["new", "product", "大红袍", "--shop", str(shop)]) == 0
    path = shop / "content/products/da-hong-pao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("price: 0", "price: 168"), encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["new", "product", "大红袍", "--shop", str(shop)]) == 2
    assert "content/products/da-hong-pao.md 已经存在" in capsys.readouterr().err
    assert path.read_bytes() == before
    # a bundle folder of that name counts too
    assert main(["new", "product", "Fengmi", "--shop", str(shop)]) == 2
    assert not (shop / "content/products/fengmi.md").exists()


def test_new_story_and_page_load_cleanly(shop):
    assert main(["new", "story", 'Spring: "first" #1 & more', "--shop", str(shop)]) == 0
    assert main(["new", "page", "Cart", "--shop", str(shop)]) == 0  # a reserved address gets a suffix
    problems = Problems()
    _, site = load_site(BuildOptions(shop=shop, drafts=True), problems)
    assert not problems.errors
    story = next(s for s in site.stories if s.slug == "spring-first-1-more")
    assert story.title == 'Spring: "first" #1 & more' and story.draft
    assert any(p.slug == "cart-info" and p.draft for p in site.pages)


def test_new_outside_a_shop_is_a_usage_error(tmp_path, capsys):
    assert main(["new", "product", "Tea", "--shop", str(tmp_path)]) == 2
    assert "weishop init" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
