"""Builds stopped from outside: SIGKILL and SIGTERM at many points of a first build and of
an update, on a generated project of a few thousand pages.

After a SIGKILL every file in site/ is whole: its old version or its new one (compared
with clean builds of the old and the new content). After a SIGTERM, handled like Ctrl-C,
site/ is the old site or the new one, whole, and the command exits 143. Either way the
next build removes what the stopped one left and makes the site byte for byte as a clean
build does.

Each kill lands at a point of the build's progress, not of the clock: the build's whole
process group is frozen (SIGSTOP) once it has staged a given share of the pages, and
the signal is sent while it is frozen; the build cannot run past the point meanwhile.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.corpus import generate
from trees import override, tree

COUNTRIES, NOTES = 40, 50  # 2,050 files
GUARD = 300  # seconds: only what turns a hang into a failure, never a measurement


def leftovers(project: Path) -> list[str]:
    """What a build may leave beside the site: staging folders, temporary files."""
    return sorted(p.name for p in project.iterdir() if ".staging" in p.name or ".tmp" in p.name)


def briefing(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def build(project: Path, *args: str) -> None:
    proc = briefing(project, *args)
    _, err = proc.communicate(timeout=GUARD)
    assert proc.returncode == 0, err.decode()


def staged(project: Path) -> int:
    """How many files the running build has staged so far."""
    count = 0
    for folder in project.glob(".site.staging-*"):
        for _dirpath, _dirs, names in os.walk(folder):
            count += len(names)
    return count


def stop_at(proc: subprocess.Popen, project: Path, files: int, sig: int) -> str:
    """Send `sig` to the build once it has staged `files` files (0: at once), or as it
    ends if it never gets there; the whole group is frozen while the point is checked.
    Returns what the build wrote to stderr."""
    deadline = time.monotonic() + GUARD
    while proc.poll() is None and time.monotonic() < deadline:
        if files == 0 or staged(project) >= files:
            os.killpg(proc.pid, signal.SIGSTOP)
            break
        time.sleep(0.002)
    if proc.poll() is None:
        os.kill(proc.pid, sig)
        os.killpg(proc.pid, signal.SIGCONT)
    return proc.communicate(timeout=GUARD)[1].decode()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A project; clean builds of its old and its new content; the old site and cache."""
    work = tmp_path_factory.mktemp("kills")
    project = work / "project"
    generate(project, countries=COUNTRIES, notes=NOTES)
    build(project)
    old = tree(project / "site")
    pristine = work / "pristine"
    shutil.copytree(project / "site", pristine / "site")
    shutil.copytree(project / ".briefing-cache", pristine / ".briefing-cache")
    site_yaml = project / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("Synthetic briefing", "Synthetic briefing, revised", 1))
    gone = sorted((project / "content/notes").glob("*.md"))[0]
    gone.unlink()  # a page removed
    (project / "content/notes/added-note.md").write_text(
        "---\ntitle: An added note\n---\nA note the old site did not have.\n")
    build(project, "--out", str(work / "new"))
    new = tree(work / "new")
    assert len(new) > 2000 and set(old) != set(new)
    assert not set(old) & set(new) or any(old[f] != new[f] for f in set(old) & set(new))
    return {"project": project, "pristine": pristine, "old": old, "new": new, "work": work}


def restore_old(corpus: dict) -> Path:
    project = corpus["project"]
    for name in ("site", ".briefing-cache"):
        shutil.rmtree(project / name, ignore_errors=True)
        shutil.copytree(corpus["pristine"] / name, project / name)
    return project


def assert_next_build_is_clean(corpus: dict) -> None:
    project = corpus["project"]
    build(project)
    assert tree(project / "site") == corpus["new"], "the build after the kill differs from a clean build"
    assert leftovers(project) == []


def assert_every_file_whole(site: Path, *versions: dict[str, bytes]) -> None:
    for rel, data in tree(site).items():
        assert any(v.get(rel) == data for v in versions), f"{rel} is neither its old nor its new version"


def pages(corpus: dict) -> int:
    return len(corpus["new"])


SHARES = (0.0, 0.5, 1.0)  # of the pages staged when the signal lands


