"""What `weishop` says, as a seller meets it: in the shop's language, the terminal's before a shop exists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from weishop.cli import main

from tests.support import write_shop


def shop_files(language: str, **extra: str) -> dict[str, str]:
    return {
        "shop.yml": f"""
            title: 小店
            base_url: https://shop.example.com/
            language: {language}
            seller: {{name: 阿青}}
            order:
              channels:
                - {{type: email, address: shop@example.com}}
            """,
        "content/products/tea.md": "---\ntitle: 红茶\nprice: 12\n---\n好喝。\n",
        **extra,
    }


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


BROKEN = {
    "content/products/sugar.md": "---\ntitle: Brown sugar: slow cooked\nprice: 8\n---\n",
    "content/products/mug.md": "---\ntitle： 马克杯\nprice: 30\n---\n",
    "content/products/bag.md": "---\ntitle: Bag\nprice: 5\ntags:\n  - gift\n\t- new\n---\n",
}


def test_yaml_mistakes_in_a_chinese_shop(tmp_path, capsys):
    shop = write_shop(tmp_path / "s", shop_files("zh-CN", **BROKEN))
    code, out, err = run(capsys, "build", "--shop", str(shop))
    assert code == 1 and out == []
    assert err == [
        "content/products/bag.md:6: 第 1 列是制表符（Tab）：YAML 只能用空格缩进（把第 1 列的制表符换成空格：`  - new`）",
        "content/products/mug.md:2: title: “title”后面是中文冒号“：”（请改用英文冒号“:”，后面加一个空格：`title: 马克杯`）",
        "content/products/sugar.md:2: title: 值里有“: ”（冒号加空格），YAML 会把它当成另一个字段的开始"
        '（把 title 的值放进引号里：`title: "Brown sugar: slow cooked"`）',
        "3 个错误；什么都没有发布，之前的输出保持不变。",
    ]


def test_yaml_mistakes_in_an_english_shop(tmp_path, capsys):
    shop = write_shop(tmp_path / "s", shop_files("en", **BROKEN))
    code, out, err = run(capsys, "build", "--shop", str(shop))
    assert code == 1
    assert err == [
        "content/products/bag.md:6: a tab at column 1: YAML needs spaces to indent (replace the tab at column 1 with spaces: `  - new`)",
        "content/products/mug.md:2: title: a full-width colon '：' after 'title' (use an English colon ':' followed by a space: `title: 马克杯`)",
        "content/products/sugar.md:2: title: the value contains ': ', which YAML reads as the start of another field"
        ' (put the title in quotes: `title: "Brown sugar: slow cooked"`)',
        "3 errors; nothing was published, the previous output is unchanged.",
    ]


def test_one_error_is_singular(tmp_path, capsys):
    shop = write_shop(tmp_path / "s", shop_files("en", **{"content/products/sugar.md": BROKEN["content/products/sugar.md"]}))
    assert run(capsys, "build", "--shop", str(shop))[2][-1] == "1 error; nothing was published, the previous output is unchanged."


def test_shop_yml_mistakes_are_explained_in_the_shops_language(tmp_path, capsys):
    files = shop_files("zh-TW")
    files["shop.yml"] = files["shop.yml"].replace("title: 小店", "title: 小店: 好茶")
    shop = write_shop(tmp_path / "s", files)
    assert run(capsys, "build", "--shop", str(shop))[2] == [
        "shop.yml:1: title: 值裡有「: 」（冒號加空格），YAML 會把它當成另一個欄位的開始（把 title 的值放進引號裡：`title: \"小店: 好茶\"`）",
        "1 個錯誤；什麼都沒有發布，之前的輸出維持不變。",
    ]


SUMMARY = re.compile(r"(.*) into (.+) in \d+\.\d\d s: (.*)")


def built_part(line: str) -> str:
    """The summary after what changed ("first build: 10 pages; built …"): the part these tests read."""
    head, sep, rest = line.partition("; ") if "; " in line else line.partition("；")
    assert sep, line
    return rest


@pytest.mark.parametrize("stories, products_line", [(0, "1 product, 0 stories and 0 pages"), (1, "2 products, 1 story and 1 page")])
def test_build_summary_plurals_in_english(tmp_path, capsys, stories, products_line):
    extra = {}
    if stories:
        extra = {"content/products/cup.md": "---\ntitle: Cup\nprice: 3\n---\n",
                 "content/stories/spring.md": "---\ntitle: Spring\ndate: 2024-04-01\n---\nTea.\n",
                 "content/pages/about.md": "---\ntitle: About\n---\nUs.\n"}
    shop = write_shop(tmp_path / "s", shop_files("en", **extra))
    code, out, err = run(capsys, "build", "--shop", str(shop))
    assert code == 0, err
    found = SUMMARY.fullmatch(built_part(out[0]))
    assert found and found.group(1) == f"built {products_line}" and found.group(2) == str(shop.absolute() / "output")
    documents, indexed = 1 + 3 * stories, "1 page" if not stories else "3 pages"
    assert re.fullmatch(rf"\d+ pages rendered, {documents} documents? \(0 from the cache\), 0 images \(0 processed\), "
                        rf"search index of {indexed} \(made in \d+\.\d\d s\), \d+ files written, 0 unchanged", found.group(3)), found.group(3)


def test_build_summary_in_chinese_and_japanese(tmp_path, capsys):
    shop = write_shop(tmp_path / "s", shop_files("zh-CN", **{"content/stories/spring.md": "---\ntitle: 春\ndate: 2024-04-01\n---\n茶。\n"}))
    out = run(capsys, "build", "--shop", str(shop))[1]
    assert re.fullmatch(r"已构建 1 个商品、1 个故事和 0 个页面，输出到 .+，用时 \d+\.\d\d 秒：渲染了 \d+ 个页面，2 个文档（0 个来自缓存），"
                        r"0 张图片（处理了 0 张），搜索索引 2 个页面（用时 \d+\.\d\d 秒生成），写入 \d+ 个文件，0 个未变", built_part(out[0])), out[0]
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text(encoding="utf-8").replace("zh-CN", "ja"), encoding="utf-8")
    out = run(capsys, "build", "--shop", str(shop))[1]
    assert re.fullmatch(r"商品 1 点、ストーリー 1 件、ページ 0 件を .+ に \d+\.\d\d 秒で作成しました：\d+ ページを生成、"
                        r"文書 2 件（うちキャッシュから 2 件）、画像 0 枚（うち処理 0 枚）、検索インデックス 2 ページ（\d+\.\d\d 秒で作成）、"
                        r"ファイル \d+ 件を書き込み、\d+ 件は変更なし(、\d+ 件を削除)?", built_part(out[0])), out[0]


def test_what_changed_is_said_in_the_shops_language(tmp_path, capsys):
    """The summary's head: what changed and what that redid, as a Chinese seller reads it."""
    shop = write_shop(tmp_path / "s", shop_files("zh-CN", **{"content/products/cup.md": "---\ntitle: 杯子\nprice: 3\n---\n"}))
    heads = []
    for edit in (None, None, ("content/products/tea.md", "红茶", "绿茶"), ("shop.yml", "title: 小店", "title: 大店")):
        if edit:
            path = shop / edit[0]
            time.sleep(0.01)
            path.write_text(path.read_text(encoding="utf-8").replace(edit[1], edit[2]), encoding="utf-8")
            os.utime(path, (time.time() - 3600, time.time() - 3600))  # an earlier save: read by its stat stamp
        out = run(capsys, "build", "--shop", str(shop))[1]
        heads.append(out[0].partition("；")[0])
    assert heads[0] == "首次构建：" + heads[0].partition("：")[2] and re.fullmatch(r"\d+ 个页面，绘制了 \d+ 张图片", heads[0].partition("：")[2])
    assert heads[1] == "没有改动：0 个页面"
    assert re.fullmatch(r"1 个商品有改动：\d+ 个页面，绘制了 1 张图片", heads[2]), heads[2]
    assert re.fullmatch(r"shop.yml、主题或照片有改动：\d+ 个页面，绘制了 \d+ 张图片", heads[3]), heads[3]


