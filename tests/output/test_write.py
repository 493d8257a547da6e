"""generator.output.write: staging and swap, per-file replace, unchanged bytes left alone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output.write import Writer, digest, write_site

FILES = {
    "index.html": b"<p>home</p>",
    "countries/china/index.html": b"<p>china</p>",
    "countries/russia/index.html": b"<p>russia</p>",
    "assets/style.0123abcd.css": b"body{}",
}


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time."""
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            found[path.relative_to(folder).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def age(folder: Path) -> None:
    """Set every file's mtime into the past, so that a rewrite would show."""
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            os.utime(Path(dirpath, name), ns=(1_000_000_000, 1_000_000_000))


def no_staging(parent: Path) -> bool:
    return not [p for p in parent.iterdir() if ".staging" in p.name]


def test_a_first_write_creates_the_folder_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = write_site(out, FILES)
    assert {rel: data for rel, (data, _) in tree(out).items()} == FILES
    assert report.written == sorted(FILES)
    assert no_staging(tmp_path)


def test_files_are_staged_beside_the_site_and_moved_into_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    moved: list[Path] = []
    rename, replace = os.rename, os.replace

    def record(real):
        def move(src, dst):
            moved.append(Path(src))
            return real(src, dst)
        return move

    monkeypatch.setattr(os, "rename", record(rename))
    monkeypatch.setattr(os, "replace", record(replace))
    write_site(out, FILES)  # first build: the whole staging folder becomes site/
    staging = tmp_path / f".site.staging-{os.getpid()}"
    assert moved == [staging]
    unchanged = (out / "countries/china/index.html").stat().st_ino
    write_site(out, {**FILES, "index.html": b"<p>changed</p>"})  # an update: the changed file only,
    assert [p.parent for p in moved[1:]] == [staging]  # staged whole, then renamed over the old one
    assert (out / "index.html").read_bytes() == b"<p>changed</p>"
    assert (out / "countries/china/index.html").stat().st_ino == unchanged
    assert no_staging(tmp_path)


def test_a_staged_name_never_clashes_with_another_files(tmp_path: Path) -> None:
    """Two paths that a flat staging name could confuse ("a/b" and "a%b") stay apart."""
    out = tmp_path / "site"
    write_site(out, FILES)
    files = {**FILES, "a/b": b"in a folder", "a%b": b"percent"}
    write_site(out, files)
    assert {rel: data for rel, (data, _) in tree(out).items()} == files


def test_a_killed_builds_staging_folder_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    for pid in (os.getpid(), 999_999_999):  # ours (a build before us in this process), another's
        left = tmp_path / f".site.staging-{pid}"
        (left / "countries").mkdir(parents=True)
        (left / "countries" / "half.html").write_bytes(b"<p>cut sh")
    write_site(out, {**FILES, "index.html": b"<p>changed</p>"})
    assert no_staging(tmp_path)


def test_a_live_builds_staging_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    code = ("import os, sys, fcntl, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)")
    live = tmp_path / ".site.staging-12345"
    live.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", code, str(live)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        write_site(out, {**FILES, "index.html": b"<p>changed</p>"})
        assert live.is_dir()
    finally:
        holder.kill()
        holder.wait()
    write_site(out, FILES)
    assert no_staging(tmp_path)


def test_an_update_never_writes_through_links(tmp_path: Path) -> None:
    """A hard link elsewhere (a backup made with cp -al) and a symlink keep their files."""
    out = tmp_path / "site"
    write_site(out, FILES)
    backup = tmp_path / "backup.html"
    os.link(out / "index.html", backup)
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"mine")
    (out / "countries/china/index.html").unlink()
    (out / "countries/china/index.html").symlink_to(outside)
    write_site(out, {**FILES, "index.html": b"<p>changed</p>", "countries/china/index.html": b"<p>new</p>"})
    assert (out / "index.html").read_bytes() == b"<p>changed</p>"
    assert backup.read_bytes() == FILES["index.html"]
    assert outside.read_bytes() == b"mine"
    assert not (out / "countries/china/index.html").is_symlink()
    assert (out / "countries/china/index.html").read_bytes() == b"<p>new</p>"


def test_the_parent_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "er" / "site"
    write_site(out, FILES)
    assert (out / "index.html").read_bytes() == b"<p>home</p>"


