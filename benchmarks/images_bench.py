"""Image pipeline benchmark: 200 phone-sized photos built cold and warm, and the bytes a phone downloads.

    python benchmarks/images_bench.py [--photos 200] [--keep]

Photos are made here (4032×3024 JPEG, EXIF orientation and GPS like a phone's, textured so they
compress like real photos rather than flat colour), into benchmarks/work/ (git-ignored). Two photos
per product. Cold = first build with an empty cache; warm = the same build again.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import ExifTags, Image, ImageFilter

from weishop.build.pipeline import BuildOptions, build

WORK = Path(__file__).resolve().parent / "work"
PHONE = (4032, 3024)
VIEWPORT = 390


def make_photo(path: Path, seed: int) -> None:
    """A textured 12 MP 'photo': colour blobs, mid-scale detail and grain; EXIF like a phone's."""
    rng = random.Random(seed)
    w, h = PHONE
    blobs = Image.effect_noise((16, 12), 90).convert("RGB").resize((w, h), Image.Resampling.BICUBIC)
    tint = Image.new("RGB", (w, h), tuple(rng.randrange(60, 200) for _ in range(3)))
    detail = Image.effect_noise((w // 6, h // 6), 40).resize((w, h), Image.Resampling.BICUBIC).convert("RGB")
    image = Image.blend(Image.blend(blobs, tint, 0.5), detail, 0.25).filter(ImageFilter.GaussianBlur(1.2))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = rng.choice((1, 1, 6, 6, 8, 3))
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (27.0, 44.0, rng.random() * 60), 3: "E", 4: (117.0, 40.0, 1.0)})
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())


def make_shop(photos: int) -> Path:
    shop = WORK / "shop"
    products = shop / "content" / "products"
    products.mkdir(parents=True, exist_ok=True)
    (shop / "shop.yml").write_text(
        "title: Bench Tea\nbase_url: https://bench.example/\nlanguage: en\ncurrency: USD\n"
        "seller: {name: Bench}\norder:\n  channels:\n    - {type: email, address: a@example.com}\n", encoding="utf-8")
    missing = []
    for n in range(photos // 2):
        folder = products / f"p{n:03d}"
        folder.mkdir(exist_ok=True)
        missing += [(folder / f"photo-{i}.jpg", n * 2 + i) for i in (1, 2) if not (folder / f"photo-{i}.jpg").exists()]
        (folder / "index.md").write_text(
            f"---\ntitle: Tea {n}\nprice: {10 + n}\nimages: [photo-1.jpg, photo-2.jpg]\ncategory: Tea\n---\nA tea.\n", encoding="utf-8")
    with ProcessPoolExecutor() as pool:
        list(pool.map(make_photo, *zip(*missing))) if missing else None
    return shop


def timed_build(shop: Path) -> float:
    start = time.perf_counter()
    build(BuildOptions(shop=shop))
    return time.perf_counter() - start


def slot_width(sizes: str, viewport: int = VIEWPORT) -> float:
    """The CSS width a browser gives an image from its `sizes`, for `(min-width: Npx)` conditions."""
    for part in sizes.split(","):
        part = part.strip()
        found = re.match(r"\(min-width:\s*(\d+)px\)\s*(.+)", part)
        if found and viewport < int(found[1]):
            continue
        length = found[2] if found else part
        number = float(re.match(r"[\d.]+", length)[0])
        return number * viewport / 100 if length.endswith("vw") else number
    return viewport


def picked(srcset: str, needed: float) -> str:
    """The candidate a browser picks: the narrowest at least `needed` px wide, else the widest."""
    candidates = sorted((int(w[:-1]), url) for url, w in (c.strip().split() for c in srcset.split(",")))
    return next((url for w, url in candidates if w >= needed), candidates[-1][1])


def page_bytes(out: Path, rel: str, dpr: float, selector: str) -> int:
    html = BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")
    total = 0
    for source in html.select(f"{selector} picture source[type='image/webp']"):
        url = picked(source["srcset"], slot_width(source["sizes"]) * dpr)
        total += (out / url.lstrip("/")).stat().st_size
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the generated photos for the next run")
    args = parser.parse_args()
    made = time.perf_counter()
    shop = make_shop(args.photos)
    print(f"photos ready in {time.perf_counter() - made:.1f} s ({args.photos} × {PHONE[0]}×{PHONE[1]} JPEG, "
          f"{sum(p.stat().st_size for p in (shop / 'content').rglob('*.jpg')) / args.photos / 1e6:.1f} MB each)", file=sys.stderr)
    shutil.rmtree(shop / ".weishop-cache", ignore_errors=True)
    shutil.rmtree(shop / "output", ignore_errors=True)
    cold = timed_build(shop)
    warm = timed_build(shop)
    out = shop / "output"
    result = {
        "photos": args.photos,
        "cold_s": round(cold, 2),
        "warm_s": round(warm, 2),
        "cold_images_per_s": round(args.photos / cold, 1),
        "warm_images_per_s": round(args.photos / warm, 1),
        "warm_cold_ratio": round(warm / cold, 4),
        "product_page_gallery_kb_390px_dpr2": round(page_bytes(out, "products/p000/index.html", 2, ".gallery") / 1024, 1),
        "product_page_gallery_kb_390px_dpr3": round(page_bytes(out, "products/p000/index.html", 3, ".gallery") / 1024, 1),
        "product_page_all_kb_390px_dpr2": round(page_bytes(out, "products/p000/index.html", 2, "main") / 1024, 1),
    }
    (WORK / "images.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    for key, value in result.items():
        print(f"{key:40} {value}")
    if not args.keep:
        shutil.rmtree(shop / "output", ignore_errors=True)
        shutil.rmtree(shop / ".weishop-cache", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
