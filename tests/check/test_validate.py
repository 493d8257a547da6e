"""generator.check.validate: documents into the frozen model, or every issue at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.errors import Pos
from generator.check.loader import load
from generator.model import Citation, Fact
from generator.check.validate import validate
from generator.model import SITE_KEY



def run(project: Path):
    docs, issues = load(project)
    site, owners, more = validate(docs)
    return site, owners, [str(i) for i in issues + more]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_base_project_becomes_a_model(project: Path) -> None:
    site, owners, issues = run(project)
    assert issues == []
    assert (site.title, site.language, site.base_url, site.search) == ("Parade briefing", "en", None, False)
    assert [c.slug for c in site.countries] == ["china", "north-korea", "russia"]
    assert [p.slug for p in site.people] == ["kim-jong-un", "xi-jinping"]
    assert [s.slug for s in site.sources] == ["parade-article"]
    assert len(site.sources[0].sentences) == 7
    assert site.countries[0].facts[0] == Fact("Xi Jinping invited Kim Jong Un himself.",
                                              "Chinese President Xi Jinping invited Kim personally.",
                                              "parade-article", "diplomacy",
                                              citations=(Citation("parade-article", "Chinese President Xi Jinping invited Kim personally."),))
    assert site.notes[0].body.startswith("Beijing signed up")
    assert set(owners) == {SITE_KEY, "parade-article", "china", "north-korea", "russia", "kim-jong-un",
                           "xi-jinping", "china-joins-sanctions", "lifelines"}
    assert site.drafts == ()


def test_positions_ride_along_but_take_no_part_in_equality(project: Path) -> None:
    site, _, _ = run(project)
    fact = site.countries[0].facts[0]
    assert fact.pos == Pos("content/countries/china.yaml", 8, 12)
    assert dataclasses.replace(fact, pos=Pos("elsewhere", 99, 9)) == fact


def test_the_model_is_frozen(project: Path) -> None:
    site, _, _ = run(project)
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.title = "changed"  # type: ignore[misc]


def test_defaults_and_base_url_slash(project: Path) -> None:
    (project / "content/site.yaml").write_text("title: T\nbase_url: https://example.org/briefing\n")
    site, _, issues = run(project)
    assert issues == []
    assert (site.language, site.search, site.base_url) == ("en", True, "https://example.org/briefing/")


def test_events_are_in_date_order(project: Path) -> None:
    (project / "content/events/early.yaml").write_text("title: Early\ndate: 2016-05\nquote: Kim personally\n")
    (project / "content/events/late.yaml").write_text("title: Late\ndate: 2025-09-03\nquote: Kim personally\n")
    site, _, issues = run(project)
    assert issues == []
    assert [e.slug for e in site.events] == ["early", "china-joins-sanctions", "late"]


def test_drafts_are_left_out_and_not_checked(project: Path) -> None:
    (project / "content/notes/later.md").write_text("---\ntitle: [unfinished\ndraft: true\n---\n")
    (project / "content/notes/idea.md").write_text("---\ntitle: An idea\nbogus: 1\ndraft: true\n---\n[[nowhere]]\n")
    site, owners, issues = run(project)
    # A draft with a YAML error cannot say it is a draft: that one is reported.
    assert issues == ["content/notes/later.md:3:6: YAML syntax error: did not find expected ',' or ']' "
                      "(while parsing a flow sequence started on line 2); "
                      "check the indentation and quoting on this line or the one before"]
    assert site.drafts == ("content/notes/idea.md",)
    assert "idea" not in owners
    assert [n.slug for n in site.notes] == ["lifelines"]


def test_slugs_are_unique_across_kinds(project: Path) -> None:
    (project / "content/events/china.yaml").write_text("title: T\ndate: 2017\nquote: Q\n")
    _, _, issues = run(project)
    assert issues == ["content/events/china.yaml:1:1: slug 'china' is already used by content/countries/china.yaml; "
                      "slugs are unique across sources, countries, people, events and notes; rename one file"]


def test_the_same_slug_with_two_extensions(project: Path) -> None:
    (project / "content/countries/china.yml").write_text("name: China\ncode: CN\n")
    _, _, issues = run(project)
    assert issues == ["content/countries/china.yml:1:1: slug 'china' is already used by content/countries/china.yaml; "
                      "slugs are unique across sources, countries, people, events and notes; rename one file"]


def test_a_file_name_must_be_a_slug(project: Path) -> None:
    (project / "content/people/Kim Il Sung.yaml").write_text("name: Kim Il Sung\n")
    _, _, issues = run(project)
    assert issues == ["content/people/Kim Il Sung.yaml:1:1: file name 'Kim Il Sung' is not a valid slug; "
                      "rename the file to 'kim-il-sung.yaml' (lowercase letters, digits and hyphens)"]


def test_a_source_needs_text(project: Path) -> None:
    (project / "content/sources/parade-article.md").write_text("---\ntitle: T\n---\n\n\n")
    site, _, issues = run(project)
    assert issues == [
        "content/sources/parade-article.md:4:1: the source has no text; paste the article below the front matter"]
    assert site.sources == ()


def test_with_one_source_facts_name_it_even_when_the_source_has_errors(project: Path) -> None:
    edit(project, "content/sources/parade-article.md", "title:", "titel:")
    site, _, issues = run(project)
    assert sorted(issues) == ["content/sources/parade-article.md:2:1: missing required key 'title'; add 'title: ...'",
                              "content/sources/parade-article.md:2:1: titel: unknown key; did you mean 'title'?"]
    assert all(f.source == "parade-article" for c in site.countries for f in c.facts)


def test_with_several_sources_a_fact_without_one_names_none(project: Path) -> None:
    (project / "content/sources/second.md").write_text("---\ntitle: Second\n---\nOther text.\n")
    site, _, issues = run(project)
    assert issues == []
    assert {f.source for c in site.countries for f in c.facts} == {""}


def test_documents_with_errors_stay_in_the_table_but_not_in_the_model(project: Path) -> None:
    edit(project, "content/countries/russia.yaml", "code: RU", "code: XX")
    (project / "content/people/putin.yaml").write_text("name: [Putin\n")
    site, owners, issues = run(project)
    assert len(issues) == 2
    assert "russia" in owners and "putin" in owners and owners["putin"].broken
    assert [c.slug for c in site.countries] == ["china", "north-korea"]


def test_an_invalid_site_yaml_gives_no_model(project: Path) -> None:
    (project / "content/site.yaml").write_text("titel: T\n")
    site, _, issues = run(project)
    assert site is None
    assert issues == ["content/site.yaml:1:1: titel: unknown key; did you mean 'title'?",
                      "content/site.yaml:1:1: missing required key 'title'; add 'title: ...'"]
