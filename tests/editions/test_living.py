"""The loop of a living briefing, as an analyst runs it on the seed, through the command in
subprocesses: build, record an edition, draft a second article (which proposes facts for
the sheets the briefing has), finish two of the proposals, back an existing fact with a
second citation, change a relation's kind, remove a fact, build; then `briefing diff`,
the What changed page and the feed say exactly those changes, and nothing of the
proposals left as drafts."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

ARTICLE = Path(__file__).parents[1] / "cases" / "living" / "beijing-lifeline.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def cli(project: Path, *args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "generator", *args, "--project", str(project)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def proposal(project: Path, rel: str, sid: str) -> str:
    """The draft fact `briefing draft` proposed in a sheet from the new article's sentence `sid`."""
    text = (project / "content" / rel).read_text(encoding="utf-8")
    found = re.findall(rf'  - claim: .*\n    quote: .*   # {sid}\n    source: beijing-lifeline\n    draft: true\n', text)
    assert len(found) == 1, (rel, sid)
    return found[0]


def finish(project: Path, rel: str, sid: str, claim: str | None = None) -> None:
    """What finishing a proposal is: the claim in the analyst's words (or kept), the mark deleted."""
    block = proposal(project, rel, sid)
    done = block.replace("    draft: true\n", "")
    if claim:
        done = re.sub(r"  - claim: .*\n", lambda _: f"  - claim: {json.dumps(claim)}\n", done, count=1)
    edit(project, rel, block, done)


CHANGES = [
    "China:",
    "  Reworded: Xi Jinping personally invited Kim Jong Un to the parade. (now cites beijing-lifeline too)",
    "  Removed: Officials expect 26 foreign leaders at the parade.",
    "  Relation with Russia: partner → ally",
    "Russia:",
    "  New: Moscow has become Pyongyang's closest military ally since a mutual defence treaty.",
    "South Korea:",
    "  New: Seoul is preparing an envoy to Beijing for the days after the parade.",
    "Elsewhere:",
    "  New source: Beijing keeps Pyongyang afloat as Kim heads for the parade",
]
SUMMARY = "2 new facts, 1 fact reworded, 1 fact removed, 1 relation changed, 1 new source"


def the_analysts_edits(project: Path) -> None:
    drafted = cli(project, "draft", str(ARTICLE))  # the second article becomes a source, and proposes facts
    assert "wrote content/sources/beijing-lifeline.md" in drafted
    assert "proposed content/countries/russia.yaml: 3 draft facts (s4, s5, s6)" in drafted
    # Two proposals finished: one reworded, one kept in the article's words.
    finish(project, "countries/russia.yaml", "s4", "Moscow has become Pyongyang's closest military ally since a mutual defence treaty.")
    finish(project, "countries/south-korea.yaml", "s8")
    # A proposal that says what a fact says already: it becomes that fact's second citation.
    edit(project, "countries/china.yaml", proposal(project, "countries/china.yaml", "s3"), "")
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


def assert_links_lead_somewhere(page: Path, site: Path) -> None:
    """Every link of the page leads to a page that exists, and to an id that page has."""
    for path, fragment in links(page, site):
        target = site / path / "index.html" if not path or path.endswith("/") else site / path
        assert target.is_file(), path
        assert not fragment or f'id="{fragment}"' in target.read_text(encoding="utf-8"), (path, fragment)


def links(page: Path, site: Path) -> list[tuple[str, str]]:
    """Every link of a built page inside the site, as (the page it names, its fragment)."""
    base = "http://site/" + page.relative_to(site).as_posix()
    out = []
    for href in re.findall(r'<a [^>]*href="([^"]+)"', page.read_text(encoding="utf-8")):
        url = urlsplit(urljoin(base, html.unescape(href)))
        if url.netloc == "site":
            out.append((url.path.lstrip("/"), url.fragment))
    return out


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
    assert '<a href="../countries/china/">Removed: Officials expect' in items[1]  # the fact is no longer there
    assert '<a href="../countries/china/#relations-title">' in items[2]
    assert_links_lead_somewhere(site / "changes" / "index.html", site)
    assert "The first edition" in older

    russia = (site / "countries" / "russia" / "index.html").read_text(encoding="utf-8")
    assert ('<li id="fact-moscow-has-become-pyongyang-s-closest-military-ally">'
            '<span class="new" data-pagefind-ignore>New</span> ') in russia
    assert russia.count('class="new"') == 1
    china = (site / "countries" / "china" / "index.html").read_text(encoding="utf-8")
    assert 'id="fact-xi-jinping-personally-invited-kim-jong-un-to"' in china
    assert "2 sources" in china and 'class="new"' not in china
    # The proposals not finished are still drafts: on no page, listed by check at their lines.
    assert "Kursk region" not in russia and "armoured train" not in china
    checked = cli(project, "check")
    assert re.search(r"^content/countries/russia.yaml:\d+: draft fact pending: North Korean troops have fought", checked, re.M)
    assert checked.splitlines()[-1].endswith("; 14 draft facts pending.")
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert f"The latest edition (2 September 2025): {SUMMARY}." in overview

    feed = ElementTree.parse(site / "feed.xml").getroot()
    editions = [e for e in feed.iter(f"{ATOM}entry") if "edition-" in e.find(f"{ATOM}link").get("href")]
    assert [e.find(f"{ATOM}title").text for e in editions] == [f"Parade day: {SUMMARY}", "Parade eve"]
    assert editions[0].find(f"{ATOM}summary").text == "; ".join(line.strip() for line in CHANGES if line.startswith("  "))
    assert editions[0].find(f"{ATOM}updated").text == "2025-09-02T00:00:00Z"

    # A fact an edition added, reworded since: that edition's entry still leads to its sheet.
    edit(project, "countries/russia.yaml", "  - claim: \"Moscow has become Pyongyang's closest military ally since a mutual defence treaty.\"",
         "  - claim: Russia is now North Korea's closest military ally.")
    cli(project, "build", "--quiet")
    page = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../countries/russia/">New: Moscow has become' in page
    assert '<a href="../countries/russia/#fact-russia-is-now-north-korea-s-closest-military">Reworded: Russia is now' in page
    assert_links_lead_somewhere(site / "changes" / "index.html", site)
