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
