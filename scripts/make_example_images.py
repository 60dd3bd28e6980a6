#!/usr/bin/env python3
"""Regenerate the example shop's pictures (product photos, story covers, avatar, WeChat QR).

The pictures are illustrations that look roughly like photographs: gradients, soft
shapes, depth-of-field blur, a little film grain. Everything is seeded, so running
the script again gives the same pictures (on the same Pillow version).

    python scripts/make_example_images.py

Needs Pillow and segno. A CJK font (Noto CJK) is used for the few characters printed
on packaging if one is installed; without it, the packaging gets plain marks instead.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

import segno

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
IMAGES = CONTENT / "images"
PRODUCTS = CONTENT / "products"

SS = 2  # supersampling factor: draw at 2x, then scale down (anti-aliasing)
JPEG_QUALITY = 80

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]


def cjk_font(size: float):
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            try:
                return ImageFont.truetype(p, int(size * SS))
            except OSError:
                continue
    return None


# --------------------------------------------------------------------------- colours


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def shade(c, f):
    """f < 1 darkens, f > 1 lightens."""
    if f < 1:
        return mix(c, (0, 0, 0), 1 - f)
    return mix(c, (255, 255, 255), min(1, f - 1))


def rgba(c, a=255):
    return tuple(c[:3]) + (int(a),)


def jitter(rng, c, amount=0.12):
    return shade(c, 1 + rng.uniform(-amount, amount))


# --------------------------------------------------------------------------- geometry


def sc(pts):
    return [(x * SS, y * SS) for x, y in pts]


def box(cx, cy, rx, ry):
    return [(cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS]


def ellipse_pts(cx, cy, rx, ry, a0, a1, n=60):
    return [
        (cx + rx * math.cos(a0 + (a1 - a0) * i / n), cy + ry * math.sin(a0 + (a1 - a0) * i / n))
        for i in range(n + 1)
    ]


def cyl_section(cx, rx, ry, ya, yb):
    """Front face of a vertical cylinder between the ellipses centred at ya and yb."""
    return ellipse_pts(cx, ya, rx, ry, math.pi, 0) + ellipse_pts(cx, yb, rx, ry, 0, math.pi)


def leaf_poly(cx, cy, length, width, ang, bend=0.0, n=20, base_w=0.25):
    ca, sa = math.cos(ang), math.sin(ang)
    up, dn = [], []
    for i in range(n + 1):
        t = i / n
        x = (t - 0.5) * length
        hw = width / 2 * (math.sin(math.pi * t) ** 0.85) * (1 - base_w * t)
        yc = bend * length * ((t - 0.5) ** 2 - 0.25)
        up.append((x, yc - hw))
        dn.append((x, yc + hw))
    pts = up + dn[::-1]
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


def leaf_axis(cx, cy, length, ang, bend=0.0, t0=0.02, t1=0.98, n=12):
    ca, sa = math.cos(ang), math.sin(ang)
    out = []
    for i in range(n + 1):
        t = t0 + (t1 - t0) * i / n
        x = (t - 0.5) * length
        y = bend * length * ((t - 0.5) ** 2 - 0.25)
        out.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return out


def midpoint_ridge(rng, x0, x1, y0, y1, amp, rough=0.55, depth=8):
    pts = [(x0, y0), (x1, y1)]
    a = amp
    for _ in range(depth):
        new = []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            new.append((ax, ay))
            new.append(((ax + bx) / 2, (ay + by) / 2 + rng.uniform(-a, a)))
        new.append(pts[-1])
        pts = new
        a *= rough
    return pts


# --------------------------------------------------------------------------- canvas


class Canvas:
    def __init__(self, w, h, seed, bg=(0, 0, 0)):
        self.w, self.h = w, h
        self.W, self.H = w * SS, h * SS
        self.rng = random.Random(seed)
        self.img = Image.new("RGBA", (self.W, self.H), rgba(bg))

    def new(self):
        return Image.new("RGBA", (self.W, self.H), (0, 0, 0, 0))

    def comp(self, layer, blur=0.0, opacity=1.0):
        if blur:
            layer = layer.filter(ImageFilter.GaussianBlur(blur * SS))
        if opacity < 1:
            layer.putalpha(layer.getchannel("A").point(lambda v: int(v * opacity)))
        self.img.alpha_composite(layer)

    # -- fills
    def vgrad(self, bx, top, bottom, power=1.0, layer=None):
        x0, y0, x1, y1 = [int(v * SS) for v in bx]
        w, h = max(1, x1 - x0), max(1, y1 - y0)
        g = Image.linear_gradient("L")
        if power != 1.0:
            g = g.point(lambda v: int(255 * (v / 255) ** power))
        g = g.resize((w, h))
        img = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), g)
        (layer or self.img).paste(img.convert("RGBA"), (x0, y0))

    def glow(self, cx, cy, rx, ry, color, alpha=0.6, power=2.0, layer=None):
        # radial_gradient: 0 at the centre, ~181 at the middle of each side, 255 in the corners
        g = Image.radial_gradient("L").point(
            lambda v: int(255 * alpha * max(0.0, 1 - v / 178) ** power))
        size = (max(1, int(2 * rx * SS)), max(1, int(2 * ry * SS)))
        g = g.resize(size)
        lay = Image.new("RGBA", size, rgba(color, 0))
        lay.putalpha(g)
        target = layer if layer is not None else self.img
        full = Image.new("RGBA", (self.W, self.H), (0, 0, 0, 0))
        full.paste(lay, (int((cx - rx) * SS), int((cy - ry) * SS)))
        target.alpha_composite(full)

    def shadow(self, cx, cy, rx, ry, alpha=140, blur=14, color=(20, 12, 6)):
        lay = self.new()
        ImageDraw.Draw(lay).ellipse(box(cx, cy, rx, ry), fill=rgba(color, alpha))
        self.comp(lay, blur=blur)

    def vignette(self, amount=0.35, color=(10, 6, 3)):
        g = Image.radial_gradient("L").resize((self.W, self.H))
        g = g.point(lambda v: int(255 * amount * max(0.0, (v - 110) / 145) ** 1.6))
        lay = Image.new("RGBA", (self.W, self.H), rgba(color, 0))
        lay.putalpha(g)
        self.img.alpha_composite(lay)

    # -- shading of round objects
    def cyl_shade(self, layer, mask, x0, x1, hl=0.35, dark=0.5, hl_pos=0.3, warm=(255, 248, 235)):
        w = max(2, int((x1 - x0) * SS))
        hv, dv = [], []
        for i in range(w):
            t = i / (w - 1)
            hv.append(int(255 * hl * math.exp(-(((t - hl_pos) / 0.12) ** 2))))
            d = max(0.0, min(1.0, (t - 0.45) / 0.55)) ** 1.4 + max(0.0, (0.06 - t) / 0.06) * 0.5
            dv.append(int(255 * dark * min(1.0, d)))
        hrow, drow = Image.new("L", (w, 1)), Image.new("L", (w, 1))
        hrow.putdata(hv)
        drow.putdata(dv)
        hfull, dfull = Image.new("L", (self.W, self.H), 0), Image.new("L", (self.W, self.H), 0)
        hfull.paste(hrow.resize((w, self.H)), (int(x0 * SS), 0))
        dfull.paste(drow.resize((w, self.H)), (int(x0 * SS), 0))
        hfull = ImageChops.multiply(hfull, mask).filter(ImageFilter.GaussianBlur(2 * SS))
        dfull = ImageChops.multiply(dfull, mask)
        hfull = ImageChops.multiply(hfull, mask)
        black = Image.new("RGBA", (self.W, self.H), (18, 10, 4, 0))
        black.putalpha(dfull)
        white = Image.new("RGBA", (self.W, self.H), rgba(warm, 0))
        white.putalpha(hfull)
        layer.alpha_composite(black)
        layer.alpha_composite(white)

    def clip(self, layer, mask):
        layer.putalpha(ImageChops.multiply(layer.getchannel("A"), mask))
        return layer

    # -- output
    def save(self, path: Path, grain=7, quality=JPEG_QUALITY, max_kb=120):
        img = self.img.convert("RGB").resize((self.w, self.h), Image.LANCZOS)
        if grain:
            half = (self.w // 2 + 1, self.h // 2 + 1)
            noise = Image.frombytes("L", half, self.rng.randbytes(half[0] * half[1]))
            noise = noise.resize((self.w, self.h), Image.BILINEAR)
            noise = noise.point(lambda v: int(128 + (v - 128) * grain / 64))
            img = ImageChops.soft_light(img, Image.merge("RGB", (noise, noise, noise)))
        path.parent.mkdir(parents=True, exist_ok=True)
        # busy pictures (weaves, piles of leaves) get a slightly lower quality to stay small
        while True:
            img.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
            if path.stat().st_size <= max_kb * 1024 or quality <= 68:
                return path
            quality -= 4


# --------------------------------------------------------------------------- surfaces


def wall(c, y1, top, bottom, light=None):
    c.vgrad((0, 0, c.w, y1), top, bottom)
    if light:
        cx, cy, r, col, a = light
        c.glow(cx, cy, r, r * 0.8, col, a)


def wood_table(c, y0, near, far, plank=None):
    rng = c.rng
    c.vgrad((0, y0, c.w, c.h), far, near)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    # grain lines, compressed towards the horizon
    n = 70
    for i in range(n):
        t = (i / n) ** 1.6
        y = y0 + t * (c.h - y0)
        col = shade(mix(far, near, t), rng.uniform(0.72, 1.2))
        pts = []
        ph, fr, amp = rng.uniform(0, 6.3), rng.uniform(0.004, 0.012), rng.uniform(0.5, 3.5) * (0.3 + t)
        for x in range(-20, c.w + 40, 20):
            pts.append((x, y + amp * math.sin(x * fr + ph)))
        d.line(sc(pts), fill=rgba(col, rng.randint(60, 140)), width=max(1, int((0.6 + 2.4 * t) * SS)))
    # plank seams
    if plank:
        for k in range(1, plank):
            t = (k / plank) ** 1.5
            y = y0 + t * (c.h - y0)
            d.line(sc([(0, y), (c.w, y)]), fill=(20, 12, 8, 150), width=max(1, int((1 + 2 * t) * SS)))
    c.comp(lay, blur=0.8)
    # front edge light
    c.glow(c.w * 0.5, y0, c.w * 0.7, 30, shade(far, 1.25), 0.25)


def linen(c, y0, col, strength=40):
    rng = c.rng
    c.vgrad((0, y0, c.w, c.h), shade(col, 0.94), col)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    step = 3
    for y in range(int(y0), c.h, step):
        d.line([(0, y * SS), (c.W, y * SS)], fill=rgba(shade(col, rng.uniform(0.85, 1.12)), strength), width=1)
    for x in range(0, c.w, step):
        d.line([(x * SS, y0 * SS), (x * SS, c.H)], fill=rgba(shade(col, rng.uniform(0.85, 1.12)), strength), width=1)
    # a few soft folds
    for _ in range(5):
        y = rng.uniform(y0, c.h)
        c.glow(rng.uniform(0, c.w), y, rng.uniform(200, 500), rng.uniform(15, 40), shade(col, rng.choice([0.8, 1.2])), 0.25, layer=lay)
    c.comp(lay, blur=0.3)


def slate(c, y0, col):
    rng = c.rng
    c.vgrad((0, y0, c.w, c.h), shade(col, 0.85), col)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for _ in range(260):
        x, y = rng.uniform(0, c.w), rng.uniform(y0, c.h)
        r = rng.uniform(4, 40)
        d.ellipse(box(x, y, r, r * 0.4), fill=rgba(shade(col, rng.uniform(0.7, 1.35)), rng.randint(20, 60)))
    c.comp(lay, blur=3)


def bamboo_mat(c, y0, col):
    rng = c.rng
    lay = c.new()
    d = ImageDraw.Draw(lay)
    y = y0
    k = 0
    while y < c.h:
        t = (y - y0) / (c.h - y0)
        hgt = 6 + 22 * t
        cc = shade(col, rng.uniform(0.9, 1.08) * (0.82 + 0.25 * t))
        d.rectangle([0, y * SS, c.W, (y + hgt) * SS], fill=rgba(cc))
        d.rectangle([0, (y + hgt * 0.15) * SS, c.W, (y + hgt * 0.45) * SS], fill=rgba(shade(cc, 1.08), 120))
        d.line([(0, (y + hgt) * SS), (c.W, (y + hgt) * SS)], fill=(60, 40, 20, 200), width=max(1, int(1.2 * SS)))
        y += hgt + 1.5
        k += 1
    # tie threads
    for x in (c.w * 0.18, c.w * 0.5, c.w * 0.82):
        d.line(sc([(x, y0), (x + (x - c.w / 2) * 0.35, c.h)]), fill=(70, 50, 30, 160), width=3 * SS)
    c.comp(lay, blur=0.5)


def weave(c, cx, cy, rx, ry, col, cell=16, rim=None):
    """A round woven bamboo tray, seen slightly from above."""
    rng = c.rng
    lay = c.new()
    d = ImageDraw.Draw(lay)
    sy = ry / rx
    ncell = int(2 * rx / cell) + 2
    for i in range(ncell):
        for j in range(int(ncell / sy) + 2):
            x = cx - rx + i * cell
            y = cy - ry + j * cell * sy
            tone = shade(col, (1.05 if (i + j) % 2 else 0.84) * rng.uniform(0.93, 1.06))
            d.rectangle([x * SS, y * SS, (x + cell - 1.5) * SS, (y + cell * sy - 1.2) * SS], fill=rgba(tone))
            # over/under highlight
            if (i + j) % 2:
                d.rectangle([x * SS, y * SS, (x + cell - 1.5) * SS, (y + cell * sy * 0.35) * SS], fill=rgba(shade(tone, 1.1), 140))
    mask = Image.new("L", (c.W, c.H), 0)
    ImageDraw.Draw(mask).ellipse(box(cx, cy, rx, ry), fill=255)
    c.clip(lay, mask)
    # inner shading: darker towards the rim
    c.glow(cx, cy, rx, ry, (255, 240, 210), 0.0, layer=lay)
    edge = Image.new("RGBA", (c.W, c.H), (40, 25, 10, 0))
    g = Image.radial_gradient("L").resize((int(2 * rx * SS), int(2 * ry * SS)))
    g = g.point(lambda v: int(150 * min(1.0, max(0.0, (v - 110) / 70)) ** 1.5))
    gm = Image.new("L", (c.W, c.H), 0)
    gm.paste(g, (int((cx - rx) * SS), int((cy - ry) * SS)))
    edge.putalpha(ImageChops.multiply(gm, mask))
    lay.alpha_composite(edge)
    c.comp(lay, blur=0.4)
    if rim:
        r = c.new()
        ImageDraw.Draw(r).ellipse(box(cx, cy, rx, ry), outline=rgba(rim), width=int(rim_w(rx) * SS))
        ImageDraw.Draw(r).ellipse(box(cx, cy - 2, rx - rim_w(rx) * 0.3, ry - rim_w(rx) * 0.3), outline=rgba(shade(rim, 1.2), 120), width=int(2 * SS))
        c.comp(r, blur=0.6)


def rim_w(rx):
    return max(6, rx * 0.045)


# --------------------------------------------------------------------------- objects


def leaf_pile(c, cx, cy, rx, ry, n, palette, size=(14, 34), width=(3, 7), mound=0.0,
              highlight=0.1, spread=0.45, blur=0.35):
    rng = c.rng
    lay = c.new()
    d = ImageDraw.Draw(lay)
    items = []
    for _ in range(n):
        while True:
            u, v = rng.gauss(0, spread), rng.gauss(0, spread)
            if u * u + v * v <= 1:
                break
        r2 = u * u + v * v
        items.append((cy + v * ry - mound * (1 - r2), cx + u * rx, r2))
    items.sort()
    for y, x, r2 in items:
        col = jitter(rng, rng.choice(palette), 0.15)
        col = shade(col, 1 + highlight * (1 - r2))
        ln = rng.uniform(*size)
        wd = rng.uniform(*width)
        ang = rng.uniform(0, math.pi)
        bend = rng.uniform(-0.6, 0.6)
        d.polygon(sc(leaf_poly(x + 1.2, y + 2.0, ln, wd, ang, bend, n=8)), fill=(15, 8, 4, 150))
        d.polygon(sc(leaf_poly(x, y, ln, wd, ang, bend, n=8)), fill=rgba(col))
        if rng.random() < 0.35:
            d.line(sc(leaf_axis(x, y - wd * 0.15, ln * 0.8, ang, bend, n=4)),
                   fill=rgba(shade(col, 1.35), 110), width=max(1, int(0.8 * SS)))
    c.comp(lay, blur=blur)


def scattered_leaves(c, pts, palette, size=(16, 30), width=(4, 7)):
    rng = c.rng
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for x, y in pts:
        col = jitter(rng, rng.choice(palette), 0.12)
        ln, wd, ang, bend = rng.uniform(*size), rng.uniform(*width), rng.uniform(0, math.pi), rng.uniform(-0.6, 0.6)
        d.polygon(sc(leaf_poly(x + 2, y + 3, ln, wd, ang, bend, n=8)), fill=(20, 10, 5, 110))
        d.polygon(sc(leaf_poly(x, y, ln, wd, ang, bend, n=8)), fill=rgba(col))
    c.comp(lay, blur=0.4)


def big_leaf(c, cx, cy, length, width, ang, col, bend=0.12, veins=True, blur=0.5, layer=None, fuzz=False):
    lay = layer if layer is not None else c.new()
    d = ImageDraw.Draw(lay)
    poly = leaf_poly(cx, cy, length, width, ang, bend, n=40)
    d.polygon(sc(poly), fill=rgba(col))
    half = poly[:41] + leaf_axis(cx, cy, length, ang, bend, 0.0, 1.0, n=40)[::-1]
    d.polygon(sc(half), fill=rgba(shade(col, 1.1), 200))
    if veins:
        d.line(sc(leaf_axis(cx, cy, length, ang, bend)), fill=rgba(shade(col, 1.3), 200), width=max(1, int(length * 0.012 * SS)))
        ca, sa = math.cos(ang), math.sin(ang)
        for k in range(1, 8):
            t = k / 8.5
            p = leaf_axis(cx, cy, length, ang, bend, t, t, n=1)[0]
            for side in (-1, 1):
                hw = width / 2 * (math.sin(math.pi * t) ** 0.85) * 0.75
                dx, dy = length * 0.09, side * hw
                q = (p[0] + dx * ca - dy * sa, p[1] + dx * sa + dy * ca)
                d.line(sc([p, q]), fill=rgba(shade(col, 1.22), 120), width=max(1, int(length * 0.005 * SS)))
    if fuzz:
        rng = c.rng
        for _ in range(int(length * 1.5)):
            t = rng.uniform(0.05, 0.95)
            p = leaf_axis(cx, cy, length, ang, bend, t, t, n=1)[0]
            off = rng.uniform(-1, 1) * width * 0.45 * math.sin(math.pi * t)
            x, y = p[0] - off * math.sin(ang), p[1] + off * math.cos(ang)
            d.ellipse(box(x, y, 0.9, 0.9), fill=(250, 250, 240, 170))
    if layer is None:
        c.comp(lay, blur=blur)


def cup(c, cx, base_y, w, h, body, liquor=None, rim=0.17, taper=0.42, glass=False, shadow=True,
        inner=None):
    rx, ry = w / 2, w / 2 * rim
    top = base_y - h
    if shadow:
        c.shadow(cx + w * 0.12, base_y - 2, w * 0.62, w * 0.09, 150, blur=10)
    foot_h = h * 0.1
    body_bottom = base_y - foot_h
    fw = rx * (1 - taper) * 0.85
    left, right = [], []
    for i in range(31):
        s = i / 30
        y = top + s * (body_bottom - top)
        hw = rx * (1 - taper * s ** 1.7)
        left.append((cx - hw, y))
        right.append((cx + hw, y))
    hwb = rx * (1 - taper)
    body_pts = left + ellipse_pts(cx, body_bottom, hwb, hwb * rim, math.pi, 0) + right[::-1]
    alpha = 95 if glass else 255

    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(cx, fw, fw * rim, body_bottom - 2, base_y - fw * rim)), fill=rgba(shade(body, 0.9), alpha))
    c.comp(lay, blur=0.4)

    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(body_pts), fill=rgba(body, alpha))
    if glass and liquor:
        # the tea seen through the glass
        lq = []
        for i in range(31):
            s = 0.18 + 0.82 * i / 30
            y = top + s * (body_bottom - top)
            lq.append(rx * (1 - taper * s ** 1.7) * 0.94)
        ys = [top + (0.18 + 0.82 * i / 30) * (body_bottom - top) for i in range(31)]
        pts = [(cx - hw, y) for hw, y in zip(lq, ys)] + ellipse_pts(cx, body_bottom, lq[-1], lq[-1] * rim, math.pi, 0) + [(cx + hw, y) for hw, y in zip(lq[::-1], ys[::-1])]
        d.polygon(sc(pts), fill=rgba(liquor, 215))
    mask = lay.getchannel("A").point(lambda v: 255 if v else 0)
    c.cyl_shade(lay, mask, cx - rx, cx + rx, hl=0.55 if glass else 0.4, dark=0.35 if glass else 0.45)
    c.comp(lay, blur=0.4)

    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx, top, rx, ry), fill=rgba(shade(body, 1.12), 255 if not glass else 150))
    d.ellipse(box(cx, top + ry * 0.1, rx * 0.93, ry * 0.86), fill=rgba(inner or shade(body, 0.88), 255 if not glass else 90))
    c.comp(lay, blur=0.3)
    if liquor:
        lay = c.new()
        d = ImageDraw.Draw(lay)
        d.ellipse(box(cx, top + ry * (0.3 if not glass else 1.2), rx * 0.86, ry * 0.72), fill=rgba(liquor, 255 if not glass else 230))
        d.ellipse(box(cx - rx * 0.35, top + ry * 0.25, rx * 0.22, ry * 0.16), fill=(255, 240, 210, 70))
        inner_mask = Image.new("L", (c.W, c.H), 0)
        ImageDraw.Draw(inner_mask).ellipse(box(cx, top + ry * 0.1, rx * 0.93, ry * 0.86), fill=255)
        if not glass:
            c.clip(lay, inner_mask)
        c.comp(lay, blur=0.6)
    # rim highlight
    lay = c.new()
    ImageDraw.Draw(lay).arc(box(cx, top, rx * 0.985, ry * 0.95), 160, 260, fill=(255, 252, 245, 170), width=int(2 * SS))
    c.comp(lay, blur=0.8)


def steam(c, cx, top, h, spread=30, alpha=40):
    rng = c.rng
    for k in range(2):
        lay = c.new()
        d = ImageDraw.Draw(lay)
        ph = rng.uniform(0, 6)
        x0 = cx + (k - 0.5) * spread
        pts = []
        for t in range(0, int(h), 4):
            f = t / h
            pts.append((x0 + spread * 0.6 * f * math.sin(ph + f * 5.5), top - t))
        for (a, b), i in zip(zip(pts, pts[1:]), range(len(pts))):
            f = i / len(pts)
            a_ = int(alpha * math.sin(math.pi * f))
            d.line(sc([a, b]), fill=(255, 255, 252, a_), width=int((4 + 10 * f) * SS))
        c.comp(lay, blur=5)


def teapot(c, cx, cy, rx, ry, col):
    c.shadow(cx + rx * 0.15, cy + ry * 0.92, rx * 1.45, ry * 0.2, 170, blur=14)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx - rx * 1.05, cy - ry * 0.05, rx * 0.45, ry * 0.48), outline=rgba(shade(col, 0.82)), width=int(rx * 0.15 * SS))
    spout = [(cx + rx * 0.7, cy - ry * 0.1), (cx + rx * 1.2, cy - ry * 0.45), (cx + rx * 1.48, cy - ry * 0.9),
             (cx + rx * 1.6, cy - ry * 0.86), (cx + rx * 1.42, cy - ry * 0.35), (cx + rx * 0.9, cy + ry * 0.42)]
    d.polygon(sc(spout), fill=rgba(shade(col, 0.9)))
    d.ellipse(box(cx + rx * 1.54, cy - ry * 0.88, rx * 0.07, ry * 0.04), fill=rgba(shade(col, 0.55)))
    c.comp(lay, blur=0.5)

    lay = c.new()
    d = ImageDraw.Draw(lay)
    pts = [p for p in ellipse_pts(cx, cy, rx, ry, 0, 2 * math.pi, 120)]
    pts = [(x, min(y, cy + ry * 0.86)) for x, y in pts]
    d.polygon(sc(pts), fill=rgba(col))
    mask = lay.getchannel("A")
    c.cyl_shade(lay, mask, cx - rx, cx + rx, hl=0.28, dark=0.55, hl_pos=0.32)
    # vertical shading: lighter shoulder
    sh = c.new()
    c.glow(cx - rx * 0.2, cy - ry * 0.55, rx * 0.8, ry * 0.45, (255, 230, 200), 0.22, layer=sh)
    c.glow(cx, cy + ry * 0.9, rx * 1.1, ry * 0.5, (10, 5, 2), 0.5, layer=sh)
    lay.alpha_composite(c.clip(sh, mask))
    c.comp(lay, blur=0.5)

    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx, cy - ry * 0.8, rx * 0.56, ry * 0.17), fill=rgba(shade(col, 0.75)))
    d.ellipse(box(cx, cy - ry * 0.86, rx * 0.5, ry * 0.14), fill=rgba(shade(col, 1.08)))
    d.ellipse(box(cx, cy - ry * 0.98, rx * 0.13, ry * 0.1), fill=rgba(shade(col, 0.95)))
    d.ellipse(box(cx - rx * 0.03, cy - ry * 1.01, rx * 0.05, ry * 0.035), fill=rgba(shade(col, 1.3), 160))
    c.comp(lay, blur=0.5)
    c.glow(cx - rx * 0.35, cy - ry * 0.35, rx * 0.18, ry * 0.12, (255, 245, 230), 0.35)


def tin(c, cx, base_y, w, h, col, band, text=None, text_col=(250, 235, 200), lid=None):
    rx = w / 2
    ry = rx * 0.22
    top = base_y - h
    lid = lid or shade(col, 0.9)
    c.shadow(cx + w * 0.2, base_y - 4, w * 0.7, ry * 1.2, 170, blur=14)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(cx, rx, ry, top, base_y - ry)), fill=rgba(col))
    d.polygon(sc(cyl_section(cx, rx + 0.5, ry, top + h * 0.42, top + h * 0.62)), fill=rgba(band))
    d.polygon(sc(cyl_section(cx, rx + 1, ry, top - h * 0.02, top + h * 0.13)), fill=rgba(lid))
    mask = lay.getchannel("A")
    c.cyl_shade(lay, mask, cx - rx, cx + rx, hl=0.5, dark=0.55, hl_pos=0.3)
    c.comp(lay, blur=0.4)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx, top - h * 0.02, rx + 1, ry), fill=rgba(shade(lid, 1.15)))
    d.ellipse(box(cx, top - h * 0.02, rx * 0.85, ry * 0.8), outline=rgba(shade(lid, 0.85), 180), width=int(2 * SS))
    c.comp(lay, blur=0.4)
    if text:
        f = cjk_font(w * 0.13)
        lay = c.new()
        d = ImageDraw.Draw(lay)
        y = top + h * 0.2
        if f:
            for ch in text:
                d.text((cx * SS, y * SS), ch, font=f, fill=rgba(band), anchor="mt")
                y += w * 0.15
        else:
            for _ in text:
                d.rectangle(box(cx, y + w * 0.06, w * 0.05, w * 0.05), fill=rgba(band))
                y += w * 0.15
        # small seal on the band
        d.rectangle(box(cx, top + h * 0.52, w * 0.06, w * 0.06), outline=rgba(text_col), width=int(2 * SS))
        c.comp(lay, blur=0.3)


def pouch(c, cx, base_y, w, h, kraft, label, text=None):
    rng = c.rng
    top = base_y - h
    c.shadow(cx + w * 0.18, base_y - 4, w * 0.62, w * 0.07, 160, blur=12)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    pts = [(cx - w * 0.45, top)]
    # serrated top edge
    n = 24
    for i in range(n + 1):
        x = cx - w * 0.45 + w * 0.9 * i / n
        pts.append((x, top - (2.5 if i % 2 else 0)))
    pts += [(cx + w * 0.45, top), (cx + w * 0.5, base_y - w * 0.1)]
    pts += ellipse_pts(cx + w * 0.4, base_y - w * 0.1, w * 0.1, w * 0.1, 0, math.pi / 2, 10)
    pts += ellipse_pts(cx - w * 0.4, base_y - w * 0.1, w * 0.1, w * 0.1, math.pi / 2, math.pi, 10)
    pts += [(cx - w * 0.5, base_y - w * 0.1)]
    d.polygon(sc(pts), fill=rgba(kraft))
    # heat seal band
    d.rectangle(box(cx, top + h * 0.05, w * 0.455, h * 0.035), fill=rgba(shade(kraft, 0.88)))
    for i in range(40):
        x = cx - w * 0.44 + w * 0.88 * i / 40
        d.line(sc([(x, top + h * 0.02), (x, top + h * 0.08)]), fill=rgba(shade(kraft, 0.8), 120), width=SS)
    # crinkles
    for _ in range(9):
        x = rng.uniform(cx - w * 0.4, cx + w * 0.4)
        y = rng.uniform(top + h * 0.12, base_y - h * 0.1)
        d.line(sc([(x, y), (x + rng.uniform(-30, 30), y + rng.uniform(20, 60))]), fill=rgba(shade(kraft, rng.choice([0.85, 1.15])), 90), width=int(2 * SS))
    mask = lay.getchannel("A")
    c.cyl_shade(lay, mask, cx - w * 0.5, cx + w * 0.5, hl=0.25, dark=0.4)
    c.comp(lay, blur=0.5)
    # label
    lay = c.new()
    d = ImageDraw.Draw(lay)
    lx, ly, lw, lh = cx, top + h * 0.52, w * 0.3, h * 0.22
    d.rectangle(box(lx, ly, lw, lh), fill=(244, 236, 220, 255))
    d.rectangle(box(lx, ly - lh * 0.72, lw, lh * 0.28), fill=rgba(label))
    f = cjk_font(lh * 0.42) if text else None
    if f:
        d.text((lx * SS, (ly + lh * 0.25) * SS), text, font=f, fill=(60, 40, 30, 255), anchor="mm")
    else:
        for k in range(3):
            d.rectangle(box(lx, ly + lh * (0.05 + 0.25 * k), lw * (0.7 - 0.15 * k), lh * 0.05), fill=(90, 70, 55, 200))
    c.comp(lay, blur=0.3)


def tea_cake(c, cx, cy, rx, ry, thick, palette, wrapped=False, paper=(240, 234, 220), stamp=(176, 52, 40), text=None):
    rng = c.rng
    c.shadow(cx + rx * 0.08, cy + thick + ry * 0.15, rx * 1.05, ry * 0.95, 160, blur=16)
    base = paper if wrapped else palette[0]
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(cx, rx, ry, cy, cy + thick)), fill=rgba(shade(base, 0.78)))
    d.ellipse(box(cx, cy, rx, ry), fill=rgba(base))
    c.comp(lay, blur=0.5)
    top_mask = Image.new("L", (c.W, c.H), 0)
    ImageDraw.Draw(top_mask).ellipse(box(cx, cy, rx, ry), fill=255)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    if wrapped:
        # paper crinkles radiating from the centre fold
        for _ in range(160):
            a = rng.uniform(0, 2 * math.pi)
            r0, r1 = rng.uniform(0.05, 0.5), rng.uniform(0.55, 1.05)
            p = (cx + rx * r0 * math.cos(a), cy + ry * r0 * math.sin(a))
            q = (cx + rx * r1 * math.cos(a + rng.uniform(-0.1, 0.1)), cy + ry * r1 * math.sin(a))
            d.line(sc([p, q]), fill=rgba(shade(paper, rng.choice([0.82, 0.9, 1.06])), rng.randint(50, 120)), width=max(1, int(rng.uniform(1, 2.5) * SS)))
        d.ellipse(box(cx, cy, rx * 0.1, ry * 0.1), fill=rgba(shade(paper, 0.85)))
        # printed circle and characters
        d.ellipse(box(cx, cy, rx * 0.62, ry * 0.62), outline=rgba(stamp, 170), width=int(3 * SS))
        f = cjk_font(ry * 0.2)
        if text and f:
            n = len(text)
            for i, ch in enumerate(text):
                a = math.pi * (1.15 + 0.7 * i / max(1, n - 1))
                x, y = cx + rx * 0.45 * math.cos(a), cy + ry * 0.45 * math.sin(a)
                d.text((x * SS, y * SS), ch, font=f, fill=(70, 55, 45, 210), anchor="mm")
        else:
            for i in range(6):
                a = math.pi * (1.15 + 0.7 * i / 5)
                x, y = cx + rx * 0.45 * math.cos(a), cy + ry * 0.45 * math.sin(a)
                d.rectangle(box(x, y, ry * 0.06, ry * 0.06), fill=(70, 55, 45, 200))
        sx, sy = cx + rx * 0.32, cy + ry * 0.3
        d.rectangle(box(sx, sy, ry * 0.16, ry * 0.16), fill=rgba(stamp, 220))
        f2 = cjk_font(ry * 0.2)
        if f2:
            d.text((sx * SS, sy * SS), "茶", font=f2, fill=(250, 235, 225, 230), anchor="mm")
    else:
        pal = palette
        for _ in range(int(rx * ry / 18)):
            u, v = rng.uniform(-1, 1), rng.uniform(-1, 1)
            if u * u + v * v > 1:
                continue
            x, y = cx + u * rx, cy + v * ry
            col = jitter(rng, rng.choice(pal), 0.15)
            ln, wd, ang = rng.uniform(14, 34), rng.uniform(4, 9), rng.uniform(0, math.pi)
            d.polygon(sc(leaf_poly(x + 1, y + 1.5, ln, wd * 0.7, ang, rng.uniform(-0.4, 0.4), n=8)), fill=(20, 15, 8, 120))
            d.polygon(sc(leaf_poly(x, y, ln, wd * 0.7, ang, rng.uniform(-0.4, 0.4), n=8)), fill=rgba(col))
        d.ellipse(box(cx, cy, rx * 0.08, ry * 0.08), fill=rgba(shade(pal[0], 0.55), 200))
    c.clip(lay, top_mask)
    c.comp(lay, blur=0.4)
    g = c.new()
    c.glow(cx - rx * 0.3, cy - ry * 0.3, rx * 0.9, ry * 0.8, (255, 250, 240), 0.2, layer=g)
    c.comp(c.clip(g, top_mask))


def jianzhan_side(c, cx, top, rx, h):
    rng = c.rng
    ry = rx * 0.2
    foot_h = h * 0.15
    body_bottom = top + h - foot_h
    fw = rx * 0.3

    def hw(s):
        return rx * (1 - 0.62 * s ** 1.25)

    c.shadow(cx + rx * 0.2, top + h - 3, rx * 0.9, rx * 0.1, 190, blur=14)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    clay = (112, 84, 64)
    d.polygon(sc(cyl_section(cx, fw, fw * 0.2, body_bottom - 4, top + h - fw * 0.2)), fill=rgba(clay))
    left = [(cx - hw(i / 30), top + (i / 30) * (body_bottom - top)) for i in range(31)]
    right = [(cx + hw(i / 30), top + (i / 30) * (body_bottom - top)) for i in range(31)]
    body = left + ellipse_pts(cx, body_bottom, hw(1), hw(1) * 0.2, math.pi, 0) + right[::-1]
    d.polygon(sc(body), fill=rgba(clay))
    c.cyl_shade(lay, lay.getchannel("A"), cx - rx, cx + rx, hl=0.15, dark=0.5)
    c.comp(lay, blur=0.4)

    # glaze with an uneven, dripping lower edge
    s_end = 0.8
    lay = c.new()
    d = ImageDraw.Draw(lay)
    gl = [(cx - hw(s_end * i / 30), top + s_end * (i / 30) * (body_bottom - top)) for i in range(31)]
    gr = [(cx + hw(s_end * i / 30), top + s_end * (i / 30) * (body_bottom - top)) for i in range(31)]
    ye = top + s_end * (body_bottom - top)
    edge = []
    for i in range(61):
        a = math.pi - math.pi * i / 60
        x = cx + hw(s_end) * math.cos(a)
        y = ye + hw(s_end) * 0.2 * math.sin(a)
        y += 4 * math.sin(i * 0.9) + (9 if i % 13 == 6 else 0)
        edge.append((x, y))
    glaze_col = (30, 22, 18)
    d.polygon(sc(gl + edge + gr[::-1]), fill=rgba(glaze_col))
    gmask = lay.getchannel("A")
    st = c.new()
    sd = ImageDraw.Draw(st)
    for _ in range(420):
        u = rng.uniform(-1, 1)
        s1 = rng.uniform(0.25, 0.95)
        col = rng.choice([(150, 82, 40), (170, 110, 60), (128, 118, 110), (95, 58, 34), (190, 150, 100)])
        pts = []
        for k in range(16):
            s = s1 * k / 15
            y = top + s * (body_bottom - top) + hw(s) * 0.2 * math.sqrt(max(0.0, 1 - u * u))
            pts.append((cx + u * hw(s), y))
        sd.line(sc(pts), fill=rgba(col, rng.randint(50, 150)), width=max(1, int(rng.uniform(0.6, 1.8) * SS)))
    c.clip(st, gmask)
    lay.alpha_composite(st.filter(ImageFilter.GaussianBlur(0.5 * SS)))
    c.cyl_shade(lay, gmask, cx - rx, cx + rx, hl=0.3, dark=0.5, hl_pos=0.27)
    c.comp(lay, blur=0.3)

    # rim and interior
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx, top, rx, ry), fill=(120, 72, 40, 255))
    d.ellipse(box(cx, top + ry * 0.08, rx * 0.955, ry * 0.88), fill=(22, 17, 14, 255))
    imask = Image.new("L", (c.W, c.H), 0)
    ImageDraw.Draw(imask).ellipse(box(cx, top + ry * 0.08, rx * 0.955, ry * 0.88), fill=255)
    st = c.new()
    sd = ImageDraw.Draw(st)
    for _ in range(260):
        a = rng.uniform(0, 2 * math.pi)
        r0 = rng.uniform(0.2, 0.7)
        p = (cx + rx * 0.95 * math.cos(a), top + ry * 0.88 * math.sin(a))
        q = (cx + rx * r0 * math.cos(a), top + ry * r0 * math.sin(a) + ry * 0.4)
        sd.line(sc([p, q]), fill=rgba(rng.choice([(150, 82, 40), (120, 110, 100), (170, 110, 60)]), rng.randint(40, 110)), width=SS)
    c.clip(st, imask)
    lay.alpha_composite(st.filter(ImageFilter.GaussianBlur(0.5 * SS)))
    c.comp(lay, blur=0.3)
    c.glow(cx - rx * 0.55, top + h * 0.3, rx * 0.1, h * 0.22, (255, 240, 220), 0.45)
    hl = c.new()
    ImageDraw.Draw(hl).arc(box(cx, top + ry * 0.1, rx * 0.9, ry * 0.8), 200, 300, fill=(255, 235, 210, 110), width=int(3 * SS))
    c.comp(hl, blur=1.5)


def jianzhan_top(c, cx, cy, r):
    rng = c.rng
    c.shadow(cx + r * 0.12, cy + r * 0.12, r * 1.04, r * 1.04, 200, blur=24)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.ellipse(box(cx, cy, r, r), fill=(122, 74, 42, 255))
    d.ellipse(box(cx, cy, r * 0.95, r * 0.95), fill=(28, 21, 17, 255))
    imask = Image.new("L", (c.W, c.H), 0)
    ImageDraw.Draw(imask).ellipse(box(cx, cy, r * 0.95, r * 0.95), fill=255)
    st = c.new()
    sd = ImageDraw.Draw(st)
    for _ in range(1400):
        a = rng.uniform(0, 2 * math.pi)
        r0 = rng.uniform(0.93, 0.97)
        r1 = rng.uniform(0.22, 0.75)
        bend = rng.uniform(-0.03, 0.03)
        pts = [(cx + r * (r0 + (r1 - r0) * k / 8) * math.cos(a + bend * k), cy + r * (r0 + (r1 - r0) * k / 8) * math.sin(a + bend * k)) for k in range(9)]
        col = rng.choice([(160, 88, 42), (185, 120, 62), (138, 128, 118), (100, 60, 34), (205, 160, 105)])
        sd.line(sc(pts), fill=rgba(col, rng.randint(40, 140)), width=max(1, int(rng.uniform(0.6, 1.6) * SS)))
    lay.alpha_composite(c.clip(st, imask).filter(ImageFilter.GaussianBlur(0.5 * SS)))
    pool = c.new()
    c.glow(cx, cy, r * 0.42, r * 0.42, (12, 12, 16), 0.85, power=1.2, layer=pool)
    lay.alpha_composite(pool)
    c.comp(lay, blur=0.3)
    c.glow(cx - r * 0.45, cy - r * 0.5, r * 0.35, r * 0.18, (255, 245, 230), 0.35)
    hl = c.new()
    ImageDraw.Draw(hl).arc(box(cx, cy, r * 0.9, r * 0.9), 195, 255, fill=(255, 240, 220, 120), width=int(4 * SS))
    c.comp(hl, blur=2)


def gaiwan(c, cx, base_y, w, h, col):
    # saucer
    c.shadow(cx + w * 0.1, base_y, w * 0.8, w * 0.14, 150, blur=12)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(cx, w * 0.72, w * 0.14, base_y - w * 0.06, base_y - w * 0.02)), fill=rgba(shade(col, 0.85)))
    d.ellipse(box(cx, base_y - w * 0.06, w * 0.72, w * 0.14), fill=rgba(shade(col, 1.05)))
    d.ellipse(box(cx, base_y - w * 0.06, w * 0.45, w * 0.08), fill=rgba(shade(col, 0.93)))
    c.comp(lay, blur=0.4)
    bowl_base = base_y - w * 0.07
    cup(c, cx, bowl_base, w, h * 0.62, col, None, rim=0.18, taper=0.5, shadow=False)
    # lid (dome)
    lid_y = bowl_base - h * 0.62 + w * 0.02
    lay = c.new()
    d = ImageDraw.Draw(lay)
    dome = ellipse_pts(cx, lid_y, w * 0.47, h * 0.22, math.pi, 2 * math.pi) + ellipse_pts(cx, lid_y, w * 0.47, w * 0.47 * 0.18, 0, math.pi)
    d.polygon(sc(dome), fill=rgba(col))
    c.cyl_shade(lay, lay.getchannel("A"), cx - w * 0.47, cx + w * 0.47, hl=0.4, dark=0.4)
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(cx, w * 0.12, w * 0.03, lid_y - h * 0.3, lid_y - h * 0.22)), fill=rgba(shade(col, 0.9)))
    d.ellipse(box(cx, lid_y - h * 0.3, w * 0.12, w * 0.03), fill=rgba(shade(col, 1.1)))
    c.comp(lay, blur=0.4)


def hills(c, base_y, amp, color, rough=0.55, blur=0.0, seg=9):
    lay = c.new()
    pts = midpoint_ridge(c.rng, -20, c.w + 20, base_y + c.rng.uniform(-amp, amp) * 0.4, base_y + c.rng.uniform(-amp, amp) * 0.4, amp, rough, seg)
    ImageDraw.Draw(lay).polygon(sc(pts + [(c.w + 20, c.h + 10), (-20, c.h + 10)]), fill=rgba(color))
    c.comp(lay, blur=blur)
    return pts


def mist(c, y, h, alpha=0.5, col=(250, 248, 242)):
    c.glow(c.w * 0.5, y, c.w * 0.9, h, col, alpha, power=1.3)


def tea_rows(c, ridge, rows, gap, green, earth, size, blur=0.0):
    """Rows of tea bushes following a hill's contour, clipped to the hill."""
    rng = c.rng
    mask = Image.new("L", (c.W, c.H), 0)
    ImageDraw.Draw(mask).polygon(sc(ridge + [(c.w + 20, c.h + 10), (-20, c.h + 10)]), fill=255)
    lay = c.new()
    d = ImageDraw.Draw(lay)

    def ridge_y(x):
        for (ax, ay), (bx, by) in zip(ridge, ridge[1:]):
            if ax <= x <= bx:
                return ay + (by - ay) * (x - ax) / max(1e-6, bx - ax)
        return ridge[-1][1]

    for k in range(rows):
        off = gap * (k + 0.6) * (1 + k * 0.08)
        s = size * (1 + k * 0.09)
        # path between rows
        d.line(sc([(x, ridge_y(x) + off + s * 0.55) for x in range(-20, c.w + 21, 10)]), fill=rgba(earth, 200), width=max(1, int(s * 0.35 * SS)))
        x = -20 + rng.uniform(0, s)
        while x < c.w + 20:
            y = ridge_y(x) * 0.7 + ridge_y(x + 60) * 0.3 + off
            r = s * rng.uniform(0.55, 0.8)
            col = jitter(rng, green, 0.1)
            d.ellipse(box(x, y + r * 0.2, r * 1.1, r * 0.7), fill=rgba(shade(col, 0.7)))
            d.ellipse(box(x, y, r, r * 0.65), fill=rgba(col))
            d.ellipse(box(x - r * 0.2, y - r * 0.25, r * 0.6, r * 0.32), fill=rgba(shade(col, 1.2), 160))
            x += r * 1.3
    c.clip(lay, mask)
    c.comp(lay, blur=blur)


