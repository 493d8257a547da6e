"""The read index: what every page read when it was last made, and which pages a change
to the model makes stale (the reads themselves are recorded by reads.py)."""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import attrgetter, is_, is_not, itemgetter
from typing import Any, Iterable, Iterator, Sequence

from .reads import MISSING, UNSEEN, Key, fingerprint, untracked

# Indexes keyed by a slug whose value comes from that slug's own file alone: such a read
# belongs with the entity, and is looked at again only when the entity changed.
OWNED = {"names", "kinds"}
SLUG, FILE, DATA = attrgetter("slug"), attrgetter("file"), attrgetter("data")
THIRD = itemgetter(2)


def entities(linked: Any) -> dict[str, Any]:
    site = untracked(linked).site
    groups = (site.sources, site.countries, site.people, site.events, site.notes)
    return dict(chain.from_iterable(zip(map(SLUG, group), group) for group in groups))


def _found(key: Key, lk: Any, found: dict[str, Any]) -> Any:
    """The object the read `key` finds in this build's (untracked) linked model `lk`
    (MISSING where there is none)."""
    if key[0] == "e":
        entity = found.get(key[1])
        return MISSING if entity is None else getattr(entity, key[2], MISSING)
    if key[0] == "site":
        return getattr(lk.site, key[1])
    if key[0] == "ix":
        index = getattr(lk, key[1])
        return index if key[2] in ("*", "**") else index.get(key[2], MISSING)
    return MISSING  # ("lk", attr): a plain attribute of the linked model


def _fingerprint(key: Key, value: Any) -> Any:
    if value is MISSING:
        return MISSING
    return fingerprint(tuple(value) if key[0] == "ix" and key[2] == "*" else value)


def _root(key: Key) -> str | None:
    """The entity a read belongs to; None for the reads that any change may move."""
    if key[0] == "e":
        return key[1]
    if key[0] == "ix" and key[1] in OWNED and isinstance(key[2], str) and key[2] not in ("*", "**"):
        return key[2]
    return None


