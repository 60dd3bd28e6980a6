"""`weishop deploy`'s first step: no publishing with the example shop's address or contact details.

Posters' QR codes and shared links would point at an address that is not the seller's, and order
buttons would reach nobody (or a stranger). `--allow-example` publishes a demo on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

from weishop.config.shop import load_config
from weishop.content.examples import blocks_deploy, in_config
from weishop.errors import Problems, UsageError
from weishop.utils.messages import describe, localize, tr


def refuse_to_publish(shop: Path, allow: bool, base_url: str | None = None, address: bool = True) -> None:
    """Called first by `weishop deploy`: the example address or contact details stop it unless `allow`.

    The rest (the example bio) is printed as warnings; a shop.yml that does not load is left to the build to report.
    """
    config = load_config(shop.absolute(), Problems(), base_url)
    if config is None:
        return
    found = Problems()
    in_config(config, found)
    examples = [w for w in found.warnings if address or w.field != "base_url"]
    blocking = [w for w in examples if blocks_deploy(w)]
    language = config.language
    if blocking and not allow:
        listed = "\n".join(f"  {describe(problem, language)}" for problem in blocking)
        raise UsageError(tr("not publishing: shop.yml still has the example shop's details, so buyers' orders, links and QR codes "
                            "would go to someone else:\n{listed}\nreplace them (weishop check lists all example data), or pass "
                            "--allow-example to publish a demo anyway", listed=listed))
    for problem in examples:
        print(localize(tr("warning: {error}", error=describe(problem, language)), language), file=sys.stderr)
