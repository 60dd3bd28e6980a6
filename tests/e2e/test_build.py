"""The core build, read the way a buyer meets it: built fixture shops, parsed HTML."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from weishop.build.pipeline import BuildOptions, build
from weishop.errors import BuildFailed

from tests.support import EN_SHOP, ZH_SHOP, jpeg, page, snapshot, write_shop


def test_home_shows_seller_featured_products_stories_and_menu(zh_shop):
    home = page(zh_shop.out, "")
    assert home.html["lang"] == "zh-CN"
    seller = home.select_one(".seller")
    assert seller.select_one("img.avatar")["src"].endswith(".jpg") or seller.select_one("img.avatar")["srcset"]
    assert "阿青" in seller.get_text() and "福建 武夷山" in seller.get_text() and "三代茶农" in seller.get_text()
    featured = [a.get_text(strip=True) for a in home.select("#featured-h ~ .grid .card-title")]
    assert featured == ["武夷岩茶 · 大红袍 2024"]
    all_titles = [a.get_text(strip=True) for a in home.select("#all-h ~ .grid .card-title")]
    assert sorted(all_titles) == sorted(["武夷岩茶 · 大红袍 2024", "桐木关 金骏眉", "试饮装"])
    assert "未上架" not in home.get_text()  # drafts stay out
    assert [a.get_text() for a in home.select("nav.nav a")][:2] == ["故事", "关于我们"]
    assert home.select_one(".story-title").get_text() == "春天采茶"
    assert [(a.get_text(), a["href"]) for a in home.select(".social a")] == [("微博", "https://weibo.com/aqing")]  # named in the shop's language


def test_footer_links_are_named_in_the_shops_language_or_as_written(tmp_path):
    files = dict(EN_SHOP)
    files["shop.yml"] += "social: {Weibo: 'https://weibo.com/ann', xiaohongshu: 'https://xiaohongshu.com/u/ann', My blog: 'https://ann.example.org/'}\n"
    shop = write_shop(tmp_path / "s", files)
    build(BuildOptions(shop=shop))
    links = [a.get_text() for a in page(shop / "output", "").select(".social a")]
    assert links == ["Weibo", "Xiaohongshu", "My blog"]


def test_product_page_has_gallery_prices_options_reviews_related(zh_shop):
    product = page(zh_shop.out, "products/dahongpao/")
    assert product.h1.get_text() == "武夷岩茶 · 大红袍 2024"
    assert product.select_one(".buy .price .now").get_text() == "¥168.00 起"
    assert product.select_one(".buy .price s.was").get_text() == "¥198.00"
    radios = product.select("form.options input[type=radio]")
    assert [(r["value"], r["data-price"]) for r in radios] == [("50g", "168"), ("250g", "728")]
    assert radios[0].has_attr("checked")
    for radio in radios:  # every control is labelled
        assert radio.find_parent("label") is not None
    assert product.select_one("fieldset legend").get_text() == "规格"
    assert len(product.select(".slides li")) == 1
    reviews = product.select("#reviews li")
    assert len(reviews) == 2 and reviews[0].select_one(".stars").get_text() == "★★★★★"
    assert product.select_one("table td").get_text() == "100℃"
    related = [a.get_text(strip=True) for a in product.select(".related .card-title")]
    assert related == ["试饮装"]  # same category
    assert [a.get_text() for a in product.select(".tags a")] == ["#岩茶", "#新茶"]


def test_sold_out_and_free_products(zh_shop):
    sample = page(zh_shop.out, "products/sample/")
    assert sample.select_one(".stock.out").get_text() == "已售罄"
    assert sample.select_one(".price .now").get_text() == "¥0.00"
    home = page(zh_shop.out, "")
    card = [c for c in home.select("#all-h ~ .grid .card") if "试饮装" in c.get_text()][0]
    assert "is-sold-out" in card["class"] and card.select_one(".badge").get_text() == "已售罄"


def test_bundle_gets_pinyin_slug_and_its_images(zh_shop):
    bundle = page(zh_shop.out, "products/jin-jun-mei/")
    assert bundle.h1.get_text() == "桐木关 金骏眉"
    body_img = bundle.select_one(".prose img")
    assert body_img["alt"] == "茶汤"
    assert (zh_shop.out / "products" / "金骏眉" / "photo.jpg").is_file()


def test_listings_story_page_and_404(zh_shop):
    category = page(zh_shop.out, "categories/yan-cha/")
    assert category.h1.get_text() == "岩茶"
    assert sorted(c.get_text(strip=True) for c in category.select(".card-title")) == sorted(["试饮装", "武夷岩茶 · 大红袍 2024"])
    tag = page(zh_shop.out, "tags/yan-cha/")
    assert tag.select_one(".story-title").get_text() == "春天采茶"  # stories share tags with products
    story = page(zh_shop.out, "stories/spring/")
    assert story.h1.get_text() == "春天采茶"
    assert story.select_one(".cover img") is not None
    assert [c.get_text(strip=True) for c in story.select("#its-h ~ .grid .card-title")] == ["武夷岩茶 · 大红袍 2024", "桐木关 金骏眉"]
    assert story.select_one(".prose a")["href"] == "/products/dahongpao/"
    assert page(zh_shop.out, "about/").h1.get_text() == "关于我们"
    missing = page(zh_shop.out, "404.html")
    assert missing.h1.get_text() == "页面不存在"
    assert missing.select_one('meta[name=robots]')["content"] == "noindex"
    assert (zh_shop.out / "robots-extra.txt").read_text() == "hello\n"  # static/ copied to the root


def test_english_shop_formats_money_dates_and_escapes_titles(en_shop):
    product = page(en_shop.out, "products/syrup/")
    assert product.h1.get_text() == 'Maple Syrup "Grade A" & more'
    assert product.select_one(".price .now").get_text() == "$89.50"
    raw = (en_shop.out / "products/syrup/index.html").read_text()
    assert "<title>Maple Syrup &#34;Grade A&#34; &amp; more · Maple &amp; Co</title>" in raw
    story = page(en_shop.out, "stories/sugaring/")
    assert "March 5, 2024" in story.select_one(".meta").get_text()


def test_sub_path_base_url_prefixes_every_internal_link(subpath_shop):
    for rel in ["", "products/syrup/", "stories/sugaring/", "shipping/", "404.html", "tags/sweet/"]:
        doc = page(subpath_shop.out, rel)
        for el in doc.select("a[href], link[href], img[src], script[src]"):
            link = el.get("href") or el.get("src")
            if link.startswith(("http", "#", "mailto:", "tel:", "sms:")):
                continue
            assert link.startswith("/maple/"), (rel, link)
    css = page(subpath_shop.out, "").select_one("link[rel=stylesheet]")["href"]
    assert re.fullmatch(r"/maple/theme/style\.[0-9a-f]{10}\.css", css)
    assert (subpath_shop.out / css.removeprefix("/maple/")).is_file()


def test_drafts_only_with_the_flag(tmp_path):
    shop = write_shop(tmp_path / "s", ZH_SHOP)
    build(BuildOptions(shop=shop, drafts=True))
    assert page(shop / "output", "products/secret/").h1.get_text() == "未上架"


def test_every_error_is_reported_in_one_run_with_file_and_line(tmp_path):
    files = dict(ZH_SHOP)
    files["content/products/bad-price.md"] = "---\ntitle: x\nprice: -5\n---\n"
    files["content/products/bad-yaml.md"] = "---\ntitle: [x\nprice: 1\n---\n"
    files["content/products/typo.md"] = "---\ntitle: x\nprice: 1\nimages: [nope.jpg]\ncatgory: a\n---\n"
    files["content/stories/ghost.md"] = "---\ntitle: s\ndate: 2024-01-01\nproducts: [dahongpoa]\n---\n"
    files["content/products/dup.md"] = "---\ntitle: dup\nprice: 1\nslug: dahongpao\n---\n"
    shop = write_shop(tmp_path / "s", files)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(shop=shop))
    messages = [str(e) for e in failed.value.errors]
    assert "content/products/bad-price.md:3: price: must be 0 or more (use 0 for a free sample)" in messages
    assert "content/products/bad-yaml.md:2: title: the '[' opened on this line is never closed (close it at the end of the line: `title: [x]`)" in messages
    assert "content/products/typo.md:5: catgory: unknown field (did you mean 'category'?)" in messages
    assert any(m.startswith("content/products/typo.md:4: images[0]: image 'nope.jpg' not found") for m in messages)
    assert "content/stories/ghost.md:4: products[0]: no product with slug 'dahongpoa' (did you mean 'dahongpao'?)" in messages
    assert any(m.startswith("content/products/") and "slug: 'dahongpao' is already used by" in m for m in messages)
    assert len(messages) == 6


def test_cli_exit_codes_and_error_lines(tmp_path):
    shop = write_shop(tmp_path / "s", {**EN_SHOP, "content/products/x.md": "---\ntitle: x\nprice: 1.234\n---\n"})
    run = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "content/products/x.md:3: price: '1.234' has more than 2 decimals (write 1.23)" in run.stderr
    usage = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--bogus"], capture_output=True, text=True)
    assert usage.returncode == 2


def test_failed_build_keeps_the_previous_output(tmp_path):
    shop = write_shop(tmp_path / "s", EN_SHOP)
    build(BuildOptions(shop=shop))
    before = snapshot(shop / "output")
    (shop / "content/products/syrup.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(BuildOptions(shop=shop))
    assert snapshot(shop / "output") == before
    assert sorted(p.name for p in shop.iterdir() if p.name != ".weishop-cache") == ["content", "output", "shop.yml"]  # no stage left behind


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    shop = write_shop(tmp_path / "s", {**EN_SHOP, "output/notes.txt": "my notes"})
    run = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop)], capture_output=True, text=True)
    assert run.returncode == 2 and "was not made by weishop" in run.stderr
    assert (shop / "output/notes.txt").read_text() == "my notes"


def test_shop_can_override_one_template_and_extend_the_original(tmp_path):
    override = '{% extends "default:page.html" %}{% block content %}<p class="mine">{{ page_entity.title }}</p>{{ super() }}{% endblock %}'
    shop = write_shop(tmp_path / "s", {**EN_SHOP, "themes/default/templates/page.html": override})
    build(BuildOptions(shop=shop))
    doc = page(shop / "output", "shipping/")
    assert doc.select_one("p.mine").get_text() == "Shipping" and doc.h1.get_text() == "Shipping"
    assert page(shop / "output", "").select_one(".seller") is not None  # other templates unchanged


def test_template_error_names_the_template_and_line(tmp_path):
    shop = write_shop(tmp_path / "s", {**EN_SHOP, "themes/default/templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ nope.x }}\n{% endblock %}"})
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(shop=shop))
    assert str(failed.value.errors[0]).startswith("themes/default/templates/page.html:3: template: 'nope' is undefined")


def test_raw_html_is_escaped_unless_the_seller_opts_in(tmp_path):
    files = {**EN_SHOP, "content/pages/video.md": "---\ntitle: Video\n---\n<iframe src=\"https://player.example/1\"></iframe>\n"}
    shop = write_shop(tmp_path / "s", files)
    build(BuildOptions(shop=shop))
    assert page(shop / "output", "video/").select_one(".prose iframe") is None
    files["shop.yml"] = EN_SHOP["shop.yml"] + "markdown: {unsafe_html: true}\n"
    shop = write_shop(tmp_path / "t", files)
    build(BuildOptions(shop=shop))
    assert page(shop / "output", "video/").select_one(".prose iframe")["src"] == "https://player.example/1"


def test_example_shop_builds_from_the_repo_root(example_shop):
    home = page(example_shop.out, "")
    assert len(home.select("#all-h ~ .grid .card")) >= 6
    assert len(example_shop.result.site.stories) >= 2
    assert any(p.sold_out for p in example_shop.result.site.products)
    assert any(p.options for p in example_shop.result.site.products)
    assert example_shop.result.warnings == []


def test_big_listings_are_paginated_and_cards_rendered_once(tmp_path):
    files = dict(EN_SHOP)
    for i in range(100):
        files[f"content/products/p{i:03}.md"] = f"---\ntitle: Product {i:03}\nprice: {i}\ncategory: Bulk\ndate: 2024-01-01\n---\nText {i}.\n"
    shop = write_shop(tmp_path / "s", files)
    result = build(BuildOptions(shop=shop))
    out = shop / "output"
    first, second, third = page(out, "categories/bulk/"), page(out, "categories/bulk/page/2/"), page(out, "categories/bulk/page/3/")
    assert [len(p.select(".grid .card")) for p in (first, second, third)] == [48, 48, 4]
    assert first.select_one("a[rel=next]")["href"] == "/categories/bulk/page/2/"
    assert third.select_one("a[rel=prev]")["href"] == "/categories/bulk/page/2/"
    assert not (out / "categories/bulk/page/4").exists()
    home = page(out, "")
    assert len(home.select("#all-h ~ .grid .card")) == 48
    assert home.select_one("#all-h ~ p a.more")["href"] == "/products/"
    every = {a.get_text(strip=True) for rel in ["products/", "products/page/2/", "products/page/3/"] for a in page(out, rel).select(".card-title")}
    assert len(every) == 102
    assert len(result.site.products) == 102


def test_photos_copied_as_they_are_lose_their_gps(tmp_path):
    from PIL import Image
    import io

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (22.0, 30.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (9, 9, 9)).save(buffer, "JPEG", exif=exif)
    shop = write_shop(tmp_path / "s", {**EN_SHOP, "content/extra/unused.jpg": buffer.getvalue()})
    build(BuildOptions(shop=shop))
    with Image.open(shop / "output/extra/unused.jpg") as published:
        assert not published.getexif()
    assert (shop / "content/extra/unused.jpg").read_bytes() == buffer.getvalue()  # the original is never changed


def test_image_alt_text_from_front_matter_else_the_title(tmp_path):
    files = {**EN_SHOP, "content/products/candle/index.md": """
        ---
        title: Beeswax Candle
        price: 12
        images: [{src: a.jpg, alt: A lit candle on an oak table}, b.jpg]
        ---
        Smells of honey.
        """, "content/products/candle/b.jpg": jpeg(300, 300)}
    shop = write_shop(tmp_path / "s", files)
    build(BuildOptions(shop=shop))
    alts = [img["alt"] for img in page(shop / "output", "products/candle/").select(".slides img")]
    assert alts == ["A lit candle on an oak table", "Beeswax Candle"]


def test_image_entry_without_src_is_an_error(tmp_path):
    files = {**EN_SHOP, "content/products/x.md": "---\ntitle: x\nprice: 1\nimages:\n  - {alt: nothing}\n---\n"}
    shop = write_shop(tmp_path / "s", files)
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(shop=shop))
    assert [str(e) for e in failed.value.errors] == ["content/products/x.md:5: images[0]: 'src' is required (add a line 'src: …')"]


def test_the_stories_index_is_paginated_too(tmp_path):
    files = dict(EN_SHOP)
    for i in range(50):
        files[f"content/stories/s{i:02}.md"] = f"---\ntitle: Story {i:02}\ndate: 2024-02-{1 + i % 28:02}\n---\nText {i}.\n"
    shop = write_shop(tmp_path / "s", files)
    build(BuildOptions(shop=shop))
    out = shop / "output"
    first, second = page(out, "stories/"), page(out, "stories/page/2/")
    stories = len([p for p in (shop / "content/stories").rglob("*.md")])
    assert len(first.select(".story-item")) == 48 and len(second.select(".story-item")) == stories - 48
    assert first.select_one("link[rel=next]")["href"] == "/stories/page/2/" == first.select_one("a[rel=next]")["href"]
    assert second.select_one("a[rel=prev]")["href"] == "/stories/"
    assert not (out / "stories/page/3").exists()
