"""The loop of a living briefing, as an analyst runs it on the seed: build, record an
edition, add a second article, finish two facts from it, back an existing fact with a
second citation, change a relation's kind, remove a fact, build; then `briefing diff`,
the What changed page and the feed say exactly those changes."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner

from generator.cli import main

ARTICLE = Path(__file__).parents[1] / "cases" / "living" / "beijing-lifeline.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def cli(project: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.output


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES = [
    "China:",
    "  Reworded: Xi Jinping personally invited Kim Jong Un to the parade. (now cites beijing-lifeline too)",
    "  Removed: Officials expect 26 foreign leaders at the parade.",
    "  Relation with Russia: partner → ally",
    "Russia:",
    "  New: Moscow has become Pyongyang's closest military ally since a mutual defence treaty.",
    "South Korea:",
    "  New: Seoul is preparing an envoy to Beijing for after the parade.",
    "Elsewhere:",
    "  New source: Beijing keeps Pyongyang afloat as Kim heads for the parade",
]
SUMMARY = "2 new facts, 1 fact reworded, 1 fact removed, 1 relation changed, 1 new source"


def the_analysts_edits(project: Path) -> None:
    cli(project, "draft", str(ARTICLE))  # the second article becomes a source
    edit(project, "countries/russia.yaml", "facts:\n", """facts:
  - claim: Moscow has become Pyongyang's closest military ally since a mutual defence treaty.
    quote: Moscow has become Pyongyang's closest military ally since the two signed a mutual defence treaty.
""")
    edit(project, "countries/south-korea.yaml", "facts:\n", """facts:
  - claim: Seoul is preparing an envoy to Beijing for after the parade.
    quote: Seoul is preparing an envoy to Beijing for the days after the parade.
""")
    edit(project, "countries/china.yaml", "    quote: Chinese President Xi Jinping invited Kim personally.\n", """    citations:
      - source: victory-day-parade
        quote: Chinese President Xi Jinping invited Kim personally.
      - source: beijing-lifeline
        quote: Chinese President Xi Jinping invited Kim personally, according to officials in Seoul.
""")
    edit(project, "countries/china.yaml", "  - with: russia\n    kind: partner", "  - with: russia\n    kind: ally")
    edit(project, "countries/china.yaml", "  - claim: Officials expect 26 foreign leaders at the parade.\n"
                                          "    quote: Officials expect 26 foreign leaders to attend\n"
                                          "    topic: diplomacy\n", "")


def test_a_second_article_updates_the_briefing(seed_project: Path) -> None:
    project = seed_project
    cli(project, "build", "--quiet")
    assert cli(project, "edition", "--date", "2025-09-01", "--title", "Parade eve") == "Recorded editions/2025-09-01.yaml.\n"
    first = (project / "editions" / "2025-09-01.yaml").read_bytes()
    the_analysts_edits(project)
    cli(project, "build", "--quiet")

    assert cli(project, "diff").splitlines() == [f"Since Parade eve (2025-09-01): {SUMMARY}.", *CHANGES]
    assert cli(project, "edition", "--date", "2025-09-02", "--title", "Parade day") == (
        f"Recorded editions/2025-09-02.yaml: {SUMMARY} since the edition before.\n")
    cli(project, "build", "--quiet")
    assert (project / "editions" / "2025-09-01.yaml").read_bytes() == first  # a build never rewrites one
    assert cli(project, "diff").splitlines() == ["Since Parade day (2025-09-02): no changes."]
    assert cli(project, "diff", "2025-09-01").splitlines()[1:] == CHANGES

    site = project / "site"
    page = (site / "changes" / "index.html").read_text(encoding="utf-8")
    newest, older = page.split('id="edition-2025-09-02"')[1].split('id="edition-2025-09-01"')
    items = re.findall(r'<li class="change-[a-z-]+">(.*?)</li>', newest)
    texts = [re.sub(r"<[^>]+>", "", i).replace("&#39;", "'") for i in items]
    assert texts == [line.strip() for line in CHANGES if line.startswith("  ")]
    heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h3 [^>]*>(.*?)</h3>", newest)]
    assert heads == ["China", "Russia", "South Korea", "Notes, events and sources"]
    assert '<a href="../countries/china/#fact-xi-jinping-personally-invited-kim-jong-un-to">' in items[0]
    assert "The first edition" in older

    russia = (site / "countries" / "russia" / "index.html").read_text(encoding="utf-8")
    assert ('<li id="fact-moscow-has-become-pyongyang-s-closest-military-ally">'
            '<span class="new" data-pagefind-ignore>New</span> ') in russia
    assert russia.count('class="new"') == 1
    china = (site / "countries" / "china" / "index.html").read_text(encoding="utf-8")
    assert 'id="fact-xi-jinping-personally-invited-kim-jong-un-to"' in china
    assert "2 sources" in china and 'class="new"' not in china
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert f"The latest edition (2 September 2025): {SUMMARY}." in overview

    feed = ElementTree.parse(site / "feed.xml").getroot()
    editions = [e for e in feed.iter(f"{ATOM}entry") if "edition-" in e.find(f"{ATOM}link").get("href")]
    assert [e.find(f"{ATOM}title").text for e in editions] == [f"Parade day: {SUMMARY}", "Parade eve"]
    assert editions[0].find(f"{ATOM}summary").text == "; ".join(line.strip() for line in CHANGES if line.startswith("  "))
    assert editions[0].find(f"{ATOM}updated").text == "2025-09-02T00:00:00Z"
