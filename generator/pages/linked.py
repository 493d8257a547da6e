"""What a page says to machines: schema.org JSON-LD for its head, and how to cite it.

Each page describes its own subject: the site as a `WebSite`, a country as a `Country`, a
person as a `Person`, the timeline's events as `Event`s with their dates, a source as a
`NewsArticle` with its outlet and date, a note as an `Article`; facts become `Claim`s
whose `appearance` is the article they rest on. A `wikidata:` id becomes `sameAs`.

Addresses are absolute with a base URL and otherwise written against the site root
(urls.href), so that each page rewrites them to its own relative prefix like its links.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from . import urls
from ..check.link import Linked
from ..text import slugify
from .views import MONTHS, BySlug, date_label

Node = dict[str, Any]
WIKIDATA = "http://www.wikidata.org/entity/"
TYPES = {"country": "Country", "person": "Person", "source": "NewsArticle", "note": "Article", "event": "Event"}
PAGE_TYPES = {"overview": "WebPage", "search": "SearchResultsPage", "notes": "CollectionPage",
              "timeline": "CollectionPage", "relations": "CollectionPage"}

# In a <script> element the HTML parser ends the script at `</script` and treats `<!--`
# specially; JSON may write these characters as escapes, which every JSON-LD reader reads
# back as the same string. U+2028/2029 are escaped for older JavaScript parsers.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: Any) -> Markup:
    """`data` as JSON that is safe as the text of a <script> element."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _SCRIPT_SAFE:  # str.replace, many times faster than str.translate
        if char in text:
            text = text.replace(char, escape)
    return Markup(text)


class Linker(BySlug):
    """Makes the JSON-LD and the citation of each page of one build."""

    def __init__(self, lk: Linked, base_url: str | None):
        super().__init__(lk)
        self.base_url = base_url
        self._citation: tuple[tuple, dict] | None = None

    def iri(self, path: str) -> str:
        return urls.absolute(self.base_url, path) or urls.href(path)

    def for_page(self, path: str, view: dict) -> dict:
        """The context a page's head needs: `jsonld` (safe markup) and `cite`."""
        return {"jsonld": script_json(self.graph(path, view)), "cite": self.cite(path, view)}

    # --- JSON-LD -----------------------------------------------------------------------

    # Nothing here is kept from one page for the next unless the page reads again what it
    # was made of: a page's reads are what it depends on, whichever page came before it.
    def website(self) -> Node:
        site = self.lk.site
        node = {"@id": self.iri("") + "#website", "@type": "WebSite", "name": site.title,
                "url": self.iri(""), "inLanguage": site.language}
        if site.description:
            node["description"] = " ".join(site.description.split())
        return node

    def graph(self, path: str, view: dict) -> Node:
        kind = view["kind"]
        site = self.lk.site
        page: Node = {"@id": self.iri(path), "@type": PAGE_TYPES.get(kind, "WebPage"), "name": view["title"],
                      "url": self.iri(path), "inLanguage": site.language, "isPartOf": {"@id": self.iri("") + "#website"}}
        if site.as_of:
            page["dateModified"] = site.as_of
        nodes = [self.website(), page]
        slug = path.strip("/").rsplit("/", 1)[-1]
        main = getattr(self, "_" + kind, None)
        if main is not None:
            entity, more = main(slug) if kind not in PAGE_TYPES else main()
            page["mainEntity"] = {"@id": entity["@id"]}
            entity.setdefault("mainEntityOfPage", {"@id": self.iri(path)})
            nodes += [entity, *more]
        return {"@context": "https://schema.org", "@graph": nodes}

    def ref(self, slug: str) -> Node:
        """A node naming another page's subject."""
        kind = self.lk.kinds[slug]
        return {"@id": self._id(kind, slug), "@type": TYPES[kind], "name": self.lk.names[slug]}

    def _id(self, kind: str, slug: str) -> str:
        if kind == "event":
            return self.iri(urls.page(kind, slug))
        return self.iri(urls.page(kind, slug)) + "#" + {"source": "article"}.get(kind, kind)

    def _same_as(self, node: Node, wikidata: str | None) -> Node:
        if wikidata:
            node["sameAs"] = WIKIDATA + wikidata
        return node

    def _claims(self, about: str, facts) -> list[Node]:
        """Facts as Claims, and the articles they appear in."""
        claims, articles = [], {}
        for f in facts:
            article = self.article(f.source)
            articles[article["@id"]] = article
            claims.append({"@type": "Claim", "text": f.claim, "about": {"@id": about},
                           "appearance": {"@id": article["@id"]},
                           "url": [self.iri(f"sources/{f.source}/#{sid}") for sid in f.cites]})
        return claims + list(articles.values())

    def article(self, slug: str) -> Node:
        s = self.sources[slug]
        node: Node = {"@id": self._id("source", slug), "@type": "NewsArticle", "headline": s.title,
                      "url": s.url or self.iri(urls.page("source", slug))}
        if s.outlet:
            node["publisher"] = {"@type": "Organization", "name": s.outlet}
        if s.published:
            node["datePublished"] = s.published
        return node

    def _country(self, slug: str) -> tuple[Node, list[Node]]:
        c = self.countries[slug]
        node = self._same_as({**self.ref(slug), "identifier": c.code}, c.wikidata)
        return node, self._claims(node["@id"], c.facts)

    def _person(self, slug: str) -> tuple[Node, list[Node]]:
        p = self.people[slug]
        node = dict(self.ref(slug))
        if p.role:
            node["jobTitle"] = p.role
        if p.country:
            node["nationality"] = self.ref(p.country)
        return self._same_as(node, p.wikidata), self._claims(node["@id"], p.facts)

    def _source(self, slug: str) -> tuple[Node, list[Node]]:
        return {**self.article(slug), "inLanguage": self.lk.site.language}, []

    def _note(self, slug: str) -> tuple[Node, list[Node]]:
        n = self.notes[slug]
        node: Node = {**self.ref(slug), "headline": n.title, "isPartOf": {"@id": self.iri("") + "#website"}}
        if n.date:
            node["datePublished"] = n.date
        about = [self.ref(s) for s in dict.fromkeys((*n.countries, *n.people))]
        if about:
            node["about"] = about
        return node, []

    def _timeline(self) -> tuple[Node, list[Node]]:
        events = []
        for e in self.lk.site.events:
            node: Node = {**self.ref(e.slug), "startDate": e.date}
            if e.countries:
                node["about"] = [self.ref(c) for c in e.countries]
            events.append(node)
        listing = {"@id": self.iri("timeline/") + "#events", "@type": "ItemList",
                   "itemListElement": [{"@type": "ListItem", "position": i, "item": {"@id": e["@id"]}}
                                       for i, e in enumerate(events, 1)]}
        return listing, events

    def _overview(self) -> tuple[Node, list[Node]]:
        listing = {"@id": self.iri("") + "#countries", "@type": "ItemList",
                   "itemListElement": [{"@type": "ListItem", "position": i, "item": self.ref(c.slug)}
                                       for i, c in enumerate(self.lk.site.countries, 1)]}
        return listing, []

    # --- citing ------------------------------------------------------------------------

    def cite(self, path: str, view: dict) -> dict:
        """The page's citation: a short text, BibTeX, CSL-JSON, and the citation_* meta tags."""
        c = self._site_citation
        url = urls.absolute(self.base_url, path)
        title = view["title"]
        own = title != self.lk.site.title  # the overview is the briefing itself
        text = f"“{title}.” {c['title']}{c['own_date']}" if own else f"{c['title']}{c['date']}"
        key = "-".join(filter(None, (c["key"], slugify(path.rstrip("/").rsplit("/", 1)[-1]), c["year"])))
        bibtex = [f"@misc{{{key},", f"  title = {{{{{bibtex_field(title)}}}}},"]
        csl = [_field("id", key), '    "type": "webpage"', _field("title", title)]
        meta = [("citation_title", title)]
        if own:
            bibtex.append(f"  howpublished = {{{c['bib_title']}}},")
            csl.append(c["csl_container"])
            meta.append(("citation_inbook_title", c["title"]))
        bibtex += c["bib_date"]
        if url:
            text += f" {url}"
            # Read verbatim by BibTeX's url field: only braces would break it.
            bibtex.insert(len(bibtex) - bool(c["note"]), f"  url = {{{url.replace('{', '%7B').replace('}', '%7D')}}},")
            csl.append(_field("URL", url))
        csl += c["csl"]
        meta += c["meta"]
        if url:
            meta.append(("citation_fulltext_html_url", url))
        return {"text": text, "bibtex": "\n".join(bibtex) + "\n}", "csl": "[\n  {\n" + ",\n".join(csl) + "\n  }\n]",
                "meta": [{"name": n, "content": v} for n, v in meta]}

    @property
    def _site_citation(self) -> dict:
        """What every page's citation shares: made again only when the site's fields it is
        made of change, which each page reads."""
        site = self.lk.site
        fields = (site.title, site.as_of, site.language)
        if self._citation is None or self._citation[0] != fields:
            self._citation = (fields, _citation_of_site(*fields))
        return self._citation[1]


