"""Publishing to a local folder, such as a mounted share that a web server reads."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .manifest import LocalFile, file_md5, walk_files
from .plan import Plan, build_plan
from .errors import BadTargetError, PublishError
from .result import PublishResult, partial_failure
from .target import FolderTarget

# A folder that is also a git checkout must never lose its repository to --delete.
NEVER_TOUCHED = frozenset({".git"})

Progress = Callable[[str, str], None]


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


class FolderPublisher:
    """Write only the files whose bytes differ, each one atomically."""

    def __init__(self, target: FolderTarget, site_dir: Path) -> None:
        self.target = target
        self.root = target.path.resolve()
        if _overlaps(self.root, site_dir.resolve()):
            # Publishing into (or around) the build output would publish into itself.
            raise BadTargetError(f"the target folder {target} overlaps the site folder "
                               f"{site_dir}: choose a folder outside it")
        if self.root.exists() and not self.root.is_dir():
            raise BadTargetError(f"the target {target} exists and is not a folder")
        self.remote: dict[str, Path] = {}

    def __enter__(self) -> FolderPublisher:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def _same(self, f: LocalFile) -> bool:
        there = self.remote[f.path]
        # Size first: most changed files change size, and hashing a share is slow.
        return there.stat().st_size == f.size and file_md5(there) == f.md5

    def plan(self, files: list[LocalFile], *, delete: bool, keep: tuple[str, ...]) -> Plan:
        if self.root.is_dir():
            self.remote = walk_files(self.root, skip_dirs=NEVER_TOUCHED)
        try:
            return build_plan(files, self.remote, self._same, delete=delete, keep=keep)
        except OSError as exc:
            raise PublishError(f"could not read {self.target}: {exc}\n"
                               "Nothing was written or deleted.") from exc

    def _write(self, f: LocalFile) -> None:
        dest = self.root / f.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the destination, then rename over it: a reader (or a crash) sees
        # the old file or the new one, never half of one.
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out, open(f.source, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            # mkstemp makes 0600 files, which a web server reading the share cannot open.
            shutil.copymode(f.source, tmp)
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _remove(self, path: str) -> None:
        file = self.root / path
        file.unlink(missing_ok=True)
        # Drop the folders this left empty, but never the target folder itself.
        parent = file.parent
        while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def apply(self, plan: Plan, progress: Progress | None = None) -> PublishResult:
        result = PublishResult(str(self.target), plan)
        step = ""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for path in plan.uploads:
                step = f"writing {path}"
                self._write(plan.files[path])
                result.uploaded.append(path)
                if progress:
                    progress("upload", path)
            for path in plan.delete:
                step = f"deleting {path}"
                self._remove(path)
                result.deleted.append(path)
                if progress:
                    progress("delete", path)
        except OSError as exc:
            raise partial_failure(str(self.target), plan, result.uploaded, result.deleted,
                                  step, exc) from exc
        return result
