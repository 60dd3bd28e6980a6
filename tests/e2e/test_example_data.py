"""Example data as a new seller meets it: `init`, then `check`, `build`, `deploy`, and `new` products never filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import make_it_mine
from weishop.cli import main


def lines_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    shop = tmp_path_factory.mktemp("examples") / "myshop"
    assert main(["init", str(shop)]) == 0
    yml = shop / "shop.yml"  # the Chinese starter, with messages in English (they are read word for word here)
    yml.write_text(yml.read_text(encoding="utf-8").replace("language: zh-CN", "language: en", 1), encoding="utf-8")
    return shop


def expected(shop: Path) -> list[str]:
    yml = shop / "shop.yml"
    return sorted([
        f"shop.yml:{line_of(yml, 'base_url:')}: base_url: still the example address https://your-shop.example.com/ "
        "(write your shop's address, e.g. https://yourname.pages.dev/ (the one your host gives you))",
        f"shop.yml:{line_of(yml, 'your_wechat_id')}: order.channels[0].id: still the example WeChat ID 'your_wechat_id' "
        "(write your own WeChat ID, or delete this channel)",
        f"shop.yml:{line_of(yml, 'type: sms')}: order.channels[1].phone: still the example phone number '+86 138 0000 0000' "
        "(write your own phone number, or delete this channel)",
        f"shop.yml:{line_of(yml, 'type: email')}: order.channels[2].address: still the example e-mail address 'your-name@example.com' "
        "(write your own e-mail address, or delete this channel)",
        f"shop.yml:{line_of(yml, 'bio:')}: seller.bio: still the example text "
        "(write a few words about yourself, and put your own photo in place of the example avatar)",
        *(f"{rel}:{line_of(shop / rel, 'example: true')}: example: still the example {kind} "
          "(replace its text and photos with yours, then delete the line 'example: true')"
          for rel, kind in (("content/pages/about.md", "page"), ("content/products/fengmi/index.md", "product"),
                            ("content/products/gaoshan-hongcha.md", "product"), ("content/products/shouzuo-taobei.md", "product"),
                            ("content/stories/chuntian-caicha.md", "story"))),
    ])


def test_check_reports_every_example_left_in_a_new_shop(starter, capsys):
    assert main(["check", "--shop", str(starter)]) == 1
    errors = [e for e in lines_of(capsys) if not e.startswith("warning:") and not re.match(r"\d+ error", e)]
    assert sorted(errors) == expected(starter)


def test_build_warns_about_them_and_still_builds(starter, capsys):
    assert main(["build", "--shop", str(starter)]) == 0
    warnings = [e.removeprefix("warning: ") for e in lines_of(capsys) if e.startswith("warning:")]
    assert sorted(warnings) == expected(starter)


def test_deploy_refuses_the_example_address_and_contacts_unless_allowed(starter, capsys):
    assert main(["deploy", "netlify", "--shop", str(starter)]) == 2
    err = capsys.readouterr().err
    assert "not publishing: shop.yml still has the example shop's details" in err
    assert "base_url: still the example address" in err and "'your_wechat_id'" in err and "--allow-example" in err
    assert "seller.bio" not in err  # the bio is no one else's: a warning, not a refusal
    assert not (starter / "netlify.toml").exists()
    assert main(["deploy", "netlify", "--allow-example", "--shop", str(starter)]) == 0
    assert (starter / "netlify.toml").is_file()


def test_a_chinese_seller_reads_them_in_chinese(tmp_path, capsys):
    """The starter as `init` writes it (zh-CN): check, build and deploy say the same things in the shop's language."""
    shop = tmp_path / "我的小店"
    assert main(["init", str(shop)]) == 0
    capsys.readouterr()
    yml = shop / "shop.yml"
    assert main(["check", "--shop", str(shop)]) == 1
    err = lines_of(capsys)
    assert f"shop.yml:{line_of(yml, 'your_wechat_id')}: order.channels[0].id: 还是示例微信号“your_wechat_id”（写上你自己的微信号，或删除这个渠道）" in err
    assert f"content/products/fengmi/index.md:{line_of(shop / 'content/products/fengmi/index.md', 'example: true')}: example: " \
           "还是示例商品（把文字和照片换成你自己的，然后删除“example: true”这一行）" in err
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 2
    err = lines_of(capsys)
    assert err[0] == "weishop: 没有发布：shop.yml 里还是示例店铺的资料，买家的订单、链接和二维码会发给别人："
    assert f"  shop.yml:{line_of(yml, 'base_url:')}: base_url: 还是示例地址 https://your-shop.example.com/" \
           "（写上你的店铺地址，例如 https://yourname.pages.dev/（托管服务给你的地址））" in err
    assert err[-1].endswith("或加上 --allow-example 特意发布一个演示店铺")


def test_a_shop_whose_examples_are_replaced_passes(tmp_path, capsys):
    shop = tmp_path / "mine"
    assert main(["init", str(shop)]) == 0
    make_it_mine(shop)
    capsys.readouterr()
    assert main(["check", "--shop", str(shop)]) == 0
    assert capsys.readouterr().out == "没有发现问题\n"  # "no problems found", in the new shop's language
    assert main(["deploy", "netlify", "--shop", str(shop)]) == 0


def test_a_new_product_published_unfilled_is_reported(tmp_path, capsys):
    shop = tmp_path / "mine"
    assert main(["init", str(shop), "--language", "en"]) == 0
    assert main(["new", "product", "Green tea", "--shop", str(shop)]) == 0
    path = shop / "content/products/green-tea.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--shop", str(shop)]) == 1
    mine = [e for e in lines_of(capsys) if e.startswith("content/products/green-tea.md")]
    assert mine == [
        f"content/products/green-tea.md:{line_of(path, 'price: 0')}: price: still 0, as `weishop new` wrote it "
        "(write your price (0 is only for free samples))",
        f"content/products/green-tea.md:{line_of(path, 'Describe the product')}: body: still the text `weishop new` wrote "
        "(describe the product here, or set 'draft: true' until it is ready)",
    ]
    # a free sample with a description of its own is fine
    path.write_text(path.read_text(encoding="utf-8").replace("Describe the product here", "A free sample. Describe"), encoding="utf-8")
    assert main(["check", "--shop", str(shop)]) == 1
    assert not [e for e in lines_of(capsys) if e.startswith("content/products/green-tea.md")]
