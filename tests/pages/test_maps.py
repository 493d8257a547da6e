"""Maps in the built site: every country page of the seed and of a briefing from another
region (tests/maps/horn, the Horn of Africa) has a locator highlighting that country,
with a title and a description; the overview maps every country, each a link to its page;
`map: false` turns them off; the bytes are the same on every build; a note edit in the
dev server's builder draws no map again."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import Builder, build
from generator.pages import maps

REPO = Path(__file__).resolve().parents[2]
HORN = Path(__file__).parents[1] / "maps" / "horn"
MAX_MAP_BYTES = 48_000  # "a few tens of kB at most"


class _Maps(HTMLParser):
    """The map figures of a page: their elements' attributes and title/desc text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict] = []
        self._depth = 0
        self._text: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "figure" and "map" in (a.get("class") or "").split():
            self.figures.append({"class": a["class"], "elements": [], "title": "", "desc": ""})
            self._depth = 1
        elif self._depth:
            self._depth += tag not in ("path", "circle", "rect", "line")  # void in practice: no end tag
            self.figures[-1]["elements"].append((tag, a))
            self._text = tag if tag in ("title", "desc") else None

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag not in ("path", "circle", "rect", "line"):
            self._depth -= 1
        self._text = None

    def handle_data(self, data: str) -> None:
        if self._depth and self._text:
            self.figures[-1][self._text] += data


def figures(html: str) -> list[dict]:
    parser = _Maps()
    parser.feed(html)
    return parser.figures


def _figure_bytes(html: str) -> int:
    start = html.index('<figure class="map')
    return len(html[start:html.index("</figure>", start)].encode())


@pytest.fixture(scope="module", params=["seed", "horn"])
def built(request, tmp_path_factory) -> tuple[Path, object]:
    project = REPO if request.param == "seed" else HORN
    out = tmp_path_factory.mktemp(request.param) / "site"
    return out, build(project, out=out)


def test_every_country_page_has_a_locator_of_that_country(built) -> None:
    out, result = built
    countries = result.linked.site.countries
    assert len(countries) >= 6
    for c in countries:
        html = (out / "countries" / c.slug / "index.html").read_text()
        [figure] = figures(html)
        assert "locator" in figure["class"]
        assert figure["title"] == f"Locator map of {c.name}"
        assert figure["desc"].startswith(f"{maps.world().by_code[c.code].name} is highlighted, with ")
        focus = [a for tag, a in figure["elements"] if "focus" in (a.get("class") or "").split() and "data-code" in a]
        assert focus and {a["data-code"] for a in focus} == {c.code}, c.slug
        others = {a["data-code"] for tag, a in figure["elements"] if "data-code" in a} - {c.code}
        assert others, f"{c.slug}: no neighbours drawn"
        assert "Natural Earth" in html[html.index('<figure class="map'):]
        assert "://" not in html[html.index('<figure class="map'):html.index("</figure>")]  # nothing from another host
        assert _figure_bytes(html) < MAX_MAP_BYTES, c.slug


def test_the_overview_maps_every_country_with_a_link_and_a_legend(built) -> None:
    out, result = built
    html = (out / "index.html").read_text()
    [figure] = figures(html)
    assert figure["title"] == "Map of the briefing's countries" and figure["desc"]
    elements = figure["elements"]
    links = {}
    for (tag, a), (_, inner) in zip(elements, elements[1:]):
        if tag == "a":
            links[inner["data-code"]] = a["href"]
            assert a["aria-label"]
    site = result.linked.site
    assert links == {c.code: f"./countries/{c.slug}/" for c in site.countries}
    main = max(site.countries, key=lambda c: len(result.linked.relations.get(c.slug, ())))
    assert f"Colour: relation to {main.name}" in html
    assert html.count('class="card"') == len(site.countries)  # the cards stay


def test_the_seed_overview_is_a_world_map_and_the_horn_a_regional_one(built) -> None:
    out, result = built
    svg = (out / "index.html").read_text().split('<figure class="map overview-map">')[1]
    view_box = svg.split('viewBox="', 1)[1].split('"', 1)[0]
    width, height = map(int, view_box.split()[2:])
    if any(c.code == "US" for c in result.linked.site.countries):
        assert width / height > 2
    else:
        assert (width, height) == (maps.WIDTH, maps.HEIGHT)


def test_two_builds_give_the_same_bytes(built, tmp_path) -> None:
    out, result = built
    maps.locator.cache_clear()
    maps.overview.cache_clear()
    again = tmp_path / "again"
    build(REPO if (out / "countries/north-korea").exists() else HORN, out=again)
    for page in ["index.html", *(f"countries/{c.slug}/index.html" for c in result.linked.site.countries)]:
        assert (again / page).read_bytes() == (out / page).read_bytes(), page


def test_map_false_leaves_the_maps_out(tmp_path) -> None:
    project = tmp_path / "horn"
    shutil.copytree(HORN, project)
    site_yaml = project / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "map: false\n")
    build(project, out=project / "site")
    for page in (project / "site").rglob("*.html"):
        text = page.read_text()
        assert not figures(text) and "Natural Earth" not in text, page


def test_a_note_edit_in_the_dev_servers_builder_draws_no_map_again(seed_project) -> None:
    project = seed_project
    builder = Builder(project, project / "site")
    maps.locator.cache_clear()
    maps.overview.cache_clear()
    builder.build()
    drawn = (maps.locator.cache_info().misses, maps.overview.cache_info().misses)
    assert drawn == (9, 1)
    # A new title: the overview and the countries' pages list the note, so they render again.
    note = project / "content/notes/sanctions-and-their-erosion.md"
    text = note.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    note.write_text(text.replace(title, "title: A renamed note"))
    rendered = builder.build(changed={note}).rendered
    assert "index.html" in rendered and any(f.startswith("countries/") for f in rendered)  # pages with maps
    assert (maps.locator.cache_info().misses, maps.overview.cache_info().misses) == drawn
