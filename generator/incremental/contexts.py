"""Page contexts kept from one build for the next.

A change to a template makes every page it renders again, though what the pages show is
as it was: a page's own context (its view, JSON-LD and citation) is made from the content
alone, and is what it was while nothing it read changed. So each build keeps the own
context of every entity page it makes, pickled, and a build that renders a page whose
reads are not stale and whose chrome is the same renders it from the kept context: a
country page is made in a twentieth of the time.

A kept context holds plain values only (a tracked wrapper refuses to be pickled: the page
would read nothing when rendered again), and it is kept with the reads it was made from:
the files a build writes are named for the next build only once that build has recorded
its reads. A page rendered from a kept context reads nothing; its reads stay as recorded.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Callable, Iterable

from ..pages.plan import Context, Contexts, Output
from .cache import BuildCache, Part, read_parts

Stored = dict[str, tuple[str, bytes]]  # file -> (its chrome's key, its own context pickled)
KEEP_FROM = 50  # pages that could be made from kept contexts: fewer are made afresh, unread
FOLD_FROM = 8  # files of kept contexts: more are folded into one when next read


def _token() -> str:
    """A build's files, named in the order made."""
    return f"{time.time_ns():020d}-{os.getpid()}"


class ContextStore:
    """The kept contexts of one project, output folder and generator version."""

    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.prefix = f"contexts-{cache.code}-"
        self.token = _token()

    def files(self) -> list[Path]:
        """The files of the builds that succeeded, oldest first: a later one's page wins."""
        return sorted(self.cache.folder.glob(self.prefix + "*.pickle"))

    def load(self, wanted: Iterable[str]) -> Stored:
        """Every kept context; those of pages not in `wanted` (gone from the site) are
        dropped when the files are folded."""
        files = self.files()
        kept: Stored = {}
        for path in files:
            kept.update(read_parts(path))
        if len(files) >= FOLD_FROM:
            wanted = set(wanted)
            # Named to sort where the newest of them did: before the files of this build.
            folded = files[-1].with_name(files[-1].stem.removesuffix("-folded") + "-folded.pickle")
            self.cache._pickle(folded, {file: value for file, value in kept.items() if file in wanted})
            for path in files:
                if path != folded:
                    path.unlink(missing_ok=True)
        return kept

    def usable(self, todo: list[Output], fresh: set[str], outputs: list[Output]) -> Stored:
        """The kept contexts the pages of `todo` can be rendered from: those of entity
        pages with the same chrome whose reads are not stale (`fresh`: made afresh). Read
        only when there are enough such pages (a template changed) to pay for reading."""
        candidates = [o for o in todo if o.entity and o.file not in fresh]
        if len(candidates) < KEEP_FROM:
            return {}
        kept = self.load(o.file for o in outputs)
        found = {}
        for output in candidates:
            got = kept.get(output.file)
            if got is not None and got[0] == output.deps:
                found[output.file] = got
        return found

    def part(self) -> Part:
        """A file for the contexts one process makes, named only by `commit`."""
        return Part(None, self.cache.folder / f"{self.prefix}{self.token}.part-{os.getpid()}.writing")

    def _writing(self) -> list[Path]:
        return list(self.cache.folder.glob(f"{self.prefix}{self.token}.part-*.writing"))

    def commit(self) -> None:
        """The build succeeded and its reads are recorded: its contexts are for the next."""
        for path in self._writing():
            pid = path.name.rsplit(".part-", 1)[1].split(".")[0]
            os.replace(path, path.with_name(f"{self.prefix}{self.token}-{pid}.pickle"))
        for old in self.cache.folder.glob("contexts-*"):  # made by other versions
            if not old.name.startswith(self.prefix):
                old.unlink(missing_ok=True)
        self.token = _token()  # the next build's

    def abort(self) -> None:
        for path in self._writing():
            path.unlink(missing_ok=True)
        self.token = _token()


class KeptContexts:
    """The plan's contexts, an entity page's made from its kept context where it has one,
    and every other entity page's kept as it is made (in the process that makes it)."""

    def __init__(self, contexts: Contexts, kept: Stored, part: Callable[[], Part]):
        self.contexts, self.kept, self.make_part = contexts, kept, part
        self.part: Part | None = None
        self.pid = 0

    def __call__(self, output: Output) -> Context | None:
        if output.entity is None:
            return self.contexts(output)
        kept = self.kept.get(output.file)
        if kept is not None:
            return self.contexts.dressed(pickle.loads(kept[1]))
        own = self.contexts.own(output)
        self._keep(output, own)
        return self.contexts.dressed(own)

    def _keep(self, output: Output, own: dict) -> None:
        try:
            data = pickle.dumps(own, protocol=pickle.HIGHEST_PROTOCOL)
        except (TypeError, pickle.PicklingError, AttributeError):
            return  # not plain values: made afresh next time
        if self.pid != os.getpid():  # a render worker, forked with the parent's: its own file
            self.pid, self.part = os.getpid(), self.make_part()
        self.part.add({output.file: (output.deps, data)})

    def close(self) -> None:
        """This process makes no more contexts: seal its file."""
        if self.part is not None and self.pid == os.getpid():
            self.part.close()
            self.part = None


