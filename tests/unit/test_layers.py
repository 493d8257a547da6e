"""The package's modules import one way only: each from the layers listed before it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"

# Lowest first. A module may import only modules that come earlier in this list.
LAYERS = [
    "errors", "theme", "fork", "text", "model", "loader", "schema", "validate", "provenance", "link", "markup",
    "urls", "views", "diagram", "assets", "plan", "graph", "render", "search", "write", "cache",
    "build", "report", "watch", "serve", "publish", "geodata", "names", "people", "detect", "article", "draft",
    "scaffold", "cli", "__main__",
]


def _imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports, outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text())
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        if node.module:
            found.add(node.module.split(".")[0])
        else:
            found.update(alias.name for alias in node.names)
    return found


def test_every_module_has_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"} | {"publish"}
    assert modules <= set(LAYERS), modules - set(LAYERS)


def test_imports_point_down():
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        for target in _imports(path):
            if target in rank and rank[target] >= rank[path.stem]:
                wrong.append(f"{path.stem} imports {target}")
    assert wrong == []


def test_publishing_depends_on_no_stage_of_the_build():
    publish = PACKAGE / "publish"
    for path in publish.glob("*.py"):
        tree = ast.parse(path.read_text())
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 2], path.name
