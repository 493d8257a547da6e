"""The book's parts that need no PDF: its options in site.yaml, its links, its notes' HTML,
and the message when the system lacks what WeasyPrint needs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import check_content
from generator.errors import ContentError
from generator.output.book import _note_body, anchor
from generator.pages.markup import Markup

NILE = Path(__file__).parent / "nile"
REPO = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path, book: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(NILE, project)
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("book:\n  notes: 2\n", book + "\n"))
    return project


@pytest.mark.parametrize("book, message", [
    ("book: maybe", "content/site.yaml:12:7: book: expected true, false or options, found text; "
                    "write 'book: false' to leave the PDF out, or options such as 'book: {notes: 50}'"),
    ("book: {notez: 3}", "content/site.yaml:12:8: book.notez: unknown key; did you mean 'notes'?"),
    ("book: {notes: -1}", "content/site.yaml:12:15: book.notes: expected a whole number of 0 or more, "
                          "or 'all', found -1; write a number such as 50, or all"),
    ("book: {notes: many}", "content/site.yaml:12:15: book.notes: expected a whole number of 0 or more, "
                            "or 'all', found text; write a number such as 50, or all"),
])
def test_bad_book_options_say_where_and_what_to_write(tmp_path: Path, book: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        check_content(_project(tmp_path, book))
    assert [str(i) for i in caught.value.issues] == [message]


@pytest.mark.parametrize("book, enabled, notes", [
    ("book: true", True, 20), ("book: false", False, 20), ("book: {notes: 5}", True, 5),
    ("book: {notes: all}", True, None), ("", True, 20),
])
def test_book_options(tmp_path: Path, book: str, enabled: bool, notes: int | None) -> None:
    site = check_content(_project(tmp_path, book)).site
    assert (site.book.enabled, site.book.notes) == (enabled, notes)


def test_site_paths_become_the_book_s_own_anchors() -> None:
    assert anchor("countries/china/") == "country-china"
    assert anchor("people/xi-jinping/") == "person-xi-jinping"
    assert anchor("notes/two-blocs/") == "note-two-blocs"
    assert anchor("sources/parade/#s12") == "source-parade-s12"
    assert anchor("timeline/#parade-2025") == "event-parade-2025"
    assert anchor("timeline/") == "timeline"
    assert anchor("") == "cover"
    assert anchor("search/") == ""


def test_a_note_s_markdown_footnotes_become_footnotes_and_its_ids_its_own() -> None:
    text = (NILE / "content" / "notes" / "what-the-dam-changes.md").read_text().split("---\n", 2)[2]
    html = Markup(lambda slug: f"countries/{slug}/", {}).block("## Why\n\n" + text)  # as a note's page has it
    body = _note_body("dam", html)
    assert ('filled and run.<span class="footnote">The talks collapsed again in 2023; see the timeline.</span>'
            in body)
    assert 'class="footnote-ref"' not in body and '<div class="footnote">' not in body and "↩" not in body
    assert '<h3 id="note-dam--why">' in body  # two notes' headings never share an id
    assert '<p class="admonition-title">Key judgment</p>' in body


PANGO_MISSING = '''
import cffi
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if "pango" in str(name):
        raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file")
    return _dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
'''


def test_a_system_without_pango_builds_the_site_and_says_what_to_install(tmp_path: Path) -> None:
    """The library loader refuses Pango, as on a system where it is not installed: the site
    is built without its book (and without links to it), and a warning names the package."""
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "sitecustomize.py").write_text(PANGO_MISSING)
    project = _project(tmp_path, "")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "hooks"), str(REPO)])}
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(project), "--quiet"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith("content/site.yaml:1:1: warning: the briefing book needs Pango, which this system lacks (")
    assert lines[0].endswith("); install it (Debian and Ubuntu: sudo apt-get install libpango-1.0-0 "
                             "libpangoft2-1.0-0; others: see WeasyPrint's installation guide), "
                             "or write 'book: false' in content/site.yaml")
    assert "Traceback" not in run.stderr
    site = project / "site"
    assert (site / "index.html").is_file() and not (site / "briefing.pdf").exists()
    assert not [p for p in site.rglob("*.html") if "briefing.pdf" in p.read_text()]


def test_a_second_build_leaves_the_book_alone_and_an_edit_makes_it_again(tmp_path: Path) -> None:
    from generator.build import build

    project = _project(tmp_path, "book: {notes: 2}")
    out = tmp_path / "site"
    build(project, out, persist=True)
    book = (out / "briefing.pdf").read_bytes()
    again = build(project, out, persist=True)
    assert again.report.written == []
    sheet = project / "content" / "countries" / "sudan.yaml"
    sheet.write_text(sheet.read_text().replace("role: Caught in between", "role: Caught between neighbours"))
    edited = build(project, out, persist=True)
    assert "briefing.pdf" in edited.report.written
    assert (out / "briefing.pdf").read_bytes() != book


def test_the_dev_server_s_child_stops_when_an_edit_comes() -> None:
    from generator.output.book import _in_child

    asked: list[int] = []
    assert _in_child("<p>x</p>", 0, lambda: bool(asked.append(1)) or True) is None
    assert asked == [1]  # stopped at the first look, not after the layout


@pytest.mark.parametrize("after", [0.5, 2.0, 4.0])
def test_a_build_killed_on_the_way_then_run_again_makes_the_same_book(tmp_path: Path, after: float) -> None:
    """Wherever SIGKILL lands (checking, the pages, the book's layout), the next build's book
    is byte for byte the one a fresh build makes of the same content."""
    def briefing(project: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "generator", "build", "-p", str(project)], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    project = _project(tmp_path, "book: {notes: 2}")
    assert briefing(project).wait() == 0
    sheet = project / "content" / "countries" / "sudan.yaml"
    sheet.write_text(sheet.read_text().replace("role: Caught in between", "role: Caught between neighbours"))
    killed = briefing(project)
    time.sleep(after)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert briefing(project).wait() == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "content", fresh / "content")
    assert briefing(fresh).wait() == 0
    assert (project / "site" / "briefing.pdf").read_bytes() == (fresh / "site" / "briefing.pdf").read_bytes()
