"""What a folder holds, for tests that compare folders (a site, a cache, a project)."""

from __future__ import annotations

import os
from pathlib import Path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, with its bytes."""
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every path under `folder`: files with bytes and mtime, folders, symlinks."""
    found: dict[str, tuple] = {}
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir",)
            else:
                found[rel] = ("file", path.read_bytes(), path.lstat().st_mtime_ns)
    return found


def age(folder: Path) -> None:
    """Move every file's mtime into the past, so that any rewrite shows."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


THEME = Path(__file__).resolve().parents[1] / "templates"


def override(project: Path, name: str, mark: str, old: str = "{% block main %}") -> None:
    """The theme's template `name`, overridden by the project with `mark` after `old` (a
    child template shows only what its blocks hold)."""
    folder = project / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text((THEME / name).read_text().replace(old, old + mark, 1))


def same_as_clean(project: Path) -> bool:
    """Whether the project's site is what a clean build of it makes."""
    from generator.build import build

    clean = project.parent / "clean"
    if clean.exists():
        import shutil

        shutil.rmtree(clean)
    build(project, clean)
    return tree(project / "site") == tree(clean)
