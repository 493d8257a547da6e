"""End-to-end behaviours of `briefing build` on small projects.

Most tests build the base project of the bad-input corpus (tests/cases/base/, which says
`search: false`), through `build()` or the CLI, and look at the files it wrote.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner, Result

from generator.pages import render

from generator.output import write
from generator.build import Builder, build
from generator.incremental.cache import BuildCache
from generator.cli import main
from generator.errors import ContentError
from conftest import REPO
from trees import age, snapshot, tree

BASE = Path(__file__).parent / "cases" / "base"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "project")
    return tmp_path / "project"


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def staging_left(project: Path) -> list[Path]:
    """Staging folders anywhere near the project (they belong beside site/)."""
    return [p for p in project.parent.rglob("*") if ".staging" in p.name]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


class Links(HTMLParser):
    """Every href and src of a page, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link" and ("rel", "canonical") in attrs:
            self.canonical = dict(attrs)["href"]  # absolute by definition
            return
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(data: bytes) -> Links:
    links = Links()
    links.feed(data.decode("utf-8"))
    return links


# --- nothing written unless everything succeeded ---------------------------------------

FAILURES = {
    "content": ("content/countries/china.yaml", "code: CN", "code: XX"),
    "reference": ("content/countries/china.yaml", "[xi-jinping]", "[xi]"),
    "quote": ("content/countries/russia.yaml", "will also attend", "will attend"),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_an_error_leaves_site_byte_for_byte_as_it_was(project: Path, failure: str) -> None:
    build(project)
    age(project / "site")
    (project / "site" / "by-hand.txt").write_text("a file the user put there")
    before = snapshot(project / "site")
    edit(project, "content/site.yaml", "Parade briefing", "A new title for every page")  # would change everything
    edit(project, *FAILURES[failure])
    result = cli("build", "--project", project)
    assert result.exit_code == 1
    assert snapshot(project / "site") == before
    assert staging_left(project) == []


def test_a_template_error_leaves_site_as_it_was(project: Path) -> None:
    build(project)
    age(project / "site")
    before = snapshot(project / "site")
    (project / "templates").mkdir()
    (project / "templates" / "person.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ page.no_such_name.really }}{% endblock %}\n')
    result = cli("build", "--project", project)
    assert result.exit_code == 1
    assert re.search(r"^templates/person\.html:\d+:\d+: ", result.stderr, re.M), result.stderr
    assert snapshot(project / "site") == before
    assert staging_left(project) == []


def test_an_error_on_a_first_build_creates_no_site(project: Path) -> None:
    edit(project, "content/countries/china.yaml", "code: CN", "code: XX")
    assert cli("build", "--project", project).exit_code == 1
    assert not (project / "site").exists()
    assert staging_left(project) == []


def test_a_successful_build_replaces_the_whole_site(project: Path) -> None:
    build(project)
    (project / "site" / "by-hand.txt").write_text("stale")
    (project / "content/notes/lifelines.md").unlink()
    build(project)
    assert not (project / "site" / "by-hand.txt").exists()
    assert not (project / "site" / "notes" / "lifelines").exists()
    assert staging_left(project) == []


# --- determinism and incremental writes ------------------------------------------------

def test_two_builds_into_two_folders_are_byte_identical(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path / "one")
    other = tmp_path / "elsewhere" / "copy"
    shutil.copytree(project, other)
    build(other, tmp_path / "two")
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [rel for rel in one if one[rel] != two[rel]] == []


def many_notes(project: Path, count: int = 250) -> None:
    """Enough pages that a build renders them in worker processes."""
    for i in range(count):
        (project / f"content/notes/note-{i:03d}.md").write_text(
            f"---\ntitle: Note {i}\ncountries: [china]\n---\n" + "Some *text* about [[china]].\n\n" * 20)


def briefing_patched(patch: str, *args: str | Path) -> subprocess.CompletedProcess:
    """`briefing ARGS` in a process of its own (one thread: the build may fork its render
    workers), after the Python statements `patch` have run in it."""
    code = f"import sys\nfrom generator.output import write\n{patch}\nfrom generator.cli import main\nmain()"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_render_workers_that_write_a_first_build_themselves_make_the_serial_builds_bytes(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_notes(project)
    (project / "content/notes/later.md").write_text("---\ntitle: Later\ndraft: true\n---\nSoon.\n")
    count = ("placed = write.Writer.placed\n"
             "def counted(self, rel, got):\n    print('placed', rel)\n    placed(self, rel, got)\n"
             "write.Writer.placed = counted")
    run = briefing_patched(count, "build", "--project", project, "--quiet")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("placed ") > render.PARALLEL_FROM  # pages staged by the workers themselves
    assert not (project / "site/notes/later").exists()  # a draft makes no page
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    build(project, tmp_path / "serial")
    assert tree(project / "site") == tree(tmp_path / "serial")
    assert staging_left(project) == []


def test_render_workers_stage_a_template_changes_pages_themselves_and_leave_the_rest_untouched(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_notes(project)
    build(project, persist=True)
    age(project / "site")
    before = snapshot(project / "site")
    theme = (REPO / "templates/note.html").read_text()
    (project / "templates").mkdir()
    (project / "templates/note.html").write_text(theme.replace("{% block main %}", "{% block main %}<!-- B -->", 1))
    count = ("placed = write.Writer.placed\n"
             "def counted(self, rel, got):\n    print('placed', rel, got[1] is not None)\n    placed(self, rel, got)\n"
             "write.Writer.placed = counted")
    run = briefing_patched(count, "build", "--project", project, "--quiet")
    assert run.returncode == 0, run.stderr
    staged = {line.split()[1] for line in run.stdout.splitlines() if line.startswith("placed ") and line.endswith(" True")}
    after = snapshot(project / "site")
    changed = {f for f in after if after[f] != before.get(f)}
    assert len(staged) > render.PARALLEL_FROM  # the note pages, staged by the workers
    assert changed == staged and all(f.startswith("notes/") for f in changed)  # nothing else rewritten
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    build(project, tmp_path / "serial")
    assert tree(project / "site") == tree(tmp_path / "serial")
    assert staging_left(project) == []


def test_a_render_worker_that_cannot_write_fails_the_build_with_a_message(project: Path) -> None:
    many_notes(project)
    full = ("import errno\n"
            "def full(self, rel, data):\n"
            "    raise OSError(errno.ENOSPC, 'No space left on device', str(self.staging / rel))\n"
            "write.Writer._place = full")
    run = briefing_patched(full, "build", "--project", project)
    assert run.returncode == 3, run.stderr
    assert "cannot write the site: No space left on device" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "site").exists() and staging_left(project) == []


def test_a_second_build_with_no_change_writes_nothing(project: Path) -> None:
    assert cli("build", "--project", project).exit_code == 0
    age(project / "site")
    before = snapshot(project / "site")
    result = cli("build", "--project", project)
    assert result.exit_code == 0
    assert "nothing changed" in result.stdout
    assert snapshot(project / "site") == before


def test_the_short_answer_to_nothing_changed_is_only_a_shortcut(project: Path) -> None:
    # It holds digests of the stats; torn, stale or from another build, the full state decides.
    assert cli("build", "--project", project).exit_code == 0
    [answer] = (project / ".briefing-cache").glob("answer-*.json")
    page = project / "site/countries/china/index.html"
    good = page.read_bytes()
    stale = json.loads(answer.read_text()) | {"outputs": "0" * 40}
    for damage in (b"{not json", json.dumps(stale).encode()):
        answer.write_bytes(damage)
        assert "nothing changed" in cli("build", "--project", project).stdout
    page.write_bytes(b"tampered")  # the answer says unchanged; the site's stats do not
    assert "nothing changed" not in cli("build", "--project", project).stdout
    assert page.read_bytes() == good


@pytest.mark.parametrize("damage", ["deleted", "added beside a page", "added in a new folder", "same size"])
def test_any_change_to_the_site_is_seen_by_the_short_answer_and_undone(project: Path, damage: str) -> None:
    # The short answer stats the files and folders the last build left instead of walking
    # the site: a folder's time is what shows a file added to it.
    assert cli("build", "--project", project).exit_code == 0
    site = project / "site"
    good = tree(site)
    page = site / "countries/china/index.html"
    if damage == "deleted":
        page.unlink()
    elif damage == "added beside a page":
        (page.parent / "stray.html").write_text("stray")
    elif damage == "added in a new folder":
        (site / "countries/extra").mkdir()
        (site / "countries/extra/index.html").write_text("stray")
    else:
        time.sleep(0.01)  # (a file rewritten with bytes of its size has a new time)
        page.write_bytes(b"x" * len(page.read_bytes()))
    assert "nothing changed" not in cli("build", "--project", project).stdout
    assert tree(site) == good
    assert "nothing changed" in cli("build", "--project", project).stdout


def test_a_change_rewrites_only_the_files_whose_bytes_change(project: Path) -> None:
    build(project)
    age(project / "site")
    before = snapshot(project / "site")
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    result = build(project)
    after = snapshot(project / "site")
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert "countries/russia/index.html" in changed
    assert "people/xi-jinping/index.html" not in changed
    assert changed == sorted(result.report.written)


def test_a_template_and_the_content_changed_between_two_processes_both_show(project: Path, tmp_path: Path) -> None:
    # With the content as the last process left it, a build from the cache looks at none of
    # the reads the pages made; with one sheet edited, it must.
    from generator.theme import TEMPLATES

    assert cli("build", "--project", project).exit_code == 0
    (project / "templates").mkdir()
    person = (TEMPLATES / "person.html").read_text().replace("{% block main %}", "{% block main %}<!-- B -->", 1)
    (project / "templates/person.html").write_text(person)
    assert cli("build", "--project", project).exit_code == 0  # the template alone
    assert "<!-- B -->" in (project / "site/people/xi-jinping/index.html").read_text()
    (project / "templates/person.html").write_text(person.replace("<!-- B -->", "<!-- C -->"))
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    assert cli("build", "--project", project).exit_code == 0  # the template and a sheet
    assert "Guest of the parade" in (project / "site/countries/russia/index.html").read_text()
    assert "<!-- C -->" in (project / "site/people/xi-jinping/index.html").read_text()
    build(project, tmp_path / "clean")
    assert tree(project / "site") == tree(tmp_path / "clean")


def test_the_next_build_knows_the_site_from_its_cache(project: Path) -> None:
    """Pages are compared by the digests the last build recorded (the writer's own test
    shows those are not read back); a page whose file was touched since is read back and
    left alone when it holds the same bytes, and one edited by hand is restored."""
    assert cli("build", "--project", project).exit_code == 0
    age(project / "site" / "people")  # touched: same bytes, other times
    (project / "site/timeline/index.html").write_text("edited by hand")
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    before = snapshot(project / "site")
    assert cli("build", "--project", project).exit_code == 0
    after = snapshot(project / "site")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "countries/russia/index.html" in changed and "timeline/index.html" in changed
    assert not any(rel.startswith("people/") for rel in changed)


def poison(project: Path, keep: set[str] = frozenset()) -> Callable[[], None]:
    """Overwrite every content file but `keep` with NUL bytes of its length, its times
    kept: a build that reads one of them fails. Returns what puts them back."""
    kept = {}
    for path in (project / "content").rglob("*"):
        rel = path.relative_to(project).as_posix()
        if path.is_file() and rel not in keep:
            st = path.stat()
            kept[path] = (path.read_bytes(), st.st_atime_ns, st.st_mtime_ns)
            path.write_bytes(b"\0" * st.st_size)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    def restore() -> None:
        for path, (data, atime, mtime) in kept.items():
            path.write_bytes(data)
            os.utime(path, ns=(atime, mtime))
    return restore


def test_the_next_process_reads_only_the_content_files_that_changed(project: Path, tmp_path: Path) -> None:
    """The model of the content is kept in the cache: a later build re-reads and re-checks
    only what changed, and makes the same site as a clean build."""
    assert cli("build", "--project", project).exit_code == 0
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    note = project / "content/notes/lifelines.md"
    note.write_text(note.read_text() + "\nOne more sentence about [[russia]].\n")
    restore = poison(project, keep={"content/countries/russia.yaml", "content/notes/lifelines.md"})
    assert cli("build", "--project", project).exit_code == 0  # no other file was read
    restore()
    build(project, tmp_path / "clean")
    assert tree(project / "site") == tree(tmp_path / "clean")


def test_a_damaged_cache_is_a_cold_build(project: Path, tmp_path: Path) -> None:
    assert cli("build", "--project", project).exit_code == 0
    for kept in (project / ".briefing-cache").iterdir():
        kept.write_bytes(b"\x80\x05 not a pickle")
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    assert cli("build", "--project", project).exit_code == 0
    build(project, tmp_path / "clean")
    assert tree(project / "site") == tree(tmp_path / "clean")


def test_the_dev_servers_builder_starts_from_the_cache_and_never_writes_it(project: Path, tmp_path: Path) -> None:
    assert cli("build", "--project", project).exit_code == 0
    part = BuildCache(project, project / "site", None).markdown_part()  # as a render worker leaves it
    part.add({"0" * 40: "<p>converted</p>"})
    part.close()
    cache = project / ".briefing-cache"
    before = snapshot(cache)
    restore = poison(project)
    builder = Builder(project, tmp_path / "served", defer_search=True, warm=True)
    builder.build()  # the content model came from the cache: no file was read
    restore()
    note = project / "content/notes/lifelines.md"
    note.write_text(note.read_text() + "\nOne more sentence.\n")
    restore = poison(project, keep={"content/notes/lifelines.md"})
    builder.build(changed={note})  # only the note was read
    restore()
    assert snapshot(cache) == before
    build(project, tmp_path / "clean")
    served = {r: d for r, d in tree(tmp_path / "served").items() if not r.startswith("pagefind/")}
    assert served == {r: d for r, d in tree(tmp_path / "clean").items() if not r.startswith("pagefind/")}


class _Planted:
    """What someone could leave in a project's cache folder: loading it runs code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_file_not_sealed_with_this_users_key_is_never_loaded(project: Path, tmp_path: Path) -> None:
    """A cloned or unpacked project may carry a crafted .briefing-cache/: it is ignored."""
    assert cli("build", "--project", project).exit_code == 0
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    pickle.loads(payload)  # the payload is live: loading it runs code
    assert marker.exists()
    marker.unlink()
    other_key = os.urandom(32)  # sealed, but with someone else's key
    forged = payload + hmac.new(other_key, payload, "sha256").digest() + b"briefing-seal-1"
    planted = sorted((project / ".briefing-cache").glob("*.pickle"))
    assert {p.name.split("-")[0] for p in planted} >= {"model", "markdown"}
    for path in planted:
        path.write_bytes(forged)
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest of the parade")
    assert cli("build", "--project", project).exit_code == 0
    assert not marker.exists()
    build(project, tmp_path / "clean")
    assert tree(project / "site") == tree(tmp_path / "clean")
    key = Path(os.environ["XDG_CACHE_HOME"]) / "briefing" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600


# --- assets and links ------------------------------------------------------------------

def test_static_assets_are_fingerprinted_and_pages_link_to_the_hashed_names(project: Path) -> None:
    build(project)
    site = project / "site"
    styles = sorted(p.name for p in (site / "assets").glob("style.*.css"))
    assert len(styles) == 1 and re.fullmatch(r"style\.[0-9a-f]{8}\.css", styles[0])
    data = (site / "assets" / styles[0]).read_bytes()
    assert styles[0] == f"style.{hashlib.sha256(data).hexdigest()[:8]}.css"
    assert not (site / "assets" / "style.css").exists()
    for page in site.rglob("*.html"):
        urls = parse(page.read_bytes()).urls
        assert any(u.endswith("assets/" + styles[0]) for u in urls), page
        assert not any(u.endswith("/style.css") for u in urls), page


def test_the_search_script_is_left_out_of_a_site_without_search(project: Path) -> None:
    assert "search: false" in (project / "content/site.yaml").read_text()
    build(project)
    assert list((project / "site/assets").glob("search*")) == []
    edit(project, "content/site.yaml", "search: false", "search: true")
    rendered = build(project, write=False).rendered  # planned and rendered: no index to make
    assert any(name.startswith("assets/search.") for name in rendered)


def test_a_project_static_file_replaces_the_themes(project: Path) -> None:
    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body { color: rebeccapurple }\n")
    (project / "static" / "img").mkdir()
    (project / "static" / "img" / "map.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    build(project)
    styles = list((project / "site" / "assets").glob("style.*.css"))
    assert [p.read_text() for p in styles] == ["body { color: rebeccapurple }\n"]
    assert len(list((project / "site" / "assets" / "img").glob("map.*.svg"))) == 1


def test_a_static_symlink_inside_the_project_is_followed(project: Path) -> None:
    (project / "static").mkdir()
    (project / "extra.css").write_text("p { margin: 0 }\n")
    (project / "static" / "extra.css").symlink_to("../extra.css")
    build(project)
    assert [p.read_text() for p in (project / "site" / "assets").glob("extra.*.css")] == ["p { margin: 0 }\n"]


def test_a_static_symlink_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("not for publishing")
    (project / "static").mkdir()
    (project / "static" / "secret.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ContentError) as caught:
        build(project)
    assert [str(i) for i in caught.value.issues] == [
        "static/secret.txt:1:1: this symlink points outside the project; "
        "copy the file into static/ instead of linking to it"]
    assert not (project / "site").exists()


@pytest.mark.parametrize("base_url", [None, "https://example.org/briefing/"])
def test_every_link_is_relative_and_resolves(project: Path, base_url: str | None) -> None:
    build(project, base_url=base_url)
    site = project / "site"
    pages = {p.relative_to(site).as_posix(): parse(p.read_bytes()) for p in site.rglob("*.html")}
    assert len(pages) >= 9
    for name, links in pages.items():
        for url in links.urls:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto"):
                assert not url.startswith(base_url or "https://example.org/"), (name, url)
                continue
            if name == "404.html":  # reached at any URL: it links from the site's own path
                assert url.startswith("#") or url.startswith(urlsplit(base_url).path if base_url else "/"), url
                continue
            assert not url.startswith("/"), (name, url)
            target = urlsplit(urljoin(f"http://site/{name}", url))
            path = target.path.lstrip("/")
            path = path + "index.html" if path == "" or path.endswith("/") else path
            assert (site / path).is_file(), (name, url)
            if target.fragment:
                assert target.fragment in pages[path].ids, (name, url)


def test_base_url_option_overrides_site_yaml(project: Path) -> None:
    edit(project, "content/site.yaml", "search: false", "search: false\nbase_url: https://from-yaml.example/")
    assert cli("build", "--project", project).exit_code == 0
    page = (project / "site/countries/china/index.html").read_text()
    assert '<link rel="canonical" href="https://from-yaml.example/countries/china/">' in page
    assert cli("build", "--project", project, "--base-url", "https://example.org/briefing/").exit_code == 0
    page = (project / "site/countries/china/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/briefing/countries/china/">' in page
    assert "from-yaml" not in page
    assert "<loc>https://example.org/briefing/countries/china/</loc>" in (project / "site/sitemap.xml").read_text()


def test_base_url_option_without_a_trailing_slash(project: Path) -> None:
    assert cli("build", "--project", project, "--base-url", "https://example.org/briefing").exit_code == 0
    page = (project / "site/countries/china/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/briefing/countries/china/">' in page
    assert 'href="/briefing/assets/' in (project / "site/404.html").read_text()


def test_without_a_base_url_there_is_no_canonical_link(project: Path) -> None:
    build(project)
    assert 'rel="canonical"' not in (project / "site/countries/china/index.html").read_text()


def test_a_project_template_overrides_the_themes(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "country.html").write_text(
        '{% extends "base.html" %}{% block main %}'
        '<p class="custom">Custom page for {{ page.title }}</p>{% endblock %}\n')
    build(project)
    assert '<p class="custom">Custom page for China</p>' in (project / "site/countries/china/index.html").read_text()
    assert "custom" not in (project / "site/people/xi-jinping/index.html").read_text()


# --- drafts and safety -----------------------------------------------------------------

def test_drafts_are_left_out_of_the_build(project: Path) -> None:
    (project / "content/notes/later.md").write_text("---\ntitle: Later thoughts\ndraft: true\n---\nSoon.\n")
    (project / "content/countries/japan.yaml").write_text("name: Japan\ncode: JP\ndraft: true\n")
    result = build(project)
    assert result.drafts == ("content/countries/japan.yaml", "content/notes/later.md")
    site = project / "site"
    assert not (site / "notes/later").exists() and not (site / "countries/japan").exists()
    everything = b"".join(tree(site).values())
    # The maps name the neighbours on their own (Natural Earth's names): not content.
    everything = re.sub(rb'<figure class="map.*?</figure>', b"", everything, flags=re.S)
    assert b"Later thoughts" not in everything and b"Japan" not in everything
    check = cli("check", "--project", project)
    assert "draft pending: content/countries/japan.yaml\ndraft pending: content/notes/later.md\n" in check.stdout


def test_yaml_text_is_escaped(project: Path) -> None:
    edit(project, "content/countries/china.yaml", "claim: Beijing joined the sanctions in 2017.",
         'claim: "<script>alert(1)</script> & <b onmouseover=alert(2)>bold</b>"')
    edit(project, "content/countries/china.yaml", "role: Host", 'role: "<img src=x onerror=alert(3)>"')
    build(project)
    page = (project / "site/countries/china/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onmouseover=alert(2)&gt;bold&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    for page in (project / "site").rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text and "<b onmouseover" not in text


def test_markdown_is_sanitized_in_the_pages(project: Path) -> None:
    path = project / "content/notes/lifelines.md"
    path.write_text(path.read_text() + (
        "\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[one](javascript:alert(3)) "
        "[two](data:text/html,<b>x</b>) <a href=\"jav&#x09;ascript:alert(4)\">three</a>\n"))
    edit(project, "content/countries/russia.yaml", "role: Guest", 'role: Guest\nsummary: "<svg onload=alert(5)>Russia"')
    build(project)
    for page in ("notes/lifelines/index.html", "countries/russia/index.html", "index.html"):
        text = (project / "site" / page).read_text().lower()
        for bad in ("<script>alert", "onerror", "onload", "javascript:", "data:text", "<svg onload"):
            assert bad not in text, (page, bad)
    assert ">one</a>" in (project / "site/notes/lifelines/index.html").read_text()


def test_content_that_looks_like_the_link_marker_is_shown_as_written(project: Path) -> None:
    edit(project, "content/countries/russia.yaml", "role: Guest", "role: Guest (see ~root~/notes)")
    build(project)
    assert "Guest (see ~root~/notes)" in (project / "site/countries/russia/index.html").read_text()


# --- the command in a real process -----------------------------------------------------

def run_briefing(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_exit_codes_of_a_real_process(project: Path, tmp_path: Path) -> None:
    assert run_briefing("build", "--project", project).returncode == 0
    assert run_briefing("build", "--bogus").returncode == 2
    assert run_briefing("build", "--project", tmp_path / "missing").returncode == 2
    edit(project, "content/countries/china.yaml", "code: CN", "code: XX")
    failed = run_briefing("build", "--project", project)
    assert failed.returncode == 1
    assert failed.stderr.startswith("content/countries/china.yaml:2:7: code: 'XX'")


def test_new_then_check_then_build_in_a_real_process(tmp_path: Path) -> None:
    target = tmp_path / "example"
    assert run_briefing("new", target).returncode == 0
    check = run_briefing("check", "--project", target)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: ")
    built = run_briefing("build", "--project", target)
    assert built.returncode == 0, built.stderr
    assert (target / "site" / "index.html").is_file()


def test_interrupting_a_build_leaves_the_old_site_or_the_complete_new_one(tmp_path: Path) -> None:
    """Ctrl-C at any moment: site/ holds either the old tree or the new one, never a mix.

    The Ctrl-C lands at fractions of the time an uninterrupted build takes, so that some
    arrive while Python starts, some while pages render and some while files are moved.
    """
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    many_notes(project, 200)  # enough pages that writing them takes a moment
    build(project)
    pristine = tmp_path / "pristine"
    shutil.copytree(project / "site", pristine)
    edit(project, "content/site.yaml", "Parade briefing", "Parade briefing, second edition")  # changes every page
    shutil.copytree(pristine, tmp_path / "reference")
    started = time.monotonic()
    assert run_briefing("build", "--project", project, "--out", tmp_path / "reference").returncode == 0
    duration = time.monotonic() - started
    new = tree(tmp_path / "reference")
    assert tree(pristine) != new

    outcomes: list[str] = []
    leftovers: list[str] = []
    for fraction in (0.02, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97):
        shutil.rmtree(project / "site")
        shutil.copytree(pristine, project / "site")
        before = snapshot(project / "site")
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=120)
        after = snapshot(project / "site")
        if after == before:
            outcomes.append("old")
        else:
            files = {rel: entry[1] for rel, entry in after.items() if entry[0] == "file"}
            assert files == new, f"a mix of old and new after Ctrl-C at {fraction:.0%} of a build"
            outcomes.append("new")
        for path in staging_left(project):
            leftovers.append(path.name)
            shutil.rmtree(path)
    assert "old" in outcomes  # at least the earliest Ctrl-C landed before anything was written
    assert leftovers == []


def test_ctrl_c_during_a_build_exits_130_not_as_a_failure(project: Path) -> None:
    """Deterministic: the build is frozen (SIGSTOP) while its staging folder shows it is
    inside the guarded part, gets its Ctrl-C there, and only then runs on."""
    many_notes(project, 800)
    while True:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while not staging_left(project) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        proc.send_signal(signal.SIGSTOP)
        if staging_left(project):  # frozen before it could finish: the Ctrl-C lands inside
            break
        proc.send_signal(signal.SIGCONT)  # it ran past the point: clean up and try again
        proc.communicate(timeout=120)
        shutil.rmtree(project / "site", ignore_errors=True)
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    assert staging_left(project) == []
    # Before the pages are put in place nothing is written; a Ctrl-C held back while they
    # are lets the site be made whole first.
    assert not (project / "site").exists() or run_briefing("build", "--project", project).stdout.endswith(
        "nothing changed, nothing written.\n")
