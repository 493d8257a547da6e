"""generator.check.link: every slug resolved, every quote matched, the reverse indexes built."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.link import Citer, Edge, link
from generator.text import WIKILINK
from generator.check.loader import load
from generator.check.validate import validate



def run(project: Path):
    docs, issues = load(project)
    site, owners, more = validate(docs)
    assert issues + more == []
    linked, problems = link(site, owners)
    return linked, sorted(str(i) for i in problems)


def errors(project: Path) -> list[str]:
    return run(project)[1]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- a valid project -------------------------------------------------------------------

def test_wikilink_syntax() -> None:
    found = [(m.group(1), m.group(2)) for m in WIKILINK.finditer("[[a]] [[b|the B]] [[c|]] [[d\n]] [x]")]
    assert found == [("a", None), ("b", "the B")]


def test_quotes_become_citations(project: Path) -> None:
    linked, problems = run(project)
    assert problems == []
    china, north_korea, _ = linked.site.countries
    assert [f.cites for f in china.facts] == [("s2",), ("s5",)]
    assert [r.cites for r in north_korea.relations] == [("s4",), ("s6",)]
    assert linked.site.events[0].cites == ("s5",)
    assert linked.citers[("parade-article", "s2")] == (
        Citer("country", "china", "Xi Jinping invited Kim Jong Un himself.", (("parade-article", "s2"),)),
        Citer("person", "kim-jong-un", "He was invited by Xi Jinping.", (("parade-article", "s2"),)),
    )
    assert list(linked.citers) == [("parade-article", s) for s in ("s1", "s2", "s4", "s5", "s6", "s7")]


def test_relations_are_seen_from_both_sides(project: Path) -> None:
    linked, _ = run(project)
    summary = "China is Pyongyang's most important partner."
    assert linked.relations["china"] == (
        Edge("china", "north-korea", "partner", summary, "parade-article", ("s4",), "north-korea"),)
    assert [(e.other, e.declared_by) for e in linked.relations["north-korea"]] == [
        ("china", "north-korea"), ("russia", "north-korea")]
    assert [(e.other, e.declared_by) for e in linked.relations["russia"]] == [("north-korea", "north-korea")]


def test_reverse_indexes(project: Path) -> None:
    linked, _ = run(project)
    assert linked.notes_about == {"china": ("lifelines",), "north-korea": ("lifelines",),
                                  "kim-jong-un": ("lifelines",), "xi-jinping": ("lifelines",)}
    assert linked.events_of == {"china": ("china-joins-sanctions",), "north-korea": ("china-joins-sanctions",)}
    assert linked.people_of == {"north-korea": ("kim-jong-un",), "china": ("xi-jinping",)}
    assert linked.site.notes[0].links == ("china", "north-korea", "xi-jinping")
    assert linked.kinds["parade-article"] == "source" and linked.names["xi-jinping"] == "Xi Jinping"


# --- references ------------------------------------------------------------------------

def test_a_missing_reference_suggests_the_closest_slug(project: Path) -> None:
    edit(project, "content/countries/china.yaml", "[xi-jinping]", "[xi-jinpin]")
    assert errors(project) == [
        "content/countries/china.yaml:5:11: leaders[0]: no person named 'xi-jinpin'; did you mean 'xi-jinping'?"]


def test_a_reference_to_the_wrong_kind(project: Path) -> None:
    edit(project, "content/people/xi-jinping.yaml", "country: china", "country: kim-jong-un")
    assert errors(project) == [
        "content/people/xi-jinping.yaml:2:10: country: 'kim-jong-un' is a person, not a country; name a country here"]


def test_every_kind_of_reference_is_checked(project: Path) -> None:
    edit(project, "content/countries/north-korea.yaml", "with: russia", "with: japan")
    edit(project, "content/events/china-joins-sanctions.yaml", "[china, north-korea]", "[china, south-korea]")
    edit(project, "content/notes/lifelines.md", "people: [kim-jong-un]", "people: [moon-jae-in]")
    edit(project, "content/people/xi-jinping.yaml", "country: china", "country: prc")
    assert errors(project) == [
        "content/countries/north-korea.yaml:14:11: relations[1].with: no country named 'japan'; "
        "create the country's file or fix the slug",
        "content/events/china-joins-sanctions.yaml:3:20: countries[1]: no country named 'south-korea'; "
        "did you mean 'north-korea'?",
        "content/notes/lifelines.md:4:10: people[0]: no person named 'moon-jae-in'; "
        "create the person's file or fix the slug",
        "content/people/xi-jinping.yaml:2:10: country: no country named 'prc'; "
        "create the country's file or fix the slug",
    ]


def test_a_country_cannot_relate_to_itself(project: Path) -> None:
    edit(project, "content/countries/north-korea.yaml", "with: russia", "with: north-korea")
    assert errors(project) == [
        "content/countries/north-korea.yaml:14:11: relations[1].with: a country cannot have a relation with itself; "
        "name the other country"]


def test_a_link_in_a_note_body_points_at_its_own_line_and_column(project: Path) -> None:
    append(project, "content/notes/lifelines.md", "\nSee also [[seouls-view|Seoul's view]] and [[china]].\n")
    assert errors(project) == [
        "content/notes/lifelines.md:12:10: link [[seouls-view]] does not name a page; "
        "link to a country, person, event, note or source slug"]


def test_links_in_summaries_and_takeaways(project: Path) -> None:
    append(project, "content/countries/russia.yaml", "summary: An ally of [[north-koreo]].\n")
    edit(project, "content/site.yaml", "[[china|Beijing]]", "[[beijing]]")
    assert errors(project) == [
        "content/countries/russia.yaml:7:10: link [[north-koreo]] does not name a page; did you mean [[north-korea]]?",
        "content/site.yaml:6:5: link [[beijing]] does not name a page; "
        "link to a country, person, event, note or source slug",
    ]


def test_a_reference_to_a_draft_says_it_is_a_draft(project: Path) -> None:
    append(project, "content/people/xi-jinping.yaml", "draft: true\n")
    assert errors(project) == [
        "content/countries/china.yaml:5:11: leaders[0]: 'xi-jinping' is still a draft "
        "(content/people/xi-jinping.yaml); "
        "finish the draft and remove 'draft: true', or drop this reference",
        "content/notes/lifelines.md:10:6: link [[xi-jinping]] points to a draft (content/people/xi-jinping.yaml); "
        "finish the draft and remove 'draft: true', or drop this link",
    ]


# --- quotes ----------------------------------------------------------------------------

def test_a_quote_not_found_names_the_source_and_the_closest_sentence(project: Path) -> None:
    edit(project, "content/countries/russia.yaml", "will also attend.", "will attend as well.")
    assert errors(project) == [
        "content/countries/russia.yaml:6:12: facts[0].quote: not found in source 'parade-article'; "
        "the closest sentence is s7: \"Russia’s Vladimir Putin will also attend.\", "
        "which has \"will also attend.\" where the quote has \"will attend\"; copy the words exactly as the source has them"]


def test_relation_and_event_quotes_are_checked(project: Path) -> None:
    edit(project, "content/countries/north-korea.yaml", "has tightened cooperation", "tightened cooperation")
    edit(project, "content/events/china-joins-sanctions.yaml", "quote: Beijing joined", "quote: China joined")
    assert [e.split(": not found")[0] for e in errors(project)] == [
        "content/countries/north-korea.yaml:17:12: relations[1].quote",
        "content/events/china-joins-sanctions.yaml:5:8: quote",
    ]


def test_an_unknown_source(project: Path) -> None:
    append(project, "content/people/kim-jong-un.yaml", "    source: the-article\n")
    assert errors(project) == [
        "content/people/kim-jong-un.yaml:7:13: facts[0].source: no source named 'the-article'; "
        "did you mean 'parade-article'?"]


def test_with_several_sources_a_quote_without_source_finds_its_own(project: Path) -> None:
    (project / "content/sources/second.md").write_text("---\ntitle: Second\n---\nNothing here is quoted.\n")
    linked, problems = run(project)
    assert problems == []
    assert {f.source for c in linked.site.countries for f in c.facts} == {"parade-article"}
    assert linked.site.events[0].source == "parade-article"


def test_with_several_sources_an_ambiguous_or_missing_quote(project: Path) -> None:
    (project / "content/sources/second.md").write_text(
        "---\ntitle: Second\n---\nXi Jinping invited Kim personally, a second outlet says.\n")
    edit(project, "content/countries/russia.yaml", "will also attend.", "will attend as well.")
    assert errors(project) == [
        "content/countries/russia.yaml:6:12: facts[0].quote: not found in any source (parade-article, second); "
        "copy the words exactly as the source has them and name it with 'source: SLUG'",
        "content/people/kim-jong-un.yaml:6:12: facts[0].quote: no source given, and the quote is found in several "
        "sources; add 'source: SLUG' (one of: parade-article, second)",
    ]


def test_a_quote_with_no_source_at_all(project: Path) -> None:
    (project / "content/sources/parade-article.md").unlink()
    problems = errors(project)
    assert len(problems) == 8
    assert ("content/countries/china.yaml:8:12: facts[0].quote: there is no source to quote from; "
            "add the article as content/sources/SLUG.md") in problems


# --- no cascades -----------------------------------------------------------------------

@pytest.mark.parametrize("broken", [
    "name: [China\n",  # YAML error: the file is not loaded at all
    "name: China\ncode: XX\n",  # schema error: loaded, left out of the model
    b"name: Ch\xefna\n",  # not UTF-8
])
def test_a_file_with_errors_is_reported_once_not_at_every_reference(project: Path, broken: str | bytes) -> None:
    path = project / "content/countries/china.yaml"
    path.write_bytes(broken if isinstance(broken, bytes) else broken.encode())
    docs, issues = load(project)
    site, owners, more = validate(docs)
    linked, problems = link(site, owners)
    assert len(issues + more) == 1
    assert problems == []
