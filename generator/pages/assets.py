"""Static files of the theme and the project, fingerprinted for caching forever."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Issue, Pos
from ..theme import STATIC as THEME_STATIC
from .urls import fingerprint



@dataclass(frozen=True)
class Asset:
    name: str  # as templates ask for it: "style.css"
    file: str  # where it is written: "assets/style.3f9a1c2b.css"
    data: bytes


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir() and not p.name.startswith("."))


def collect(project: Path) -> tuple[list[Asset], list[Issue]]:
    """The theme's files, overridden by the project's `static/` files of the same name."""
    found: dict[str, bytes] = {}
    issues: list[Issue] = []
    for path in _files(THEME_STATIC):
        found[path.relative_to(THEME_STATIC).as_posix()] = path.read_bytes()
    static = project / "static"
    root = project.resolve()
    if static.is_dir():
        for path in _files(static):
            rel = path.relative_to(static).as_posix()
            target = path.resolve()
            if path.is_symlink() or target != path.absolute():
                if not target.is_relative_to(root):
                    issues.append(Issue(Pos(f"static/{rel}"), "this symlink points outside the project",
                                        "copy the file into static/ instead of linking to it"))
                    continue
            if not target.is_file():
                issues.append(Issue(Pos(f"static/{rel}"), "this file cannot be read", "remove the broken link"))
                continue
            found[rel] = target.read_bytes()
    return [Asset(name, "assets/" + fingerprint(name, data), data) for name, data in sorted(found.items())], issues
