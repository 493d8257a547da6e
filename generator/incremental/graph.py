"""What each output depends on, and which outputs must be rendered again.

An output reads two things: the content files its context is made from (plan.py names
them, as a digest) and its template with everything that template extends, includes or
imports. Its key is a hash of both, so an output is dirty when something it reads
changed: a note edit dirties the note, the pages that list or link it, and nothing
else; a change to `base.html` dirties every page.
"""

from __future__ import annotations

import hashlib
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
    """A hash of everything that decides the output's bytes: its inputs and its templates."""
    if output.data is not None:
        return "data:" + hashlib.sha1(output.data).hexdigest()
    body = f"{output.template}|{templates.digest(output.template)}|{output.prefix}|{output.deps}"
    return hashlib.sha1(body.encode()).hexdigest()


class Keys:
    """The outputs of the last good build with their keys, and the template digests
    they were made with. A page kept from that build as the same object (a note page
    nothing touched) keeps its key while its templates are unchanged, unhashed."""

    def __init__(self) -> None:
        self.outputs: dict[str, tuple[Output, str]] = {}
        self.templates: dict[str, str] = {}
        self._pending: tuple[dict[str, tuple[Output, str]], dict[str, str]] = ({}, {})

    def make(self, outputs: list[Output], templates: TemplateDigests) -> dict[str, str]:
        same = all(templates.digest(name) == digest for name, digest in self.templates.items())
        last = self.outputs if same else {}
        made: dict[str, tuple[Output, str]] = {}
        for o in outputs:
            known = last.get(o.file)
            made[o.file] = known if known and known[0] is o else (o, output_key(o, templates))
        used = {name: templates.digest(name) for name in templates.names()}
        self._pending = (made, used)
        return {file: key for file, (_, key) in made.items()}

    def keep(self) -> None:
        """After a good build: what the next one compares with."""
        self.outputs, self.templates = self._pending


def dirty(outputs: list[Output], keys: dict[str, str], previous: dict[str, str]) -> list[Output]:
    """The outputs whose key differs from the one they had in the previous build."""
    return [o for o in outputs if previous.get(o.file) != keys[o.file]]
