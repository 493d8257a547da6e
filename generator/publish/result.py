"""What a publish did, or what it did before it stopped."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import PublishError
from .plan import Plan


@dataclass
class PublishResult:
    """The outcome: the plan that was computed and what of it was carried out.

    `uploaded` and `deleted` list what was actually done (empty on a dry run);
    `unchanged` is what already matched. For a git target, `commit` is the new commit.
    """

    target: str
    plan: Plan
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    dry_run: bool = False
    commit: str | None = None

    @property
    def unchanged(self) -> list[str]:
        return list(self.plan.unchanged)

    @property
    def uploaded_count(self) -> int:
        return len(self.uploaded)

    @property
    def unchanged_count(self) -> int:
        return len(self.plan.unchanged)

    @property
    def deleted_count(self) -> int:
        return len(self.deleted)

    def summary(self) -> str:
        if self.dry_run:
            return "Dry run: nothing was changed."
        text = (f"Published to {self.target}: {self.uploaded_count} uploaded, "
                f"{self.unchanged_count} unchanged, {self.deleted_count} deleted.")
        return text + (f" Commit {self.commit[:12]}." if self.commit else "")


def partial_failure(target: str, plan: Plan, uploaded: list[str], deleted: list[str],
                    step: str, cause: BaseException) -> PublishError:
    """An error for a publish that stopped part-way, saying what was and was not done.

    The upload order guarantees that the live pages only reference files that exist, so
    the advice is always the same: fix the cause and run the same command again.
    """
    uploads, deletes = plan.uploads, plan.delete
    not_uploaded = [p for p in uploads if p not in set(uploaded)]
    not_deleted = [p for p in deletes if p not in set(deleted)]
    lines = [
        f"Publishing to {target} failed while {step}: {cause}",
        f"Done: {len(uploaded)} of {len(uploads)} uploads, "
        f"{len(deleted)} of {len(deletes)} deletions.",
        f"Not done: {len(not_uploaded)} uploads"
        + (f" (next: {', '.join(not_uploaded[:5])}{', ...' if len(not_uploaded) > 5 else ''})"
           if not_uploaded else "")
        + f", {len(not_deleted)} deletions.",
        "The live site still links only to files that exist; "
        "run the same command again to finish.",
    ]
    return PublishError("\n".join(lines))