def test_before_a_shop_exists_weishop_speaks_the_terminals_language(tmp_path):
    """A real run, as typed: no shop.yml here, a Japanese terminal."""
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "PYTHONIOENCODING": "utf-8"}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(tmp_path)], capture_output=True,
                          text=True, encoding="utf-8", env=env)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "エラーが 2 件あります。何も公開されておらず、前回の出力はそのままです。"


FIELD_MISTAKES = {
    "content/products/sugar.md": "---\ntitle: 红糖\nprice: 1.234\ncatgory: 糖\n---\n",
    "content/products/mug.md": "---\nprice: 30\nstock: -1\n---\n",
}


def test_field_mistakes_in_chinese_and_english(tmp_path, capsys):
    shop = write_shop(tmp_path / "s", shop_files("zh-CN", **FIELD_MISTAKES))
    assert run(capsys, "build", "--shop", str(shop))[2] == [
        "content/products/mug.md:1: 缺少必填字段“title”（加一行“title: …”）",
        "content/products/mug.md:3: stock: 不能小于 0（0 表示售罄）",
        "content/products/sugar.md:3: price: “1.234”的小数超过 2 位（写成 1.23）",
        "content/products/sugar.md:4: catgory: 未知的字段（是不是想写“category”？）",
        "4 个错误；什么都没有发布，之前的输出保持不变。",
    ]
    (shop / "shop.yml").write_text((shop / "shop.yml").read_text(encoding="utf-8").replace("zh-CN", "en"), encoding="utf-8")
    assert run(capsys, "build", "--shop", str(shop))[2] == [
        "content/products/mug.md:1: 'title' is required (add a line 'title: …')",
        "content/products/mug.md:3: stock: must be 0 or more (0 means sold out)",
        "content/products/sugar.md:3: price: '1.234' has more than 2 decimals (write 1.23)",
        "content/products/sugar.md:4: catgory: unknown field (did you mean 'category'?)",
        "4 errors; nothing was published, the previous output is unchanged.",
    ]


