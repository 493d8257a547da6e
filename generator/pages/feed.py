"""The Atom feed (RFC 4287) and the sitemap: the site's two machine-read indexes.

Both need absolute addresses. With a `base_url` every id and link is absolute under it.
Without one there is no address to give: the sitemap is left out (the protocol allows
absolute locations only), the feed keeps no self link (a relative one would only repeat
wherever a reader fetched it from), and its ids are `urn:uuid:` names made from the
site's title and each page's path, absolute IRIs that stay the same from build to build.
"""

from __future__ import annotations

import heapq
import html
import re
import uuid

import nh3

from . import urls

FEED_ENTRIES = 50  # a feed carries the latest notes, not the archive
SUMMARY_CHARS = 300


def latest(notes) -> list[str]:
    return [n.slug for n in heapq.nlargest(FEED_ENTRIES, notes, key=lambda n: (n.date or "", n.slug))]


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd|td|th|blockquote|pre)>")
_BREAK = "\ue002"  # a private-use mark where a block ended: no text can hold it by accident


def plain_text(fragment: str, limit: int = SUMMARY_CHARS) -> str:
    """The text a reader sees in a sanitized HTML fragment, cut at a word near `limit`.

    Blocks (paragraphs, headings, list items) become sentences of their own, so that a
    heading and the list under it do not run together.
    """
    # Footnote references and their back links are numbers and arrows out of context.
    fragment = re.sub(r"<sup\b.*?</sup>|<a\b[^>]*>\u21a9\ufe0e?</a>", "", fragment, flags=re.S)
    text = html.unescape(nh3.clean(_BLOCK_END.sub(_BREAK, fragment), tags=set()))
    parts = [" ".join(part.split()) for part in text.split(_BREAK)]
    text = " ".join(p if p[-1] in ".!?:;…\"”’)" else p + "." for p in parts if p)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _uuid_urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join(parts))}"


def feed(site, names: dict[str, str], base_url: str | None, latest_notes: list[str], note_html) -> dict:
    """Atom entries for the latest notes and the sources; ids stable across builds and hosts.

    `note_html(slug)` is a note's body as the page shows it: converted and sanitized.
    """
    entries = []
    chosen = set(latest_notes)
    for kind, items in (("note", [n for n in site.notes if n.slug in chosen]), ("source", site.sources)):
        for item in items:
            date = getattr(item, "date", None) or getattr(item, "published", None) or site.as_of
            path = urls.page(kind, item.slug)
            entries.append({
                "title": names[item.slug], "path": path,
                "url": urls.absolute(base_url, path) or path,
                "id": urls.absolute(base_url, path) or _uuid_urn(site.title, path),
                "updated": timestamp(date),
                "summary": plain_text(note_html(item.slug)) if kind == "note" else f"{len(item.sentences)} sentences",
            })
    for e in site.editions:  # what each edition changed, as its entry's content
        path = "changes/"
        entries.append({
            "title": f"{e.title}: {e.summary}" if not e.first else e.title, "path": f"{path}#edition-{e.date}",
            "url": (urls.absolute(base_url, path) or path) + f"#edition-{e.date}",
            "id": _uuid_urn(site.title, "edition", e.date),
            "updated": timestamp(e.date),
            "summary": "; ".join(c.text for c in e.changes) if e.changes else (
                "The first edition." if e.first else "No changes."),
        })
    entries.sort(key=lambda e: (e["updated"], e["path"]), reverse=True)
    updated = max([e["updated"] for e in entries] + [timestamp(site.as_of)])
    return {"title": site.title, "subtitle": site.description, "updated": updated,
            "id": base_url or _uuid_urn(site.title),
            "self_href": urls.absolute(base_url, "feed.xml"), "home": base_url or "./",
            "entries": entries}


def timestamp(date: str | None) -> str:
    """An RFC 3339 time for Atom, from the content only: never the clock."""
    if not date:
        return "1970-01-01T00:00:00Z"
    if "T" in date or " " in date:
        zoned = re.search(r"(Z|[+-]\d{2}:?\d{2})\Z", date[10:])
        return date.replace(" ", "T") + ("" if zoned else "Z")
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"
