"""A claim resting on several sources: `citations:`, each quote checked against its own
source, on a briefing of two articles that overlap (the seed and tests/cases/living/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build, check_content
from generator.errors import ContentError
from generator.model import Citation

SECOND = Path(__file__).resolve().parents[1] / "cases" / "living" / "beijing-lifeline.md"
SEED_PARTNER = "China remains Pyongyang’s most important economic and political partner."
LIFELINE = "Beijing is still Pyongyang's main lifeline"
SHEET = "content/countries/north-korea.yaml"


def two_sources(project: Path) -> Path:
    shutil.copy(SECOND, project / "content" / "sources" / SECOND.name)
    return project


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cite_twice(project: Path, second_quote: str = LIFELINE) -> None:
    """The seed's fact on Moscow keeps one quote; a new fact on China cites both articles."""
    edit(project, SHEET, "facts:\n", f"""facts:
  - claim: China is North Korea's main partner.
    citations:
      - source: victory-day-parade
        quote: {SEED_PARTNER}
      - source: beijing-lifeline
        quote: {second_quote}
""")


def errors(project: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_content(project)
    return [str(i) for i in info.value.issues]


def test_each_citation_cites_its_own_sentence(seed_project: Path) -> None:
    cite_twice(two_sources(seed_project))
    fact = next(c for c in check_content(seed_project).site.countries if c.slug == "north-korea").facts[0]
    assert [(c.source, c.cites) for c in fact.citations] == [("victory-day-parade", ("s14",)),
                                                             ("beijing-lifeline", ("s2",))]
    assert fact.sources == ("victory-day-parade", "beijing-lifeline")
    assert (fact.source, fact.cites) == ("victory-day-parade", ("s14",))  # the first, for one-source readers


def test_a_single_quote_is_a_list_of_one(seed_project: Path) -> None:
    two_sources(seed_project)
    fact = next(c for c in check_content(seed_project).site.countries if c.slug == "north-korea").facts[1]
    assert fact.citations == (Citation("victory-day-parade", "Chinese President Xi Jinping invited Kim personally.",
                                       ("s2",)),)
    assert fact.sources == ("victory-day-parade",)


def test_a_second_citation_not_in_its_source_is_located(seed_project: Path) -> None:
    cite_twice(two_sources(seed_project), "Beijing is Pyongyang's only friend.")
    assert errors(seed_project) == [
        f"{SHEET}:16:16: facts[0].citations[1].quote: not found in source 'beijing-lifeline'; the closest "
        "sentence is s2: \"Beijing is still Pyongyang's main lifeline, buying most of its coal and supplying "
        "its fuel.\", which has \"Beijing is still Pyongyang's\" where the quote has \"Beijing is Pyongyang's\"; "
        "copy the words exactly as the source has them"]


def test_a_quote_of_the_other_article_is_not_found_in_the_named_one(seed_project: Path) -> None:
    two_sources(seed_project)
    edit(seed_project, SHEET, "facts:\n", f"""facts:
  - claim: China is North Korea's main partner.
    citations:
      - source: beijing-lifeline
        quote: {SEED_PARTNER}
""")
    assert errors(seed_project)[0].startswith(
        f"{SHEET}:14:16: facts[0].citations[0].quote: not found in source 'beijing-lifeline'")


@pytest.mark.parametrize("block, expected", [
    ("    quote: x\n    citations:\n      - quote: y\n",
     f"{SHEET}:13:5: facts[0].citations: a fact has 'quote' and 'citations'; "
     "move the quote into the list of citations, or drop the list"),
    ("    source: beijing-lifeline\n    citations:\n      - quote: y\n",
     f"{SHEET}:12:5: facts[0].source: 'source' beside 'citations' names nothing; "
     "give each citation its own 'source:'"),
    ("    citations:\n      - sorce: beijing-lifeline\n        quote: y\n",
     f"{SHEET}:13:9: facts[0].citations[0].sorce: unknown key; did you mean 'source'?"),
    ("    citations:\n      - source: beijing-lifeline\n",
     f"{SHEET}:13:9: facts[0].citations[0]: missing required key 'quote'; "
     "add 'quote: ...' with the exact words of the source"),
    ("    citations: []\n",
     f"{SHEET}:12:16: facts[0].citations: must not be empty; write a value for 'citations'"),
    ("    citations: China\n",
     f"{SHEET}:12:16: facts[0].citations: expected a list, found text; "
     "write it as a list: - source: ...\n  quote: ..."),
])
def test_bad_citations(seed_project: Path, block: str, expected: str) -> None:
    two_sources(seed_project)
    edit(seed_project, SHEET, "facts:\n", "facts:\n  - claim: China is North Korea's main partner.\n" + block)
    assert expected in errors(seed_project)


def test_pages_count_sources_and_link_each_sentence(seed_project: Path) -> None:
    cite_twice(two_sources(seed_project))
    build(seed_project)
    site = seed_project / "site"
    page = (site / "countries" / "north-korea" / "index.html").read_text(encoding="utf-8")
    item = page.split("China is North Korea&#39;s main partner.", 1)[1].split("</li>", 1)[0]
    assert 'href="../../sources/victory-day-parade/#s14"' in item
    assert 'href="../../sources/beijing-lifeline/#s2"' in item
    assert '<span class="sources" data-pagefind-ignore>2 sources</span>' in item
    assert page.count("2 sources") == 1  # the other facts rest on one source each
    second = (site / "sources" / "beijing-lifeline" / "index.html").read_text(encoding="utf-8")
    sentence = second.split('id="s2"', 1)[1].split('id="s3"', 1)[0]
    assert "North Korea</a>; also in <a href=\"../../sources/victory-day-parade/#s14\">" in sentence
    seed = (site / "sources" / "victory-day-parade" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../sources/beijing-lifeline/#s2">Beijing keeps Pyongyang afloat' in seed.split('id="s14"', 1)[1].split('id="s15"', 1)[0]
