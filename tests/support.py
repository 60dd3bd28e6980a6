"""Test helpers: inline shops written to folders, builds, parsed pages, a sub-path static server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import textwrap
import threading
from pathlib import Path
from typing import Iterator, Mapping

from bs4 import BeautifulSoup
from PIL import Image

from weishop.build.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def jpeg(width: int = 64, height: int = 48, color: tuple[int, int, int] = (180, 90, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def png(width: int = 64, height: int = 64, color: tuple[int, int, int, int] = (40, 90, 180, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def write_shop(folder: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} into `folder`; text is dedented."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to compare whole output trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_shop(folder: Path, **options) -> BuildResult:
    return build(BuildOptions(shop=folder, **options))


def page(out: Path, rel: str) -> BeautifulSoup:
    """A built page parsed; `rel` like 'products/x/' or 'index.html'."""
    path = out / rel
    if rel == "" or rel.endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def built_and_served(folder: Path, files: Mapping[str, str | bytes]) -> Iterator[str]:
    """The shop `files` written into `folder`, built and served on 127.0.0.1; yields its base URL (module fixtures)."""
    shop = write_shop(folder, files)
    build_shop(shop)
    server, base = serve(shop / "output")
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def serve(folder: Path, prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` at http://127.0.0.1:PORT{prefix}; returns (server, base URL)."""
    handler_class = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@contextlib.contextmanager
def served_shop(folder: Path, files: Mapping[str, str | bytes], prefix: str = "/"):
    """A shop written to `folder`, built, and served under `prefix`: yields its base URL."""
    shop = write_shop(folder, files)
    build_shop(shop)
    server, base = serve(shop / "output", prefix)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


ZH_SHOP = {
    "shop.yml": """
        title: 山野茶舍
        tagline: 自家茶园 · 手工炒制
        base_url: https://tea.example.com/
        language: zh-CN
        currency: CNY
        accent: "#b5452b"
        seller:
          name: 阿青
          avatar: images/aqing.jpg
          bio: 三代茶农。
          location: 福建 武夷山
        order:
          channels:
            - {type: wechat, id: aqing_tea, qr: images/qr.png}
            - {type: whatsapp, phone: "+86 138-0000-0000"}
            - {type: telegram, username: aqingtea}
            - {type: line, id: aqingtea}
            - {type: sms, phone: "+8613800000000"}
            - {type: email, address: shop@example.com}
            - {type: paypal, username: aqingtea}
            - {type: link, label: 淘宝店, url: "https://example.com/shop"}
        social: {weibo: "https://weibo.com/aqing"}
        """,
    "content/images/aqing.jpg": jpeg(120, 120),
    "content/images/qr.png": png(100, 100),
    "content/images/dhp.jpg": jpeg(800, 600, (120, 60, 30)),
    "content/products/dahongpao.md": """
        ---
        title: 武夷岩茶 · 大红袍 2024
        price: 168
        compare_at: 198
        images: [images/dhp.jpg]
        category: 岩茶
        tags: [岩茶, 新茶]
        featured: true
        date: 2024-05-01
        options:
          - name: 规格
            values:
              - 50g
              - {label: 250g, price: 728}
        stock: 12
        reviews:
          - {name: 小林, rating: 5, date: 2024-06-01, text: 香气很足，回甘明显。}
          - {name: 老王, rating: 4, text: 不错}
        ---
        岩韵明显，焙火适中。

        | 水温 | 时间 |
        |---|---|
        | 100℃ | 10 秒 |
        """,
    "content/products/金骏眉/index.md": """
        ---
        title: 桐木关 金骏眉
        price: 39.90
        images: [photo.jpg]
        category: 红茶
        tags: [红茶]
        date: 2024-04-01
        ---
        蜜香浓郁。![茶汤](photo.jpg)
        """,
    "content/products/金骏眉/photo.jpg": jpeg(600, 600, (150, 70, 20)),
    "content/products/sample.md": """
        ---
        title: 试饮装
        price: 0
        stock: 0
        category: 岩茶
        ---
        免费试饮。
        """,
    "content/products/secret.md": """
        ---
        title: 未上架
        price: 10
        draft: true
        ---
        草稿。
        """,
    "content/stories/spring.md": """
        ---
        title: 春天采茶
        date: 2024-04-10
        cover: images/dhp.jpg
        tags: [岩茶]
        products: [dahongpao, jin-jun-mei]
        ---
        清明前后，山里开始采茶。[看看大红袍](/products/dahongpao/)
        """,
    "content/pages/about.md": """
        ---
        title: 关于我们
        menu: true
        ---
        我们是一家小茶园。
        """,
    "static/robots-extra.txt": "hello\n",
}

EN_SHOP = {
    "shop.yml": """
        title: Maple & Co
        tagline: Small-batch goods from Vermont
        base_url: https://maple.example.com/
        language: en
        currency: USD
        seller: {name: Ann Lee, bio: I make syrup., location: Vermont}
        order:
          channels:
            - {type: whatsapp, phone: "+1 555-123-4567"}
            - {type: email, address: ann@example.com}
        """,
    "content/products/syrup.md": """
        ---
        title: Maple Syrup "Grade A" & more
        price: 89.5
        compare_at: 99
        category: Pantry
        tags: [sweet]
        date: 2024-03-01
        featured: true
        ---
        Dark and rich.
        """,
    "content/products/candle/index.md": """
        ---
        title: Beeswax Candle
        price: 12
        images: [a.jpg]
        tags: [sweet, home]
        date: 2024-02-01
        ---
        Smells of honey.
        """,
    "content/products/candle/a.jpg": jpeg(500, 400),
    "content/stories/sugaring.md": """
        ---
        title: Sugaring season
        date: 2024-03-05
        products: [syrup]
        ---
        The sap is running.
        """,
    "content/pages/shipping.md": """
        ---
        title: Shipping
        menu: true
        ---
        We ship weekly.
        """,
}

SUBPATH_SHOP = {**EN_SHOP, "shop.yml": EN_SHOP["shop.yml"].replace("https://maple.example.com/", "https://example.github.io/maple/")}
