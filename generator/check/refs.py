"""The checks of linking: every reference names a page of the right kind, every [[link]]
a page, every quote the sentences it lies in; issues say where, with a suggestion."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from ..errors import Issue, Pos
from .loader import Document, KeyPath
from ..model import SITE_KEY, Citation, Fact, Note, Site
from ..text import WIKILINK
from .provenance import QUOTE_RULE, QuoteFinder, too_short
from .schema import label
from .validate import Once, fresh

# Issues of one file that are told the closest sentence or name: finding it costs a pass
# over the source or the pages, and more than the report shows of one file is wasted.
HINTS_PER_FILE = 100


@dataclass(frozen=True)
class Citer:
    """Something in the briefing that cites a sentence."""

    kind: str
    slug: str
    claim: str
    # Every sentence the claim cites, in whichever source: a sentence's page can say
    # where else the same claim is backed.
    cites: tuple[tuple[str, str], ...] = ()


def _close(target: str, pool: list[str]) -> list[str]:
    """The slug meant by a misspelt or shortened one: a near spelling ('itlay': 'italy'),
    else the one slug whose words hold all of the target's ('macron': 'emmanuel-macron')."""
    close = difflib.get_close_matches(target, pool, n=1, cutoff=0.6)
    if close:
        return close
    words = set(target.lower().split("-"))
    holding = [s for s in pool if words <= set(s.split("-"))]
    return holding if len(holding) == 1 else []


