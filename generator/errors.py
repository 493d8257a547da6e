"""Positions and content issues: the one vocabulary every stage reports in."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Pos:
    """Where something was written: a project-relative path, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"




@dataclass(frozen=True, order=True)
class Issue:
    """One content error: where, what is wrong, and what to do about it."""

    pos: Pos
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" + (f"; {self.hint}" if self.hint else "")


@dataclass
class ContentError(Exception):
    """Raised by `build()` when the content has issues; nothing was written."""

    issues: list[Issue] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(i) for i in self.issues)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what `timeout`, CI runners and systemd send), raised where Ctrl-C would be,
    so that every clean-up that runs on Ctrl-C runs for it too."""