def test_prices_links_and_tags_in_chinese(tmp_path, capsys):
    """A second priced option (an error), a broken body link, a compare_at below the price and a tag list in one string."""
    mug = ("---\ntitle: 马克杯\nprice: 120\ncompare_at: 100\ntags: 陶瓷，手工\noptions:\n  - name: 颜色\n    values: [天青, {label: 月白, price: 150}]\n"
           "  - name: 大小\n    values: [小号, {label: 大号, price: 200}]\n---\n配[茶杯](/products/cha-bei/)。\n")
    shop = write_shop(tmp_path / "s", shop_files("zh-CN", **{"content/products/mug.md": mug}))
    err = run(capsys, "build", "--shop", str(shop))[2]
    assert err[0] == ("content/products/mug.md:9: options[1]: “大小”也设了价格，但只能有一个规格决定价格（“颜色”已经设了），所以“月白”加“大号”"
                      "的价格不明确（把它们合成一个规格，每个组合一个值、各自写价格，例如 {label: 月白 / 大号, price: …}；或者让“大小”不设价格）")
    mug = mug.replace("  - name: 大小\n    values: [小号, {label: 大号, price: 200}]\n", "")
    (shop / "content/products/mug.md").write_text(mug, encoding="utf-8")
    err = run(capsys, "build", "--shop", str(shop))[2]
    assert sorted(err) == sorted([
        "警告：content/products/mug.md:4: compare_at: 100 不高于售价 120，所以不会显示（compare_at 是原来较高的价格；没有原价时请删除它）",
        "警告：content/products/mug.md:5: tags: “陶瓷，手工”是一个标签（要写多个，请写成 tags: [陶瓷, 手工]）",
        "警告：content/products/mug.md:10: body: 构建好的网站里找不到“/products/cha-bei/”（检查拼写、slug，或它是否是草稿）",
    ]), err


def test_shop_yml_field_mistakes_in_traditional_chinese(tmp_path, capsys):
    files = shop_files("zh-TW")
    files["shop.yml"] = files["shop.yml"].replace("address: shop@example.com", "address: shop at example").replace(
        "base_url:", "base_ur:")
    shop = write_shop(tmp_path / "s", files)
    assert run(capsys, "check", "--shop", str(shop))[2] == [
        "shop.yml:2: base_ur: 未知的欄位（是不是想寫「base_url」？）",
        "shop.yml:7: order.channels[0].address: 「shop at example」不是一個電子郵件地址（例如 shop@example.com）",
        "2 個錯誤；什麼都沒有發布，之前的輸出維持不變。",
    ]


def test_init_and_new_speak_the_new_shops_language(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init", "茶 店")
    assert code == 0, err
    count = re.fullmatch(r"已在 茶 店 创建店铺（(\d+) 个文件：3 个商品、1 个故事、1 个“关于”页面和照片）", out[0])
    assert count and int(count.group(1)) > 1, out[0]
    assert out[1:3] == ["接下来：", "  cd '茶 店'"] or out[1:3] == ["接下来：", "  cd 茶 店"]
    assert out[3:] == ["  weishop serve          # 在 http://127.0.0.1:8000/ 预览，编辑 shop.yml 和 content/ 时自动刷新",
                       '  weishop new product "我的第一件商品"',
                       "  weishop deploy cloudflare   # 或 netlify：发布上线（见 README 的“From zero to a live shop”）"]
    code, out, err = run(capsys, "new", "product", "白茶", "--shop", "茶 店")
    assert (code, err) == (0, [])
    assert out == ["已写入 content/products/bai-cha.md（草稿：写好后设为“draft: false”；写作时用“weishop serve --drafts”可以看到草稿）"]
    code, out, err = run(capsys, "init", "tea", "--language", "en")
    assert out[0].startswith("created a shop in tea (") and out[1] == "next:" and out[4] == '  weishop new product "My first product"'


def test_deploy_hints_in_chinese(tmp_path, capsys, monkeypatch):
    from weishop.commands import hostinstall

    monkeypatch.setattr(hostinstall, "installed", lambda name="weishop": hostinstall.Installed("1.2.3", "index"))
    monkeypatch.setattr(hostinstall, "pin", hostinstall.pin.__wrapped__)  # weishop from an index: no wheel to build
    shop = write_shop(tmp_path / "s", shop_files("zh-CN"))
    code, out, err = run(capsys, "deploy", "netlify", "--shop", str(shop))
    assert (code, err) == (0, [])
    assert "已写入 requirements.txt（weishop 1.2.3）" in out and "已写入 netlify.toml" in out
    assert out[-2:] == [
        "接下来：提交并推送上面所有的文件（requirements.txt 和 .weishop/ 也要：托管平台从它们安装 weishop），然后在 app.netlify.com："
        "Add new site → Import an existing project → 选择这个仓库；构建设置来自 netlify.toml。",
        "把 Netlify 显示的网址（https://<name>.netlify.app/）填到 shop.yml 的 base_url。",
    ]