@pytest.mark.parametrize("share", SHARES)
def test_sigkill_of_a_first_build_leaves_no_site_or_a_whole_one(corpus: dict, share: float) -> None:
    project = corpus["project"]
    for name in ("site", ".briefing-cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    stop_at(briefing(project), project, int(pages(corpus) * share), signal.SIGKILL)
    if (project / "site").exists():
        assert tree(project / "site") == corpus["new"]
    assert_next_build_is_clean(corpus)


@pytest.mark.parametrize("share", SHARES)
def test_sigkill_of_an_update_leaves_every_file_old_or_new(corpus: dict, share: float) -> None:
    project = restore_old(corpus)
    stop_at(briefing(project), project, int(pages(corpus) * share), signal.SIGKILL)
    assert_every_file_whole(project / "site", corpus["old"], corpus["new"])
    assert_next_build_is_clean(corpus)


@pytest.mark.parametrize("fraction", (0.75, 0.95))
def test_sigkill_while_an_update_moves_its_files_leaves_every_file_old_or_new(
        corpus: dict, fraction: float) -> None:
    """At fractions of the time an update takes: some land while files are moved in."""
    project = restore_old(corpus)
    started = time.monotonic()
    build(project)
    duration = time.monotonic() - started
    project = restore_old(corpus)
    proc = briefing(project)
    time.sleep(duration * fraction)
    proc.kill()
    proc.communicate(timeout=GUARD)
    assert_every_file_whole(project / "site", corpus["old"], corpus["new"])
    assert_next_build_is_clean(corpus)


@pytest.mark.parametrize("first", [True, False], ids=["first-build", "update"])
@pytest.mark.parametrize("share", (0.0, 0.6))
def test_sigterm_stops_a_build_cleanly_with_143(corpus: dict, first: bool, share: float) -> None:
    project = corpus["project"]
    if first:
        for name in ("site", ".briefing-cache"):
            shutil.rmtree(project / name, ignore_errors=True)
    else:
        restore_old(corpus)
    proc = briefing(project)
    err = stop_at(proc, project, int(pages(corpus) * share), signal.SIGTERM)
    # 143 from our handler; -15 when it lands before Python has set the handler up (a
    # shell reports both as 143); 0 when the build was done.
    assert proc.returncode in (143, -signal.SIGTERM, 0), err
    assert "Traceback" not in err
    site = tree(project / "site") if (project / "site").exists() else None
    assert site in ((None if first else corpus["old"]), corpus["new"]), "a mix of old and new after SIGTERM"
    assert leftovers(project) == []  # cleaned up on the way out, as on Ctrl-C
    assert_next_build_is_clean(corpus)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
def test_a_killed_builds_workers_die_and_its_output_pipe_ends(corpus: dict) -> None:
    """`briefing build | cat` must end when the build is killed: no worker holds the pipe."""
    project = corpus["project"]
    for name in ("site", ".briefing-cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    proc = briefing(project)
    deadline = time.monotonic() + GUARD
    while len(workers := children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(workers) >= 2, "the build rendered without workers"
    proc.kill()
    ended = threading.Event()
    threading.Thread(target=lambda: (proc.stdout.read(), ended.set()), daemon=True).start()
    assert ended.wait(GUARD), "the build's stdout stayed open after it was killed"
    proc.wait()
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(alive(w) for w in workers)
    assert_next_build_is_clean(corpus)


@pytest.mark.parametrize(("sig", "share"), [(signal.SIGKILL, 0.5), (signal.SIGKILL, 1.0), (signal.SIGTERM, 0.5)])
def test_a_build_from_the_kept_plan_stopped_leaves_every_file_old_or_new(corpus: dict, sig: int, share: float) -> None:
    """A template change of the entity pages, made from the kept plan without the content."""
    project = corpus["project"]
    build(project)  # site/ and the cache of the content as it is
    before = tree(project / "site")
    kept = corpus["work"] / "kept-before"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(project / ".briefing-cache", kept)
    try:
        override(project, "note.html", "<!-- restyled -->")
        build(project, "--out", str(corpus["work"] / "restyled"))
        after = tree(corpus["work"] / "restyled")
        proc = briefing(project)
        err = stop_at(proc, project, int(sum(f.endswith("index.html") for f in after) * share), sig)
        assert "Traceback" not in err
        assert_every_file_whole(project / "site", before, after)
        if sig == signal.SIGTERM:
            assert leftovers(project) == []  # cleaned up on the way out, as on Ctrl-C
        build(project)  # the next build removes what a killed one left, and finishes it
        assert tree(project / "site") == after and leftovers(project) == []
    finally:
        shutil.rmtree(project / "templates", ignore_errors=True)
        shutil.rmtree(project / ".briefing-cache")
        shutil.copytree(kept, project / ".briefing-cache")
    build(project)
    assert tree(project / "site") == corpus["new"] == before
