"""The golden project builds into exactly the expected site tree, byte for byte.

tests/golden/project/ is a small briefing (three countries, a person, two events, a note,
a draft, a project static file; `search: false`, so no Pagefind bundle). The site it must
build into is kept in tests/golden/expected/. Any change to the output, from the engine,
the templates or the theme's static files, shows up here as a diff.

When a change to the output is intended, refresh the expected tree, then read the diff
(`git diff tests/golden/expected`) before committing it:

    python -m tests.test_golden --refresh

or, equivalently, from pytest:

    REFRESH_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.build import build
from trees import tree

GOLDEN = Path(__file__).parent / "golden"
PROJECT = GOLDEN / "project"
EXPECTED = GOLDEN / "expected"
HOW_TO_REFRESH = "if the change is intended: python -m tests.test_golden --refresh, then review git diff"


def built(out: Path) -> dict[str, bytes]:
    build(PROJECT, out)
    return tree(out)


def refresh() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = built(Path(tmp) / "site")
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in files.items():
            path = EXPECTED / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    print(f"refreshed {EXPECTED} ({len(files)} files)")


def describe(rel: str, want: bytes, got: bytes) -> str:
    try:
        lines = difflib.unified_diff(want.decode().splitlines(), got.decode().splitlines(),
                                     f"expected/{rel}", f"built/{rel}", lineterm="", n=1)
        return "\n".join(list(lines)[:40])
    except UnicodeDecodeError:
        return f"{rel}: binary files differ"


def test_golden_tree(tmp_path: Path) -> None:
    if os.environ.get("REFRESH_GOLDEN"):
        refresh()
    got = built(tmp_path / "site")
    want = tree(EXPECTED)
    assert sorted(got) == sorted(want), HOW_TO_REFRESH
    changed = [rel for rel in want if want[rel] != got[rel]]
    assert not changed, "\n\n".join([HOW_TO_REFRESH] + [describe(rel, want[rel], got[rel]) for rel in changed[:5]])


def test_golden_project_leaves_out_the_search_bundle_and_the_draft() -> None:
    names = set(tree(EXPECTED))
    assert not any(name.startswith("pagefind/") for name in names)
    assert "notes/old-idea/index.html" not in names
    assert "notes/why-the-pact-matters/index.html" in names


if __name__ == "__main__":
    if sys.argv[1:] != ["--refresh"]:
        sys.exit(f"usage: python -m tests.test_golden --refresh\n\n{__doc__}")
    refresh()
