"""The package's modules import one way only: each from the modules listed before it.

Every import counts: at the top, inside a function, under `if TYPE_CHECKING:`, relative or
absolute (`generator.x`). A new module must be given its place in LAYERS.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"

# Lowest first, in the order of DESIGN.md's pipeline; a package stands for its __init__.
LAYERS = [
    # shared vocabulary
    "errors", "exits", "theme", "text", "fork", "model",
    # checking content: what `briefing check` runs; no HTML
    "check", "check.yamlparse", "check.files", "check.loader", "check.schema", "check.validate", "check.provenance", "check.refs", "check.link",
    # editions: snapshots of the checked model, and what changed between two
    "editions", "editions.snapshot", "editions.diff",
    # making pages
    "pages", "pages.urls", "pages.shortcuts", "pages.bounds", "pages.markup", "pages.feed", "pages.geo", "pages.maplabels", "pages.maps", "pages.views", "pages.linked", "pages.diagram", "pages.assets", "pages.plan",
    "pages.render",
    # output: the only writers
    "output", "output.write", "output.search", "output.anchors", "output.data", "output.book",
    # incremental building: the one layer of reuse around the stages
    "incremental", "incremental.stats", "incremental.memo", "incremental.reads", "incremental.index", "incremental.book", "incremental.graph", "incremental.cache", "incremental.contexts", "incremental.restyle", "incremental.persisted",
    # the orchestrator, then the features built on it
    "build", "report", "console", "editions.command", "editions.cli",
    "serve", "serve.watch", "serve.builds", "serve.handlers", "serve.server",
    "publish.errors", "publish.manifest", "publish.plan", "publish.result", "publish.target",
    "publish.folder", "publish.s3", "publish.ghpages", "publish",
    "draft", "draft.lexicon", "draft.namewords", "draft.names", "draft.people", "draft.detect", "draft.article", "draft.proposals", "draft.sheets",
    "scaffold", "cli", "start", "__main__",
]
GROUPS = {"check", "pages", "output", "incremental", "serve", "publish", "draft", "editions"}


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, level: int, current: str, is_package: bool) -> str:
    """The dotted name, inside the package, of what `from <dots><module>` names."""
    base = current.split(".") if current else []
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def _imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports, wherever the import stands."""
    current, is_package = _name(path), path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator."))
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0:
            if not (node.module or "").startswith("generator"):
                continue
            target = node.module.removeprefix("generator").lstrip(".")
        else:
            target = _resolve(node.module or "", node.level, current, is_package)
        for alias in node.names:  # `from . import urls` names a module; `from .x import f` does not
            sub = f"{target}.{alias.name}" if target else alias.name
            found.add(sub if sub in LAYERS else target)
    found.discard("")
    return found


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py") if _name(p)}


def test_every_module_has_a_layer():
    assert set(_modules()) - set(LAYERS) == set()


def test_imports_point_down():
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for name, path in sorted((n, p) for n, p in _modules().items() if n in rank):
        for target in sorted(_imports(path)):
            if target not in rank:
                wrong.append(f"{name} imports {target}, which has no layer")
            elif rank[target] >= rank[name] and not (name == "publish" and target.startswith("publish.")):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_the_layer_test_sees_every_kind_of_import(tmp_path: Path):
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        (tmp_path / "check").mkdir()
        module = tmp_path / "check" / "link.py"
        module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..pages.plan import Output\n"
                          "def f():\n    import generator.build\n    from generator.output import write\n"
                          "from .. import text\n")
        assert _imports(module) == {"pages.plan", "build", "output.write", "text"}
    finally:
        PACKAGE = saved


def test_publishing_depends_on_no_stage_of_the_build():
    for path in (PACKAGE / "publish").glob("*.py"):
        assert {t for t in _imports(path) if not t.startswith("publish")} == set(), path.name


def test_groups_are_packages():
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} == GROUPS
