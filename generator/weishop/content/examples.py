"""Example data of the starter shop, found again before it goes live (`commands/example_data.py` guards deploy).

`weishop init` fills a shop with examples; a seller who forgets one publishes posters whose QR
codes point at an address that is not theirs, or order buttons that reach nobody. The starter's
own files are the list of examples (its shop.yml, commented-out channels included, and documents
marked `example: true`), so a change of the starter needs no change here. `weishop check`
reports each as an error, `build` and `serve` warn, `deploy` refuses the address and the contact
details unless told `--allow-example`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterable

import yaml

from weishop.config.schema import field_label
from weishop.errors import Problems, SourceError
from weishop.utils.messages import tr

STARTER = Path(__file__).parents[1] / "commands" / "starter"  # data files only: content/ imports nothing of commands/
NEW_TEMPLATES = STARTER / "new"  # what `weishop new` writes
CONFIG_FILE = "shop.yml"
# What earlier versions of the starter wrote: shops made by them are still out there.
EARLIER = {"base_url": {"https://my-shop.pages.dev/"}, "contact": set()}
CONTACT_FIELDS = {"wechat": "id", "whatsapp": "phone", "telegram": "username", "line": "id", "sms": "phone",
                  "email": "address", "paypal": "username", "link": "url"}
CONTACT_NAMES = {"wechat": tr("WeChat ID"), "whatsapp": tr("WhatsApp number"), "telegram": tr("Telegram user name"),
                 "line": tr("LINE ID"), "sms": tr("phone number"), "email": tr("e-mail address"), "paypal": tr("PayPal user name"),
                 "link": tr("link")}
_CHANNEL_LINE = re.compile(r"^\s*#?\s*-\s*(\{\s*type:[^}]*\})")
KIND_NAMES = {"products": tr("product"), "stories": tr("story"), "pages": tr("page")}
STILL_EXAMPLE = {"products": tr("still the example product"), "stories": tr("still the example story"), "pages": tr("still the example page")}


@functools.cache
def starter_values() -> dict[str, frozenset[str]]:
    """Example values by kind, read from the starter's shop.yml files (what `weishop init` writes)."""
    values: dict[str, set[str]] = {"base_url": set(EARLIER["base_url"]), "contact": set(EARLIER["contact"]), "bio": set()}
    for path in sorted(STARTER.glob("*/shop.yml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(re.sub(r"@[A-Z]+@", "x", text)) or {}
        values["base_url"].add(str(data.get("base_url", "")))
        values["bio"].add(" ".join(str((data.get("seller") or {}).get("bio", "")).split()))
        for line in text.splitlines():  # channels the seller may switch on by deleting the '#' too
            match = _CHANNEL_LINE.match(line)
            channel = yaml.safe_load(match.group(1)) if match else None
            if isinstance(channel, dict) and channel.get("type") in CONTACT_FIELDS:
                kind = channel["type"]
                if CONTACT_FIELDS[kind] in channel:
                    values["contact"].add(_contact(channel[CONTACT_FIELDS[kind]], kind))
    values["bio"].discard("")
    return {key: frozenset(found) for key, found in values.items()}


def _contact(value: Any, kind: str) -> str:
    """As written (spaces evened out): a number the seller retyped is theirs, even if it looks alike."""
    return f"{' '.join(str(value).split()).lower()}|{'phone' if kind in ('whatsapp', 'sms') else kind}"


@functools.cache
def template_bodies() -> frozenset[str]:
    """The first paragraph of every body `weishop new` writes, as plain text."""
    texts = (path.read_text(encoding="utf-8") for path in sorted(NEW_TEMPLATES.glob("*.md")))
    return frozenset(" ".join(text.split("---\n", 2)[2].split("\n\n")[0].split()) for text in texts)


def blocks_deploy(problem: SourceError) -> bool:
    """The address or a contact detail: publishing it sends buyers, links and QR codes to someone else."""
    return problem.field == "base_url" or problem.field.startswith("order.channels")


def in_config(config: Any, problems: Problems) -> None:
    """The example address, contact details and seller text still in shop.yml, as warnings."""
    examples = starter_values()
    lines = config.lines
    if config.base_url in examples["base_url"]:
        problems.warn(CONFIG_FILE, lines.get("base_url", 0), "base_url", tr("still the example address {url}", url=config.base_url),
                      tr("write your shop's address, e.g. https://yourname.pages.dev/ (the one your host gives you)"))
    for index, channel in enumerate(config.order.get("channels", [])):
        key = CONTACT_FIELDS.get(channel["type"])
        if key and key in channel and _contact(channel[key], channel["type"]) in examples["contact"]:
            path = ("order", "channels", index, key)
            what = CONTACT_NAMES[channel["type"]]
            problems.warn(CONFIG_FILE, lines.get(".".join(map(str, path)), lines.get("order", 0)), field_label(path),
                          tr("still the example {what} '{value}'", what=what, value=channel[key]),
                          tr("write your own {what}, or delete this channel", what=what))
    bio = " ".join(str(config.seller.get("bio") or "").split())
    if bio and bio in examples["bio"]:
        problems.warn(CONFIG_FILE, lines.get("seller.bio", lines.get("seller", 0)), "seller.bio", tr("still the example text"),
                      tr("write a few words about yourself, and put your own photo in place of the example avatar"))


def in_documents(docs: Iterable[Any], problems: Problems) -> None:
    """Published documents still marked `example: true`, and ones `weishop new` wrote that were never filled in."""
    templates = template_bodies()
    for doc in docs:
        fields = doc.fields
        if fields.get("draft") or not fields.get("title"):
            continue  # drafts are not published; a document with errors is reported already
        kind = doc.kind if doc.kind in KIND_NAMES else "pages"
        if fields.get("example"):
            problems.warn(doc.rel, doc.meta.line(("example",)), "example", STILL_EXAMPLE[kind],
                          tr("replace its text and photos with yours, then delete the line 'example: true'"))
        elif " ".join(doc.auto_summary.split()) in templates:
            if doc.kind == "products" and fields.get("price") is not None and fields["price"].is_zero():
                problems.warn(doc.rel, doc.meta.line(("price",)), "price", tr("still 0, as `weishop new` wrote it"),
                              tr("write your price (0 is only for free samples)"))
            problems.warn(doc.rel, doc.body_line, "body", tr("still the text `weishop new` wrote"),
                          tr("describe the {what} here, or set 'draft: true' until it is ready", what=KIND_NAMES[kind]))
