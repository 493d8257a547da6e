"""'Cite this' on every page: a short text, BibTeX and CSL-JSON, and citation_* meta tags."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from generator.pages.linked import bibtex_field


def cite_block(page: str) -> dict[str, str]:
    block = page.split('<details class="cite-this"', 1)[1].split("</details>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(?:<pre>)?(.*?)(?:</pre>)?</dd>", block, re.S)
    return {name: htmllib.unescape(value) for name, value in pairs}


def meta(page: str) -> list[tuple[str, str]]:
    return [(n, htmllib.unescape(c)) for n, c in re.findall(r'<meta name="(citation_\w+)" content="([^"]*)">', page)]


def test_a_page_of_a_briefing_with_a_base_url(harbour):
    page = harbour.read("countries/chile/index.html")
    url = "https://briefings.example.net/arica/countries/chile/"
    block = cite_block(page)
    assert block["Text"] == f"“Chile.” Arica port briefing, 5 March 2025. {url}"
    assert block["BibTeX"] == (
        "@misc{arica-port-briefing-chile-2025,\n"
        "  title = {{Chile}},\n"
        "  howpublished = {Arica port briefing},\n"
        "  year = {2025},\n"
        "  month = mar,\n"
        f"  url = {{{url}}},\n"
        "  note = {Information as of 5 March 2025},\n"
        "}")
    assert json.loads(block["CSL-JSON"]) == [{
        "id": "arica-port-briefing-chile-2025", "type": "webpage", "title": "Chile",
        "container-title": "Arica port briefing", "URL": url, "issued": {"date-parts": [[2025, 3, 5]]},
        "language": "en"}]
    assert meta(page) == [("citation_title", "Chile"), ("citation_inbook_title", "Arica port briefing"),
                          ("citation_publication_date", "2025/03/05"), ("citation_language", "en"),
                          ("citation_fulltext_html_url", url)]


def test_the_overview_is_the_briefing_itself(harbour):
    page = harbour.read("index.html")
    assert cite_block(page)["Text"] == "Arica port briefing. 5 March 2025. https://briefings.example.net/arica/"
    assert ("citation_inbook_title", "Arica port briefing") not in meta(page)


def test_without_a_base_url_the_citation_has_no_address(seed):
    block = cite_block(seed.read("people/kim-jong-un/index.html"))
    assert block["Text"] == "“Kim Jong Un.” Kim Jong Un in Beijing: Victory Day briefing, 2 September 2025."
    assert "url" not in block["BibTeX"] and "URL" not in json.loads(block["CSL-JSON"])[0]


def test_every_page_but_the_404_has_one_cite_block(briefing):
    for rel in briefing.pages():
        page = briefing.read(rel)
        assert page.count('<details class="cite-this"') == (rel != "404.html"), rel


@pytest.mark.parametrize("text, field", [
    ("Costs & benefits: 50% of #1_a", r"Costs \& benefits: 50\% of \#1\_a"),
    ("{braces} \\ $x$ ~ ^", r"\{braces\} \textbackslash{} \$x\$ \textasciitilde{} \textasciicircum{}"),
    ("line\nbreak", "line break"),
])
def test_bibtex_fields_escape_what_latex_reads_as_commands(text, field):
    assert bibtex_field(text) == field