def bokeh(c, n, palette, rmin, rmax, alpha=(30, 90), blur=6):
    rng = c.rng
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for _ in range(n):
        x, y, r = rng.uniform(0, c.w), rng.uniform(0, c.h), rng.uniform(rmin, rmax)
        d.ellipse(box(x, y, r, r), fill=rgba(rng.choice(palette), rng.randint(*alpha)))
    c.comp(lay, blur=blur)


# --------------------------------------------------------------------------- palettes

YANCHA = [(52, 34, 24), (70, 44, 28), (40, 28, 22), (88, 56, 34), (62, 38, 26), (30, 22, 18)]
ROUGUI = [(58, 32, 22), (78, 40, 24), (44, 26, 20), (96, 54, 30), (34, 22, 18)]
JINJUNMEI = [(42, 30, 22), (196, 142, 58), (214, 170, 80), (96, 60, 30), (30, 22, 16), (168, 112, 44)]
XIAOZHONG = [(34, 28, 24), (48, 36, 28), (26, 22, 20), (70, 48, 34)]
BAICHA = [(168, 170, 140), (120, 122, 92), (224, 224, 208), (140, 118, 86), (96, 88, 66), (190, 186, 160)]
FRESH = [(120, 160, 60), (96, 140, 52), (150, 182, 80), (80, 120, 44), (176, 196, 110)]