def test_writing_the_same_files_again_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    age(out)
    before = tree(out)
    report = write_site(out, dict(FILES))
    assert (report.written, report.deleted, report.unchanged) == ([], [], len(FILES))
    assert tree(out) == before
    assert no_staging(tmp_path)


def test_only_changed_files_are_written_and_stale_ones_deleted(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    age(out)
    before = tree(out)
    files = {**FILES, "index.html": b"<p>new home</p>", "notes/a/index.html": b"<p>a</p>"}
    del files["countries/russia/index.html"]
    report = write_site(out, files)
    assert report.written == ["index.html", "notes/a/index.html"]
    assert report.deleted == ["countries/russia/index.html"]
    after = tree(out)
    assert {rel: data for rel, (data, _) in after.items()} == files
    assert after["countries/china/index.html"] == before["countries/china/index.html"]
    assert after["assets/style.0123abcd.css"] == before["assets/style.0123abcd.css"]
    assert "countries/russia" not in folders(out)  # left empty, so removed
    assert no_staging(tmp_path)


def test_a_file_can_become_a_folder_and_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"a": b"file"})
    write_site(out, {"a/index.html": b"page"})
    assert (out / "a" / "index.html").read_bytes() == b"page"
    write_site(out, {"a": b"file again"})
    assert (out / "a").read_bytes() == b"file again"


def test_files_the_site_no_longer_has_are_removed_even_if_made_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    (out / "stray.txt").write_text("left by hand")
    report = write_site(out, FILES)
    assert report.deleted == ["stray.txt"]
    assert not (out / "stray.txt").exists()


def test_a_failure_while_staging_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    age(out)
    before = tree(out)
    clash = {**FILES, "index.html": b"changed", "x": b"a file", "x/y": b"and a folder of the same name"}
    with pytest.raises(OSError):
        write_site(out, clash)
    assert tree(out) == before
    assert no_staging(tmp_path)


def test_a_failed_first_write_leaves_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(OSError):
        write_site(out, {"x": b"a file", "x/y": b"and a folder of the same name"})
    assert not out.exists()
    assert no_staging(tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_while_files_are_moved_into_place_waits_until_the_site_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sig: int) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    new = {rel: data + b" v2" for rel, data in FILES.items()}
    calls = []

    def interrupted(real):  # the signal arrives as the first file is put in place
        def put(*args):
            if not calls:
                os.kill(os.getpid(), sig)
            calls.append(args)
            return real(*args)
        return put

    class Stopped(Exception):
        pass

    def stop(*_):
        raise Stopped

    monkeypatch.setattr(os, "replace", interrupted(os.replace))
    # As the command line handles both, even under a runner that starts with them ignored.
    previous = signal.signal(sig, stop)
    try:
        with pytest.raises(Stopped):
            write_site(out, new)
        assert signal.getsignal(sig) is stop  # given back
    finally:
        signal.signal(sig, previous)
    assert len(calls) == len(new)
    assert {rel: data for rel, (data, _) in tree(out).items()} == new
    assert no_staging(tmp_path)


def test_ctrl_c_during_the_clean_up_leaves_no_staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site(out, FILES)
    rmtree = shutil.rmtree
    sent = []

    def interrupted_rmtree(path, *args, **kwargs):  # Ctrl-C arrives as the staging folder is removed
        staging = Path(path)
        if not sent and staging.is_dir() and ".staging-" in staging.name:
            sent.append(path)
            os.kill(os.getpid(), signal.SIGINT)
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted_rmtree)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_site(out, {rel: data + b" v2" for rel, data in FILES.items()})
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sent
    assert no_staging(tmp_path)


def test_a_file_whose_digest_is_known_is_not_read_back(tmp_path: Path) -> None:
    """The writer trusts the digests it is given: a file named with one is compared by it,
    a file named with "" (not known) is read back to compare."""
    out = tmp_path / "site"
    write_site(out, FILES)
    for rel in ("index.html", "countries/china/index.html"):  # bytes other than the digests say
        (out / rel).write_bytes(b"<p>changed behind the writer's back</p>")
    known = {rel: digest(data) for rel, data in FILES.items()}
    known["countries/china/index.html"] = ""
    writer = Writer(out, known)
    for rel, data in FILES.items():
        writer.add(rel, data)
    report = writer.commit()
    assert report.written == ["countries/china/index.html"]  # read back: not what it should hold
    assert (out / "index.html").read_bytes() == b"<p>changed behind the writer's back</p>"  # trusted, unread