def _citation_of_site(title: str, as_of_date: str | None, language: str) -> dict:
    as_of = date_label(as_of_date)
    parts = [int(p) for p in (as_of_date or "")[:10].split("-") if p]
    bib_date = [f"  year = {{{parts[0]}}},"] if parts else []
    if len(parts) > 1:
        bib_date.append(f"  month = {MONTHS[parts[1] - 1][:3].lower()},")
    note = f"  note = {{{bibtex_field(f'Information as of {as_of}')}}}," if as_of else ""
    csl = ([_field("issued", {"date-parts": [parts]})] if parts else []) + [_field("language", language)]
    meta = ([("citation_publication_date", "/".join(f"{p:02d}" for p in parts))] if parts else [])
    return {"title": title, "csl_container": _field("container-title", title), "bib_title": bibtex_field(title),
            "key": _key_words(title), "year": (as_of_date or "")[:4], "date": f". {as_of}." if as_of else ".",
            "own_date": f", {as_of}." if as_of else ".", "bib_date": bib_date + ([note] if note else []),
            "note": note, "csl": csl, "meta": meta + [("citation_language", language)]}


def _field(name: str, value: Any) -> str:
    """One field of a CSL-JSON item, on a line of its own as citation managers show them."""
    return f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"


def _key_words(title: str, most: int = 24) -> str:
    """The first words of the site's title, as a slug of at most `most` characters."""
    words = slugify(title).split("-")
    kept = words[:1]
    for w in words[1:]:
        if len("-".join(kept + [w])) > most:
            break
        kept.append(w)
    return "-".join(kept)


_BIB = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                      "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})


_BIB_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def bibtex_field(text: str) -> str:
    """Text as a BibTeX field value: LaTeX's special characters written as commands."""
    text = " ".join(text.split())
    return text.translate(_BIB) if _BIB_SPECIAL.search(text) else text  # translate is slow: most need none
