#!/usr/bin/env python3
"""Make the CJK font weishop ships for share images: a renamed subset of Noto Sans CJK.

Build hosts (Netlify, Cloudflare Pages, GitHub's ubuntu-latest) have no CJK font and no
apt-get, so the font travels inside the package. The whole of Noto Sans CJK is 19 MB a weight;
the characters of weishop's UI languages are enough:

- zh-CN: every character of GB2312 (6,763 hanzi, punctuation, symbols)
- zh-TW: Big5 symbols and level 1 (the 5,401 frequent hanzi)
- ja: JIS X 0208 rows 1-47 (kana, symbols, the 2,965 level-1 kanji)
- en and the rest: Latin-1, Latin Extended-A, general punctuation, currency signs,
  CJK punctuation, full- and half-width forms
- every character of the default theme's UI strings and the starter shops

A character outside this set is drawn with a system font that has it (weishop/media/fonts.py),
or reported by the build. Glyph shapes are those of the Simplified Chinese face.

The OFL lets a modified version be shipped with software under a name without the Reserved
Font Name ('Source', upstream's LICENSE) and without promoting it with the authors' names, so
the family is renamed "Weishop Sans" and OFL.txt (committed, with the upstream copyright line)
sits beside the files.

    python scripts/make_cjk_font.py [--source DIR] [--out DIR]

Needs fontTools (and brotli for --format woff2): `pip install fonttools brotli`; a dev tool,
not a runtime dependency. The source is Debian's fonts-noto-cjk (the .ttc collections).
Running it again on the same sources gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto")
OUT = ROOT / "generator" / "weishop" / "media" / "fonts"
FAMILY = "Weishop Sans"
FACE = "Noto Sans CJK SC"  # the face of the collection whose glyphs are used
WEIGHTS = ("Regular", "Bold")
UPSTREAM_COPYRIGHT = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
RANGES = [  # (first, last) code points, inclusive
    (0x0020, 0x007E), (0x00A0, 0x017F),  # Basic Latin, Latin-1, Latin Extended-A
    (0x02C6, 0x02DD),  # modifier letters (circumflex, caron, tilde)
    (0x2000, 0x206F), (0x20A0, 0x20BF),  # general punctuation, currency signs
    (0x2100, 0x215F), (0x2190, 0x21FF),  # letterlike (™, №), arrows
    (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF),  # circled numbers, shapes, symbols (★ ☆)
    (0x3000, 0x303F), (0x3040, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x31F0, 0x31FF), (0xFF00, 0xFFEF),  # katakana extensions, full- and half-width forms
]


def double_byte(codec: str, lead: range, trail: range) -> set[str]:
    chars = set()
    for first in lead:
        for second in trail:
            try:
                chars.update(bytes([first, second]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def ui_text() -> set[str]:
    """Every character of the theme's UI strings and the starter shops, so defaults always draw."""
    chars: set[str] = set()
    for folder in (ROOT / "themes" / "default" / "i18n", ROOT / "generator" / "weishop" / "commands" / "starter"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yml", ".md", ".txt"):
                chars.update(path.read_text(encoding="utf-8"))
    return chars


def charset() -> set[str]:
    chars = {chr(code) for first, last in RANGES for code in range(first, last + 1)}
    chars |= double_byte("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= double_byte("big5", range(0xA1, 0xA4), range(0x40, 0xFF))  # symbols
    chars |= {c for c in double_byte("big5", range(0xA4, 0xC7), range(0x40, 0xFF)) if "\u4e00" <= c <= "\u9fff"}
    chars |= double_byte("euc_jp", range(0xA1, 0xD0), range(0xA1, 0xFF))  # JIS X 0208 rows 1-47
    chars |= ui_text()
    return {c for c in chars if c.isprintable() and not ("\ue000" <= c <= "\uf8ff")}


def face(collection: Path, name: str):
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == name:
            return font
    raise SystemExit(f"{collection}: no face named {name!r}")


def rename(font, weight: str) -> None:
    """New family name everywhere it is shown (OFL: no Reserved Font Name in a Modified Version)."""
    names = font["name"]
    postscript = f"{FAMILY.replace(' ', '')}-{weight}"
    fields = {
        0: f"{UPSTREAM_COPYRIGHT} Modified (subset, renamed) for weishop.",
        1: FAMILY, 2: weight, 3: f"{postscript};weishop", 4: f"{FAMILY} {weight}", 6: postscript,
        7: "", 11: "", 12: "", 16: FAMILY, 17: weight,
        13: "This Font Software is licensed under the SIL Open Font License, Version 1.1 (OFL.txt beside this file).",
        14: "https://openfontlicense.org",
    }
    kept = [record for record in names.names if record.nameID in (5, 8, 9, 10)]  # version, designer credits
    names.names = kept
    for name_id, text in fields.items():
        if text:
            names.setName(text, name_id, 3, 1, 0x409)
            if all(ord(c) < 128 for c in text):
                names.setName(text, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName", "Notice", "Copyright"):
            if hasattr(top, key):
                setattr(top, key, {"FullName": f"{FAMILY} {weight}", "FamilyName": FAMILY}.get(key, UPSTREAM_COPYRIGHT))
        for fd in getattr(top, "FDArray", []) or []:
            if hasattr(fd, "FontName"):
                fd.FontName = postscript + "-" + fd.FontName.rsplit("-", 1)[-1]


def make(source: Path, out: Path, weight: str, chars: set[str], flavor: str | None) -> Path:
    font = face(source / f"NotoSansCJK-{weight}.ttc", FACE)
    options = subset.Options()
    options.layout_features = ["ccmp", "liga", "calt", "kern", "palt", "halt", "vert", "vrt2", "fwid", "hwid", "pwid"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True  # the box glyph: weishop finds missing characters by comparing with it
    options.flavor = flavor
    options.hinting = False  # share images are drawn at 26-300 px with anti-aliasing: hints add bytes, not quality
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    rename(font, weight)
    font["head"].modified = font["head"].created  # reproducible: no time of the run in the file
    font.recalcTimestamp = False
    suffix = {None: ".otf", "woff": ".woff", "woff2": ".woff2"}[flavor]
    path = out / f"{FAMILY.replace(' ', '')}-{weight}{suffix}"
    out.mkdir(parents=True, exist_ok=True)
    font.flavor = flavor
    font.save(str(path), reorderTables=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder with NotoSansCJK-{Regular,Bold}.ttc")
    parser.add_argument("--out", type=Path, default=OUT)
    # OTF: in the wheel (deflated) 2.0 MB a weight against 1.7 MB as WOFF2, but FreeType opens it in 1 ms instead
    # of 30 ms (decompressing on every size loaded) and reads it without brotli support.
    parser.add_argument("--format", choices=("otf", "woff", "woff2"), default="otf")
    args = parser.parse_args(argv)
    chars = charset()
    flavor = None if args.format == "otf" else args.format
    for weight in WEIGHTS:
        path = make(args.source, args.out, weight, chars, flavor)
        drawn = len(TTFont(str(path)).getBestCmap())
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB, {drawn} of the {len(chars)} characters asked for"
              " (the rest are not in the source either)")
    if not (args.out / "OFL.txt").is_file():
        print(f"warning: {args.out / 'OFL.txt'} is missing: the OFL requires the licence beside the fonts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