# --------------------------------------------------------------------------- pictures


def img_dahongpao_1(path):
    c = Canvas(1200, 900, 101)
    wall(c, 520, (214, 196, 170), (188, 164, 134), (260, 120, 520, (255, 244, 220), 0.5))
    wood_table(c, 520, (70, 44, 28), (104, 68, 44), plank=5)
    c.shadow(490, 665, 320, 90, 170, blur=16)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(470, 300, 92, 640, 652)), fill=(196, 188, 174, 255))
    d.ellipse(box(470, 640, 300, 92), fill=(238, 232, 220, 255))
    d.ellipse(box(470, 644, 250, 72), fill=(226, 218, 204, 255))
    c.comp(lay, blur=0.5)
    leaf_pile(c, 470, 632, 225, 58, 1100, YANCHA, mound=26, highlight=0.18)
    steam(c, 890, 560, 180)
    cup(c, 890, 740, 210, 130, (240, 236, 228), (176, 88, 30))
    scattered_leaves(c, [(250, 800), (290, 835), (660, 820), (1080, 840), (150, 760)], YANCHA)
    big_leaf(c, 170, 585, 150, 62, -0.5, (58, 96, 44), bend=0.15)
    c.vignette(0.45)
    c.save(path)


def img_dahongpao_2(path):
    c = Canvas(1200, 900, 102)
    c.vgrad((0, 0, 1200, 900), (228, 222, 206), (246, 232, 206))
    c.glow(900, 160, 420, 300, (255, 236, 200), 0.6)
    hills(c, 330, 70, (170, 176, 170), blur=3)
    mist(c, 380, 90, 0.5)
    hills(c, 420, 90, (128, 140, 124), blur=2)
    # the red rock cliff (danxia) of Wuyishan
    lay = c.new()
    d = ImageDraw.Draw(lay)
    # a second, hazier rock behind
    far = [(760, 700), (772, 520), (800, 430), (850, 390), (930, 372), (1010, 385), (1060, 440), (1085, 560), (1090, 700)]
    d.polygon(sc(far), fill=rgba(mix((176, 128, 110), (206, 200, 188), 0.45)))
    c.comp(lay, blur=2)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    top = midpoint_ridge(c.rng, 250, 640, 236, 250, 14, 0.5, 6)
    ridge = ([(150, 700), (138, 560), (142, 430), (160, 340), (190, 285), (225, 252)] + top +
             [(690, 262), (730, 300), (758, 380), (772, 500), (776, 700)])
    d.polygon(sc(ridge), fill=(164, 92, 66, 255))
    mask = lay.getchannel("A")
    st = c.new()
    sd = ImageDraw.Draw(st)
    for _ in range(160):
        x = c.rng.uniform(120, 760)
        sd.line(sc([(x, 200), (x + c.rng.uniform(-8, 8), 700)]), fill=rgba(c.rng.choice([(120, 60, 44), (190, 120, 90), (96, 56, 44)]), c.rng.randint(40, 120)), width=max(1, int(c.rng.uniform(1, 6) * SS)))
    lay.alpha_composite(c.clip(st, mask).filter(ImageFilter.GaussianBlur(1.2 * SS)))
    c.cyl_shade(lay, mask, 120, 760, hl=0.2, dark=0.5, hl_pos=0.25)
    c.comp(lay, blur=0.8)
    # vegetation on the cliff top
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for x, y in ridge[2:-3]:
        for _ in range(3):
            r = c.rng.uniform(6, 22)
            d.ellipse(box(x + c.rng.uniform(-10, 10), y + c.rng.uniform(2, 14), r, r * 0.6), fill=rgba(jitter(c.rng, (60, 90, 50), 0.2)))
    # shrubs growing in the crevices of the rock face
    for _ in range(26):
        x, y = c.rng.uniform(170, 750), c.rng.uniform(300, 560)
        for k in range(c.rng.randint(2, 6)):
            r = c.rng.uniform(4, 10)
            d.ellipse(box(x + c.rng.uniform(-6, 6), y + k * 7, r, r * 0.6), fill=rgba(jitter(c.rng, (70, 96, 56), 0.2), 220))
    c.comp(lay, blur=1)
    mist(c, 560, 60, 0.45)
    r = hills(c, 610, 40, (86, 110, 62), rough=0.5)
    tea_rows(c, r, 8, 40, (74, 112, 52), (122, 96, 70), 22)
    c.vignette(0.3)
    c.save(path)


