"""What each page read of the content, recorded while its view was made: its dependencies.

Nobody lists what a page depends on. The pages are made from a tracked view of the linked
model: every attribute of an entity (a country, a note ...), of the site, and every lookup
in the linker's indexes that a page's view or template reads is noted with a fingerprint of
the value it found. The next build asks (index.py), for the entities that changed and for the global
reads, whether the value is still the same; a page is stale when any value it read is not.
A new field shown on a page is a new read: it can never be stale by omission.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from contextlib import contextmanager
from itertools import compress, repeat
from operator import is_not, itemgetter
from typing import Any, Callable, Iterator

from ..model import Country, Event, Note, Person, Site, Source

ENTITIES = (Country, Person, Event, Note, Source)
MISSING = ("missing",)
UNSEEN = object()  # not a value: none was found yet

Key = tuple  # ("e", slug, attr) | ("site", attr) | ("ix", index, key)


def fingerprint(value: Any) -> Any:
    """A comparable, picklable stand-in for a value: entities by reference, long text by hash,
    dataclasses by their compared fields (positions take no part)."""
    if isinstance(value, _Tracked):
        value = value._target
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= 64 else hashlib.sha1(value.encode()).digest()
    if isinstance(value, ENTITIES):
        return ("@", type(value).__name__, value.slug)
    if isinstance(value, (tuple, list)):
        if value and isinstance(value[0], ENTITIES):  # a list of the site's: ten thousand notes
            return ("@", type(value[0]).__name__, *(v.slug for v in value))
        if isinstance(value, tuple) and all(type(v) is str and len(v) <= 64 for v in value):
            return value  # slugs: the index entries, read on every build
        return tuple(fingerprint(v) for v in value)
    if isinstance(value, dict):
        return tuple((fingerprint(k), fingerprint(v)) for k, v in value.items())
    names = _COMPARED.get(type(value))
    if names is None and dataclasses.is_dataclass(value):
        names = _COMPARED[type(value)] = tuple(f.name for f in dataclasses.fields(value) if f.compare)
    if names is not None:
        return (type(value).__name__, *(fingerprint(getattr(value, name)) for name in names))
    return repr(value)


_COMPARED: dict[type, tuple[str, ...]] = {}  # a dataclass's fields that take part in equality


class Reads:
    """The reads of the page being made, in this process (a render worker has its own copy)."""

    def __init__(self) -> None:
        # The model's entities and the site's lists, wrapped once (the plan and every page
        # read the same ones), by the id of the object wrapped, which each entry keeps
        # alive; and what the last build wrapped, taken over by this one where still used
        # (`restart`): an edit leaves all entities but one as they were, ten thousand notes.
        self.wrapped: dict[int, tuple[Any, Any]] = {}
        self.wrapped_before: dict[int, tuple[Any, Any]] = {}
        self.restart()

    def restart(self) -> None:
        """Start the reads of another build: the model may have changed since the last."""
        self.current: dict[Key, Any] | None = None
        self.wrapped_before, self.wrapped = self.wrapped, {}
        # A read's fingerprint, made once a build: a read finds the same value on every page
        # (the model does not change while it is built; `ReadIndex.stale` relies on it too), and
        # fifty note pages read their country's facts.
        self.known: dict[Key, Any] = {}
        self.keys: dict[Key, Key] = {}  # each key once: half a million reads, 85,000 distinct
        self.sender, self.sent = os.getpid(), {}  # numbers of the keys sent (packed)
        self.received: dict[int, list[Key]] = {}  # by sender: the keys it numbered, in order

    @contextmanager
    def page(self) -> Iterator[dict[Key, Any]]:
        outer, self.current = self.current, {}
        try:
            yield self.current
        finally:
            self.current = outer

    def note(self, key: Key, value: Any) -> None:
        if self.current is not None and key not in self.current:
            found = self.known.get(key, UNSEEN)
            if found is UNSEEN:
                found = self.known[key] = fingerprint(value)
                self.keys[key] = key
            else:  # the key as first made: pages that read alike share their keys
                key = self.keys[key]
            self.current[key] = found

    def packed(self, page_reads: dict[str, dict[Key, Any]]) -> tuple[int, list[tuple[Key, Any]], dict[str, tuple[int, ...]]]:
        """Pages' reads to send to the building process (from a render worker): each key
        with its value the first time this process sends it, then by its number. Half a
        million reads at 10,000 pages, of 85,000 keys."""
        if self.sender != os.getpid():  # a worker forked with its parent's numbers starts its own
            self.sender, self.sent = os.getpid(), {}
        sent, new, pages = self.sent, [], {}
        for page, got in page_reads.items():
            for key, value in got.items():
                if key not in sent:
                    sent[key] = len(sent)
                    new.append((key, value))
            pages[page] = tuple([sent[key] for key in got])
        return self.sender, new, pages

    def kept(self, packed: tuple[int, list[tuple[Key, Any]], dict[str, tuple[int, ...]]]) -> dict[str, tuple[Key, ...]]:
        """`packed` reads as this process keeps them until the build is recorded: by page,
        the keys alone, each key object once, its value in `known`."""
        sender, new, pages = packed
        keys, known, numbered = self.keys, self.known, self.received.setdefault(sender, [])
        for key, value in new:
            if key not in keys:
                keys[key] = key
                known[key] = value
            numbered.append(keys[key])
        return {page: tuple([numbered[i] for i in ids]) for page, ids in pages.items()}


def _wrap(value: Any, reads: Reads) -> Any:
    if isinstance(value, ENTITIES):
        return _wrapped(value, reads, _entity)
    if isinstance(value, tuple) and value and isinstance(value[0], ENTITIES):
        return _wrapped(value, reads, _entities)
    return value


def _wrapped(value: Any, reads: Reads, wrap: Callable[[Any, Reads], Any]) -> Any:
    known = reads.wrapped.get(id(value))
    if known is None or known[0] is not value:
        known = reads.wrapped_before.get(id(value))
        if known is None or known[0] is not value:
            known = (value, wrap(value, reads))
        reads.wrapped[id(value)] = known
    return known[1]


def _entity(entity: Any, reads: Reads) -> _Tracked:
    return _Tracked(entity, ("e", entity.slug), reads)


def _entities(entities: tuple, reads: Reads) -> tuple:
    """`_wrapped` for each entity, as passes that run in C over the ten thousand notes of
    every build: an edit finds all of them wrapped by the last build but the one it changed."""
    ids = list(map(id, entities))
    known = list(map(reads.wrapped_before.get, ids, repeat(_NONE)))
    for i in compress(range(len(ids)), map(is_not, map(_FIRST, known), entities)):
        entity, got = entities[i], reads.wrapped.get(ids[i])  # not wrapped by the last build
        known[i] = got if got is not None and got[0] is entity else (entity, _entity(entity, reads))
    reads.wrapped.update(zip(ids, known))
    return tuple(map(_SECOND, known))


_NONE = (UNSEEN, None)  # what `_entities` finds for an object not wrapped before
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


class _Tracked:
    """Reads of an object's attributes, noted under `key`."""

    # `slug`: what an entity is; reading it reads nothing of its content. A slot, set for
    # an entity only (its key is ("e", slug)): the plan reads it of every page, each build.
    __slots__ = ("_target", "_key", "_reads", "slug", "_got")

    def __init__(self, target: Any, key: tuple, reads: Reads):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_reads", reads)
        # name -> (the read's key, or None where reading it notes nothing; the value; what
        # the page is given): the object is frozen, so each is worked out once, and then
        # a page's read is a lookup and a note (a note page reads fifty, a country a thousand).
        object.__setattr__(self, "_got", {})
        if key[0] == "e":
            object.__setattr__(self, "slug", key[1])

    def __getattr__(self, name: str) -> Any:
        got = self._got.get(name)
        if got is None:
            got = self._got[name] = self._look_up(name)
        key, value, given = got
        if key is not None:
            self._reads.note(key, value)
        return given

    def _look_up(self, name: str) -> tuple[Key | None, Any, Any]:
        value = getattr(self._target, name)
        if isinstance(value, dict):  # each lookup in it is noted
            return None, value, _TrackedIndex(value, name, self._reads)
        if isinstance(value, Site):  # read field by field
            return None, value, _Tracked(value, ("site",), self._reads)
        # (a reference alone reads nothing yet)
        return None if isinstance(value, ENTITIES) else (*self._key, name), value, _wrap(value, self._reads)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(name)

    def __repr__(self) -> str:
        return f"tracked {self._target!r}"

    def __reduce__(self):
        # What a build keeps for the next holds plain values: a wrapper would carry off the
        # whole model and this build's reads, and note nothing where it is read again.
        raise TypeError("a tracked value is not kept")


