"""The rules every target shares: target parsing, headers, order, keep-list, the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish import BadTargetError, parse_target
from generator.publish.manifest import (
    DEFAULT_CACHE, IMMUTABLE_CACHE, SHORT_CACHE, LocalFile, cache_control, content_type,
    is_kept, upload_rank)
from generator.publish.plan import build_plan
from generator.publish.target import FolderTarget, GitTarget, S3Target


@pytest.mark.parametrize("text, expected", [
    ("s3://bucket", S3Target("bucket", "")),
    ("s3://bucket/", S3Target("bucket", "")),
    ("s3://bucket/a/b/", S3Target("bucket", "a/b")),
    ("git:../pages.git", GitTarget("../pages.git", "gh-pages")),
    ("git:origin#pages", GitTarget("origin", "pages")),
    ("git:https://host/org/repo.git#gh-pages", GitTarget("https://host/org/repo.git", "gh-pages")),
    ("git:git@host:org/repo.git", GitTarget("git@host:org/repo.git", "gh-pages")),
    ("/mnt/share/briefing", FolderTarget(Path("/mnt/share/briefing"))),
    ("out", FolderTarget(Path("out"))),
])
def test_parse_target(text: str, expected: object) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["", "s3://", "s3://b/../x", "git:", "git:#main",
                                  "git:origin#bad..name", "https://example.org/site"])
def test_parse_target_rejects(text: str) -> None:
    with pytest.raises(BadTargetError):
        parse_target(text)


@pytest.mark.parametrize("path, ctype, cache", [
    ("index.html", "text/html; charset=utf-8", SHORT_CACHE),
    ("countries/china/index.html", "text/html; charset=utf-8", SHORT_CACHE),
    ("assets/style.3f9a1c2b.css", "text/css; charset=utf-8", IMMUTABLE_CACHE),
    ("assets/app.0123456789abcdef.js", "text/javascript; charset=utf-8", IMMUTABLE_CACHE),
    ("assets/logo.3f9a1c2b.svg", "image/svg+xml; charset=utf-8", IMMUTABLE_CACHE),
    ("assets/font.3f9a1c2b.woff2", "font/woff2", IMMUTABLE_CACHE),
    ("assets/style.css", "text/css; charset=utf-8", DEFAULT_CACHE),
    ("assets/style.3f9a1c.css", "text/css; charset=utf-8", DEFAULT_CACHE),  # too short
    ("pagefind/pagefind.js", "text/javascript; charset=utf-8", SHORT_CACHE),
    ("pagefind/index/en_3f9a1c2b4d.pf_index", "application/octet-stream", SHORT_CACHE),
    ("feed.xml", "application/atom+xml; charset=utf-8", SHORT_CACHE),
    ("sitemap.xml", "application/xml; charset=utf-8", SHORT_CACHE),
    ("robots.txt", "text/plain; charset=utf-8", SHORT_CACHE),
    ("data.json", "application/json; charset=utf-8", DEFAULT_CACHE),
    ("img/photo.png", "image/png", DEFAULT_CACHE),
])
def test_headers(path: str, ctype: str, cache: str) -> None:
    assert (content_type(path), cache_control(path)) == (ctype, cache)


def test_upload_order() -> None:
    paths = ["index.html", "404.html", "feed.xml", "pagefind/pagefind-entry.json",
             "pagefind/pagefind.js", "countries/index.html", "countries/china/index.html",
             "assets/style.0123abcd.css", "robots.txt"]
    assert sorted(paths, key=upload_rank) == [
        "assets/style.0123abcd.css", "countries/china/index.html", "countries/index.html",
        "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "feed.xml", "robots.txt",
        "404.html", "index.html"]


def test_keep_list_matching() -> None:
    keep = ("CNAME", ".well-known/", "/downloads/", "*.pdf")
    assert is_kept("CNAME", keep) and is_kept(".well-known/acme/x", keep)
    assert is_kept("downloads/a.zip", keep) and is_kept("docs/report.pdf", keep)
    assert not is_kept("sub/CNAME", keep) and not is_kept(".well-knownx", keep)


def test_build_plan_and_description() -> None:
    files = [LocalFile(p, Path(p), 1, "m") for p in ("index.html", "a.css", "b.html")]
    plan = build_plan(files, ["index.html", "b.html", "old.html", "CNAME"],
                      lambda f: f.path == "b.html", delete=True, keep=("CNAME",))
    assert (plan.new, plan.changed, plan.unchanged) == (["a.css"], ["index.html"], ["b.html"])
    assert (plan.delete, plan.kept, plan.remote_total) == (["old.html"], ["CNAME"], 4)
    assert plan.uploads == ["a.css", "index.html"] and not plan.needs_force
    assert plan.describe("t") == [
        "Plan for t: 2 to upload (1 new, 1 changed), 1 unchanged, 1 to delete, 1 kept",
        "  + a.css", "  ~ index.html", "  - old.html"]


def test_files_the_site_names_as_replaced_are_deleted_without_delete() -> None:
    built = ["index.html", "assets/style.997ae3ce.css", "pagefind/pagefind-entry.json",
             "pagefind/fragment/en_1111aaaa.pf_fragment"]
    files = [LocalFile(p, Path(p), 1, "m") for p in built]
    remote = [*built, "assets/style.0aa2cc6d.css", "pagefind/fragment/en_2222bbbb.pf_fragment",
              "pagefind/index/en_3333cccc.pf_index", "old.html", "assets/logo.12345678.svg", "notes.20250101.pdf"]
    plan = build_plan(files, remote, lambda f: True, delete=False, keep=())
    assert plan.replaced == plan.delete == [
        "assets/style.0aa2cc6d.css", "pagefind/fragment/en_2222bbbb.pf_fragment", "pagefind/index/en_3333cccc.pf_index"]
    # Not replaced: a page no longer built, an asset the site no longer has in any version,
    # a file with a date in its name outside the build's own folders.
    assert plan.left == ["old.html", "assets/logo.12345678.svg", "notes.20250101.pdf"]
    assert not plan.needs_force
    assert plan.describe("t") == [
        "Plan for t: 0 to upload (0 new, 0 changed), 4 unchanged, 3 to delete",
        "  - assets/style.0aa2cc6d.css", "  - pagefind/fragment/en_2222bbbb.pf_fragment",
        "  - pagefind/index/en_3333cccc.pf_index",
        "  3 files replaced by newer ones of the site (older fingerprinted assets, an older search index) to delete",
        "  3 files no longer built are left in place (use --delete to remove them)"]


def test_an_old_search_index_stays_when_the_site_no_longer_has_search() -> None:
    files = [LocalFile("index.html", Path("index.html"), 1, "m")]
    plan = build_plan(files, ["index.html", "pagefind/pagefind-entry.json"], lambda f: True, delete=False, keep=())
    assert (plan.replaced, plan.left) == ([], ["pagefind/pagefind-entry.json"])
    assert plan.describe("t")[-1] == "  1 file no longer built is left in place (use --delete to remove them)"
