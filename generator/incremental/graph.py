"""Which outputs must be rendered again.

An output is dirty when it is made another way than last time (its key: its template
with everything that template extends, includes or imports, its prefix, its chrome) or
when something it read of the content changed (reads.py). A note edit dirties the note and
the pages that showed what changed; a change to `base.html` dirties every page.
"""

from __future__ import annotations

import hashlib
from itertools import compress
from operator import attrgetter, ne

import jinja2
from jinja2 import meta

from ..pages.plan import Output


class TemplateDigests:
    """The hash of each template together with every template it pulls in."""

    def __init__(self, env: jinja2.Environment, parsed: dict[str, tuple[str, ...]] | None = None):
        self.env = env
        self._own: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._closure: dict[str, str] = {}
        self._parsed = {} if parsed is None else parsed  # source digest -> templates it names

    def _source(self, name: str) -> tuple[str, tuple[str, ...]]:
        if name not in self._own:
            source, _, _ = self.env.loader.get_source(self.env, name)
            own = hashlib.sha1(source.encode()).hexdigest()
            if own not in self._parsed:
                try:
                    found = list(meta.find_referenced_templates(self.env.parse(source)))
                except jinja2.TemplateSyntaxError:
                    found = []  # rendering reports it, with its line
                if None in found:  # a name computed at render time: assume it may be any template
                    found = self.env.loader.list_templates()
                self._parsed[own] = tuple(sorted(set(found)))
            self._own[name] = (own, self._parsed[own])
        return self._own[name]

    def names(self) -> list[str]:
        """The templates whose digests were asked for."""
        return list(self._closure)

    def digest(self, name: str) -> str:
        if name not in self._closure:
            seen: set[str] = set()
            todo = [name]
            parts = []
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                own, refs = self._source(current)
                parts.append(f"{current}:{own}")
                todo.extend(refs)
            self._closure[name] = hashlib.sha1("\n".join(sorted(parts)).encode()).hexdigest()
        return self._closure[name]


def output_key(output: Output, templates: TemplateDigests) -> str:
    """How an output is made: its template with everything it pulls in, its prefix and its
    chrome (what it read of the content is recorded apart: see reads.py); or its bytes."""
    if output.data is not None:
        return "data:" + hashlib.sha1(output.data).hexdigest()
    if output.template is None:
        return f"made|{output.deps}"
    return f"{output.template}|{templates.digest(output.template)}|{output.prefix}|{output.deps}"


# What an output's key is made of. Thousands of pages share a few ways of being made: each
# way's key is made once, and the passes over the ten thousand outputs of an edit run in C.
HOW, FILE = attrgetter("template", "prefix", "deps", "data"), attrgetter("file")


def output_keys(outputs: list[Output], templates: TemplateDigests) -> dict[str, str]:
    hows = list(map(HOW, outputs))
    made = {how: output_key(o, templates) for how, o in dict(zip(hows, outputs)).items()}
    return dict(zip(map(FILE, outputs), map(made.__getitem__, hows)))


def dirty(outputs: list[Output], keys: dict[str, str], previous: dict[str, str], stale: set[str]) -> list[Output]:
    """The outputs made another way than last time, or whose content reads changed."""
    again = stale.union(compress(keys, map(ne, map(previous.get, keys), keys.values())))
    return list(compress(outputs, map(again.__contains__, map(FILE, outputs))))
