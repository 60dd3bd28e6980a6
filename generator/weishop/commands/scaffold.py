"""`weishop init` and `weishop new`: a working shop folder, and new content files that never go live half-written.

The starter shop ships as text inside the package (`starter/`); its photos are drawn
with Pillow at init time so the wheel stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from weishop.errors import UsageError
from weishop.utils.slugs import slugify
from weishop.utils.messages import localize, tr, tr_n

STARTER = Path(__file__).parent / "starter"
LANGUAGES = ("zh-CN", "zh-TW", "en", "ja")


@dataclass(frozen=True)
class Flavour:
    """How a language picks its starter texts, currency and price scale."""

    texts: str  # starter/<texts>/
    currency: str
    factor: Decimal = Decimal(1)  # prices in the starter are written in the texts' own currency
    step: Decimal = Decimal("0.01")  # round converted prices to this


FLAVOURS = {
    "zh-CN": Flavour("zh", "CNY"),
    "zh-TW": Flavour("zh", "TWD", Decimal("4.5"), Decimal(10)),
    "en": Flavour("en", "USD"),
    "ja": Flavour("en", "JPY", Decimal(150), Decimal(100)),
}

# Photos of the starter shop: path in the shop -> (size, background top, background bottom, motif).
PHOTOS: dict[str, dict[str, tuple[tuple[int, int], tuple[int, int, int], tuple[int, int, int], str]]] = {
    "zh": {
        "content/images/avatar.jpg": ((320, 320), (236, 214, 186), (196, 150, 110), "face"),
        "content/images/hongcha.jpg": ((800, 600), (246, 236, 220), (214, 190, 160), "cup"),
        "content/images/taobei.jpg": ((800, 600), (226, 230, 228), (170, 178, 176), "cup-grey"),
        "content/images/caicha.jpg": ((1200, 675), (200, 226, 240), (240, 246, 236), "hills"),
        "content/products/fengmi/fengmi-1.jpg": ((800, 600), (250, 240, 214), (226, 200, 150), "jar"),
        "content/products/fengmi/fengmi-2.jpg": ((800, 600), (212, 232, 200), (150, 190, 120), "hives"),
    },
}
PHOTOS["en"] = {k.replace("fengmi/fengmi-", "wildflower-honey/honey-"): v for k, v in PHOTOS["zh"].items()}


# --- init ------------------------------------------------------------------


def init_shop(target: Path, language: str = "zh-CN") -> list[Path]:
    """Create a working shop in `target` (new or empty); returns the files written, relative to it.

    Everything is written into a temporary folder beside `target` first, so a failure
    leaves `target` exactly as it was.
    """
    if language not in FLAVOURS:
        raise UsageError(tr("unknown language '{language}'; choose one of {choices}", language=language, choices=", ".join(LANGUAGES)))
    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise UsageError(tr("{target} is a file; choose a name for a new folder", target=target))
    if target.is_dir():
        found = sorted(p.name for p in target.iterdir() if p.name != ".git")
        if found:
            shown = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
            raise UsageError(tr("{target} is not empty ({found}); weishop init only fills a new or empty folder, so nothing was changed. "
                                "Choose a new folder name, e.g.: {command}", target=target, found=shown,
                                command="weishop init " + shell_quote(free_name(target))))
    target.parent.mkdir(parents=True, exist_ok=True)
    flavour = FLAVOURS[language]
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.weishop-init-", dir=target.parent))
    try:
        written = _write_starter(stage, flavour, language)
        if target.exists():
            for entry in sorted(stage.iterdir()):
                entry.rename(target / entry.name)
            stage.rmdir()
        else:
            stage.rename(target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return written


def free_name(target: Path) -> str:
    """A folder name beside `target` that is not taken yet: `myshop-2`, `myshop-3` …"""
    for number in range(2, 1000):
        candidate = target.with_name(f"{target.name}-{number}")
        if not candidate.exists():
            return candidate.name if target.parent == Path.cwd() else str(candidate)
    return target.name + "-new"


def shell_quote(path: str) -> str:
    """A path as typed in a terminal: quoted when it has spaces or other special characters (`cd '我的 店'`)."""
    return path if re.fullmatch(r"[\w@%+=:,./\\-]+", path) else "'" + path.replace("'", "'\"'\"'") + "'"


def _write_starter(stage: Path, flavour: Flavour, language: str) -> list[Path]:
    source = STARTER / flavour.texts
    written: list[Path] = []
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source)
        text = path.read_text(encoding="utf-8")
        text = text.replace("@LANGUAGE@", f"{language:<10}").replace("@CURRENCY@", f"{flavour.currency:<10}")
        text = _convert_prices(text, flavour)
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text(text, encoding="utf-8")
        written.append(rel)
    shutil.copyfile(STARTER / "gitignore", stage / ".gitignore")
    written.append(Path(".gitignore"))
    for rel_name, (size, top, bottom, motif) in PHOTOS[flavour.texts].items():
        (stage / rel_name).parent.mkdir(parents=True, exist_ok=True)
        draw_photo(size, top, bottom, motif).save(stage / rel_name, "JPEG", quality=82, optimize=True)
        written.append(Path(rel_name))
    return written


def _convert_prices(text: str, flavour: Flavour) -> str:
    """Starter prices in another currency: `price: 68` becomes `price: 310` for TWD."""
    if flavour.factor == 1:
        return text

    def convert(match: re.Match[str]) -> str:
        amount = (Decimal(match.group(2)) * flavour.factor / flavour.step).quantize(Decimal(1)) * flavour.step
        return f"{match.group(1)}{amount.normalize():f}"

    return re.sub(r"((?:price|compare_at): )(\d+(?:\.\d+)?)", convert, text)


def draw_photo(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int], motif: str) -> Image.Image:
    """A simple still life in soft colours: enough to show how photos sit in the theme."""
    from PIL import Image, ImageDraw  # only `weishop init` draws: a build never loads Pillow for this

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(image)
    cx, cy, unit = width // 2, height // 2, min(width, height) // 10
    if motif == "face":
        draw.ellipse((cx - 3 * unit, cy + unit, cx + 3 * unit, cy + 7 * unit), fill=(120, 72, 48))
        draw.ellipse((cx - 2 * unit, cy - 3 * unit, cx + 2 * unit, cy + unit), fill=(238, 196, 160))
        draw.pieslice((cx - 2 * unit, cy - 3 * unit - 4, cx + 2 * unit, cy + unit), 180, 360, fill=(60, 40, 30))
    elif motif.startswith("cup"):
        body = (150, 150, 146) if motif.endswith("grey") else (250, 248, 242)
        draw.ellipse((cx - 4 * unit, cy + 2 * unit, cx + 4 * unit, cy + 3 * unit), fill=tuple(c * 3 // 4 for c in bottom))
        draw.chord((cx - 3 * unit, cy - 3 * unit, cx + 3 * unit, cy + 3 * unit), 0, 180, fill=body)
        draw.ellipse((cx - 3 * unit, cy - unit // 2, cx + 3 * unit, cy + unit // 2), fill=(130, 52, 24))
    elif motif == "jar":
        draw.rounded_rectangle((cx - 2 * unit, cy - 2 * unit, cx + 2 * unit, cy + 3 * unit), radius=unit // 2, fill=(222, 150, 40))
        draw.rectangle((cx - 2 * unit, cy - 3 * unit, cx + 2 * unit, cy - 2 * unit), fill=(120, 80, 50))
        draw.rectangle((cx - unit, cy, cx + unit, cy + unit), fill=(250, 240, 214))
    elif motif == "hives":
        for i in (-1, 1):
            x = cx + i * 2 * unit
            draw.rectangle((x - unit, cy - unit, x + unit, cy + 3 * unit), fill=(236, 222, 190))
            draw.polygon([(x - unit - 8, cy - unit), (x, cy - 2 * unit), (x + unit + 8, cy - unit)], fill=(150, 90, 60))
    elif motif == "hills":
        for i, color in enumerate(((110, 160, 100), (70, 130, 80), (40, 100, 60))):
            base = height // 2 + i * height // 8
            draw.polygon([(0, height), (0, base), (width // 3 + i * 80, base - height // 6), (width, base + 20), (width, height)], fill=color)
    return image


# --- new -------------------------------------------------------------------

NEW_KINDS = {"product": "products", "story": "stories", "page": "pages"}

TEMPLATES = STARTER / "new"  # <kind>.<texts>.md, filled with str.format (title, date); content/examples.py reads them too


def new_file(shop: Path, kind: str, title: str, today: dt.date | None = None) -> Path:
    """Write content/<kind>/<slug>.md with commented front matter and `draft: true`; refuses to overwrite."""
    if kind not in NEW_KINDS:
        raise UsageError(tr("unknown kind '{kind}'; choose product, story or page", kind=kind))
    title = " ".join(title.split())
    if not title:
        raise UsageError(tr('the title is empty; e.g. weishop new product "大红袍"'))
    if not (shop / "shop.yml").is_file():
        raise UsageError(tr("no shop.yml in {folder}; run this in your shop folder, pass --shop DIR, or create a shop with 'weishop init'",
                              folder=shop.absolute()))
    slug = slugify(title)
    from weishop.content.model import RESERVED

    if kind == "page" and slug in RESERVED:
        slug += "-info"
    folder = shop / "content" / NEW_KINDS[kind]
    path = folder / f"{slug}.md"
    for existing in (path, folder / slug):
        if existing.exists():
            raise UsageError(tr("{path} already exists; nothing was changed. Edit that file, or choose another title",
                                path=existing.relative_to(shop).as_posix()))
    texts = "zh" if _shop_language(shop).startswith("zh") else "en"
    text = (TEMPLATES / f"{kind}.{texts}.md").read_text(encoding="utf-8").format(title=json.dumps(title, ensure_ascii=False), date=(today or dt.date.today()).isoformat())
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even if created meanwhile
        handle.write(text)
    return path


def _shop_language(shop: Path) -> str:
    """The shop's language for the comments; a broken shop.yml must not stop `new`."""
    try:
        data = yaml.safe_load((shop / "shop.yml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "en"
    language = data.get("language") if isinstance(data, dict) else None
    return str(language) if language else "en"


# --- command line ----------------------------------------------------------


def init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="the new shop folder (must not exist yet, or be empty)")
    parser.add_argument("--language", default="zh-CN", choices=LANGUAGES,
                        help="language of the shop and of the example texts (default: zh-CN)")
    parser.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    written = init_shop(target, args.language)
    shown = args.dir
    says = lambda message: print(localize(message, args.says))  # noqa: E731 - the new shop's language
    says(tr_n("created a shop in {folder} ({n} file: 3 products, a story, an about page, photos)",
              "created a shop in {folder} ({n} files: 3 products, a story, an about page, photos)", len(written), folder=shown))
    says(tr("next:"))
    if target.absolute() != Path.cwd():
        print(f"  cd {shell_quote(shown)}")
    print("  weishop serve          # " + localize(tr("preview at http://127.0.0.1:8000/ while you edit shop.yml and content/"), args.says))
    example = localize(tr("My first product"), args.says)
    print(f'  weishop new product "{example}"')
    print("  weishop deploy cloudflare   # " + localize(tr("or netlify: publish it (see the README, 'From zero to a live shop')"), args.says))
    return 0


def new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=tuple(NEW_KINDS), help="what to write")
    parser.add_argument("title", help="its title, in quotes if it has spaces; the file name is made from it")


def cmd_new(args: argparse.Namespace) -> int:
    shop = Path(args.shop)
    path = new_file(shop, args.kind, args.title)
    print(localize(tr("wrote {path} (a draft: set 'draft: false' when it is ready; 'weishop serve --drafts' shows drafts while you write)",
                      path=path.relative_to(shop).as_posix()), args.says))
    return 0
