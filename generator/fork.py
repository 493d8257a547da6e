"""Forked children that work beside a build (render workers, the model cache, folders
made ahead). Forking is safe only while one thread runs: another thread could hold a
lock that the child would then wait on forever."""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def spawn(work: Callable[[], None]) -> int | None:
    """Run `work` in a forked child that leaves Ctrl-C to the parent; the child's pid, or
    None when forking is unsafe or fails (the caller then does without it, or does it)."""
    if not can_fork():
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - the child's exit is seen by the parent's wait
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            work()
        finally:
            os._exit(0)
    return pid