def img_rougui_1(path):
    c = Canvas(1000, 1000, 201)
    wall(c, 560, (64, 56, 46), (44, 38, 32), (820, 160, 520, (255, 222, 170), 0.35))
    bamboo_mat(c, 560, (200, 164, 104))
    teapot(c, 420, 600, 200, 150, (124, 62, 46))
    steam(c, 780, 690, 160, spread=24, alpha=45)
    cup(c, 780, 860, 180, 112, (238, 232, 222), (150, 68, 24))
    scattered_leaves(c, [(150, 880), (200, 930), (560, 905), (910, 940)], ROUGUI)
    c.vignette(0.45)
    c.save(path)


def img_rougui_2(path):
    c = Canvas(1000, 1000, 202)
    c.vgrad((0, 0, 1000, 1000), (72, 48, 32), (50, 32, 22))
    wood_table(c, 0, (60, 40, 26), (80, 52, 34))
    c.shadow(520, 520, 470, 470, 200, blur=24)
    weave(c, 500, 500, 470, 470, (196, 160, 104), cell=30, rim=(150, 112, 64))
    leaf_pile(c, 500, 500, 410, 410, 2600, ROUGUI, size=(24, 48), width=(6, 11), spread=0.42, highlight=0.2, blur=0.6)
    c.glow(300, 260, 420, 340, (255, 226, 180), 0.25)
    c.vignette(0.5)
    c.save(path, grain=2)


