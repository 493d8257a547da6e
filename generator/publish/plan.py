"""The plan every target shares: what to upload, what already matches, what to delete."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .manifest import FINGERPRINT, LocalFile, delete_rank, is_kept, upload_rank

# Above this many changes the plan prints counts only: a first publish of a large site
# would otherwise scroll the useful lines away.
LIST_LIMIT = 50


@dataclass
class Plan:
    """Paths by action. `uploads` and `delete` come in the order they must be carried out."""

    files: dict[str, LocalFile]
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)       # stale, but on the keep-list
    left: list[str] = field(default_factory=list)       # stale, left since no --delete
    replaced: list[str] = field(default_factory=list)   # stale, and the site names its successor: deleted
    remote_total: int = 0

    @property
    def uploads(self) -> list[str]:
        return sorted(self.new + self.changed, key=upload_rank)

    @property
    def is_noop(self) -> bool:
        return not (self.new or self.changed or self.delete)

    @property
    def needs_force(self) -> bool:
        # Deleting most of a target is what a wrong PREFIX or folder looks like.
        # Files the site itself has replaced do not count: a new search index replaces
        # most of the old one's files on every publish.
        return 2 * (len(self.delete) - len(self.replaced)) > self.remote_total

    def describe(self, target: str) -> list[str]:
        """Human-readable plan: a count line, then `+ new`, `~ changed`, `- deleted`."""
        lines = [
            f"Plan for {target}: {len(self.new) + len(self.changed)} to upload "
            f"({len(self.new)} new, {len(self.changed)} changed), "
            f"{len(self.unchanged)} unchanged, {len(self.delete)} to delete"
            + (f", {len(self.kept)} kept" if self.kept else "")
        ]
        if len(self.new) + len(self.changed) + len(self.delete) <= LIST_LIMIT:
            new = set(self.new)
            lines += [f"  {'+' if p in new else '~'} {p}" for p in self.uploads]
            lines += [f"  - {p}" for p in self.delete]
        if self.replaced:
            lines.append(f"  {_files(len(self.replaced))} replaced by newer ones of the site "
                         "(older fingerprinted assets, an older search index) to delete")
        if self.left:
            lines.append(f"  {_files(len(self.left))} no longer built {'is' if len(self.left) == 1 else 'are'} "
                         "left in place (use --delete to remove them)")
        if self.delete and self.needs_force:
            lines.append(f"  This would delete {len(self.delete)} of {self.remote_total} "
                         "files on the target: it needs --force.")
        return lines


def _files(n: int) -> str:
    return f"{n} file{'' if n == 1 else 's'}"


ASSETS = "assets/"  # where the build writes its fingerprinted files
SEARCH_INDEX = "pagefind/"
SEARCH_ENTRY = "pagefind/pagefind-entry.json"  # present whenever the site has a search index


def _versioned(path: str) -> str | None:
    """`assets/style.0aa2cc6d.css` -> `assets/style.css`: the asset a fingerprinted name is
    a version of; None for a name without a fingerprint."""
    m = FINGERPRINT.search(path)
    return path[:m.start()] + "." + m.group(0).rsplit(".", 1)[1] if m else None


def _replacement_test(built: set[str]) -> Callable[[str], bool]:
    """Whether a file the target holds, and the site no longer has, is one the site names
    as replaced: an older fingerprint of an asset the site has in a newer one, or a part
    of an older search index, which each build makes whole. Nothing else is ever deleted
    without --delete, so files put on the target by other means stay."""
    assets = {_versioned(p) for p in built if p.startswith(ASSETS)} - {None}
    has_index = SEARCH_ENTRY in built
    return lambda path: ((path.startswith(SEARCH_INDEX) and has_index)
                         or (path.startswith(ASSETS) and _versioned(path) in assets))


def build_plan(files: Iterable[LocalFile], remote: Iterable[str],
               same: Callable[[LocalFile], bool], *, delete: bool,
               keep: tuple[str, ...]) -> Plan:
    """Compare the built files with the paths the target holds.

    `same(f)` is asked only for files the target already has; each target compares in
    its own cheap way (ETag, size then hash, git blob id).
    """
    by_path = {f.path: f for f in files}
    remote_set = set(remote)
    plan = Plan(files=by_path, remote_total=len(remote_set))
    for path in sorted(by_path):
        if path not in remote_set:
            plan.new.append(path)
        elif same(by_path[path]):
            plan.unchanged.append(path)
        else:
            plan.changed.append(path)
    replaced = _replacement_test(set(by_path))
    for path in sorted(remote_set - by_path.keys(), key=delete_rank):
        if is_kept(path, keep):
            plan.kept.append(path)
        elif replaced(path):
            plan.replaced.append(path)
            plan.delete.append(path)
        elif delete:
            plan.delete.append(path)
        else:
            plan.left.append(path)
    return plan
