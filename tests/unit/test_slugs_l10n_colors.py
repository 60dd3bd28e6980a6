import datetime as dt
import json
from decimal import Decimal

import pytest

from weishop.utils import colors
from weishop.utils import l10n
from weishop.utils.slugs import slugify


@pytest.mark.parametrize("text, slug", [
    ("大红袍", "da-hong-pao"), ("金骏眉", "jin-jun-mei"), ("Café Crème 2024", "cafe-creme-2024"),
    ("武夷岩茶 · 大红袍 2024", "wu-yi-yan-cha-da-hong-pao-2024"), ("  --Hello__World--  ", "hello-world"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_symbol_only_names_still_get_a_stable_slug():
    assert slugify("★★") == slugify("★★") != ""
    assert slugify("★★").startswith("x-")


@pytest.mark.parametrize("amount, currency, language, shown", [
    ("168", "CNY", "zh-CN", "¥168.00"), ("89.5", "USD", "en", "$89.50"), ("1200", "JPY", "ja", "￥1,200"),
    ("0", "CNY", "zh-CN", "¥0.00"),
])
def test_money(amount, currency, language, shown):
    assert l10n.money(Decimal(amount), currency, language) == shown


def test_dates():
    assert l10n.date(dt.date(2024, 5, 1), "zh-CN") == "2024年5月1日"
    assert l10n.date(dt.date(2024, 5, 1), "en") == "May 1, 2024"


def test_strings_fall_back_to_english_and_merge_feature_files(tmp_path):
    (tmp_path / "zh-CN").mkdir()
    (tmp_path / "en.yml").write_text("a: A\nb: B\n", encoding="utf-8")
    (tmp_path / "zh-CN.yml").write_text("a: 甲\n", encoding="utf-8")
    (tmp_path / "zh-CN" / "feature.yml").write_text("c: 丙\n", encoding="utf-8")
    assert l10n.load_strings([tmp_path], "zh-CN") == {"a": "甲", "b": "B", "c": "丙"}


@pytest.mark.parametrize("accent", ["#b5452b", "#ffeb3b", "#00ff00", "#123456", "#ffffff"])
def test_accent_gets_readable_companions(accent):
    assert colors.contrast(colors.text_on(accent), accent) >= 3.0
    assert colors.contrast(colors.readable_on_white(accent), "#ffffff") >= 4.5


def test_pinyin_slugs_are_remembered_between_builds(tmp_path, monkeypatch):
    from weishop.utils import slugs

    store = tmp_path / "slugs.json"
    monkeypatch.setattr(slugs, "_pinyin", {})
    slugify.cache_clear()
    assert slugify("岩茶 礼盒") == "yan-cha-li-he"
    slugs.remember(store)
    saved = store.read_text(encoding="utf-8")
    assert "岩茶 礼盒" in saved
    # A later process reads them back: no dictionary needed for names it has seen.
    monkeypatch.setattr(slugs, "_pinyin", {})
    slugify.cache_clear()
    slugs.remembered(store)
    assert slugs._pinyin == {"岩茶 礼盒": "yan-cha-li-he"}
    assert slugify("岩茶 礼盒") == "yan-cha-li-he"
    slugs.remember(store)
    assert store.read_text(encoding="utf-8") == saved  # nothing new: not rewritten


def test_slugs_made_by_another_pypinyin_are_not_trusted(tmp_path, monkeypatch):
    from weishop.utils import slugs

    store = tmp_path / "slugs.json"
    store.write_text('{"pypinyin": "some other version", "slugs": {"岩茶": "wrong"}}', encoding="utf-8")
    monkeypatch.setattr(slugs, "_pinyin", {})
    slugify.cache_clear()
    slugs.remembered(store)
    assert slugify("岩茶") == "yan-cha"
    store.write_text(json.dumps({"pypinyin": slugs._dictionary_stamp(), "slugs": {"岩茶": "from-the-cache"}}), encoding="utf-8")
    monkeypatch.setattr(slugs, "_pinyin", {})
    slugify.cache_clear()
    slugs.remembered(store)
    assert slugify("岩茶") == "from-the-cache"  # the remembered slug is used as it is
    slugify.cache_clear()