def img_jinjunmei_1(path):
    c = Canvas(1200, 900, 301)
    wall(c, 500, (242, 236, 224), (226, 214, 194), (980, 90, 600, (255, 250, 235), 0.6))
    linen(c, 500, (222, 210, 190))
    c.shadow(460, 650, 300, 86, 110, blur=16)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(440, 290, 88, 625, 637)), fill=(200, 194, 184, 255))
    d.ellipse(box(440, 625, 290, 88), fill=(246, 243, 236, 255))
    d.ellipse(box(440, 629, 240, 68), fill=(236, 232, 224, 255))
    c.comp(lay, blur=0.5)
    leaf_pile(c, 440, 618, 218, 54, 1200, JINJUNMEI, size=(12, 26), width=(3, 6), mound=22, highlight=0.1)
    cup(c, 880, 760, 190, 190, (235, 240, 238), (196, 92, 30), rim=0.16, taper=0.12, glass=True)
    scattered_leaves(c, [(170, 780), (230, 820), (700, 830), (1090, 820)], JINJUNMEI, size=(12, 24), width=(3, 6))
    c.vignette(0.3)
    c.save(path)


def img_jinjunmei_2(path):
    c = Canvas(1200, 900, 302)
    wall(c, 560, (78, 46, 34), (52, 30, 22), (380, 180, 500, (255, 210, 160), 0.3))
    wood_table(c, 560, (58, 36, 24), (86, 56, 36), plank=4)
    tin(c, 470, 780, 260, 400, (150, 34, 30), (198, 160, 82), text="金骏眉")
    leaf_pile(c, 860, 760, 170, 45, 700, JINJUNMEI, size=(12, 26), width=(3, 6), mound=18)
    scattered_leaves(c, [(720, 850), (1040, 840), (200, 850), (1100, 780)], JINJUNMEI, size=(12, 24), width=(3, 6))
    c.vignette(0.45)
    c.save(path)


