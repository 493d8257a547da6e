"""`briefing draft` on whole wire stories: the sheets it drafts (file names, names,
countries, the sentences counted for each), and the headline of a plain-text article."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.draft.sheets import draft
from generator.text import split_sentences

ARTICLES = Path(__file__).resolve().parents[1] / "draft_cases" / "articles"

# Worked out by reading each story sentence by sentence, after its headline (s1 is the
# dateline paragraph). slug: (name, country, role, sentences)
MERCOSUR_PEOPLE = {
    "ursula-von-der-leyen": ("Ursula von der Leyen", None, "European Commission President", ["s2", "s3", "s13"]),
    "luiz-inacio-lula-da-silva": ("Luiz Inácio Lula da Silva", "brazil", "President of Brazil", ["s4", "s5"]),
    "javier-milei": ("Javier Milei", "argentina", "President of Argentina", ["s6", "s7"]),
    "luis-lacalle-pou": ("Luis Lacalle Pou", "uruguay", "President of Uruguay", ["s8", "s9"]),
    "santiago-pena": ("Santiago Peña", "paraguay", "President of Paraguay", ["s10", "s11"]),
    "emmanuel-macron": ("Emmanuel Macron", "france", "President of France", ["s12", "s13"]),
    "donald-tusk": ("Donald Tusk", "poland", "Prime Minister of Poland", ["s14"]),
    "olaf-scholz": ("Olaf Scholz", "germany", "Chancellor of Germany", ["s14", "s15"]),
}
MERCOSUR_COUNTRIES = {
    "uruguay": ["s2", "s7", "s8"], "brazil": ["s2", "s4", "s5"], "argentina": ["s2", "s6"],
    "paraguay": ["s2", "s10", "s11"], "france": ["s12", "s13"], "poland": ["s14"], "germany": ["s14", "s15"],
}
NILE_PEOPLE = {
    "abiy-ahmed": ("Abiy Ahmed", "ethiopia", "Prime Minister of Ethiopia", ["s2", "s3", "s13"]),
    "abdel-fattah-al-sisi": ("Abdel Fattah al-Sisi", "egypt", "President of Egypt", ["s4", "s5"]),
    "badr-abdelatty": ("Badr Abdelatty", "egypt", "Foreign Minister of Egypt", ["s6"]),
    "abdel-fattah-al-burhan": ("Abdel Fattah al-Burhan", "sudan", "General of Sudan", ["s7", "s8"]),
    "william-ruto": ("William Ruto", "kenya", "President of Kenya", ["s9"]),
    "hassan-sheikh-mohamud": ("Hassan Sheikh Mohamud", "somalia", "President of Somalia", ["s9"]),
    "ismail-omar-guelleh": ("Ismail Omar Guelleh", "djibouti", "President of Djibouti", ["s9"]),
    "donald-trump": ("Donald Trump", "united-states", "President of the United States", ["s10", "s11"]),
}
NILE_COUNTRIES = {
    "ethiopia": ["s1", "s2", "s3", "s5", "s7", "s12"], "egypt": ["s1", "s3", "s4", "s6", "s7", "s10"],
    "sudan": ["s1", "s2", "s3", "s7", "s8", "s12"], "kenya": ["s9", "s12"], "somalia": ["s9"],
    "djibouti": ["s9", "s12"], "united-states": ["s10"],
}
STORIES = {
    "eu-mercosur": ("EU and Mercosur seal trade pact after 25 years of talks, defying French farmers",
                    MERCOSUR_PEOPLE, MERCOSUR_COUNTRIES),
    "nile-dam": ("Ethiopia opens Africa's biggest dam as Egypt and Sudan warn over Nile waters",
                 NILE_PEOPLE, NILE_COUNTRIES),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "proj" / "content").mkdir(parents=True)
    (tmp_path / "proj" / "content" / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    return tmp_path / "proj"


def sheet(project: Path, rel: str) -> dict:
    return yaml.safe_load((project / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("story", sorted(STORIES))
def test_story_drafts_people_and_countries(project, story):
    headline, people, countries = STORIES[story]
    result = draft(project, ARTICLES / f"{story}.txt")
    assert result.skipped == []
    assert sorted(result.written) == sorted([f"content/sources/{story}.md"]
                                            + [f"content/countries/{c}.yaml" for c in countries]
                                            + [f"content/people/{p}.yaml" for p in people])
    found = {p.slug: (p.name, p.country, p.role, list(p.sentences)) for p in result.detection.people}
    assert found == people
    assert {c.slug: list(c.sentences) for c in result.detection.countries} == countries
    for slug, (name, country, role, sentences) in people.items():
        data = sheet(project, f"content/people/{slug}.yaml")
        assert (data["draft"], data["name"], data.get("country"), data["role"]) == (True, name, country, role)
        text = (project / f"content/people/{slug}.yaml").read_text(encoding="utf-8")
        assert [line.rsplit("# ", 1)[1] for line in text.splitlines() if "#   quote:" in line] == sentences
    # The headline is the source's title, and no numbered sentence.
    source = (project / f"content/sources/{story}.md").read_text(encoding="utf-8")
    front, body = source.split("---\n")[1], source.split("\n---\n", 1)[1]
    assert yaml.safe_load(front) == {"title": headline}
    assert headline not in body
    assert body == (ARTICLES / f"{story}.txt").read_text(encoding="utf-8").split("\n\n", 1)[1].rstrip() + "\n"
    assert split_sentences(body)[0].text.startswith(("MONTEVIDEO, Dec 6", "ADDIS ABABA, Sept 9"))


def test_leaders_are_listed_on_their_country(project):
    draft(project, ARTICLES / "nile-dam.txt")
    text = (project / "content/countries/egypt.yaml").read_text(encoding="utf-8")
    assert "# leaders: [abdel-fattah-al-sisi, badr-abdelatty]   # people the article ties to Egypt" in text
    assert "abdel-fattah-al-burhan" not in text


def test_two_stories_in_one_project(project):
    draft(project, ARTICLES / "eu-mercosur.txt")
    second = draft(project, ARTICLES / "nile-dam.txt")
    assert second.skipped == [] and second.source_slug == "nile-dam"


def article(tmp_path: Path, text: str, name: str = "story.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def source_of(project: Path, slug: str = "story") -> tuple[dict, str]:
    text = (project / f"content/sources/{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]), text.split("\n---\n", 1)[1]


@pytest.mark.parametrize("text", [
    "Talks resume in Cairo\n\nEgypt said the talks would resume.\n",
    "Talks resume in Cairo\nEgypt said the talks would resume.\nSudan agreed.\n",  # a paragraph a line
    "Will the Nile deal hold?\n\nEgypt said the talks would resume.\n",
])
def test_a_plain_first_line_is_the_headline(project, tmp_path, text):
    result = draft(project, article(tmp_path, text))
    front, body = source_of(project)
    assert front["title"] == text.split("\n", 1)[0]
    assert body.startswith("Egypt said")
    assert [c.slug for c in result.detection.countries][:1] == ["egypt"]


@pytest.mark.parametrize("text", [
    "Egypt said the talks would resume.\nSudan agreed.\n",  # a first paragraph, not a headline
    "Egypt said the talks in Cairo would resume on\nMonday, officials said.\n\nSudan agreed.\n",  # wrapped
    "Egypt said the talks would resume\n",  # nothing after it: the article itself
    ("A first line far too long to be any headline " * 6) + "\n\nSudan agreed.\n",
])
def test_a_first_line_that_is_no_headline_stays_in_the_text(project, tmp_path, text):
    draft(project, article(tmp_path, text))
    front, body = source_of(project)
    assert front["title"] == "Story"
    assert body == text.rstrip() + "\n"


def test_a_title_given_wins_but_the_headline_stays_out(project, tmp_path):
    draft(project, article(tmp_path, "Talks resume in Cairo\n\nEgypt said so.\n"), title="Nile talks")
    front, body = source_of(project)
    assert (front["title"], body) == ("Nile talks", "Egypt said so.\n")


def test_front_matter_title_keeps_the_first_line_but_not_a_heading(project, tmp_path):
    draft(project, article(tmp_path, "---\ntitle: Nile talks\n---\nTalks resume in Cairo\n\nEgypt said so.\n"))
    assert source_of(project) == ({"title": "Nile talks"}, "Talks resume in Cairo\n\nEgypt said so.\n")
    draft(project, article(tmp_path, "---\ntitle: Dam\n---\n# Ethiopia opens dam\n\nEthiopia said so.\n", "dam.md"))
    assert source_of(project, "dam") == ({"title": "Dam"}, "Ethiopia said so.\n")
