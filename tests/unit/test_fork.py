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


# `beside` refuses to fork while other threads run, as they do in a test process: each
# case runs in an interpreter of its own, and prints what the test checks.
BESIDE = """
import os, signal, sys, time
from pathlib import Path
from generator import fork

def zombies():
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(stat.parent.name)
    return found

case = sys.argv[1]
if case == "value":
    pid, squares = fork.beside(lambda: (os.getpid(), [n * n for n in range(5)]))()
    print(pid != os.getpid(), squares)
elif case == "fails":
    def fail():
        raise ValueError("no")
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    print([fork.beside(work)() for work in (fail, die, lambda: os._exit(0))], zombies())
elif case == "let-go":
    read, write = os.pipe()
    def started():
        os.write(write, b"started")
        time.sleep(3600)
    result = fork.beside(started)
    os.read(read, 100)
    del result  # (the caller stopped, Ctrl-C say, before it asked)
    children = [c for task in Path(f"/proc/{os.getpid()}/task").iterdir()
                for c in (task / "children").read_text().split()]
    print(zombies(), children)
"""


def _beside(case: str) -> str:
    run = subprocess.run([sys.executable, "-c", BESIDE, case], capture_output=True, text=True, timeout=GUARD)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self").is_dir(), reason="forks, reads /proc")
def test_work_beside_returns_its_value_from_another_process() -> None:
    assert _beside("value") == "True [0, 1, 4, 9, 16]"


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self").is_dir(), reason="forks, reads /proc")
def test_work_beside_that_fails_or_dies_gives_none_and_leaves_no_child() -> None:
    assert _beside("fails") == "[None, None, None] []"  # and every child was waited for


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self").is_dir(), reason="forks, reads /proc")
def test_work_beside_never_asked_for_is_killed_when_let_go() -> None:
    assert _beside("let-go") == "[] []"  # no child left, running or ended