def img_zhengshan(path):
    c = Canvas(1000, 1000, 401)
    wall(c, 600, (56, 50, 44), (36, 32, 28), (300, 200, 420, (230, 200, 160), 0.25))
    slate(c, 600, (58, 56, 54))
    # pine smoke
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for _ in range(9):
        x, y = c.rng.uniform(100, 900), c.rng.uniform(80, 520)
        d.ellipse(box(x, y, c.rng.uniform(80, 200), c.rng.uniform(30, 70)), fill=(200, 196, 190, c.rng.randint(18, 40)))
    c.comp(lay, blur=30)
    pouch(c, 420, 840, 330, 460, (178, 140, 96), (30, 28, 26), text="正山小种")
    # bamboo scoop with leaves
    lay = c.new()
    d = ImageDraw.Draw(lay)
    c.shadow(760, 905, 170, 30, 170, blur=10)
    scoop = ellipse_pts(760, 880, 170, 48, math.pi, 2 * math.pi) + ellipse_pts(760, 880, 170, 30, 0, math.pi)
    d.polygon(sc(scoop), fill=(196, 160, 104, 255))
    d.polygon(sc(ellipse_pts(760, 880, 150, 34, math.pi, 2 * math.pi) + ellipse_pts(760, 880, 150, 18, 0, math.pi)), fill=(168, 130, 80, 255))
    c.comp(lay, blur=0.5)
    leaf_pile(c, 760, 872, 130, 24, 500, XIAOZHONG, size=(12, 24), width=(3, 6), mound=14, highlight=0.35)
    c.vignette(0.5)
    c.save(path)


