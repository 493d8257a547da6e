"""The full-text search index: Pagefind, run over the freshly written pages.

Pagefind reads the pages where they were just written (the staging folder on a first
build) and writes its bundle into a private temporary folder; the bundle then goes
through the same writer as every other file, so only changed index files are replaced.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from ..errors import Issue, Pos


FOLDER = "pagefind/"  # where in the site the index lies


class SearchError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.issue = Issue(Pos("content/site.yaml"), message,
                           "reinstall briefing (it brings Pagefind) or set 'search: false' in site.yaml")


class SearchCancelled(Exception):
    """The index was not finished because newer pages are on their way."""


def index_folder(site: Path, language: str = "en", cancel: Callable[[], bool] | None = None) -> dict[str, bytes]:
    """The `pagefind/` bundle for the pages under `site`, as files to write beside them.

    `cancel`, asked while Pagefind runs, stops it (the dev server, when a new edit comes:
    at 10,000 pages an index takes seconds, and the next build must not wait for it).
    """
    if cancel and cancel():
        raise SearchCancelled()
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as tmp:
        bundle = Path(tmp) / "pagefind"
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
                   "--force-language", language.split("-")[0], "--silent"]
        try:
            # Its own session: a Ctrl-C meant for the build must not kill it half-way
            # through an update that holds Ctrl-C until the index is in place.
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    start_new_session=True)
        except OSError as exc:
            raise SearchError(f"the search index could not be built: {exc}") from exc
        try:
            while True:
                try:
                    output, _ = proc.communicate(timeout=0.05)
                    break
                except subprocess.TimeoutExpired:
                    if cancel and cancel():
                        raise SearchCancelled() from None
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode != 0 or not bundle.is_dir():
            detail = (output or "").strip().splitlines()
            raise SearchError("the search index could not be built: " + (detail[-1] if detail else "pagefind failed"))
        return {f"{FOLDER}{p.relative_to(bundle).as_posix()}": p.read_bytes()
                for p in sorted(bundle.rglob("*")) if p.is_file()}
