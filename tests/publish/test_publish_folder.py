"""Publishing to a local folder (a mounted share)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from publish_helpers import tree_bytes

from generator.publish import BadTargetError, ForceRequiredError, PublishError, publish

OLD = 1_000_000_000  # a recognisable mtime: 2001-09-09


def quiet(_: str) -> None:
    pass


def test_first_publish_copies_everything_readable(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "share/briefing"
    result = publish(site, str(dest), echo=quiet)
    assert tree_bytes(dest) == tree_bytes(site)
    assert result.uploaded_count == len(tree_bytes(site))
    for p in dest.rglob("*"):
        if p.is_file():
            assert stat.S_IMODE(p.stat().st_mode) == stat.S_IMODE(
                (site / p.relative_to(dest)).stat().st_mode)
            assert not p.name.endswith(".tmp")


def test_only_changed_files_written(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    publish(site, str(dest), echo=quiet)
    for p in dest.rglob("*"):
        if p.is_file():
            os.utime(p, (OLD, OLD))
    inode = (dest / "index.html").stat().st_ino

    noop = publish(site, str(dest), echo=quiet)
    assert noop.uploaded == []
    assert all(p.stat().st_mtime == OLD for p in dest.rglob("*") if p.is_file())

    # Same size, different bytes: the hash, not the size, decides.
    page = site / "timeline/index.html"
    page.write_text(page.read_text().replace("Timeline", "Timelin3"))
    changed = publish(site, str(dest), echo=quiet)
    assert changed.uploaded == ["timeline/index.html"]
    assert (dest / "timeline/index.html").read_bytes() == page.read_bytes()
    assert (dest / "timeline/index.html").stat().st_mtime != OLD
    others = [p for p in dest.rglob("*")
              if p.is_file() and p != dest / "timeline/index.html"]
    assert others and all(p.stat().st_mtime == OLD for p in others)
    assert (dest / "index.html").stat().st_ino == inode


def test_stale_files_and_keep_list(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    publish(site, str(dest), echo=quiet)
    for rel in ("old/deep/index.html", "CNAME", ".well-known/security.txt",
                "downloads/report.pdf", ".git/HEAD"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text("user's\n")

    lines: list[str] = []
    kept = publish(site, str(dest), echo=lines.append)
    assert kept.deleted == [] and (dest / "old/deep/index.html").exists()
    assert sorted(kept.plan.left) == ["downloads/report.pdf", "old/deep/index.html"]
    assert any("use --delete" in line for line in lines)

    done = publish(site, str(dest), delete=True, keep=("CNAME", ".well-known/", "downloads/"),
                   echo=quiet)
    assert done.deleted == ["old/deep/index.html"]
    assert not (dest / "old").exists()  # emptied folders go too
    for rel in ("CNAME", ".well-known/security.txt", "downloads/report.pdf", ".git/HEAD"):
        assert (dest / rel).read_text() == "user's\n"


def test_default_keep_list_with_delete(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    publish(site, str(dest), echo=quiet)
    (dest / "CNAME").write_text("example.org\n")
    (dest / "extra.html").write_text("stale\n")
    result = publish(site, str(dest), delete=True, echo=quiet)
    assert result.deleted == ["extra.html"] and result.plan.kept == ["CNAME"]
    assert (dest / "CNAME").exists()


def test_mass_delete_needs_force(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "wrong-folder"
    dest.mkdir()
    for i in range(40):
        (dest / f"photo-{i}.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ForceRequiredError):
        publish(site, str(dest), delete=True, echo=quiet)
    assert len(list(dest.iterdir())) == 40
    publish(site, str(dest), delete=True, force=True, echo=quiet)
    assert tree_bytes(dest) == tree_bytes(site)


def test_dry_run_and_bad_targets(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    lines: list[str] = []
    result = publish(site, str(dest), dry_run=True, echo=lines.append)
    assert not dest.exists() and result.uploaded == [] and len(result.plan.new) > 0
    assert "  + index.html" in lines
    with pytest.raises(BadTargetError, match="overlaps"):
        publish(site, str(site / "nested"), echo=quiet)
    with pytest.raises(BadTargetError, match="overlaps"):
        publish(site, str(tmp_path), echo=quiet)
    with pytest.raises(PublishError, match="build the site"):
        publish(tmp_path / "missing-site", str(dest), echo=quiet)


def test_without_delete_the_files_the_site_replaced_are_removed_and_the_rest_counted(
        site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    publish(site, str(dest), echo=quiet)
    (dest / "by-hand.txt").write_text("put there by someone else")
    old_css = "assets/style.0123abcd.css"
    (site / old_css).rename(site / "assets/style.4567cdef.css")
    (dest / "pagefind/fragment").mkdir()
    (dest / "pagefind/fragment/en_1111aaaa.pf_fragment").write_text("an older index's")
    said: list[str] = []
    publish(site, str(dest), echo=said.append)
    assert not (dest / old_css).exists() and (dest / "assets/style.4567cdef.css").is_file()
    assert not (dest / "pagefind/fragment/en_1111aaaa.pf_fragment").exists()
    assert (dest / "by-hand.txt").read_text() == "put there by someone else"
    assert "  2 files replaced by newer ones of the site (older fingerprinted assets, an older search index) to delete" in said
    assert "  1 file no longer built is left in place (use --delete to remove them)" in said
