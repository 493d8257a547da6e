"""What changed between two snapshots (an edition and the next, or the briefing now).

Facts are paired within one sheet. A fact unchanged in claim and citations is the same
fact wherever it moved. Of the rest, a fact that keeps its place is "reworded": it keeps
one of its quotes, or, failing that, its position in the sheet's list. Anything else
unpaired is "removed" (old) or "added" (new). Relations are paired by the two
countries: a different kind is "changed".
"""

from __future__ import annotations

import difflib
from typing import Any

from ..model import Change, EditionLog



def _quotes(fact: dict) -> set[str]:
    return {c["quote"] for c in fact["citations"]}


def pair_facts(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(reworded pairs, removed, added), as the module says."""
    left = list(range(len(old)))
    right = list(range(len(new)))
    for j in list(right):  # the same fact, moved or not
        i = next((i for i in left if old[i] == new[j]), None)
        if i is not None:
            left.remove(i)
            right.remove(j)
    pairs = []
    for j in list(right):  # a quote kept
        i = next((i for i in left if _quotes(old[i]) & _quotes(new[j])), None)
        if i is not None:
            left.remove(i)
            right.remove(j)
            pairs.append((i, j))
    for j in list(right):  # the place kept, and much of the wording
        if j in left and _alike(old[j]["claim"], new[j]["claim"]):
            left.remove(j)
            right.remove(j)
            pairs.append((j, j))
    pairs.sort(key=lambda p: p[1])
    return [(old[i], new[j]) for i, j in pairs], [old[i] for i in left], [new[j] for j in right]


def _alike(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.5


def _reworded(a: dict, b: dict) -> str:
    what = []
    if a["claim"] != b["claim"]:
        what.append(f"was “{a['claim']}”")
    qa, qb = [(c["source"], c["quote"]) for c in a["citations"]], [(c["source"], c["quote"]) for c in b["citations"]]
    if qa != qb:
        sa, sb = {s for s, _ in qa}, {s for s, _ in qb}
        if len(qb) > len(qa) and set(qa) <= set(qb):
            what.append(f"now cites {', '.join(sorted(sb - sa) or [s for s, _ in qb[len(qa):]])} too")
        else:
            what.append("quote changed")
    return f"Reworded: {b['claim']} ({'; '.join(what)})"


def _facts(owner: str, name: str, old: list[dict], new: list[dict]) -> list[Change]:
    pairs, removed, added = pair_facts(old, new)
    out = [Change("fact-added", owner, name, f"New: {f['claim']}", f["claim"]) for f in added]
    out += [Change("fact-reworded", owner, name, _reworded(a, b), b["claim"]) for a, b in pairs]
    out += [Change("fact-removed", owner, name, f"Removed: {f['claim']}", f["claim"]) for f in removed]
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from snapshot `old` to snapshot `new`, grouped by owner in `new`'s order."""
    out: list[Change] = []
    names = {slug: c["name"] for slug, c in {**old["countries"], **new["countries"]}.items()}
    for kind, noun in (("countries", "country"), ("people", "person")):
        before, after = old[kind], new[kind]
        for slug in [*after, *(s for s in before if s not in after)]:
            a, b = before.get(slug), after.get(slug)
            name = (b or a)["name"]
            if a is None:
                out.append(Change(f"{noun}-added", slug, name, f"New {noun}: {name}"))
            elif b is None:
                out.append(Change(f"{noun}-removed", slug, name, f"Removed {noun}: {name}"))
            out += _facts(slug, name, (a or {}).get("facts", []), (b or {}).get("facts", []))
            if kind == "countries":
                out += _relations(slug, name, names, (a or {}).get("relations", []), (b or {}).get("relations", []))
    for slug, e in new["events"].items():
        if slug not in old["events"]:
            out.append(Change("event-added", "", "", f"New event: {e['title']} ({e['date']})"))
    for slug, e in old["events"].items():
        if slug not in new["events"]:
            out.append(Change("event-removed", "", "", f"Removed event: {e['title']}"))
    for slug, n in new["notes"].items():
        was = old["notes"].get(slug)
        if was is None:
            out.append(Change("note-added", "", "", f"New note: {n['title']}"))
        elif was != n:
            out.append(Change("note-edited", "", "", f"Edited note: {n['title']}"))
    for slug, n in old["notes"].items():
        if slug not in new["notes"]:
            out.append(Change("note-removed", "", "", f"Removed note: {n['title']}"))
    for slug, source in new["sources"].items():
        if slug not in old["sources"]:
            out.append(Change("source-added", "", "", f"New source: {source['title']}"))
    return out


def _relations(owner: str, name: str, names: dict, old: list[dict], new: list[dict]) -> list[Change]:
    before = {r["with"]: r for r in old}
    after = {r["with"]: r for r in new}
    out = []
    for other, r in after.items():
        was = before.get(other)
        them = names.get(other, other)
        if was is None:
            out.append(Change("relation-added", owner, name, f"New relation: {r['kind']} of {them}"))
        elif was["kind"] != r["kind"]:
            out.append(Change("relation-changed", owner, name, f"Relation with {them}: {was['kind']} → {r['kind']}"))
    for other in before:
        if other not in after:
            out.append(Change("relation-removed", owner, name, f"Removed relation with {names.get(other, other)}"))
    return out


# What `summary` counts, in the order it says them: (kind, one, many).
_COUNTED = (("fact-added", "new fact", "new facts"), ("fact-reworded", "fact reworded", "facts reworded"),
            ("fact-removed", "fact removed", "facts removed"),
            ("relation-changed", "relation changed", "relations changed"),
            ("relation-added", "new relation", "new relations"),
            ("relation-removed", "relation removed", "relations removed"),
            ("country-added", "new country", "new countries"), ("country-removed", "country removed", "countries removed"),
            ("person-added", "new person", "new people"), ("person-removed", "person removed", "people removed"),
            ("event-added", "new event", "new events"), ("event-removed", "event removed", "events removed"),
            ("note-added", "new note", "new notes"), ("note-edited", "note edited", "notes edited"),
            ("note-removed", "note removed", "notes removed"), ("source-added", "new source", "new sources"))


def summary(changes: list[Change]) -> str:
    """'3 new facts, 1 relation changed': the counts a reader scans first."""
    parts = []
    for what, one, many in _COUNTED:
        n = sum(1 for c in changes if c.what == what)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) or "no changes"


def history(editions, now: dict[str, Any]) -> tuple[tuple[EditionLog, ...], tuple[Change, ...]]:
    """Each edition with what it changed since the one before, and what changed since the
    latest (`editions`: oldest first, each with `date`, `title` and `data`)."""
    logs, before = [], None
    for e in editions:
        changes = tuple(diff(before, e.data)) if before is not None else ()
        logs.append(EditionLog(e.date, e.title, changes, summary(list(changes)), before is None))
        before = e.data
    return tuple(logs), tuple(diff(before, now)) if before is not None else ()
