"""What each target ends up holding is a working site when served from /briefing/."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from publish_helpers import crawl, serve_under_briefing, tree_bytes, write_site

from generator.publish import publish


def assert_crawl_clean(folder: Path, site: Path) -> None:
    with serve_under_briefing(folder) as base:
        seen, broken = crawl(base)
    assert broken == []
    html_pages = [p for p in tree_bytes(site) if p.endswith("index.html")]
    assert len(seen) >= len(html_pages)  # the crawl reached every page


def test_crawler_notices_broken_links(site: Path, tmp_path: Path) -> None:
    write_site(site, extra='<a href="/timeline/">root</a> <a href="https://example.com/a">ext</a>')
    (site / "countries/china/index.html").unlink()
    (site / "timeline/index.html").write_text("<ol><li id='e1999'>Other</li></ol>")
    with serve_under_briefing(site) as base:
        _, broken = crawl(base)
    assert any("countries/china/: 404" in b for b in broken)
    assert any("#e2017 missing" in b for b in broken)
    assert any("/timeline/ leaves /briefing/" in b for b in broken)
    assert not any("example.com" in b for b in broken)  # other hosts are not followed


def test_published_folder_serves_without_broken_links(site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "published"
    publish(site, str(dest), echo=lambda s: None)
    assert_crawl_clean(dest, site)


@pytest.mark.usefixtures("git_env")
def test_published_branch_serves_without_broken_links(site: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    publish(site, f"git:{remote}", echo=lambda s: None)
    tar = subprocess.run(["git", "--git-dir", str(remote), "archive", "gh-pages"],
                         check=True, capture_output=True).stdout
    checkout = tmp_path / "checkout"
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(checkout, filter="data")
    assert_crawl_clean(checkout, site)


def test_published_bucket_serves_without_broken_links(site: Path, tmp_path: Path, s3: Any,
                                                      bucket: str, endpoint: str) -> None:
    publish(site, f"s3://{bucket}/briefing", endpoint_url=endpoint, echo=lambda s: None)
    download = tmp_path / "download"
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="briefing/"):
        for obj in page["Contents"]:
            out = download / obj["Key"].removeprefix("briefing/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
    assert tree_bytes(download) == tree_bytes(site)
    assert_crawl_clean(download, site)
