"""generator.incremental.restyle: a build in which only templates changed reads no content."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.build
from generator.build import build
from generator.cli import main
from generator.incremental import contexts
from generator.incremental.cache import BuildCache
from trees import override, same_as_clean


@pytest.fixture(autouse=True)
def keep_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # The seed has a score of entity pages; a build reads kept contexts from fifty.
    monkeypatch.setattr(contexts, "KEEP_FROM", 1)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What of the content and the cache's conversions the builds read, in order."""
    read: list[str] = []
    check, markdown = generator.build.check_content, BuildCache.load_markdown

    def checked(*args, **kwargs):
        read.append("content")
        return check(*args, **kwargs)

    def converted(self, *args, **kwargs):
        read.append("markdown")
        return markdown(self, *args, **kwargs)

    monkeypatch.setattr(generator.build, "check_content", checked)
    monkeypatch.setattr(BuildCache, "load_markdown", converted)
    return read


def test_a_change_to_entity_templates_is_built_from_the_kept_plan_alone(seed_project: Path, reads: list[str]):
    build(seed_project, persist=True)
    assert reads == ["content", "markdown"]
    reads.clear()
    override(seed_project, "note.html", "<!-- revision A -->\n")
    override(seed_project, "country.html", "<!-- revision A -->\n")
    result = build(seed_project, persist=True)  # a process of its own, as `briefing build` again
    assert reads == [] and result.linked is None
    assert "notes/the-two-blocs/index.html" in result.rendered and "countries/china/index.html" in result.rendered
    assert "index.html" not in result.rendered  # the overview's template is as it was
    assert "revision A" in (seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)
    # Its state is one the next build trusts: a content edit after it is found and made.
    china = seed_project / "content/countries/china.yaml"
    china.write_text(china.read_text().replace("summary:", "summary: Edited.", 1))
    reads.clear()
    result = build(seed_project, persist=True)
    assert reads == ["content", "markdown"] and "countries/china/index.html" in result.rendered
    assert same_as_clean(seed_project)
    reads.clear()
    override(seed_project, "note.html", "<!-- revision B -->\n")  # and again from its plan
    assert build(seed_project, persist=True).linked is None and reads == []
    assert same_as_clean(seed_project)


@pytest.mark.parametrize("change", ["content", "static", "list template", "output edited", "output removed"])
def test_a_change_besides_entity_templates_reads_the_content(seed_project: Path, reads: list[str], change: str):
    build(seed_project, persist=True)
    override(seed_project, "note.html", "<!-- revision C -->\n")
    if change == "content":
        china = seed_project / "content/countries/china.yaml"
        china.write_text(china.read_text().replace("summary:", "summary: Edited.", 1))
    elif change == "static":
        (seed_project / "static").mkdir(exist_ok=True)
        (seed_project / "static/extra.txt").write_text("an extra file\n")
    elif change == "list template":
        override(seed_project, "notes.html", "<!-- revision C -->\n")
    elif change == "output edited":
        (seed_project / "site/feed.xml").write_text("edited by hand")
    else:
        (seed_project / "site/timeline/index.html").unlink()
    reads.clear()
    result = build(seed_project, persist=True)
    assert reads[0] == "content" and result.linked is not None
    assert same_as_clean(seed_project)


def test_a_plan_the_state_does_not_name_is_not_used(seed_project: Path, reads: list[str]):
    # A build killed after it kept its plan and before its state: the plan beside the
    # state is another build's, of other content.
    build(seed_project, persist=True)
    cache = BuildCache(seed_project, seed_project / "site", None)
    other = cache.plan_file.read_bytes()
    site = seed_project / "content/site.yaml"  # the title, in the chrome of every page
    site.write_text(site.read_text().replace('title: "', 'title: "Edited: ', 1))
    build(seed_project, persist=True)
    cache.plan_file.write_bytes(other)
    override(seed_project, "country.html", "<!-- revision D -->\n")
    reads.clear()
    assert build(seed_project, persist=True).linked is not None and reads[0] == "content"
    assert "Edited: " in (seed_project / "site/countries/china/index.html").read_text()
    assert same_as_clean(seed_project)


def test_it_says_what_a_build_of_the_content_says(seed_project: Path, reads: list[str]):
    # An empty sheet (a warning) and a draft, said alike by both kinds of build.
    (seed_project / "content/countries/chad.yaml").write_text("name: Chad\ncode: TD\n")
    (seed_project / "content/countries/mali.yaml").write_text("name: Mali\ncode: ML\ndraft: true\n")

    def said() -> list[str]:
        run = CliRunner().invoke(main, ["build", "--project", str(seed_project)])
        assert run.exit_code == 0, run.output
        lines = run.output.splitlines()
        return [line for line in lines if not line.startswith("Built ")]  # (what was written differs)

    full = said()
    assert any("warning: this country sheet has nothing to show but its name" in line for line in full)
    assert "1 draft left out; `briefing check` lists them." in full
    override(seed_project, "note.html", "<!-- revision E -->\n")
    reads.clear()
    assert said() == full and reads == []
