"""Build hook: the wheel carries the message catalogs compiled (`.mo`), so nothing compiles at run time.

An editable install skips this and weishop reads the `.po` files (weishop/utils/messages.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class MessageCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._folder = Path(tempfile.mkdtemp(prefix="weishop-mo-"))
        for po in sorted(Path(self.root, "generator", "weishop", "locale").glob("*/LC_MESSAGES/weishop.po")):
            language = po.parent.parent.name
            mo = self._folder / language / "weishop.mo"
            mo.parent.mkdir(parents=True)
            with open(po, "rb") as source:
                catalog = read_po(source, locale=language)
            with open(mo, "wb") as target:
                write_mo(target, catalog)
            build_data["force_include"][str(mo)] = f"weishop/locale/{language}/LC_MESSAGES/weishop.mo"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_folder", None):
            shutil.rmtree(self._folder, ignore_errors=True)
