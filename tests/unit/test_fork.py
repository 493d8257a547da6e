"""generator.fork: a forked child dies with its parent, however the parent ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

GUARD = 60  # seconds: turns a hang into a failure; never a measurement

# A parent that forks a child which would sleep for good, prints the child's pid, then
# waits to be killed. KERNEL=0 leaves the kernel out: the child's own watch must do it.
PARENT = """
import os, sys, time
from generator import fork
if sys.argv[1] == "0":
    fork._kernel_watches = lambda parent: False
pid = fork.spawn(lambda: time.sleep(3600))
print(pid, flush=True)
time.sleep(3600)
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self").is_dir(), reason="forks, reads /proc")
@pytest.mark.parametrize("kernel", ["1", "0"], ids=["pdeathsig", "watching-the-parent"])
def test_a_child_dies_when_its_parent_is_killed(kernel: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, kernel], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert not gone(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + GUARD
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gone(child), "the child outlived its parent"


def test_a_child_ignores_ctrl_c_and_sigterm_which_are_the_parents() -> None:
    from generator import fork

    if not fork.can_fork():
        pytest.skip("other threads run in this test process")
    read, write = os.pipe()

    def report() -> None:
        os.write(write, f"{signal.getsignal(signal.SIGINT) is signal.SIG_IGN}"
                        f" {signal.getsignal(signal.SIGTERM) is signal.SIG_IGN}".encode())

    pid = fork.spawn(report)
    assert pid
    os.waitpid(pid, 0)
    os.close(write)
    assert os.read(read, 100) == b"True True"
    os.close(read)


def _beside_or_skip():
    from generator import fork

    if not fork.can_fork():
        pytest.skip("other threads run in this test process")
    return fork.beside


def test_work_beside_returns_its_value_from_another_process() -> None:
    beside = _beside_or_skip()
    result = beside(lambda: (os.getpid(), [n * n for n in range(5)]))
    pid, squares = result()
    assert pid != os.getpid() and squares == [0, 1, 4, 9, 16]


def test_work_beside_that_fails_or_dies_gives_none_and_leaves_no_child() -> None:
    beside = _beside_or_skip()

    def fail() -> None:
        raise ValueError("no")

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    for work in (fail, die, lambda: os._exit(0)):
        assert beside(work)() is None
    assert not zombies()  # every child was waited for


def zombies() -> list[int]:
    """This process's children that ended and were never waited for."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


def test_work_beside_never_asked_for_is_killed_when_let_go() -> None:
    beside = _beside_or_skip()
    read, write = os.pipe()

    def started() -> None:
        os.write(write, f"{os.getpid()}\n".encode())
        time.sleep(3600)

    result = beside(started)
    child = int(os.read(read, 100))
    del result  # (the caller stopped, Ctrl-C say, before it asked)
    deadline = time.monotonic() + GUARD
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gone(child)
    os.close(read)
    os.close(write)
