"""A build in which only templates changed, made without reading the content.

A template change makes pages again whose content is as it was: each entity page from
the context the last build kept of it (contexts.py), in the chrome that build gave every
page. All else such a build needs of the content is the last build's plan: the pages, the
template and chrome of each, and what the content gave to say. So a build keeps its plan
beside its state, and the next process, finding every input but the templates as that
build left them, and every page the changed templates make again an entity page with a
kept context, renders those from the kept plan: like the build with nothing changed, it
loads no content at all. Anything else (a list page's template changed, a page without a
kept context) is a build of the usual kind.
"""

from __future__ import annotations

import pickle
from typing import NamedTuple

from ..pages.plan import Context, Output
from .graph import FILE, TemplateDigests, dirty, output_keys
from .stats import Stats

TEMPLATES = "templates/"


class KeptPlan(NamedTuple):
    pages: tuple[Output, ...]  # the outputs made from a template, as values (no `make`)
    chrome_key: str | None  # the chrome every entity page is given, and its key
    chrome: Context
    search: str | None  # the language of the site's search index; None: no index
    warnings: tuple[str, ...]  # what the build said of the content
    drafts: int  # drafts and draft facts left out


def keep(outputs: list[Output], chrome: Context, search: str | None, warnings: list[str],
         drafts: int) -> bytes | None:
    """The plan of a build, pickled for the next; None when it holds anything but plain
    values (a tracked one would read nothing when rendered again)."""
    pages = tuple(o._replace(make=None) for o in outputs if o.template is not None and o.data is None)
    chromes = {o.deps for o in pages if o.entity}
    plan = KeptPlan(pages, chromes.pop() if len(chromes) == 1 else None, chrome, search, tuple(warnings), drafts)
    try:
        return pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    except (TypeError, pickle.PicklingError, AttributeError):
        return None


def only_templates(inputs: Stats, last: Stats) -> bool:
    """Whether every input but the project's templates is as it was for the last build."""
    def others(stats: Stats) -> Stats:
        return {f: st for f, st in stats.items() if not f.startswith(TEMPLATES)}

    return others(inputs) == others(last)


def restyled(plan: KeptPlan, templates: TemplateDigests, last: dict[str, str],
             valid: dict[str, str]) -> tuple[dict[str, str], list[Output]] | None:
    """Every output's key and the pages to make again, when they are all entity pages in
    the kept chrome; else None. `last`: the last build's keys; `valid`: those of its
    outputs that are still as it left them on disk."""
    keys = dict(last)  # an output made without a template is made from inputs as they were
    keys.update(output_keys(list(plan.pages), templates))
    todo = dirty(list(plan.pages), keys, valid, set())
    if not set(keys).difference(valid).issubset(map(FILE, todo)):
        return None  # another output was changed or removed on disk: made again from the content
    if any(o.entity is None or o.deps != plan.chrome_key for o in todo):
        return None
    return keys, todo
