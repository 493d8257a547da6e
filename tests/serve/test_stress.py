"""The dev server under a storm of saves: it coalesces, survives, and ends exact."""

from __future__ import annotations

import random
import time
from pathlib import Path

from edits import Editor

from generator.build import build
from trees import tree


def test_burst_of_saves_gives_one_build(served):
    before = served.wait_idle()["builds"]
    notes = served.project / "content/notes"
    for i in range(10):  # an editor saving every file of a project at once
        (notes / f"burst-{i}.md").write_text(f"---\ntitle: Burst {i}\n---\nNote {i} on [[china]].\n")
    after = served.wait_idle()
    assert after["ok"], after["errors"]
    assert after["builds"] == before + 1


def test_200_rapid_edits_end_like_a_clean_build(served, tmp_path):
    editor = Editor(served.project, seed=20251128)
    rng = random.Random(7)
    for _ in range(200):
        editor.step()
        time.sleep(rng.choice([0, 0, 0.005, 0.02, 0.08]))
    editor.settle()
    status = served.wait_idle(quiet=1.5, timeout=180)
    assert status["ok"], status["errors"]
    assert status["builds"] < 200, "every save was built on its own"
    served_files = tree(Path(status["folder"]))
    clean = tmp_path / "clean"
    build(served.project, out=clean)
    clean_files = tree(clean)
    assert sorted(served_files) == sorted(clean_files)
    different = [f for f in clean_files if served_files[f] != clean_files[f]]
    assert different == []
    assert served.proc.poll() is None, "the server must never exit because of content"
