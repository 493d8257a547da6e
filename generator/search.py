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

from .errors import Issue, Pos


class SearchError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.issue = Issue(Pos("content/site.yaml"), message,
                           "reinstall briefing (it brings Pagefind) or set 'search: false' in site.yaml")


def index_folder(site: Path, language: str = "en") -> dict[str, bytes]:
    """The `pagefind/` bundle for the pages under `site`, as files to write beside them."""
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as tmp:
        bundle = Path(tmp) / "pagefind"
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
                   "--force-language", language.split("-")[0], "--silent"]
        try:
            # Its own session: a Ctrl-C meant for the build must not kill it half-way
            # through an update that holds Ctrl-C until the index is in place.
            done = subprocess.run(command, capture_output=True, text=True, timeout=600, start_new_session=True)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchError(f"the search index could not be built: {exc}") from exc
        if done.returncode != 0 or not bundle.is_dir():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SearchError("the search index could not be built: " + (detail[-1] if detail else "pagefind failed"))
        return {f"pagefind/{p.relative_to(bundle).as_posix()}": p.read_bytes()
                for p in sorted(bundle.rglob("*")) if p.is_file()}
