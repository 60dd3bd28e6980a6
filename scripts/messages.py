"""Keep the message catalogs in step with the code (Babel's gettext tools).

    python scripts/messages.py          # extract tr()/tr_n() messages, update every .po
    python scripts/messages.py --check  # exit 1 listing messages a catalog lacks or no longer uses

New messages land in each `.po` with an empty translation (shown in English) until a
translator fills them in; messages the code no longer has are dropped (kept obsolete).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator" / "weishop"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"tr": None, "tr_n": (1, 2)}
LANGUAGES = ("zh_CN", "zh_TW", "ja")
STABLE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)  # no date churn in the catalogs' headers


def template() -> Catalog:
    """Every message the code marks, with where it is used."""
    catalog = Catalog(project="weishop", domain="weishop", fuzzy=False, creation_date=STABLE, revision_date=STABLE,
                      last_translator="weishop", language_team="weishop")
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("translators:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(f"weishop/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "weishop.po"


def differences(pot: Catalog) -> list[str]:
    """Messages missing from, or no longer used by, each catalog."""
    wanted = {message.id if isinstance(message.id, str) else message.id[0] for message in pot if message.id}
    found = []
    for language in LANGUAGES:
        with open(po_path(language), "rb") as handle:
            have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        found += [f"{language}: missing {mid!r}" for mid in sorted(wanted - have)]
        found += [f"{language}: unused {mid!r}" for mid in sorted(have - wanted)]
    return found


def update(pot: Catalog) -> None:
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="weishop", domain="weishop", fuzzy=False,
                              creation_date=STABLE, revision_date=STABLE, last_translator="weishop", language_team="weishop")
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.revision_date = STABLE
        catalog.obsolete.clear()
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True, include_lineno=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report what is out of step")
    args = parser.parse_args()
    pot = template()
    if args.check:
        problems = differences(pot)
        print("\n".join(problems) or "catalogs are up to date")
        return 1 if problems else 0
    update(pot)
    print(f"{len(pot)} messages; updated {', '.join(LANGUAGES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
