"""generator.pages.render: outputs into bytes, in forked workers for a large batch."""

from __future__ import annotations

import json
import subprocess
import sys

# Each script runs in a process of its own: one with other threads (a test runner's)
# renders without workers. Both: two workers, and one template whose cost a page's `n` sets.
WORKERS = """
import json, os, time
import jinja2
from generator.pages import render
from generator.pages.plan import Output

os.cpu_count = lambda: 2
env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{% for _ in range(n) %}{% endfor %}{{ name }}"}))
"""
# The plan lists pages kind by kind; here the first tenth costs a thousand times the rest,
# as a country page costs more than a note's.
DEALT = WORKERS + """
class ByWorker:  # a sink whose workers report who rendered each file
    def __init__(self):
        self.rendered_by, self.files = {}, {}
    def add(self, rel, data):
        self.rendered_by[rel], self.files[rel] = os.getpid(), data
    def placer(self):
        return lambda rel, data: (os.getpid(), data)
    def placed(self, rel, got):
        self.rendered_by[rel], self.files[rel] = got

outputs = [Output(f"p{i}/index.html", "page.html", make=lambda i=i: {"n": 50_000 if i < 100 else 50, "name": i})
           for i in range(1000)]
sink = ByWorker()
names, issues, _ = render.render(env, ".", outputs, sink=sink)
assert issues == [] and names == sorted(o.file for o in outputs)
assert sink.files == {o.file: str(i).encode() for i, o in enumerate(outputs)}
print(json.dumps({"parent": os.getpid(), "by": [sink.rendered_by[o.file] for o in outputs]}))
"""


def test_workers_are_dealt_chunks_as_they_finish_them() -> None:
    # Dealt in turn, each worker would render half the pages and one of them all the dear
    # ones; dealt as they finish, the worker holding the dear ones renders few besides.
    run = subprocess.run([sys.executable, "-c", DEALT], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    by = got["by"]
    assert len(set(by)) == 2 and got["parent"] not in by  # two workers rendered everything
    [dear] = set(by[:100])  # the first chunks: one worker's
    assert by.count(dear) < 300


# A site's many note pages, planned before a few pages that cost a thousand times more
# each (the data files, say): when each page was staged, on a clock both workers share.
COSTLY_LAST = WORKERS + """
class Staged:
    def __init__(self):
        self.at = {}
    def add(self, rel, data):
        self.at[rel] = time.monotonic()
    def placer(self):
        return lambda rel, data: time.monotonic()
    def placed(self, rel, got):
        self.at[rel] = got

notes = [Output(f"notes/n{i}/index.html", "page.html", make=lambda i=i: {"n": 2000, "name": i}, entity=("note", f"n{i}"))
         for i in range(900)]
costly = [Output(f"data{i}.json", "page.html", make=lambda i=i: {"n": 150_000, "name": i}) for i in range(4)]
sink = Staged()
names, issues, _ = render.render(env, ".", notes + costly, sink=sink)
assert issues == [] and len(names) == 904
print(json.dumps({"costly": [sink.at[o.file] for o in costly], "notes": sorted(sink.at[o.file] for o in notes)}))
"""


def test_the_costly_pages_are_dealt_before_the_many_notes() -> None:
    # Planned last and dealt last, they kept one worker busy after the other had finished.
    run = subprocess.run([sys.executable, "-c", COSTLY_LAST], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    after = [t for t in got["notes"] if t > max(got["costly"])]
    assert len(after) >= len(got["notes"]) // 4
