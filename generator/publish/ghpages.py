"""Publishing to a git branch (gh-pages) with plumbing in a throwaway repository.

Everything happens in a temporary bare repository with its own index file, so the user's
checkout (HEAD, index, working tree, current branch) is never read for writing. The
branch's previous commit is fetched from the remote and becomes the parent of the new one.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from .manifest import LocalFile
from .plan import Plan, build_plan
from .errors import BadTargetError, PublishError
from .result import PublishResult
from .target import GitTarget

IDENTITY = ("briefing", "briefing@localhost")
# Variables that would point our git commands at the user's repository or index.
_REPO_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
              "GIT_PREFIX")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/\\]+@[^/\\]+:")

Progress = Callable[[str, str], None]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _REPO_VARS}


def _git(args: list[str], env: dict[str, str], cwd: Path | None = None,
         stdin: bytes = b"", check: bool = True) -> str:
    try:
        # Our own settings win over the user's: line endings must reach the branch as built.
        proc = subprocess.run(["git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
                               *args], cwd=cwd, env=env, input=stdin, capture_output=True)
    except FileNotFoundError:
        raise PublishError("publishing to a git branch needs git on the PATH") from None
    if check and proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip()
        raise PublishError(f"git {args[0]} failed: {err or f'exit status {proc.returncode}'}")
    return proc.stdout.decode(errors="surrogateescape")


def _source_commit(project_dir: Path | None) -> tuple[str | None, bool]:
    """The project's short HEAD and whether it has uncommitted changes, if it is a repo."""
    if project_dir is None:
        return None, False
    env = {**_clean_env(), "GIT_OPTIONAL_LOCKS": "0"}  # status must not rewrite the index
    head = _git(["rev-parse", "--short=7", "--verify", "-q", "HEAD"], env, project_dir,
                check=False).strip()
    if not head:
        return None, False
    dirty = _git(["status", "--porcelain"], env, project_dir, check=False).strip()
    return head, bool(dirty)


