"""Publishing to an S3-compatible bucket with boto3 (an optional dependency)."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from typing import Any

from .manifest import LocalFile
from .plan import Plan, build_plan
from .errors import PublishError
from .result import PublishResult, partial_failure
from .target import S3Target

# boto3 switches to multipart uploads at 8 MB by default; we say so explicitly because a
# multipart ETag is not an MD5 and such objects are compared by their `md5` metadata.
MULTIPART_THRESHOLD = 8 * 1024 * 1024
DEFAULT_ATTEMPTS = 5
INSTALL_HINT = "publishing to S3 needs boto3: install with pip install 'briefing[s3]'"

Progress = Callable[[str, str], None]


def _client(endpoint_url: str | None) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise PublishError(INSTALL_HINT) from None
    attempts = int(os.environ.get("AWS_MAX_ATTEMPTS") or DEFAULT_ATTEMPTS)
    # "standard" retries throttling, 5xx and connection errors with jittered back-off.
    options: dict[str, Any] = dict(retries={"mode": "standard", "max_attempts": attempts},
                                   connect_timeout=10, read_timeout=60)
    try:
        # boto3 >= 1.36 adds CRC checksums to every request by default, which several
        # S3-compatible services reject; we send Content-MD5 ourselves instead.
        config = Config(request_checksum_calculation="when_required",
                        response_checksum_validation="when_required", **options)
    except TypeError:
        config = Config(**options)
    endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") \
        or os.environ.get("AWS_ENDPOINT_URL") or None
    return boto3.session.Session().client("s3", endpoint_url=endpoint, config=config)


def _service_errors() -> tuple[type[BaseException], ...]:
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError
    return (BotoCoreError, ClientError, Boto3Error, OSError)


class S3Publisher:
    """Plan against the objects under the prefix, then upload and delete in safe order."""

    def __init__(self, target: S3Target, endpoint_url: str | None = None) -> None:
        self.target = target
        self.client = _client(endpoint_url)
        self.errors = _service_errors()
        self.remote: dict[str, tuple[int, str]] = {}  # path -> (size, ETag without quotes)

    def __enter__(self) -> S3Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        close = getattr(self.client, "close", None)  # botocore >= 1.29
        if close:
            close()

    def _list(self) -> None:
        prefix = f"{self.target.prefix}/" if self.target.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.target.bucket, Prefix=prefix)
        for page in pages:
            for obj in page.get("Contents", []):
                path = obj["Key"][len(prefix):]
                if path and not path.endswith("/"):  # skip "folder" marker objects
                    self.remote[path] = (obj["Size"], obj["ETag"].strip('"'))

    def _same(self, f: LocalFile) -> bool:
        size, etag = self.remote[f.path]
        if size != f.size:
            return False
        if etag == f.md5:
            return True
        # Multipart (and some encrypted) objects have an ETag that is not their MD5:
        # we stored the MD5 as metadata at upload, so ask for it.
        head = self.client.head_object(Bucket=self.target.bucket, Key=self.target.key(f.path))
        return bool(head.get("Metadata", {}).get("md5") == f.md5)

    def plan(self, files: list[LocalFile], *, delete: bool, keep: tuple[str, ...]) -> Plan:
        try:
            self._list()
            return build_plan(files, self.remote, self._same, delete=delete, keep=keep)
        except self.errors as exc:
            raise PublishError(f"could not read {self.target}: {exc}\n"
                               "Nothing was uploaded or deleted.") from exc

    def _upload(self, f: LocalFile) -> None:
        extra: dict[str, Any] = {"ContentType": f.content_type,
                                 "CacheControl": f.cache_control}
        key = self.target.key(f.path)
        if f.size < MULTIPART_THRESHOLD:
            body = f.source.read_bytes()
            digest = hashlib.md5(body, usedforsecurity=False)
            # Content-MD5 makes the service reject a body damaged on the way.
            self.client.put_object(
                Bucket=self.target.bucket, Key=key, Body=body,
                ContentMD5=base64.b64encode(digest.digest()).decode(),
                Metadata={"md5": digest.hexdigest()}, **extra)
            return
        from boto3.s3.transfer import TransferConfig
        self.client.upload_file(
            str(f.source), self.target.bucket, key,
            ExtraArgs={**extra, "Metadata": {"md5": f.md5}},
            Config=TransferConfig(multipart_threshold=MULTIPART_THRESHOLD))

    def _delete(self, paths: list[str]) -> None:
        reply = self.client.delete_objects(
            Bucket=self.target.bucket,
            Delete={"Objects": [{"Key": self.target.key(p)} for p in paths], "Quiet": True})
        if reply.get("Errors"):
            first = reply["Errors"][0]
            raise PublishError(f"{first.get('Key')}: {first.get('Code')} {first.get('Message')}")

    def apply(self, plan: Plan, progress: Progress | None = None) -> PublishResult:
        result = PublishResult(str(self.target), plan)
        step = ""
        failures: tuple[type[BaseException], ...] = (*self.errors, PublishError)
        try:
            for path in plan.uploads:
                step = f"uploading {path}"
                self._upload(plan.files[path])
                result.uploaded.append(path)
                if progress:
                    progress("upload", path)
            # Deletes last: until every new page is up, old pages may still use old files.
            for start in range(0, len(plan.delete), 1000):  # DeleteObjects takes 1000 keys
                batch = plan.delete[start:start + 1000]
                step = f"deleting {batch[0]}"
                self._delete(batch)
                result.deleted.extend(batch)
                if progress:
                    for path in batch:
                        progress("delete", path)
        except failures as exc:
            raise partial_failure(str(self.target), plan, result.uploaded, result.deleted,
                                  step, exc) from exc
        return result