def img_baimudan_1(path):
    c = Canvas(1000, 1000, 501)
    linen(c, 0, (224, 218, 204), strength=35)
    c.glow(250, 200, 500, 400, (255, 250, 238), 0.35)
    tea_cake(c, 500, 480, 350, 230, 40, BAICHA, wrapped=True, text="政和白牡丹")
    scattered_leaves(c, [(140, 840), (190, 880), (800, 860), (860, 820), (520, 900)], BAICHA, size=(20, 36), width=(6, 10))
    c.vignette(0.3)
    c.save(path)


def img_baimudan_2(path):
    c = Canvas(1000, 1000, 502)
    wall(c, 380, (206, 196, 178), (186, 172, 150))
    wood_table(c, 380, (120, 88, 60), (150, 112, 80), plank=4)
    tea_cake(c, 430, 610, 330, 170, 34, BAICHA)
    cup(c, 810, 880, 170, 104, (240, 236, 228), (206, 132, 52))
    c.vignette(0.35)
    c.save(path)


def img_sample(path):
    c = Canvas(1000, 1000, 601)
    wall(c, 560, (238, 230, 216), (222, 208, 186), (500, 120, 600, (255, 250, 235), 0.4))
    linen(c, 560, (212, 196, 170), strength=30)
    pouch(c, 270, 760, 230, 330, (186, 146, 100), (176, 62, 40), text="岩茶")
    pouch(c, 730, 760, 230, 330, (180, 142, 98), (120, 140, 90), text="白茶")
    pouch(c, 500, 840, 260, 380, (190, 150, 104), (190, 130, 50), text="红茶")
    scattered_leaves(c, [(140, 900), (220, 930), (850, 905), (900, 940)], YANCHA + JINJUNMEI)
    c.vignette(0.3)
    c.save(path)


def img_jianzhan_1(path):
    c = Canvas(1200, 900, 701)
    wall(c, 560, (46, 38, 34), (28, 24, 22), (300, 160, 500, (255, 220, 170), 0.3))
    slate(c, 560, (50, 48, 46))
    jianzhan_side(c, 600, 420, 260, 290)
    c.vignette(0.5)
    c.save(path)


def img_jianzhan_2(path):
    c = Canvas(1200, 900, 702)
    c.vgrad((0, 0, 1200, 900), (84, 58, 40), (60, 40, 28))
    wood_table(c, 0, (62, 42, 28), (86, 58, 38))
    jianzhan_top(c, 600, 450, 330)
    c.vignette(0.45)
    c.save(path)