class ReadIndex:
    """The reads of every page as last rendered, and the value each read found.

    The readers of a key, and the keys of an entity, are tuples made once for each record:
    a set for each of 85,000 keys was most of the index's memory."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[Key, ...]] = {}
        self.values: dict[Key, Any] = {}
        self._readers: dict[Key, tuple[str, ...]] = {}
        self._by_root: dict[str | None, tuple[Key, ...]] = {}
        self._derived = True  # whether the two above hold what `pages` says
        self.seen: dict[str, Any] = {}  # slug -> the entity object as last built (not kept on disk)
        # A read's object when it was last found to have its recorded value (not kept on
        # disk): the model's values are frozen, and a build that changed a note's body alone
        # hands on every other list and index as the same object, whose fingerprint (the
        # thousands of citations) need not be made again.
        self.objects: dict[Key, Any] = {}
        self.canon: dict[Key, Key] = {}
        # The seal of the cache's file when it holds this index as it is: one read back and
        # not changed since (after a template change, every page read what it read before)
        # is not saved again. None: to be saved.
        self.saved: str | None = None

    def __getstate__(self) -> dict:
        return {"pages": self.pages, "values": self.values}

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        self.values = state["values"]
        self.pages = state["pages"]
        self._derived = False

    # The readers of each key, and the keys of each entity, are made from the pages when
    # first asked for: a build whose content is as it was (after a template change, say)
    # never asks, and making them takes a third of a second at ten thousand pages.
    @property
    def readers(self) -> dict[Key, tuple[str, ...]]:
        self.derive()
        return self._readers

    @property
    def by_root(self) -> dict[str | None, tuple[Key, ...]]:
        self.derive()
        return self._by_root

    def derive(self) -> None:
        """Make the readers and roots now (the dev server, once it has answered a build:
        so that its first edit does not wait for them)."""
        if not self._derived:
            self._derived = True
            pages, self.pages = self.pages, {}
            self._replace((), pages)

    def _replace(self, gone: Iterable[str], new: dict[str, tuple[Key, ...]]) -> None:
        """Forget the reads of the pages `gone`, then add those of `new`."""
        lost: dict[Key, set[str]] = {}
        gone = set(gone)
        if not gone and not new:
            return
        self.saved = None
        self.derive()
        if len(gone) > len(self.pages) // 2:  # most pages made again (a template changed): afresh
            new = {**{p: keys for p, keys in self.pages.items() if p not in gone}, **new}
            keep = {key for keys in new.values() for key in keys}
            for table in (self.canon, self.values, self.objects):
                for key in [key for key in table if key not in keep]:
                    del table[key]
            self.pages, self._readers, self._by_root, gone = {}, {}, {}, set()
        for page in gone:
            for key in self.pages.pop(page, ()):
                lost.setdefault(key, set()).add(page)
        more: dict[Key, list[str]] = {}
        canon = self.canon
        for page, keys in new.items():
            # Each key once in memory (pages read from the cache bring their own copies).
            if not all([canon.setdefault(key, key) is key for key in keys]):
                keys = tuple([canon[key] for key in keys])
            self.pages[page] = keys
            for key in keys:
                more.setdefault(key, []).append(page)
        roots_lost: dict[str | None, set[Key]] = {}
        roots_more: dict[str | None, list[Key]] = {}
        for key in (lost.keys() | more.keys()) if lost else more:
            old, out, came = self._readers.get(key, ()), lost.get(key), more.get(key, [])
            if out and out.issuperset(came) and len(out) == len(came):
                continue  # the same pages read it again (an edit's pages made anew)
            readers = [p for p in old if p not in out] + came if out else [*old, *came]
            if readers:
                self._readers[key] = tuple(readers)
                if not old:
                    roots_more.setdefault(_root(key), []).append(key)
            elif old:
                del self._readers[key]
                for table in (canon, self.values, self.objects):
                    table.pop(key, None)
                roots_lost.setdefault(_root(key), set()).add(key)
        for root in roots_lost.keys() | roots_more.keys():
            out = roots_lost.get(root, set())
            keys = [k for k in self._by_root.get(root, ()) if k not in out] + roots_more.get(root, [])
            if keys:
                self._by_root[root] = tuple(keys)
            else:
                self._by_root.pop(root, None)

    def stale(self, linked: Any, found: dict[str, Any], outputs: Sequence[Any] = (),
              same_model: bool = False) -> set[str]:
        """The pages that read something whose value is not what it was, and the pages
        (of `outputs`) never made yet. With `same_model` (the content is known to be as
        it was when the reads were recorded), no read is looked at again."""
        # (Passes in C, here and below: ten thousand pages and entities at each edit.)
        pages = set(compress(map(FILE, outputs), map(is_, map(DATA, outputs), repeat(None))))
        pages.difference_update(self.pages)
        if same_model:
            return pages
        changed = set(compress(found, map(is_not, map(self.seen.get, found), found.values())))
        changed |= self.seen.keys() - found.keys()
        keys = set(self.by_root.get(None, ()))
        for slug in changed:
            keys.update(self.by_root.get(slug, ()))
        for key, value in self._moved(keys, untracked(linked), found):
            if _fingerprint(key, value) != self.values.get(key, MISSING):
                pages.update(self.readers.get(key, ()))
            else:
                self.objects[key] = value
        return pages

    def _moved(self, keys: Iterable[Key], lk: Any, found: dict[str, Any]) -> Iterator[tuple[Key, Any]]:
        """Each read of `keys` with what it finds now, where that is not the object last
        found to hold its recorded value. Thousands of lookups in the linker's indexes are
        read by no entity's page alone (which pages cite a sentence): they are looked up
        index by index, in C."""
        lookups: dict[str, list[Key]] = {}
        for key in keys:
            if key[0] == "ix" and key[2] not in ("*", "**"):
                lookups.setdefault(key[1], []).append(key)
            else:
                value = _found(key, lk, found)
                if value is not self.objects.get(key, UNSEEN):
                    yield key, value
        for name, group in lookups.items():
            now = list(map(getattr(lk, name).get, map(THIRD, group), repeat(MISSING)))
            before = map(self.objects.get, group, repeat(UNSEEN))
            yield from compress(zip(group, now), map(is_not, now, before))

    def record(self, found: dict[str, Any], reads: dict[str, tuple[Key, ...]], values: dict[Key, Any],
               files: set[str]) -> None:
        """After a good build: the reads of the pages rendered (`Reads.kept`, with the values
        they found), and the model they read. A page that read the same keys as before
        (every page, after a change to a template) keeps its entry as it is."""
        pages = self.pages
        if not pages and self._derived and not self._readers:
            # The first record (a cold build): kept as it is read back from the cache, the
            # readers and roots made when first asked for, which a build command that ends
            # here never does (half a second at ten thousand pages).
            self.pages, self._derived, self.saved = dict(reads), False, None
            read = set(chain.from_iterable(reads.values()))
            self.values = {key: value for key, value in values.items() if key in read}
            self.seen = found
            return
        reads = {p: keys for p, keys in reads.items() if pages.get(p) != keys}
        self._replace([p for p in pages if p not in files or p in reads], reads)
        # (A key with a value is read by some page: `readers` is asked only of the others.)
        self._update((key, value) for key, value in values.items() if key in self.values or key in self.readers)
        self.seen = found

    def _update(self, reads: Iterable[tuple[Key, Any]]) -> None:
        for key, value in reads:
            if self.values.get(key, UNSEEN) != value:
                self.objects.pop(key, None)  # its object is not known to have this value
                self.values[key] = value
                self.saved = None

    def record_page(self, page: str, reads: dict[Key, Any]) -> None:
        """The reads of one output made after its build (the dev server's deferred book)."""
        self._replace([page], {page: tuple(reads)})
        self._update(reads.items())
