"""The seller's accent stays readable: AA text shades for light and dark pages, button fills, and a build warning that says why."""

from __future__ import annotations

import subprocess
import sys

import pytest

from weishop.utils import colors
from weishop.build.pipeline import BuildOptions, build

from tests.support import EN_SHOP, page, write_shop

ACCENTS = ["#b5452b", "#f5c518", "#777777", "#1a73e8", "#ff0000", "#00aa00", "#ffffff", "#000000", "#0000ff", "#ffff00"]


@pytest.mark.parametrize("accent", ACCENTS)
def test_derived_colours_reach_aa_on_their_backgrounds(accent):
    assert colors.contrast(colors.accent_text(accent), colors.PAGE_BACKGROUND) >= colors.AA
    assert colors.contrast(colors.accent_text(accent), "#ffffff") >= colors.AA  # cards are white
    assert colors.contrast(colors.accent_text(accent, dark=True), colors.DARK_SURFACE) >= colors.AA
    assert colors.contrast(colors.accent_text(accent, dark=True), "#161412") >= colors.AA  # the dark page
    assert colors.contrast(colors.accent_fill(accent), colors.text_on(accent)) >= colors.AA


@pytest.mark.parametrize("accent", ["#b5452b", "#2e7d32", "#000000", "#0b57d0"])
def test_readable_accents_are_kept_as_they_are(accent):
    assert colors.accent_text(accent) == accent
    assert colors.accent_fill(accent) == accent
    assert colors.accent_problem(accent) is None


@pytest.mark.parametrize("accent, says", [
    ("#f5c518", ["as text on the page it has contrast 1.5:1", "links and prices use #876c0d"]),
    ("#1a73e8", ["contrast 4.2:1", "WCAG AA needs 4.5:1"]),
    ("#777777", ["under button text 4.4:1", "buttons use #747474"]),  # 4.48 is shown as 4.4, never a passing 4.5
])
def test_unreadable_accents_are_explained_with_the_replacement(accent, says):
    message, hint = colors.accent_problem(accent)
    text = f"{message} ({hint})"
    for words in says:
        assert words in text


YELLOW_SHOP = {**EN_SHOP, "shop.yml": EN_SHOP["shop.yml"].replace("currency: USD", "currency: USD\n        accent: \"#f5c518\"")}


def test_build_warns_on_the_accent_line_and_the_theme_uses_readable_shades(tmp_path):
    shop = write_shop(tmp_path / "shop", YELLOW_SHOP)
    result = build(BuildOptions(shop=shop))
    accent_line = shop.joinpath("shop.yml").read_text(encoding="utf-8").splitlines().index('accent: "#f5c518"') + 1
    [warning] = [w for w in result.warnings if w.field == "accent"]
    assert (warning.path, warning.line) == ("shop.yml", accent_line)
    assert "#f5c518" in warning.message and "#876c0d" in warning.hint
    style = page(shop / "output", "").head.style.get_text()
    assert "--accent-text:#876c0d" in style and "--on-accent:#1a1a1a" in style
    assert "prefers-color-scheme:dark" in style  # links get a shade readable on the dark surfaces too

    cli = subprocess.run([sys.executable, "-m", "weishop.cli", "build", "--shop", str(shop)], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert f"warning: shop.yml:{accent_line}: accent: the colour #f5c518 is hard to read" in cli.stderr


def test_a_readable_accent_builds_without_a_warning(en_shop):
    assert not [w for w in en_shop.result.warnings if w.field == "accent"]
