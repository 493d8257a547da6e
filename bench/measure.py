"""Timing one subprocess: wall time, CPU of its whole process tree, peak memory.

`os.wait4` hands back the child's resource usage once it is reaped. On Linux that
usage covers the child and every descendant it waited for (so a build that runs
Pagefind is charged for Pagefind), and `ru_maxrss` is the peak resident set of the
largest single process of that tree, in KiB.

Before each run, dirty pages are flushed (`os.sync`), so that one build does not pay for
writing back the files of the one before. During each run, the CPU time that the whole
machine spent minus the child's own is recorded as `others`: the share of the machine
that other processes (and kernel threads, write-back included) took meanwhile; on a
shared machine, the main source of noise.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path


class BenchError(RuntimeError):
    pass


@dataclass
class Sample:
    wall: float
    user: float
    sys: float
    rss_mb: float
    others: float = 0.0  # share of all CPUs busy with other processes during the run

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    def to_json(self) -> dict:
        return asdict(self)


def timed(cmd: list[str], log: Path, cwd: Path | None = None, env: dict | None = None) -> Sample:
    """Run `cmd` to completion (output appended to `log`) and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        os.sync()
        busy = busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        busy = busy_seconds() - busy
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-8:])
        raise BenchError(f"exit status {proc.returncode}: {' '.join(cmd)} (output in {log}):\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    others = float("nan") if math.isnan(busy) else max(0.0, busy - cpu) / ((os.cpu_count() or 1) * wall)
    return Sample(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, others)


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (NaN where unknown)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (modification time, inode): a rewrite changes one or both."""
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            found[os.path.relpath(os.path.join(dirpath, name), folder)] = (st.st_mtime_ns, st.st_ino)
    return found


def changed_files(before: dict, after: dict) -> int:
    """Files written, added or removed between two snapshots."""
    return sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def html_pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in Path(folder).rglob("*.html")}
