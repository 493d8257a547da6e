"""Pages a new user looks for: people, an empty timeline that says what to do, relations
declared by both sides shown once, the favicon, sentence numbers on paper."""

from __future__ import annotations

import html
import re
from pathlib import Path


from generator.build import build

THEME = Path(__file__).resolve().parents[2] / "static"


def page(project: Path, rel: str) -> str:
    return (project / "site" / rel).read_text()


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u2060", "").split())


def add_relation(project: Path, country: str, other: str, kind: str, summary: str, quote: str) -> None:
    path = project / f"content/countries/{country}.yaml"
    body = path.read_text()
    entry = f"  - with: {other}\n    kind: {kind}\n    summary: {summary}\n    quote: {quote}\n"
    path.write_text(body.replace("relations:\n", "relations:\n" + entry) if "relations:\n" in body
                    else body + "relations:\n" + entry)


def test_people_have_a_page_and_a_place_in_the_navigation(project: Path) -> None:
    build(project)
    people = main(page(project, "people/index.html"))
    assert text(people).startswith("People Everyone this briefing has a page for, by name.")
    assert '<a href="../people/kim-jong-un/">Kim Jong Un</a>' in people
    assert '<a href="../people/xi-jinping/">Xi Jinping</a>' in people
    assert '<li><a href="./people/">People</a></li>' in page(project, "index.html")
    assert '<li><a href="../people/" aria-current="page">People</a></li>' in page(project, "people/index.html")


def test_an_empty_timeline_says_how_events_are_added(project: Path) -> None:
    (project / "content/events/china-joins-sanctions.yaml").unlink()
    build(project)
    assert text(main(page(project, "timeline/index.html"))).split(" Cite this page ")[0] == (
        "Timeline No events yet. Each dated event is a file in content/events/ with a title , a date "
        "(YYYY, YYYY-MM or YYYY-MM-DD), its countries and the quote it rests on; the timeline lists them "
        "in date order.")


def relations_of(html: str) -> list[str]:
    section = html[html.index('<ul class="relations">'):]
    return [text(li) for li in re.findall(r"<li>(.*?)</li>", section[:section.index("</ul>")], re.S)]


def test_two_sheets_that_name_each_other_make_one_relation(project: Path) -> None:
    # north-korea already says china is a partner; china now says the same of north-korea.
    add_relation(project, "china", "north-korea", "partner", "Beijing keeps supplying its neighbour.",
                 "Beijing joined sanctions in 2017")
    build(project)
    china = relations_of(page(project, "countries/china/index.html"))
    assert [r for r in china if "North Korea" in r] == [
        "Partner North Korea : Beijing keeps supplying its neighbour. [2] China is Pyongyang's most important "
        "partner. [3] (from the North Korea sheet)"]
    relations = page(project, "relations/index.html")
    rows = [text(r) for r in re.findall(r"<tr><td>(.*?)</tr>", relations, re.S)]
    assert [r for r in rows if "North Korea" in r and "China" in r] == [
        "China Partner North Korea China: Beijing keeps supplying its neighbour. [1] North Korea: China is "
        "Pyongyang's most important partner. [2]"]
    lines = re.findall(r'<line class="edge edge-(\w[\w-]*)" [^>]*><title>([^<]*)</title>', relations)
    assert [title for _, title in lines].count("China – North Korea: Partner") == 1
    assert "The sheets disagree" not in relations


def test_two_sheets_that_disagree_on_the_kind_say_so(project: Path) -> None:
    add_relation(project, "china", "north-korea", "rival", "Beijing keeps supplying its neighbour.",
                 "Beijing joined sanctions in 2017")
    build(project)
    china = relations_of(page(project, "countries/china/index.html"))
    assert [r for r in china if "North Korea" in r] == [
        "Rival Partner North Korea : Beijing keeps supplying its neighbour. [2] China is Pyongyang's most important "
        "partner. [3] (from the North Korea sheet) The sheets disagree: China says rival; North Korea says partner."]
    relations = page(project, "relations/index.html")
    lines = re.findall(r'<line class="edge edge-(\w[\w-]*)" x1="([\d.]+)" y1="([\d.]+)"[^>]*>'
                       r'<title>China – North Korea: (\w+)</title>', relations)
    assert [(kind, label) for kind, _, _, label in lines] == [("rival", "Rival"), ("partner", "Partner")]
    assert lines[0][1:3] != lines[1][1:3]  # side by side, not on top of each other
    assert "The sheets disagree: China says rival; North Korea says partner." in relations


def test_every_page_links_the_favicon_and_the_theme_ships_it(project: Path) -> None:
    build(project)
    icons = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page(project, "countries/china/index.html"))
    assert len(icons) == 1 and (project / "site/countries/china" / icons[0]).resolve().is_file()
    assert (THEME / "favicon.svg").read_text().startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")


def test_sentence_numbers_are_printed() -> None:
    css = (THEME / "style.css").read_text()
    print_rules = css[css.index("@media print {"):]
    hidden = next(line for line in print_rules.splitlines() if "display: none" in line)
    assert ".sid" not in hidden
    assert re.search(r"^\s*\.sid \{[^}]*font-size", print_rules, re.M)


def test_the_overview_shows_the_latest_notes_and_links_to_the_rest(project: Path) -> None:
    for day in range(1, 13):
        (project / f"content/notes/day-{day:02d}.md").write_text(
            f"---\ntitle: Day {day}\ncountries: [china]\ndate: '2025-10-{day:02d}'\n---\nText.\n")
    build(project)
    notes = len(list((project / "content/notes").glob("*.md")))
    overview = main(page(project, "index.html"))
    shown = re.findall(r'<li><a href="\./notes/([^/"]+)/">', overview)
    assert shown == [f"day-{day:02d}" for day in range(12, 4, -1)]  # the eight latest, newest first
    assert f"All notes ({notes - 8} more)" in text(overview)
    assert all(f'notes/{slug}/' in page(project, "notes/index.html") for slug in ("day-01", "day-12"))
