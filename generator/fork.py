"""Forked children that work beside a build (render workers, the model cache, the first
build's reading of half the content files). Forking is safe only while one thread runs:
another thread could hold a lock that the child would then wait on forever.

Every child dies with the build: killed with SIGKILL, the build gets no chance to stop
its children, and a child left running would hold the caller's stdout open (so that
`briefing build | tee log` never ends) and wait forever on a pipe nobody reads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import signal
import sys
import threading
import time
import weakref
from typing import Callable, TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_EVERY = 0.2  # seconds between two looks at the parent, where the kernel cannot tell


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _kernel_watches(parent: int) -> bool:
    """Ask Linux to SIGKILL this child when the thread that forked it ends."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:
    """Called first thing in a forked child: end it when `parent` ends, however it ends.

    On Linux the kernel does it; elsewhere a thread of the child looks at its parent's
    pid, which changes (to that of init or a subreaper) once the parent is gone.
    """
    if not _kernel_watches(parent):
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(WATCH_EVERY)
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def detach_signals() -> None:
    """Ctrl-C and SIGTERM are the parent's to handle: it stops its children itself, after
    having put the site in a whole state, and kills them if it is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def spawn(work: Callable[[], None]) -> int | None:
    """Run `work` in a forked child that dies with its parent; the child's pid, or None
    when forking is unsafe or fails (the caller then does without it, or does it)."""
    if not can_fork():
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - the child's exit is seen by the parent's wait
        try:
            detach_signals()
            die_with_parent(parent)
            work()
        finally:
            os._exit(0)
    return pid


def beside(work: Callable[[], T]) -> Callable[[], T | None]:
    """Start `work` in a forked child (`spawn`), to run while this process does something
    else; returns what waits for its result: the value `work` returned, or None when
    forking is unsafe or failed, or the child died or raised (nothing, or a pickle cut
    short, came through: the caller then does the work itself).

    The child pickles its result before sending it, so that the pickling runs beside the
    caller too; the caller reads it once it asks. A caller that stops before asking
    (Ctrl-C) leaves no child behind: the child is killed when the waiting function is
    collected, and dies with this process in any case."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return lambda: None

    def send() -> None:
        os.close(read_end)
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as out:
            out.write(data)

    pid = spawn(send)
    os.close(write_end)
    state = {"pid": pid, "fd": read_end}
    if pid is None:
        _reap(state)
        return lambda: None

    def result() -> T | None:
        try:
            with open(state.pop("fd"), "rb") as got:
                data = got.read()
        finally:
            _reap(state)
        try:
            return pickle.loads(data) if data else None
        except (pickle.PickleError, EOFError, ValueError):
            return None

    weakref.finalize(result, _reap, state, True)
    return result


def _reap(state: dict, kill: bool = False) -> None:
    """Close the pipe and wait for the child, once (killing it first when it is not to
    finish)."""
    fd, pid = state.pop("fd", None), state.pop("pid", None)
    if fd is not None:
        os.close(fd)
    if pid is None:
        return
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
