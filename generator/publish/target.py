"""Parsing the TARGET argument: `s3://bucket/prefix`, `git:remote#branch`, or a folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BadTargetError

DEFAULT_BRANCH = "gh-pages"
# Loose on purpose: S3-compatible services accept more than AWS does (e.g. underscores).
_BUCKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$")
_BRANCH_BAD = re.compile(r"(^[-/.])|(\.\.)|[\s~^:?*\[\\]|(/$)|(\.lock$)|(@\{)")


@dataclass(frozen=True)
class S3Target:
    bucket: str
    prefix: str  # without leading or trailing slash; "" for the bucket root

    def __str__(self) -> str:
        return f"s3://{self.bucket}" + (f"/{self.prefix}" if self.prefix else "")

    def key(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path


@dataclass(frozen=True)
class GitTarget:
    remote: str  # a remote name, URL or path, as the user wrote it
    branch: str

    def __str__(self) -> str:
        return f"git:{self.remote}#{self.branch}"


@dataclass(frozen=True)
class FolderTarget:
    path: Path

    def __str__(self) -> str:
        return str(self.path)


Target = S3Target | GitTarget | FolderTarget


def parse_target(text: str) -> Target:
    """Turn the TARGET argument into a target; raise PublishError saying what is wrong."""
    if not text.strip():
        raise BadTargetError("no publish target given: use s3://BUCKET[/PREFIX], "
                           "git:REMOTE[#BRANCH] or a folder path")
    if text.lower().startswith("s3://"):
        bucket, _, prefix = text[5:].partition("/")
        if not _BUCKET.match(bucket):
            raise BadTargetError(f"bad S3 target {text!r}: expected s3://BUCKET[/PREFIX]")
        prefix = prefix.strip("/")
        if any(part in ("", ".", "..") for part in prefix.split("/")) and prefix:
            raise BadTargetError(f"bad S3 prefix in {text!r}: empty, '.' or '..' segment")
        return S3Target(bucket, prefix)
    if text.startswith("git:"):
        remote, _, branch = text[4:].rpartition("#") if "#" in text else (text[4:], "", "")
        branch = branch or DEFAULT_BRANCH
        if not remote:
            raise BadTargetError(f"bad git target {text!r}: expected git:REMOTE_OR_PATH[#BRANCH]")
        if _BRANCH_BAD.search(branch):
            raise BadTargetError(f"bad branch name {branch!r} in {text!r}")
        return GitTarget(remote, branch)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        # Better to refuse than to create a folder called "https:".
        raise BadTargetError(f"unsupported target {text!r}: use s3://, git: or a folder path")
    return FolderTarget(Path(text).expanduser())