class _TrackedModel(_Tracked):
    """The linked model itself, whose indexes and site are looked up hundreds of thousands
    of times a build (twice for each link on a page): their wrappers are kept, as they
    note nothing themselves (a lookup in an index, a field of the site, is noted as it is
    made), so that the next look finds them without a call."""

    def __getattr__(self, name: str) -> Any:
        value = super().__getattr__(name)
        if isinstance(value, (_TrackedIndex, _Tracked)):
            object.__setattr__(self, name, value)
        return value


class _TrackedIndex:
    """Lookups in one of the linker's indexes (slug -> names, relations, notes ...)."""

    __slots__ = ("_index", "_name", "_reads")

    def __init__(self, index: dict, name: str, reads: Reads):
        self._index, self._name, self._reads = index, name, reads

    __reduce__ = _Tracked.__reduce__

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._index.get(key, MISSING)
        self._reads.note(("ix", self._name, key), value)
        return _wrap(default if value is MISSING else value, self._reads)

    def __getitem__(self, key: Any) -> Any:
        value = self._index[key]
        self._reads.note(("ix", self._name, key), value)
        return _wrap(value, self._reads)

    def __contains__(self, key: Any) -> bool:
        return self.get(key, MISSING) is not MISSING

    def __iter__(self) -> Iterator:
        self._reads.note(("ix", self._name, "*"), tuple(self._index))
        return iter(self._index)

    def __len__(self) -> int:
        self._reads.note(("ix", self._name, "*"), tuple(self._index))
        return len(self._index)

    def items(self):
        self._reads.note(("ix", self._name, "**"), self._index)
        return [(k, _wrap(v, self._reads)) for k, v in self._index.items()]


def tracked(linked: Any, reads: Reads) -> Any:
    """The linked model as the pages see it: every read noted in `reads`."""
    return _TrackedModel(linked, ("lk",), reads)


def untracked(value: Any) -> Any:
    return value._target if isinstance(value, _Tracked) else value
