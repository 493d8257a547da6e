"""generator.pages.render: outputs into bytes, in forked workers for a large batch."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator.fork import can_fork
from generator.pages import render
from generator.pages.plan import Output


class ByWorker:
    """A sink whose workers stage nothing and report who rendered each file."""

    def __init__(self) -> None:
        self.rendered_by: dict[str, int] = {}
        self.files: dict[str, bytes] = {}

    def add(self, rel: str, data: bytes) -> None:
        self.rendered_by[rel] = os.getpid()

    def placer(self):
        return lambda rel, data: (os.getpid(), data)

    def placed(self, rel: str, got: tuple[int, bytes]) -> None:
        self.rendered_by[rel], self.files[rel] = got


def test_workers_are_dealt_chunks_as_they_finish_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The plan lists pages kind by kind: here the first tenth costs a thousand times the
    # rest, as a country page costs more than a note's. Dealt in turn, each worker would
    # render half the pages and one of them all the dear ones; dealt as they finish, the
    # worker holding the dear ones renders few pages besides.
    if not can_fork():
        pytest.skip("this process runs other threads, so the batch renders without workers")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{% for _ in range(n) %}{% endfor %}{{ name }}"}))
    outputs = [Output(f"p{i}/index.html", "page.html", make=lambda i=i: {"n": 50_000 if i < 100 else 50, "name": i})
               for i in range(1000)]
    sink = ByWorker()
    names, issues, _ = render.render(env, tmp_path, outputs, sink=sink)
    assert issues == [] and names == sorted(o.file for o in outputs)
    assert sink.files == {o.file: str(i).encode() for i, o in enumerate(outputs)}
    dear = {sink.rendered_by[o.file] for o in outputs[:100]}
    assert len(dear) == 1 and os.getpid() not in dear  # one worker: they are the first chunks
    assert list(sink.rendered_by.values()).count(dear.pop()) < 300