class Checker:
    """Checks references, [[links]] and quotes, collecting the issues and who cites what."""

    def __init__(self, site: Site, docs: dict[str, Document], once: Once = fresh, kinds: dict[str, str] | None = None):
        self.once = once
        self.site = site
        self.docs = docs
        self.issues: list[Issue] = []
        if kinds is None:  # given: the last build's, when only note bodies changed
            kinds = {}
            for kind, items in (("source", site.sources), ("country", site.countries), ("person", site.people),
                                ("event", site.events), ("note", site.notes)):
                for item in items:
                    kinds[item.slug] = kind
        self.kinds: dict[str, str] = kinds
        self.drafts = {p.rsplit("/", 1)[1].rsplit(".", 1)[0]: p for p in site.drafts}
        # A source's quote index, kept while its text is the same.
        self.finders = {s.slug: once(("finder", s.text, s.slug), lambda s=s: QuoteFinder(s)) for s in site.sources}
        self.citers: dict[tuple[str, str], list[Citer]] = defaultdict(list)
        self.hinted: dict[str, int] = defaultdict(int)  # slug -> issues given a suggestion

    def pos(self, slug: str, key: KeyPath) -> Pos:
        return self.docs[slug].pos(key)

    def ref(self, slug: str, key: KeyPath, target: str, want: str) -> bool:
        """Check that `target` names an existing thing of kind `want` ('any' for links)."""
        found = self.kinds.get(target)
        if found and (want == "any" or found == want):
            return True
        where = self.pos(slug, key)
        noun = "page" if want == "any" else want
        if found:
            self.issues.append(Issue(where, f"{label(key)}: '{target}' is a {found}, not a {want}",
                                     f"name a {want} here"))
        elif target in self.drafts:
            self.issues.append(Issue(where, f"{label(key)}: '{target}' is still a draft ({self.drafts[target]})",
                                     "finish the draft and remove 'draft: true', or drop this reference"))
        elif target in self.docs:
            return False  # that file has errors of its own; one report is enough
        else:
            close = self.suggest(slug, target, lambda: [s for s, k in self.kinds.items() if want in ("any", k)])
            hint = f"did you mean '{close}'?" if close else f"create the {noun}'s file or fix the slug"
            self.issues.append(Issue(where, f"{label(key)}: no {noun} named '{target}'", hint))
        return False

    def hint_left(self, slug: str) -> bool:
        """Whether the file's next issue may still cost a search for a suggestion."""
        self.hinted[slug] += 1
        return self.hinted[slug] <= HINTS_PER_FILE

    def suggest(self, slug: str, target: str, pool) -> str | None:
        """The name most like `target` among `pool()`, while the file has hints left."""
        if not self.hint_left(slug):
            return None
        close = _close(target, pool())
        return close[0] if close else None

    def refs(self, slug: str, key: str, targets: Iterable[str], want: str) -> None:
        for i, target in enumerate(targets):
            self.ref(slug, (key, i), target, want)

    def markdown_links(self, text: str | None, slug: str, key: KeyPath, body_pos: Pos | None = None) -> tuple[str, ...]:
        """Check [[slug]] links; in a note body, point at the link's own line and column."""
        if not text:
            return ()
        scan = self.once(("scan", text), lambda: [(m.group(1).strip(), m.start()) for m in WIKILINK.finditer(text)])
        found = []
        line, line_start, done = 0, 0, 0  # lines counted up to `done`: each stretch once
        for target, start in scan:
            found.append(target)
            if target in self.kinds:
                continue
            if target in self.docs and target != SITE_KEY:
                continue  # that file has errors of its own; one report is enough
            if body_pos is not None:
                newlines = text.count("\n", done, start)
                if newlines:
                    line, line_start = line + newlines, text.rfind("\n", done, start) + 1
                done = start
                where = Pos(body_pos.path, body_pos.line + line, start - line_start + 1)
            else:
                where = self.pos(slug, key)
            if target in self.drafts:
                self.issues.append(Issue(where, f"link [[{target}]] points to a draft ({self.drafts[target]})",
                                         "finish the draft and remove 'draft: true', or drop this link"))
                continue
            close = self.suggest(slug, target, lambda: list(self.kinds))
            hint = f"did you mean [[{close}]]?" if close else "link to a country, person, event, note or source slug"
            self.issues.append(Issue(where, f"link [[{target}]] does not name a page", hint))
        return tuple(dict.fromkeys(found))

    def quote(self, slug: str, key: KeyPath, quote: str, source: str,
              owner: tuple[str, str, str] | None) -> tuple[str, tuple[str, ...]]:
        """The quote's source and the ids of the sentences it lies in (empty on an issue).

        Without `source:`, the quote names its source itself when it is found in exactly
        one: a briefing that gains a second article keeps building.
        """
        def where() -> Pos:  # looked up only for an issue: positions cost time at 10,000 files
            return self.pos(slug, key + ("quote",))

        src_key = key + ("source",)
        if too_short(quote):
            self.issues.append(Issue(where(), f"{label(key + ('quote',))}: too short to tell which sentence it is from",
                                     f"quote {QUOTE_RULE} of the sentence, exactly as the source has them"))
            return source, ()
        if not source:
            names = [s.slug for s in self.site.sources]
            if not names:
                self.issues.append(Issue(where(), f"{label(key + ('quote',))}: there is no source to quote from",
                                         "add the article as content/sources/SLUG.md"))
                return source, ()
            found = [name for name in names if self.finders[name].cites(quote)]
            what = label(key + ("quote",))
            if len(found) > 1:
                self.issues.append(Issue(where(), f"{what}: no source given, and the quote is found in several sources",
                                         f"add 'source: SLUG' (one of: {', '.join(found)})"))
                return source, ()
            if not found:  # a source would not help: the words are wrong
                self.issues.append(Issue(where(), f"{what}: not found in any source ({', '.join(names)})",
                                         "copy the words exactly as the source has them and name it with 'source: SLUG'"))
                return source, ()
            source = found[0]
        if source not in self.finders:
            self.ref(slug, src_key, source, "source")
            return source, ()
        finder = self.finders[source]
        cites = finder.cites(quote)
        if not cites:
            near = finder.closest(quote) if self.hint_left(slug) else None
            shown = ""
            if near:
                sentence, differs = near
                shown = f'; the closest sentence is {sentence.id}: "{sentence.text}"'
                if differs:
                    shown += f", which has {differs[1]} where the quote has {differs[0]}"
            self.issues.append(Issue(where(), f"{label(key + ('quote',))}: not found in source '{source}'{shown}",
                                     "copy the words exactly as the source has them"))
            return source, ()
        if owner is not None:  # None: the caller registers the citer itself
            for sid in cites:
                self.citers[(source, sid)].append(Citer(*owner))
        return source, cites

    def world(self) -> str:
        """What a reference's check depends on besides the referring file: which pages
        exist, of which kind, and which are drafts or broken. A digest, to compare builds."""
        text = "\n".join([*sorted(f"{s} {k}" for s, k in self.kinds.items()), "", *sorted(self.drafts), "", *sorted(self.docs)])
        return hashlib.sha1(text.encode()).hexdigest()

    def with_links(self, note: Note, links: tuple[str, ...]) -> Note:
        """The note with its [[links]]: the same object as last build when nothing changed."""
        return self.once(("linked", self.docs[note.slug].digest, note.slug, links),
                         lambda: dataclasses.replace(note, links=links))

    def cited(self, slug: str, key: KeyPath, item, owner: tuple[str, str, str]):
        """`item` (a fact, relation or event) with its source and sentence ids filled in."""
        source, cites = self.quote(slug, key, item.quote, item.source, owner)
        return dataclasses.replace(item, source=source, cites=cites)

    def facts(self, slug: str, name: str, kind: str, facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
        return tuple(self.fact(slug, kind, ("facts", i if f.at is None else f.at), f) for i, f in enumerate(facts))

    def fact(self, slug: str, kind: str, key: KeyPath, f: Fact) -> Fact:
        """The fact with each citation checked against its own source."""
        citations = []
        for c in f.citations or (Citation(f.source, f.quote),):
            source, cites = self.quote(slug, key + c.at, c.quote, c.source, None)
            citations.append(dataclasses.replace(c, source=source, cites=cites))
        everywhere = tuple((c.source, sid) for c in citations for sid in c.cites)
        for source, sid in dict.fromkeys(everywhere):
            self.citers[(source, sid)].append(Citer(kind, slug, f.claim, everywhere))
        first = citations[0]
        return dataclasses.replace(f, source=first.source, cites=first.cites, citations=tuple(citations))
