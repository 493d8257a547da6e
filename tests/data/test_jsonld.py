"""Every page's head carries one schema.org JSON-LD block that a JSON-LD processor
expands without error, with the types its page is about; content cannot end the script."""

from __future__ import annotations

from conftest import expand, jsonld_blocks

S = "http://schema.org/"

# What the expanded graph of each kind of page holds (besides WebSite and its page).
EXPECTED = {
    "index.html": {"ItemList", "Country"},
    "countries/": {"Country"},  # and a Claim for each fact, in the article it appears in
    "people/": {"Person", "Country"},
    "timeline/": {"ItemList", "Event"},
    "sources/": {"NewsArticle"},
    "notes/": {"Article"},
}


def expanded_page(b, rel: str) -> list[dict]:
    html = b.read(rel)
    blocks, _ = jsonld_blocks(html)
    assert len(blocks) == (0 if rel == "404.html" else 1), rel
    if not blocks:
        return []
    return expand(blocks[0], b.base + rel.removesuffix("index.html"))


def types(value) -> set[str]:
    """Every type named anywhere in an expanded document, nested nodes included."""
    if isinstance(value, list):
        return set().union(*map(types, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    named = value.get("@type", ())
    found = {t.removeprefix(S) for t in ([named] if isinstance(named, str) else named)}
    return found.union(*(types(v) for k, v in value.items() if k != "@type"))


def test_every_page_expands_with_the_types_it_is_about(briefing):
    pages = briefing.pages()
    assert len(pages) > 8
    for rel in pages:
        nodes = expanded_page(briefing, rel)
        if rel == "404.html":
            continue
        found = types(nodes)
        assert {"WebSite"} <= found and found & {"WebPage", "CollectionPage", "SearchResultsPage"}, rel
        section = next((k for k in EXPECTED if rel.startswith(k) and rel != k + "index.html"), None)
        if rel in EXPECTED:
            section = rel
        if section:
            assert EXPECTED[section] <= found, (rel, found)
        if section in ("countries/", "people/") and "<ul class=\"facts\">" in briefing.read(rel):
            assert {"Claim", "NewsArticle"} <= found, rel


def node(nodes: list[dict], kind: str) -> dict:
    return next(n for n in nodes if S + kind in n.get("@type", ()))


def test_a_country_is_the_same_as_its_wikidata_item_and_its_facts_are_claims(harbour):
    nodes = expanded_page(harbour, "countries/chile/index.html")
    chile = node(nodes, "Country")
    assert chile["@id"] == harbour.base + "countries/chile/#country"
    assert chile[S + "sameAs"] == [{"@id": "http://www.wikidata.org/entity/Q298"}]
    assert chile[S + "identifier"] == [{"@value": "CL"}]
    claims = [n for n in nodes if S + "Claim" in n.get("@type", ())]
    assert len(claims) == 3
    article = node(nodes, "NewsArticle")
    for claim in claims:
        assert claim[S + "about"] == [{"@id": chile["@id"]}]
        assert claim[S + "appearance"] == [{"@id": article["@id"]}]
    assert claims[1][S + "url"] == [{"@id": harbour.base + "sources/port-authority/#s2"},
                                    {"@id": harbour.base + "sources/port-authority/#s8"}]


def test_a_source_is_a_news_article_with_its_outlet_and_date(harbour):
    article = node(expanded_page(harbour, "sources/port-authority/index.html"), "NewsArticle")
    assert article[S + "headline"] == [{"@value": "Chile and Peru open a joint port authority (fictional)"}]
    assert article[S + "url"] == [{"@id": "https://wire.example.com/2025/03/port-authority"}]
    assert article[S + "datePublished"] == [{"@type": S + "Date", "@value": "2025-03-04"}]
    publisher = article[S + "publisher"][0]
    assert publisher["@type"] == [S + "Organization"] and publisher[S + "name"] == [{"@value": "Pacific Wire"}]


def test_events_carry_their_dates_and_people_their_country(harbour):
    event = node(expanded_page(harbour, "timeline/index.html"), "Event")
    assert [d["@value"] for d in event[S + "startDate"]] == ["2025-03-03"]
    assert event[S + "name"] == [{"@value": "Joint port authority opens in Arica"}]
    person = node(expanded_page(harbour, "people/ana-ruiz/index.html"), "Person")
    assert person[S + "jobTitle"] == [{"@value": "President of Chile (fictional)"}]
    assert person[S + "nationality"][0]["@id"] == harbour.base + "countries/chile/#country"


def test_without_a_base_url_addresses_resolve_from_the_page(seed):
    nodes = expanded_page(seed, "countries/china/index.html")
    assert node(nodes, "Country")["@id"] == seed.base + "countries/china/#country"
    assert node(nodes, "WebSite")["@id"] == seed.base + "#website"


def test_content_cannot_end_the_script_element(harbour):
    claim = 'Critics say the authority answers to no parliament </script><!-- & "no one" -->.'
    html = harbour.read("countries/chile/index.html")
    head = html.split("</head>")[0]
    assert "</script><!--" not in head.split('<script type="application/ld+json">')[1].split("</script>")[0]
    blocks, scripts = jsonld_blocks(html)
    assert scripts == 1  # the HTML parser saw no script the content opened
    assert [n["text"] for n in blocks[0]["@graph"] if n.get("@type") == "Claim"][2] == claim