def img_qilan(path):
    c = Canvas(1200, 900, 801)
    c.vgrad((0, 0, 1200, 900), (214, 220, 196), (188, 196, 166))
    bokeh(c, 40, [(255, 255, 230), (200, 220, 160)], 30, 90, blur=12)
    c.shadow(620, 480, 520, 390, 160, blur=24)
    weave(c, 600, 460, 520, 380, (204, 172, 116), cell=20, rim=(160, 124, 76))
    lay = c.new()
    for _ in range(70):
        x, y = c.rng.uniform(180, 1020), c.rng.uniform(180, 740)
        if ((x - 600) / 480) ** 2 + ((y - 460) / 340) ** 2 > 1:
            continue
        big_leaf(c, x, y, c.rng.uniform(60, 110), c.rng.uniform(26, 40), c.rng.uniform(0, math.pi),
                 jitter(c.rng, c.rng.choice(FRESH), 0.1), bend=c.rng.uniform(-0.2, 0.2), layer=lay)
    shadow = lay.copy()
    shadow.putalpha(shadow.getchannel("A").point(lambda v: v // 2))
    dark = Image.new("RGBA", (c.W, c.H), (30, 20, 10, 0))
    dark.putalpha(shadow.getchannel("A"))
    c.comp(ImageChops.offset(dark, 4 * SS, 6 * SS), blur=3)
    c.comp(lay, blur=0.5)
    c.vignette(0.3)
    c.save(path)


def img_travel_set(path):
    c = Canvas(1200, 900, 901)
    wall(c, 470, (230, 222, 206), (210, 198, 176), (200, 100, 500, (255, 248, 230), 0.45))
    wood_table(c, 470, (150, 110, 74), (178, 138, 98), plank=5)
    # canvas carry bag
    c.shadow(330, 660, 260, 60, 150, blur=16)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.rounded_rectangle(box(320, 540, 250, 120), radius=40 * SS, fill=(128, 124, 100, 255))
    d.rounded_rectangle(box(320, 500, 250, 30), radius=20 * SS, fill=(112, 108, 86, 255))
    d.line(sc([(120, 540), (520, 540)]), fill=(200, 190, 160, 200), width=2 * SS)
    d.rectangle(box(430, 560, 40, 28), fill=(176, 69, 43, 255))
    c.cyl_shade(lay, lay.getchannel("A"), 70, 570, hl=0.2, dark=0.4)
    c.comp(lay, blur=0.6)
    celadon = (174, 198, 184)
    gaiwan(c, 640, 760, 230, 230, celadon)
    cup(c, 930, 700, 130, 80, celadon, (196, 120, 48))
    cup(c, 1060, 790, 140, 86, celadon, (196, 120, 48))
    c.vignette(0.3)
    c.save(path)


def img_cover_garden(path):
    c = Canvas(1600, 900, 1001)
    c.vgrad((0, 0, 1600, 900), (246, 214, 176), (214, 226, 226), power=0.8)
    c.glow(1150, 240, 500, 360, (255, 236, 190), 0.8)
    c.glow(1150, 240, 60, 60, (255, 250, 235), 0.9)
    hills(c, 330, 80, (170, 168, 176), blur=4)
    mist(c, 380, 80, 0.6)
    r1 = hills(c, 430, 90, (112, 134, 110), blur=1.5)
    tea_rows(c, r1, 6, 26, (90, 124, 80), (140, 128, 104), 12, blur=1.2)
    mist(c, 520, 60, 0.55)
    r2 = hills(c, 560, 80, (78, 112, 58))
    tea_rows(c, r2, 9, 40, (70, 110, 50), (126, 98, 70), 22)
    c.vignette(0.3)
    c.save(path, grain=6)


def img_cover_picking(path):
    c = Canvas(1600, 900, 1002)
    c.vgrad((0, 0, 1600, 900), (150, 182, 96), (62, 96, 44))
    c.glow(300, 120, 600, 400, (255, 246, 200), 0.6)
    bokeh(c, 70, [(255, 250, 210), (210, 230, 150), (120, 160, 70)], 20, 80, blur=14)
    # blurred bushes behind
    lay = c.new()
    for _ in range(60):
        big_leaf(c, c.rng.uniform(0, 1600), c.rng.uniform(300, 900), c.rng.uniform(90, 160), c.rng.uniform(36, 60),
                 c.rng.uniform(0, math.pi), jitter(c.rng, (70, 110, 48), 0.15), veins=False, layer=lay)
    c.comp(lay, blur=10)
    # basket at the bottom right with fresh leaves
    c.shadow(1280, 880, 380, 80, 120, blur=20)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    d.polygon(sc(cyl_section(1280, 360, 90, 760, 960)), fill=(150, 112, 64, 255))
    c.comp(lay, blur=0.6)
    weave(c, 1280, 760, 360, 90, (176, 136, 80), cell=18, rim=(120, 86, 46))
    leaf_pile(c, 1280, 760, 320, 70, 600, FRESH, size=(26, 48), width=(10, 18), mound=16)
    # the sprig: one bud and two leaves
    lay = c.new()
    d = ImageDraw.Draw(lay)
    stem = [(640 + 40 * math.sin(t / 90), 900 - t) for t in range(0, 560, 10)]
    d.line(sc(stem), fill=(96, 120, 56, 255), width=8 * SS)
    c.comp(lay, blur=0.5)
    big_leaf(c, 790, 560, 330, 140, -0.35, (110, 156, 56), bend=0.1)
    big_leaf(c, 500, 470, 280, 120, 3.5, (132, 176, 66), bend=-0.1)
    big_leaf(c, 655, 260, 190, 52, -1.45, (196, 212, 140), bend=0.05, veins=False, fuzz=True)
    big_leaf(c, 700, 760, 380, 150, 0.3, (56, 96, 40), bend=0.1)
    c.vignette(0.35)
    c.save(path, grain=6)


def img_cover_roasting(path):
    c = Canvas(1600, 900, 1003)
    c.vgrad((0, 0, 1600, 900), (28, 18, 14), (52, 32, 22))
    # two smaller roasting baskets in the back, one large in front
    for cx, base, R, hgt, glow_a in ((360, 560, 110, 210, 0.5), (760, 540, 90, 170, 0.4), (1150, 820, 230, 430, 0.7)):
        c.glow(cx, base, R * 2.4, R * 0.9, (255, 120, 40), glow_a)
        lay = c.new()
        d = ImageDraw.Draw(lay)
        d.ellipse(box(cx, base, R * 1.3, R * 0.3), fill=(70, 60, 56, 255))
        d.ellipse(box(cx, base - 4, R * 1.05, R * 0.22), fill=(40, 20, 12, 255))
        c.comp(lay, blur=0.8)
        emb = c.new()
        ed = ImageDraw.Draw(emb)
        for _ in range(int(R * 1.2)):
            u, v = c.rng.uniform(-1, 1), c.rng.uniform(-1, 1)
            if u * u + v * v > 1:
                continue
            ed.ellipse(box(cx + u * R, base - 4 + v * R * 0.2, R * 0.04, R * 0.02), fill=rgba(c.rng.choice([(255, 140, 40), (255, 90, 20), (255, 200, 90)]), 230))
        c.comp(emb, blur=1.2)
        # hourglass basket
        top = base - hgt
        ry = R * 0.22

        def hw(s, R=R):
            return R * (0.78 + 0.28 * abs(2 * s - 1) ** 1.3)

        left = [(cx - hw(i / 30), top + hgt * 0.92 * i / 30) for i in range(31)]
        right = [(cx + hw(i / 30), top + hgt * 0.92 * i / 30) for i in range(31)]
        yb = top + hgt * 0.92
        lay = c.new()
        d = ImageDraw.Draw(lay)
        d.polygon(sc(left + ellipse_pts(cx, yb, hw(1), ry, math.pi, 0) + right[::-1]), fill=(96, 66, 38, 255))
        mask = lay.getchannel("A")
        st = c.new()
        sd = ImageDraw.Draw(st)
        for k in range(40):
            s = k / 40
            y = top + hgt * 0.92 * s
            sd.line(sc(ellipse_pts(cx, y, hw(s), ry, math.pi, 0, 30)), fill=(60, 40, 22, 180), width=max(1, int(R * 0.012 * SS)))
        for k in range(30):
            u = -1 + 2 * k / 29
            sd.line(sc([(cx + u * hw(i / 10), top + hgt * 0.92 * i / 10 + ry * math.sqrt(1 - u * u)) for i in range(11)]), fill=(140, 104, 64, 140), width=max(1, int(R * 0.008 * SS)))
        lay.alpha_composite(c.clip(st, mask))
        c.cyl_shade(lay, mask, cx - R * 1.06, cx + R * 1.06, hl=0.15, dark=0.6)
        lit = c.new()
        c.glow(cx, yb, R * 1.5, hgt * 0.5, (255, 130, 40), 0.65, layer=lit)
        lay.alpha_composite(c.clip(lit, mask))
        c.comp(lay, blur=0.6)
        lay = c.new()
        d = ImageDraw.Draw(lay)
        d.ellipse(box(cx, top, hw(0), ry), fill=(120, 86, 50, 255))
        d.ellipse(box(cx, top + 2, hw(0) * 0.9, ry * 0.82), fill=(52, 32, 22, 255))
        c.comp(lay, blur=0.6)
    # sparks and smoke
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for _ in range(70):
        x, y = c.rng.gauss(1100, 220), c.rng.uniform(80, 700)
        d.ellipse(box(x, y, 2.2, 2.2), fill=rgba(c.rng.choice([(255, 190, 80), (255, 140, 50)]), c.rng.randint(120, 255)))
    c.comp(lay, blur=1.2)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    for _ in range(12):
        d.ellipse(box(c.rng.uniform(0, 1600), c.rng.uniform(0, 500), c.rng.uniform(120, 300), c.rng.uniform(40, 100)), fill=(170, 150, 140, c.rng.randint(14, 30)))
    c.comp(lay, blur=40)
    c.vignette(0.5)
    c.save(path, grain=6)


def img_avatar(path):
    c = Canvas(400, 400, 1101)
    c.vgrad((0, 0, 400, 400), (238, 214, 186), (214, 170, 140))
    c.glow(120, 90, 200, 160, (255, 246, 226), 0.5)
    lay = c.new()
    d = ImageDraw.Draw(lay)
    skin = (236, 196, 160)
    # shoulders in indigo
    d.ellipse(box(200, 430, 160, 110), fill=(52, 70, 110, 255))
    d.polygon(sc([(180, 320), (220, 320), (200, 352)]), fill=(236, 228, 214, 255))
    d.rectangle(box(200, 305, 24, 22), fill=rgba(shade(skin, 0.88)))
    # hair behind
    d.ellipse(box(200, 205, 92, 100), fill=(40, 30, 26, 255))
    # face
    d.ellipse(box(200, 222, 76, 90), fill=rgba(skin))
    # fringe
    d.chord(box(200, 190, 80, 62), 180, 360, fill=(40, 30, 26, 255))
    # bamboo hat (douli)
    d.polygon(sc([(60, 178), (200, 70), (340, 178)]), fill=(206, 170, 108, 255))
    d.ellipse(box(200, 178, 140, 16), fill=(184, 146, 86, 255))
    for k in range(1, 7):
        t = k / 7
        d.line(sc([(200, 70), (60 + 280 * t, 178)]), fill=(170, 132, 76, 180), width=2 * SS)
    d.line(sc([(118, 178), (136, 300)]), fill=(120, 90, 60, 160), width=SS)
    d.line(sc([(282, 178), (264, 300)]), fill=(120, 90, 60, 160), width=SS)
    # eyes: smiling arcs, cheeks, mouth
    d.arc(box(170, 238, 14, 9), 200, 340, fill=(50, 36, 30, 255), width=int(3 * SS))
    d.arc(box(230, 238, 14, 9), 200, 340, fill=(50, 36, 30, 255), width=int(3 * SS))
    d.arc(box(200, 268, 20, 14), 20, 160, fill=(150, 70, 60, 255), width=int(3 * SS))
    c.comp(lay, blur=0.4)
    c.glow(160, 268, 20, 12, (230, 120, 110), 0.45)
    c.glow(240, 268, 20, 12, (230, 120, 110), 0.45)
    # a tea leaf badge in the shop colour
    big_leaf(c, 320, 340, 90, 38, -0.8, (181, 69, 43), bend=0.1)
    c.save(path, grain=3, quality=85)


def make_qr(path):
    qr = segno.make("https://u.wechat.com/aqing_tea", error="m")
    path.parent.mkdir(parents=True, exist_ok=True)
    qr.save(str(path), scale=10, border=4, dark="#1a1a1a", light="#ffffff")


JOBS = [
    (IMAGES / "aqing.jpg", img_avatar),
    (IMAGES / "dahongpao-1.jpg", img_dahongpao_1),
    (IMAGES / "dahongpao-2.jpg", img_dahongpao_2),
    (PRODUCTS / "rougui" / "rougui-1.jpg", img_rougui_1),
    (PRODUCTS / "rougui" / "rougui-2.jpg", img_rougui_2),
    (IMAGES / "jinjunmei-1.jpg", img_jinjunmei_1),
    (IMAGES / "jinjunmei-2.jpg", img_jinjunmei_2),
    (IMAGES / "zhengshan-xiaozhong.jpg", img_zhengshan),
    (PRODUCTS / "baimudan-2019" / "baimudan-1.jpg", img_baimudan_1),
    (PRODUCTS / "baimudan-2019" / "baimudan-2.jpg", img_baimudan_2),
    (IMAGES / "sample-pack.jpg", img_sample),
    (IMAGES / "jianzhan-1.jpg", img_jianzhan_1),
    (IMAGES / "jianzhan-2.jpg", img_jianzhan_2),
    (IMAGES / "qilan-2025.jpg", img_qilan),
    (IMAGES / "travel-tea-set.jpg", img_travel_set),
    (IMAGES / "story-tea-garden.jpg", img_cover_garden),
    (IMAGES / "story-spring-picking.jpg", img_cover_picking),
    (IMAGES / "story-roasting.jpg", img_cover_roasting),
]


def main(argv=None):
    import sys

    only = set((argv if argv is not None else sys.argv[1:]))
    total = 0
    for path, fn in JOBS:
        if only and path.stem not in only:
            continue
        fn(path)
        size = path.stat().st_size
        total += size
        print(f"{path.relative_to(ROOT)}  {size // 1024} KB")
    if not only or "wechat-qr" in only:
        qr = IMAGES / "wechat-qr.png"
        make_qr(qr)
        total += qr.stat().st_size
        print(f"{qr.relative_to(ROOT)}  {qr.stat().st_size // 1024} KB")
    print(f"total {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
