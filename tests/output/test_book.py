"""The briefing book, built for real and read back with pypdf.

Two briefings: the seed (the repository's own content/) and tests/output/nile/, another
story in another region, with two sources and more notes than its `book: {notes: 2}`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from generator.build import build
from generator.output.book import FILE, output

REPO = Path(__file__).resolve().parents[2]
NILE = Path(__file__).parent / "nile"


class Book:
    def __init__(self, project: Path, out: Path):
        self.project = project
        self.result = build(project, out)
        self.site = self.result.linked.site
        self.path = out / FILE
        self.reader = pypdf.PdfReader(self.path)
        self.texts = [_flat(p.extract_text()) for p in self.reader.pages]
        self.outline = [(item.title, self.reader.get_destination_page_number(item) + 1, depth)
                        for item, depth in _walk(self.reader.outline)]
        self.context = output(self.result.linked, None).context

    def starts(self, depth: int) -> dict[str, int]:
        return {title: page for title, page, d in self.outline if d == depth}

    def section(self, title: str) -> str:
        """The text of the pages from where `title` starts to where the next entry starts."""
        entries = [(t, p) for t, p, _ in self.outline]
        i = [t for t, _ in entries].index(title)
        start = entries[i][1]
        end = entries[i + 1][1] if i + 1 < len(entries) else len(self.texts)
        return " ".join(self.texts[start - 1:max(end, start)])


def _walk(items, depth: int = 0):
    for item in items:
        if isinstance(item, list):
            yield from _walk(item, depth + 1)
        else:
            yield item, depth


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["seed", "nile"])
def book(request, tmp_path_factory) -> Book:
    project = REPO if request.param == "seed" else NILE
    return Book(project, tmp_path_factory.mktemp(request.param) / "site")


def test_the_page_count_is_in_a_sensible_range(book: Book) -> None:
    s = book.site
    pages = len(book.reader.pages)
    # A page each for the cover, contents and each country at least; a few per part at most.
    assert len(s.countries) + 3 <= pages <= 3 * (len(s.countries) + len(s.people) + len(s.notes) + len(s.sources)) + 8


def test_the_outline_lists_every_part_and_every_country(book: Book) -> None:
    parts = [t for t, _, d in book.outline if d == 0]
    assert parts == ["Cover", "Contents", "Key takeaways", "Countries", "People", "Timeline", "Relations",
                     "Analyst notes", "Sources"]
    countries = [t for t, _, d in book.outline if d == 1][:len(book.site.countries)]
    assert countries == [c.name for c in book.site.countries]


def test_each_country_section_holds_its_facts_and_relations(book: Book) -> None:
    for c in book.context["countries"]:
        text = book.section(c["title"])
        for fact in c["facts"]:
            assert _flat(fact["claim"]) in text, (c["title"], fact["claim"])
        for r in c["relations"]:  # both directions: declared here and declared by the other
            assert f'{r["kinds"][-1]["label"].upper()} {r["other"]["name"]}' in text, (c["title"], r["other"]["name"])


FOOTNOTE = re.compile(r"(\d+)\. “(.+?)” (.+?), sentence (\d+)\.")


def test_every_footnote_quotes_the_sentence_it_names(book: Book) -> None:
    sentences = {(s.title, int(x.id[1:])): x.text for s in book.site.sources for x in s.sentences}
    found = [m for text in book.texts for m in FOOTNOTE.finditer(text)]
    ctx = book.context
    def quotes(item: dict) -> int:  # a relation's are those of each sheet that declares it
        return sum(len(side["quotes"]) for side in item["sides"]) if "sides" in item else len(item["quotes"])

    expected = sum(quotes(item) for part in (*ctx["countries"], *ctx["people"])
                   for key in ("facts", "relations") for item in part.get(key, ()))
    expected += sum(quotes(e) for e in ctx["timeline"]["events"])
    expected += sum(quotes(r) for r in ctx["relations"]["rows"])
    assert len(found) == expected
    assert [int(m.group(1)) for m in found] == list(range(1, expected + 1))  # numbered through the book
    for m in found:
        source, number = m.group(3), int(m.group(4))
        assert _flat(sentences[(source, number)]) == m.group(2)


TOC_LINE = re.compile(r"^(.+?) ?\.{3,} *(\d+)$")


def test_the_contents_give_the_pages_where_sections_start(book: Book) -> None:
    contents = book.reader.pages[1].extract_text().splitlines()
    listed = dict(m.groups() for m in map(TOC_LINE.match, contents) if m)
    entries = [(t, p) for t, p, _ in book.outline if t not in ("Cover", "Contents")]
    assert {t: str(p) for t, p in entries} == listed


def _links(book: Book):
    for number, page in enumerate(book.reader.pages, 1):
        for annotation in page.get("/Annots") or ():
            a = annotation.get_object()
            if a.get("/Subtype") == "/Link":
                yield number, a


def test_internal_links_lead_to_the_right_pages(book: Book) -> None:
    dests = {name: book.reader.get_destination_page_number(d) + 1 for name, d in book.reader.named_destinations.items()}
    by_name = {c.slug: c.name for c in book.site.countries}
    starts = {t: p for t, p, _ in book.outline}
    internal = [a["/Dest"] for _, a in _links(book) if "/Dest" in a]
    assert len(internal) > len(book.site.countries) * 3
    checked = 0
    for name in internal:
        assert name in dests, name
        page = dests[name]
        if name.startswith("country-"):
            assert page == starts[by_name[name.removeprefix("country-")]]
            checked += 1
        m = re.fullmatch(r"source-(.+)-s(\d+)", name)
        if m:  # a citation: its page shows that sentence's number
            assert re.search(rf"\bs{m.group(2)}\b", book.texts[page - 1]), name
            checked += 1
    assert checked > len(book.site.countries)
    # Links leave the book only for the sources' own addresses.
    outside = {a["/A"]["/URI"] for _, a in _links(book) if "/A" in a}
    assert outside <= {s.url for s in book.site.sources if s.url}


def test_the_metadata_names_the_briefing_and_its_language(book: Book) -> None:
    meta = book.reader.metadata
    assert meta.title == book.site.title
    assert book.reader.trailer["/Root"]["/Lang"] == book.site.language
    assert meta["/CreationDate"] == "D:" + book.site.as_of.replace("-", "")


def test_the_same_content_gives_the_same_bytes(book: Book, tmp_path: Path) -> None:
    build(book.project, tmp_path / "again")
    assert (tmp_path / "again" / FILE).read_bytes() == book.path.read_bytes()


def test_the_overview_links_the_book_with_its_page_count(book: Book) -> None:
    overview = (book.path.parent / "index.html").read_text()
    pages = len(book.reader.pages)
    assert f'<a href="./briefing.pdf" type="application/pdf">Download the briefing (PDF, {pages} pages)</a>' in overview
    assert '<a href="../../briefing.pdf" type="application/pdf">Download the briefing (PDF)</a>' in (
        book.path.parent / "countries" / book.site.countries[0].slug / "index.html").read_text()


def test_the_notes_are_capped_at_the_latest(tmp_path_factory) -> None:
    book = Book(NILE, tmp_path_factory.mktemp("capped") / "site")
    titles = [t for t, _, _ in book.outline]
    notes = titles[titles.index("Analyst notes") + 1:titles.index("Sources")]
    assert notes == ["What the inauguration changes, and what it does not", "Sudan's position"]
    assert "The latest 2 notes of 3." in book.section("Analyst notes")
    assert "Before the inauguration, the question was" not in " ".join(book.texts)
    assert not any("note-early-reading" in str(a) for _, a in _links(book))


def test_book_false_leaves_the_book_and_its_links_out(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(NILE, project)
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("book:\n  notes: 2\n", "book: false\n"))
    build(project, tmp_path / "site")
    assert not (tmp_path / "site" / FILE).exists()
    assert "briefing.pdf" not in (tmp_path / "site" / "index.html").read_text()
