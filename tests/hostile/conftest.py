"""Running one piece of the pipeline under hard limits, for hostile input.

`bounded(fn, *args)` runs `fn(*args)` in a forked child with a CPU-time limit
(RLIMIT_CPU: the kernel stops the child, however busy the machine is) and a memory limit
(RLIMIT_AS, on top of what the child starts with), and returns its result. A child that
goes over a limit fails the test with the limit's name. The limits are generous, tens of
times what the work needs: only unbounded (exponential) or quadratic work reaches them,
and no assertion depends on how fast the machine is.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import traceback
from typing import Any, Callable

import pytest

CPU_SECONDS = 60
MEMORY = 2 * 2**30
# A hang that uses no CPU (a blocking read) would never meet the CPU limit.
STALL_SECONDS = 300


class OverLimit(AssertionError):
    pass


def _address_space() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def bounded(fn: Callable[..., Any], *args: Any, cpu: int = CPU_SECONDS, memory: int = MEMORY) -> Any:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: limits, the work, its result down the pipe, and out
        try:
            os.close(read)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.alarm(STALL_SECONDS)
            try:
                outcome = ("ok", fn(*args))
            except MemoryError:
                outcome = ("memory", None)
            except BaseException:  # noqa: BLE001 - reported to the parent as it was
                outcome = ("raised", traceback.format_exc())
            with os.fdopen(write, "wb") as f:
                f.write(pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status))
        why = {signal.SIGXCPU: f"more than {cpu} s of CPU", signal.SIGKILL: f"more than {cpu + 5} s of CPU",
               signal.SIGALRM: f"no result after {STALL_SECONDS} s"}.get(sig, sig.name)
        raise OverLimit(f"{getattr(fn, '__name__', fn)}: {why}")
    kind, value = pickle.loads(data)
    if kind == "memory":
        raise OverLimit(f"{getattr(fn, '__name__', fn)}: more than {memory // 2**20} MB of memory")
    if kind == "raised":
        raise AssertionError(f"{getattr(fn, '__name__', fn)} raised:\n{value}")
    return value


@pytest.fixture(scope="session")
def limited() -> Callable[..., Any]:
    return bounded