class GitPublisher:
    """Commit the site as the branch's whole tree (plus `.nojekyll`) and push it."""

    def __init__(self, target: GitTarget, site_dir: Path, project_dir: Path | None) -> None:
        self.target = target
        self.site_dir = site_dir.resolve()
        self.project_dir = project_dir
        self.parent: str | None = None
        self.parent_tree: str | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="briefing-git-")
        try:
            tmp = Path(self._tmp.name)
            base = _clean_env()
            _git(["init", "-q", "--bare", str(tmp / "repo.git")], base)
            self.env = {**base, "GIT_DIR": str(tmp / "repo.git"),
                        "GIT_INDEX_FILE": str(tmp / "index")}
            self._fill_identity(base)
            self.remote = self._resolve_remote(target.remote)
        except BaseException:
            self._tmp.cleanup()  # __exit__ will not run when the constructor fails
            raise

    def __enter__(self) -> GitPublisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()

    def _fill_identity(self, base: dict[str, str]) -> None:
        # Use the user's identity when git knows one; otherwise a fixed one, set only in
        # our subprocesses' environment so no configuration is written anywhere.
        where = self.project_dir if self.project_dir and self.project_dir.is_dir() else None
        env = base if where else self.env  # the project's config, else global only
        for key, who, default in (("name", "NAME", IDENTITY[0]), ("email", "EMAIL", IDENTITY[1])):
            configured = _git(["config", f"user.{key}"], env, where, check=False).strip()
            for role in ("AUTHOR", "COMMITTER"):
                var = f"GIT_{role}_{who}"
                if not base.get(var) and not configured:
                    self.env[var] = default

    def _resolve_remote(self, remote: str) -> str:
        if _URL.match(remote):
            return remote
        if self.project_dir and not Path(remote).exists():
            # A remote name of the project's repository, such as `origin`.
            url = _git(["remote", "get-url", remote], _clean_env(), self.project_dir,
                       check=False).strip()
            if url:
                return url
        path = Path(remote).expanduser()
        if not path.exists():
            raise BadTargetError(f"git remote {remote!r} is neither a remote of the project, "
                               "a URL, nor an existing repository path")
        return str(path.resolve())

    def _tree_entries(self, rev: str) -> dict[str, tuple[str, str]]:
        out = _git(["ls-tree", "-r", "-z", rev], self.env)
        entries = {}
        for rec in filter(None, out.split("\0")):
            meta, path = rec.split("\t", 1)
            mode, _kind, sha = meta.split()
            entries[path] = (mode, sha)
        return entries

    def _index_entries(self) -> dict[str, tuple[str, str]]:
        out = _git(["ls-files", "-s", "-z"], self.env)
        entries = {}
        for rec in filter(None, out.split("\0")):
            meta, path = rec.split("\t", 1)
            mode, sha, _stage = meta.split()
            entries[path] = (mode, sha)
        return entries

    def _fetch_parent(self) -> None:
        ref = f"refs/heads/{self.target.branch}"
        listed = _git(["ls-remote", self.remote, ref], self.env).split()
        if not listed:
            return  # a first publish: the branch starts here, without a parent
        # Only the tip is needed as the parent; history stays on the remote.
        _git(["fetch", "-q", "--no-tags", "--depth=1", self.remote, ref], self.env)
        self.parent = _git(["rev-parse", "FETCH_HEAD^{commit}"], self.env).strip()
        self.parent_tree = _git(["rev-parse", "FETCH_HEAD^{tree}"], self.env).strip()

    def plan(self, files: list[LocalFile], *, delete: bool, keep: tuple[str, ...]) -> Plan:
        """Stage the site in our own index and compare it with the branch tip.

        `delete` does not apply: the branch holds exactly one build, and what it drops
        stays in the branch's history.
        """
        try:
            self._fetch_parent()
        except PublishError as exc:
            raise PublishError(f"could not read {self.target}: {exc}\n"
                               "Nothing was pushed.") from None
        old = self._tree_entries(self.parent) if self.parent else {}
        _git(["--work-tree", str(self.site_dir), "add", "-A", "-f", "--", "."], self.env,
             cwd=self.site_dir)
        new = self._index_entries()
        extra: list[str] = []
        if ".nojekyll" not in new:
            # GitHub Pages would otherwise run Jekyll and drop files starting with "_".
            empty = _git(["hash-object", "-w", "--stdin"], self.env).strip()
            new[".nojekyll"] = ("100644", empty)
            extra.append(f"100644 {empty}\t.nojekyll")
            files = [*files, LocalFile(".nojekyll", Path(os.devnull), 0,
                                       "d41d8cd98f00b204e9800998ecf8427e")]
        # The branch is the whole site, so files no longer built go; but whatever the user
        # keeps there (CNAME, .well-known/) is carried over from the previous commit.
        plan = build_plan(files, old, lambda f: old.get(f.path) == new.get(f.path),
                          delete=True, keep=keep)
        extra += [f"{old[p][0]} {old[p][1]}\t{p}" for p in plan.kept]
        if extra:
            _git(["update-index", "--add", "-z", "--index-info"], self.env,
                 stdin="".join(e + "\0" for e in extra).encode(errors="surrogateescape"))
        return plan

    def _message(self) -> str:
        head, dirty = _source_commit(self.project_dir)
        if not head:
            return "Publish briefing"
        return f"Publish briefing from {head}" + (" (with uncommitted changes)" if dirty else "")

    def apply(self, plan: Plan, progress: Progress | None = None) -> PublishResult:
        result = PublishResult(str(self.target), plan)
        tree = _git(["write-tree"], self.env).strip()
        if tree == self.parent_tree:
            return result  # nothing changed: no empty commit
        parents = ["-p", self.parent] if self.parent else []
        commit = _git(["commit-tree", tree, *parents, "-m", self._message()], self.env).strip()
        try:
            # No force: if someone pushed meanwhile, the push fails instead of losing it.
            _git(["push", "-q", self.remote, f"{commit}:refs/heads/{self.target.branch}"],
                 self.env)
        except PublishError as exc:
            raise PublishError(f"Publishing to {self.target} failed: {exc}\n"
                               f"Nothing was published: the branch is unchanged "
                               f"({len(plan.uploads)} uploads and {len(plan.delete)} "
                               "deletions not done). Run the same command again.") from None
        result.commit = commit
        result.uploaded = plan.uploads
        result.deleted = list(plan.delete)
        if progress:
            for path in result.uploaded:
                progress("upload", path)
            for path in result.deleted:
                progress("delete", path)
        return result
