"""The package's layers stay one-way: no import cycle, and each package imports only from the ones above it.

Imports are read from the source (AST), so ones under `if TYPE_CHECKING:` and inside functions count too:
they are cycles a reader has to untangle all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import weishop

PACKAGE = Path(weishop.__file__).parent
# Top to bottom: a package may import from the ones before it, never from the ones after it.
LAYERS = ["errors", "utils", "config", "content", "media", "pages", "publish", "build", "serve", "commands", "cli"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Every weishop module that `path` imports, wherever in the file the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target != "weishop":
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(path, name, known) for name, path in mods.items()}


def layer(name: str) -> int:
    return LAYERS.index(name.split(".")[1])


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_every_module_belongs_to_a_layer():
    assert sorted({name.split(".")[1] for name in modules() if name != "weishop"} - set(LAYERS)) == []


def test_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, " → ".join(cycle or [])


def test_packages_import_only_from_layers_above():
    upward = sorted(f"{a} imports {b}" for a, targets in graph().items() if a != "weishop"
                    for b in targets if layer(b) > layer(a))
    assert upward == []


def test_the_checker_sees_function_level_and_type_checking_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from weishop.build.stage import StageInput\n"
                      "def f():\n    from ..pages import render\n")
    found = imports_of(source, "weishop.media.mod", set(modules()))
    assert {"weishop.build.stage", "weishop.pages.render"} <= found
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_code_version_covers_modules_in_sub_packages(tmp_path, monkeypatch):
    """Cached documents, image plans and page fingerprints are keyed by code_version: a change to any
    module, however deep, must give another version (or a moved module would serve stale results)."""
    import shutil

    from weishop.utils import cache

    copy = tmp_path / "weishop"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "themes"))
    fake = copy / "utils" / "cache.py"
    monkeypatch.setattr(cache, "__file__", str(fake))

    def version() -> str:
        cache.code_version.cache_clear()
        return cache.code_version()

    before = version()
    deep = copy / "build" / "outputs" / "feeds.py"
    deep.write_text(deep.read_text() + "\n# changed\n")
    after_deep = version()
    (copy / "media" / "new_module.py").write_text("X = 1\n")
    after_new = version()
    cache.code_version.cache_clear()
    assert len({before, after_deep, after_new}) == 3
