"""Publishing to a real S3 API: a standalone moto server over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from publish_helpers import CSS, Relay, write_site

from generator.publish import ForceRequiredError, PublishError, publish
from generator.publish.manifest import IMMUTABLE_CACHE, SHORT_CACHE


def keys(s3: Any, bucket: str, prefix: str = "") -> dict[str, bytes]:
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
    return out


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*") if p.is_file()}


def test_first_publish_then_noop(site: Path, s3: Any, bucket: str, endpoint: str) -> None:
    lines: list[str] = []
    first = publish(site, f"s3://{bucket}/briefing", endpoint_url=endpoint, echo=lines.append)
    expected = site_files(site)
    assert sorted(first.uploaded) == sorted(expected)
    assert keys(s3, bucket) == {f"briefing/{p}": b for p, b in expected.items()}
    assert lines[0].startswith(f"Plan for s3://{bucket}/briefing: {len(expected)} to upload")
    assert f"  + {CSS}" in lines

    second = publish(site, f"s3://{bucket}/briefing/", endpoint_url=endpoint, echo=lambda s: None)
    assert second.uploaded == [] and second.deleted == []
    assert second.unchanged_count == len(expected)


def test_change_one_file_uploads_only_it(site: Path, s3: Any, bucket: str,
                                         endpoint: str) -> None:
    publish(site, f"s3://{bucket}", endpoint_url=endpoint, echo=lambda s: None)
    page = site / "countries/china/index.html"
    page.write_text(page.read_text().replace("China", "PRC"))
    lines: list[str] = []
    result = publish(site, f"s3://{bucket}", endpoint_url=endpoint, echo=lines.append)
    assert result.uploaded == ["countries/china/index.html"]
    assert "  ~ countries/china/index.html" in lines
    stored = s3.get_object(Bucket=bucket, Key="countries/china/index.html")["Body"].read()
    assert stored == page.read_bytes()


def test_headers_on_stored_objects(site: Path, s3: Any, bucket: str, endpoint: str) -> None:
    publish(site, f"s3://{bucket}/p", endpoint_url=endpoint, echo=lambda s: None)
    expect = {
        "index.html": ("text/html; charset=utf-8", SHORT_CACHE),
        "countries/china/index.html": ("text/html; charset=utf-8", SHORT_CACHE),
        CSS: ("text/css; charset=utf-8", IMMUTABLE_CACHE),
        "pagefind/pagefind.js": ("text/javascript; charset=utf-8", SHORT_CACHE),
        "pagefind/pagefind-entry.json": ("application/json; charset=utf-8", SHORT_CACHE),
        "feed.xml": ("application/atom+xml; charset=utf-8", SHORT_CACHE),
        "sitemap.xml": ("application/xml; charset=utf-8", SHORT_CACHE),
        "robots.txt": ("text/plain; charset=utf-8", SHORT_CACHE),
    }
    for path, (ctype, cache) in expect.items():
        head = s3.head_object(Bucket=bucket, Key=f"p/{path}")
        assert (head["ContentType"], head["CacheControl"]) == (ctype, cache), path
        assert head["Metadata"]["md5"] == head["ETag"].strip('"')


def test_upload_order_keeps_site_consistent(site: Path, bucket: str, endpoint: str) -> None:
    order: list[str] = []
    publish(site, f"s3://{bucket}", endpoint_url=endpoint, echo=lambda s: None,
            progress=lambda action, path: order.append(path))
    html = [i for i, p in enumerate(order) if p.endswith(".html")]
    assets = [i for i, p in enumerate(order)
              if not p.endswith(".html") and not p.startswith("pagefind/")
              and p not in ("feed.xml", "sitemap.xml", "robots.txt")]
    assert max(assets) < min(html)
    assert order[-1] == "index.html" and order[-2] == "404.html"
    assert order.index("countries/china/index.html") < order.index("feed.xml")


def test_delete_respects_prefix_and_keep_list(site: Path, s3: Any, bucket: str,
                                              endpoint: str) -> None:
    for key in ("site/old/index.html", "site/CNAME", "site/.well-known/security.txt",
                "other/old/index.html", "sitewide.html"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    target = f"s3://{bucket}/site"

    lines: list[str] = []
    kept = publish(site, target, endpoint_url=endpoint, echo=lines.append)
    assert kept.deleted == [] and "site/old/index.html" in keys(s3, bucket)
    assert any("use --delete" in line for line in lines)

    done = publish(site, target, delete=True, endpoint_url=endpoint, echo=lambda s: None)
    assert done.deleted == ["old/index.html"] and done.uploaded == []
    remaining = keys(s3, bucket)
    assert "site/old/index.html" not in remaining
    for key in ("site/CNAME", "site/.well-known/security.txt", "other/old/index.html",
                "sitewide.html"):
        assert key in remaining


def test_deleting_more_than_half_needs_force(site: Path, s3: Any, bucket: str,
                                             endpoint: str) -> None:
    for i in range(20):
        s3.put_object(Bucket=bucket, Key=f"w/wrong-{i}.html", Body=b"x")
    with pytest.raises(ForceRequiredError, match="--force"):
        publish(site, f"s3://{bucket}/w", delete=True, endpoint_url=endpoint,
                echo=lambda s: None)
    assert len(keys(s3, bucket)) == 20  # refused before anything was uploaded

    dry = publish(site, f"s3://{bucket}/w", delete=True, dry_run=True,
                  endpoint_url=endpoint, echo=lambda s: None)
    assert dry.plan.needs_force and dry.uploaded == []

    done = publish(site, f"s3://{bucket}/w", delete=True, force=True,
                   endpoint_url=endpoint, echo=lambda s: None)
    assert done.deleted_count == 20
    assert set(keys(s3, bucket)) == {f"w/{p}" for p in site_files(site)}


def test_dry_run_uploads_nothing(site: Path, s3: Any, bucket: str, endpoint: str) -> None:
    lines: list[str] = []
    result = publish(site, f"s3://{bucket}", dry_run=True, endpoint_url=endpoint,
                     echo=lines.append)
    assert result.dry_run and result.uploaded == []
    assert len(result.plan.new) == len(site_files(site))
    assert keys(s3, bucket) == {}
    assert lines[-1] == "Dry run: nothing was changed."


def test_failure_part_way_then_rerun_completes(tmp_path: Path, s3: Any, bucket: str,
                                               moto_port: int) -> None:
    site = tmp_path / "site"
    write_site(site)
    relay = Relay(moto_port)
    try:
        publish(site, f"s3://{bucket}", endpoint_url=relay.url, echo=lambda s: None)
        # A new build: the stylesheet's fingerprint changes, so every page changes too.
        for p in site.rglob("*"):
            if p.is_file():
                p.write_text(p.read_text().replace("0123abcd", "89abcdef") + "\n")
        (site / CSS).rename(site / "assets/style.89abcdef.css")
        old_index = s3.get_object(Bucket=bucket, Key="index.html")["Body"].read()

        def cut_after_first(action: str, path: str) -> None:
            relay.cut()  # the network goes away right after the first upload

        with pytest.raises(PublishError) as info:
            publish(site, f"s3://{bucket}", delete=True, endpoint_url=relay.url,
                    echo=lambda s: None, progress=cut_after_first)
        message = str(info.value)
        assert "Done: 1 of" in message and "run the same command again" in message
        # The live overview is the old one, and the stylesheet it uses is still there.
        assert s3.get_object(Bucket=bucket, Key="index.html")["Body"].read() == old_index
        assert s3.head_object(Bucket=bucket, Key=CSS)
        assert s3.head_object(Bucket=bucket, Key="assets/style.89abcdef.css")

        relay.start()
        rerun = publish(site, f"s3://{bucket}", delete=True, endpoint_url=relay.url,
                        echo=lambda s: None)
        assert "assets/style.89abcdef.css" not in rerun.uploaded
        assert rerun.deleted == [CSS]
        assert keys(s3, bucket) == site_files(site)
    finally:
        relay.cut()


def test_multipart_object_compared_by_stored_md5(site: Path, s3: Any, bucket: str,
                                                 endpoint: str) -> None:
    (site / "media").mkdir()
    (site / "media/archive.pdf").write_bytes(bytes(range(256)) * (9 * 4096))  # 9 MiB
    publish(site, f"s3://{bucket}", endpoint_url=endpoint, echo=lambda s: None)
    head = s3.head_object(Bucket=bucket, Key="media/archive.pdf")
    assert "-" in head["ETag"] and head["ContentType"] == "application/pdf"
    again = publish(site, f"s3://{bucket}", endpoint_url=endpoint, echo=lambda s: None)
    assert again.uploaded == []


def test_endpoint_from_environment(site: Path, s3: Any, bucket: str, endpoint: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    result = publish(site, f"s3://{bucket}", echo=lambda s: None)
    assert result.uploaded_count == len(site_files(site))


def test_missing_bucket_is_a_clear_error(site: Path, aws_env: None, endpoint: str) -> None:
    with pytest.raises(PublishError, match="Nothing was uploaded"):
        publish(site, "s3://no-such-bucket-here", endpoint_url=endpoint, echo=lambda s: None)


def test_missing_boto3_says_how_to_install(site: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # what an absent package looks like
    with pytest.raises(PublishError, match=r"pip install 'briefing\[s3\]'"):
        publish(site, "s3://bucket", echo=lambda s: None)
