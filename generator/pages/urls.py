"""Where each page lives, and links between pages that work at any depth and sub-path."""

from __future__ import annotations

import hashlib
from typing import Sequence
from urllib.parse import quote, urlsplit

from ..text import slugify

# A private-use character: it cannot come from the content's own text by accident.
ROOT = "\ue000root/"


SECTIONS = {"country": "countries", "person": "people", "note": "notes", "source": "sources"}


def page(kind: str, slug: str) -> str:
    """Path of a page from the site root: `countries/china/`. Events live on the timeline."""
    if kind == "event":
        return f"timeline/#{slug}"
    return f"{SECTIONS[kind]}/{slug}/"


def pages(kind: str, slugs: Sequence[str]) -> list[str]:
    """`page` of each slug, for a kind that has pages of its own."""
    section = SECTIONS[kind]
    return [f"{section}/{slug}/" for slug in slugs]


def href(path: str) -> str:
    """A link that each page rewrites to its own relative prefix when rendered."""
    return ROOT + path


def file_for(path: str) -> str:
    """The file that serves a page path: `countries/china/` -> `countries/china/index.html`."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def prefix_for(file: str) -> str:
    """The relative way back to the root from an output file: `../../` for a country."""
    return "../" * file.count("/") or "./"


def base_path(base_url: str | None) -> str:
    """The path the site is served under, for pages reached at arbitrary URLs (404)."""
    return urlsplit(base_url).path or "/" if base_url else "/"


def absolute(base_url: str | None, path: str) -> str | None:
    return base_url + path if base_url else None


def cite(source: str, sentence: str) -> str:
    return href(f"sources/{source}/#{sentence}")


def fingerprint(name: str, data: bytes) -> str:
    """`css/style.css` -> `css/style.3f9a1c2b.css`: a new name whenever the bytes change."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    folder, _, base = name.rpartition("/")
    stem, dot, ext = base.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot and stem else f"{base}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def text_fragment(url: str, sentence: str) -> str:
    """A link to the sentence on the original page (`#:~:text=start,end`).

    Long sentences are matched by their first and last words, which browsers accept and
    which survives small differences in the middle (links, markup).
    """
    words = sentence.split()
    enc = lambda s: quote(s, safe="").replace("-", "%2D")  # noqa: E731 - '-' and ',' are syntax there
    if len(words) > 10:
        directive = f"{enc(' '.join(words[:5]))},{enc(' '.join(words[-5:]))}"
    else:  # the page shows a line break in the sentence as a space: so must the fragment
        directive = enc(" ".join(words))
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def fact_anchor(claim: str) -> str:
    """A fact's id on its page, from its first words: it stays while facts around it are
    added or removed, which a number would not (the What changed page links to it)."""
    words = slugify(claim).split("-")[:8]
    return "fact-" + ("-".join(w for w in words if w) or "x")
