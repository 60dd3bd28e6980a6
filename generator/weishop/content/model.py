"""The shop as data: products, stories, pages, listings; cross-checked, no I/O beyond stat."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from weishop.config.shop import ShopConfig
from weishop.content.related import Related
from weishop.content.prices import Option, OptionValue, priced_options  # noqa: F401 - OptionValue: for callers of the model
from weishop.content.resolve import Image, ImageResolver
from weishop.content.walk import KINDS, SourceDoc, body_line
from weishop.errors import Problems
from weishop.config.frontmatter import Located
from weishop.config.schema import Ctx, field_label
from weishop.utils.slugs import slugify
from weishop.utils.messages import tr

RESERVED = {"products", "stories", "categories", "tags", "cart", "order", "share", "posters", "kit", "join",
            "theme", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "products.xml", "products.json"}


@dataclass(frozen=True)
class Term:
    """A category or tag."""

    kind: str  # categories | tags
    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"


@dataclass(frozen=True)
class Review:
    name: str
    text: str
    rating: int | None = None
    date: dt.datetime | None = None


@dataclass(frozen=True)
class Product:
    slug: str
    title: str
    price: Decimal
    currency: str
    body_html: str
    summary: str
    source: str
    images: tuple[Image, ...] = ()
    compare_at: Decimal | None = None
    category: Term | None = None
    tags: tuple[Term, ...] = ()
    options: tuple[Option, ...] = ()
    stock: int | None = None
    featured: bool = False
    date: dt.datetime | None = None
    draft: bool = False
    payment_link: str | None = None
    reviews: tuple[Review, ...] = ()
    sku: str = ""
    summary_written: bool = False  # `summary:` given; else it is the body's first paragraph, not shown twice

    token: str = field(default="", compare=False, repr=False)  # what this was made from (pagecache.py)

    kind = "product"

    @property
    def url(self) -> str:
        return f"products/{self.slug}/"

    @property
    def sold_out(self) -> bool:
        return self.stock == 0

    @property
    def priced_option(self) -> "Option | None":
        """The one option whose values set the price (SPEC §8: at most one; build_site refuses a second)."""
        return next((o for o in self.options if any(v.price != self.price for v in o.values)), None)

    @property
    def prices(self) -> list[Decimal]:
        """Every price a buyer can pay: each value's of the priced option, else the product's."""
        return sorted({v.price for v in priced.values} if (priced := self.priced_option) else {self.price})

    @property
    def rating(self) -> float | None:
        stars = [r.rating for r in self.reviews if r.rating]
        return round(sum(stars) / len(stars), 1) if stars else None

    @property
    def image(self) -> Image | None:
        return self.images[0] if self.images else None


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: dt.datetime
    body_html: str
    summary: str
    source: str
    cover: Image | None = None
    tags: tuple[Term, ...] = ()
    product_slugs: tuple[str, ...] = ()
    draft: bool = False

    token: str = field(default="", compare=False, repr=False)  # what this was made from (pagecache.py)

    kind = "story"

    @property
    def url(self) -> str:
        return f"stories/{self.slug}/"

    @property
    def image(self) -> Image | None:
        return self.cover


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    body_html: str
    summary: str
    source: str
    menu: bool = False
    weight: int = 0
    draft: bool = False

    token: str = field(default="", compare=False, repr=False)  # what this was made from (pagecache.py)

    kind = "page"

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@dataclass(frozen=True)
class Listing:
    term: Term
    products: tuple[Product, ...]
    stories: tuple["Story", ...] = ()


@dataclass
class Site:
    config: ShopConfig
    products: list[Product] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    categories: list[Listing] = field(default_factory=list)
    tags: list[Listing] = field(default_factory=list)
    avatar: Image | None = None
    wechat_qr: Image | None = None
    by_slug: dict[str, Product] = field(default_factory=dict)
    copies: list[Any] = field(default_factory=list)  # content/ and static/ files copied as they are
    body_images: dict[str, tuple[Image, str]] = field(default_factory=dict)  # path -> (image, first document using it)
    _related: Related | None = field(default=None, repr=False)

    @property
    def menu(self) -> list[Page]:
        return [p for p in self.pages if p.menu]

    @property
    def featured(self) -> list[Product]:
        return [p for p in self.products if p.featured]

    def story_products(self, story: Story) -> list[Product]:
        return [self.by_slug[s] for s in story.product_slugs if s in self.by_slug]

    def related(self, product: Product, limit: int = 4) -> list[Product]:
        """Products sharing the category (2 points) or tags (1 each), best first, then in shop order (related.py)."""
        if self._related is None:
            self.keep_related({})
        return [self.by_slug[slug] for slug in self._related.best(product, limit)]

    def keep_related(self, memo: dict[str, Any]) -> None:
        """Related products from `memo` (the last build's) while the products and their listings are as they were:
        an edit of a title, price or text then costs no related-products work; any other edit starts afresh."""
        self._related = Related(self.products, self.categories + self.tags, memo)


def _terms(kind: str, names: list[str], registry: dict[str, Term], pinyin: dict[str, str] | None) -> tuple[Term, ...]:
    found: list[Term] = []
    for name in names:
        slug = slugify(name, pinyin)
        term = registry.setdefault(slug, Term(kind, name, slug))
        if term not in found:
            found.append(term)
    return tuple(found)


def _ctx(doc: SourceDoc, problems: Problems, *path: Any) -> Ctx:
    return Ctx(doc.rel, doc.meta, tuple(path), problems)


def build_site(config: ShopConfig, docs: list[SourceDoc], shop: Path, problems: Problems, drafts: bool = False,
               pinyin: dict[str, str] | None = None) -> Site:
    """Documents to entities; cross-checks (slugs, images, story products) reported, never raised.

    `pinyin`: the build state's slugs of Chinese names (utils/slugs.Pinyin).
    """
    site = Site(config=config)
    images = ImageResolver(shop)
    categories: dict[str, Term] = {}
    tags: dict[str, Term] = {}
    seen: dict[tuple[str, str], SourceDoc] = {}
    all_product_slugs: dict[str, bool] = {}

    for doc in docs:
        f = doc.fields
        if any(rule.required and key not in f for key, rule in KINDS[doc.kind].items()):
            _check_images(doc, images, problems)  # its field errors are reported already; its photos are checked all the same
            continue
        if f.get("draft") and not drafts:
            if doc.kind == "products":
                all_product_slugs[f.get("slug") or slugify(doc.name, pinyin)] = True
            continue
        slug = f.get("slug") or slugify(doc.name, pinyin)
        if not slug:
            problems.error(doc.rel, 1, "slug", tr("cannot make a URL name from the file name"), tr("add 'slug: my-product'"))
            continue
        key = (doc.kind, slug)
        if key in seen:
            problems.error(doc.rel, doc.meta.line(("slug",)), "slug", tr("'{slug}' is already used by {other}", slug=slug, other=seen[key].rel),
                           tr("give one of them another 'slug:'"))
            continue
        if doc.kind == "pages" and slug in RESERVED:
            problems.error(doc.rel, doc.meta.line(("slug",)), "slug", tr("'{slug}' is a reserved address", slug=slug), tr("use e.g. '{example}'", example=slug + "-info"))
            continue
        seen[key] = doc
        for image in _body_images(doc, problems):
            site.body_images.setdefault(image.path, (image, doc.rel))
        summary = f.get("summary") or doc.auto_summary
        if doc.kind == "products":
            all_product_slugs[slug] = False
            site.products.append(_product(doc, slug, summary, config, images, categories, tags, problems, pinyin))
        elif doc.kind == "stories":
            site.stories.append(_story(doc, slug, summary, images, tags, problems, pinyin))
        else:
            site.pages.append(Page(slug=slug, title=f["title"], body_html=doc.html, summary=summary,
                                   source=doc.rel, menu=f["menu"], weight=f["weight"], draft=f["draft"], token=f"{doc.key}:{doc.body_images!r}"))
    _check_story_products(site, seen, all_product_slugs, problems)
    _finish(site, config, shop, images, categories, tags, problems)
    return site


def _body_images(doc: SourceDoc, problems: Problems) -> list[Image]:
    """The body's images found; a missing one is reported at its line."""
    for src, image in doc.body_images:
        if image is None:
            problems.error(doc.rel, body_line(doc, src), "body", tr("image '{src}' not found", src=src),
                           tr("put the image beside this file or under content/"))
    return [image for _, image in doc.body_images if image is not None]


def _check_images(doc: SourceDoc, images: ImageResolver, problems: Problems) -> None:
    """A document with a field error still has its photos checked: one run shows every problem of the file."""
    refs = [(("images", n), ref["src"]) for n, ref in enumerate(doc.fields.get("images") or ()) if "src" in ref]
    for path, src in refs + ([(("cover",), doc.fields["cover"])] if doc.fields.get("cover") else []):
        images.find(src, doc.folder, _ctx(doc, problems, *path), "")
    _body_images(doc, problems)


def _product(doc: SourceDoc, slug: str, summary: str, config: ShopConfig, images: ImageResolver,
             categories: dict[str, Term], tags: dict[str, Term], problems: Problems, pinyin: dict[str, str] | None) -> Product:
    f = doc.fields
    imgs = tuple(i for n, ref in enumerate(f["images"]) if "src" in ref
                 and (i := images.find(ref["src"], doc.folder, _ctx(doc, problems, "images", n), ref.get("alt") or f["title"], ref.get("fit", ""))))
    options = priced_options(doc, problems)
    return Product(
        slug=slug, title=f["title"], price=f["price"], currency=f.get("currency") or config.currency,
        body_html=doc.html, summary=summary, source=doc.rel, images=imgs, compare_at=f.get("compare_at"),
        category=_terms("categories", [f["category"]], categories, pinyin)[0] if f.get("category") else None,
        tags=_terms("tags", f["tags"], tags, pinyin), options=options, stock=f.get("stock"),
        featured=f["featured"], date=f.get("date"), draft=f["draft"], payment_link=f.get("payment_link"),
        reviews=tuple(Review(r["name"], r["text"], r.get("rating"), r.get("date")) for r in f["reviews"]),
        sku=f.get("sku") or slug, summary_written=bool(f.get("summary")), token=f"{doc.key}:{imgs!r}:{doc.body_images!r}")


def _story(doc: SourceDoc, slug: str, summary: str, images: ImageResolver, tags: dict[str, Term], problems: Problems,
           pinyin: dict[str, str] | None) -> Story:
    f = doc.fields
    cover = images.find(f["cover"], doc.folder, _ctx(doc, problems, "cover"), f["title"]) if f.get("cover") else None
    return Story(
        slug=slug, title=f["title"], date=f["date"], body_html=doc.html, summary=summary, source=doc.rel,
        cover=cover, tags=_terms("tags", f["tags"], tags, pinyin), product_slugs=tuple(f["products"]),
        draft=f["draft"], token=f"{doc.key}:{cover!r}:{doc.body_images!r}")


def _check_story_products(site: Site, seen: dict[tuple[str, str], SourceDoc], product_slugs: dict[str, bool], problems: Problems) -> None:
    for story in site.stories:
        doc = seen[("stories", story.slug)]
        for i, slug in enumerate(story.product_slugs):
            if slug not in product_slugs:
                guess = difflib.get_close_matches(slug, list(product_slugs), n=1)
                problems.error(doc.rel, doc.meta.line(("products", i)), field_label(("products", i)),
                               tr("no product with slug '{slug}'", slug=slug),
                               tr("did you mean '{guess}'?", guess=guess[0]) if guess else tr("use the product's slug or file name"))
            elif product_slugs[slug]:
                problems.warn(doc.rel, doc.meta.line(("products", i)), field_label(("products", i)),
                              tr("product '{slug}' is a draft and is not shown", slug=slug))


def _finish(site: Site, config: ShopConfig, shop: Path, images: ImageResolver,
            categories: dict[str, Term], tags: dict[str, Term], problems: Problems) -> None:
    far_past = dt.datetime(1970, 1, 1)
    site.products.sort(key=lambda p: (-(p.date or far_past).timestamp(), p.title, p.slug))
    site.stories.sort(key=lambda s: (-s.date.timestamp(), s.title, s.slug))
    site.pages.sort(key=lambda p: (p.weight, p.title, p.slug))
    site.by_slug = {p.slug: p for p in site.products}
    members: dict[Term, list[Product]] = {}  # one pass over the products, in shop order
    tagged: dict[Term, list[Story]] = {}
    for product in site.products:
        for term in ((product.category,) if product.category else ()) + product.tags:
            members.setdefault(term, []).append(product)
    for story in site.stories:
        for term in story.tags:
            tagged.setdefault(term, []).append(story)
    for registry, target in ((categories, site.categories), (tags, site.tags)):
        for term in sorted(registry.values(), key=lambda t: t.slug):
            target.append(Listing(term, tuple(members.get(term, ())), tuple(tagged.get(term, ()))))
    located = Located(None, lines={tuple(int(p) if p.isdigit() else p for p in k.split(".")): v for k, v in config.lines.items()})
    seller = config.seller
    if seller.get("avatar"):
        site.avatar = images.find(seller["avatar"], shop / "content", Ctx("shop.yml", located, ("seller", "avatar"), problems), seller.get("name", ""))
    for index, channel in enumerate(config.order.get("channels", [])):
        if channel["type"] == "wechat" and channel.get("qr"):
            site.wechat_qr = images.find(channel["qr"], shop / "content", Ctx("shop.yml", located, ("order", "channels", index, "qr"), problems), "WeChat QR")
