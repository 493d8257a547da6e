"""Property tests: splitting and folding hold for any text; broken content never crashes.

The content properties start from a valid project (the base of the bad-input corpus,
tests/cases/base/, or the golden project), apply random edits, and build without writing: the build either
succeeds or raises ContentError whose every issue points into content/ (or templates/)
at a line and column >= 1. Any other exception is a bug.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import ContentError
from generator.model import Sentence, Source
from generator.check.provenance import QuoteFinder
from generator.text import _FOLD, fold, normalize, split_sentences

BASES = [Path(__file__).parent / "cases" / "base", Path(__file__).parent / "golden" / "project"]
FILES = {base: sorted(p.relative_to(base).as_posix() for p in (base / "content").rglob("*") if p.is_file())
         for base in BASES}
SLUGS = sorted({Path(p).name.split(".")[0] for files in FILES.values() for p in files} - {"site"})

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- text ------------------------------------------------------------------------------

WORDS = ["The", "U.S.", "Mr.", "Dr.", "a.m.", "Kim", "said", "3.5", "J.", "K.", "St.", "no.", "No.", "2017",
         "Beijing’s", "“quoted”", '"plain"', "(aside)", "—", "-", "…", "e.g.", "Gen.", "it", "U.K.", "vs."]
ENDS = [".", "!", "?", ".”", '."', ".)", "", "..."]
SPACES = [" ", " ", " ", "\n", "\n\n", "  ", "\t", " \n \n", "\u00a0", "\u2003"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Text that looks like an article: words, abbreviations, quotes, line breaks."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        parts.append(draw(st.sampled_from(WORDS)) + draw(st.sampled_from(ENDS)))
        parts.append(draw(st.sampled_from(SPACES)))
    return "".join(parts)


any_text = st.one_of(articles(), st.text(max_size=200), st.text(alphabet=" .!?\n\"'’”“A-aZ0", max_size=80))


@SETTINGS
@given(any_text)
def test_sentence_ids_are_consecutive_and_cover_the_text(text: str) -> None:
    spans = split_sentences(text)
    assert [s.id for s in spans] == [f"s{i}" for i in range(1, len(spans) + 1)]
    assert " ".join(" ".join(s.text.split()) for s in spans) == " ".join(text.split())
    for s in spans:
        assert s.text and s.text == s.text.strip() and text[s.start:s.end] == s.text
    assert [s.paragraph for s in spans] == sorted(s.paragraph for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert split_sentences(text) == spans  # stable


@SETTINGS
@given(any_text)
def test_fold_maps_offsets_consistently(text: str) -> None:
    folded, where = fold(text)
    assert len(folded) == len(where)
    assert list(where) == sorted(where)
    assert folded == folded.strip(" ") and "  " not in folded
    for ch, i in zip(folded, where, strict=True):
        if ch == " ":
            assert text[i].isspace()
        else:
            assert ch in _FOLD.get(text[i], text[i])
    assert normalize(folded) == folded  # folding twice changes nothing


@SETTINGS
@given(any_text, st.data())
def test_every_piece_of_a_source_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    spans = split_sentences(text)
    finder = QuoteFinder(Source("s", "T", None, None, None, text,
                                tuple(Sentence(s.id, s.text, s.paragraph) for s in spans)))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    assume(normalize(quote))
    cites = finder.cites(quote)
    assert cites and list(cites) == sorted(set(cites), key=lambda sid: int(sid[1:]))
    ids = {s.id for s in spans}
    assert set(cites) <= ids
    for s in spans:  # a whole sentence quoted cites (at least) that sentence
        if s.start <= start and end <= s.end:
            assert s.id in cites


# --- content ---------------------------------------------------------------------------

JUNK = st.one_of(
    st.sampled_from(["\t", ":", "- ", "[", "]", "{", "}", "'", '"', "---", "\x00", "\x07", "&a", "*a", "!!",
                     "? ", "[[", "]]", "|", "#", "%", "@", "`", "\ufeff", "\r", "\u2028", "…", "—"]),
    st.text(max_size=8),
)
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20), st.sampled_from(SLUGS + ["", "XX", "2017-02-30", "2017", "ally", "[[china]]", "NO"]),
    st.lists(st.sampled_from(SLUGS + ["x", "Y Z"]), max_size=3),
    st.dictionaries(st.sampled_from(["claim", "quote", "with", "kind", "x"]), st.text(max_size=10), max_size=3),
)


def split_front(text: str) -> tuple[str, str, str]:
    """(before, yaml, after): the YAML part of a .yaml file or of a .md file's front matter."""
    if text.startswith("---\n") and "\n---\n" in text[3:]:
        end = text.index("\n---\n", 3)
        return "---\n", text[4:end + 1], text[end + 1:]
    return "", text, ""


def paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here] if here else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += paths(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += paths(v, here + (i,))
    return found


def set_at(value: Any, path: tuple, new: Any, delete: bool = False) -> None:
    for part in path[:-1]:
        value = value[part]
    if delete:
        del value[path[-1]]
    else:
        value[path[-1]] = new


@st.composite
def edits(draw: st.DrawFn, text: str) -> str | bytes:
    """One random edit of a content file's text."""
    kind = draw(st.sampled_from(["retype", "junk", "delete-key", "junk-line", "swap-slugs", "truncate", "bytes"]))
    if kind in ("retype", "delete-key"):
        before, body, after = split_front(text)
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError:  # an earlier edit broke it already
            return text
        places = paths(data)
        if not isinstance(data, dict) or not places:
            return text
        path = draw(st.sampled_from(places))
        set_at(data, path, draw(VALUES), delete=kind == "delete-key")
        return before + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + after
    if kind == "junk":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(JUNK) + text[at:]
    if kind == "junk-line":
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        return "\n".join(lines[:at] + [draw(JUNK)] + lines[at:])
    if kind == "swap-slugs":
        a, b = draw(st.sampled_from(SLUGS)), draw(st.sampled_from(SLUGS))
        return text.replace(a, "\0").replace(b, a).replace("\0", b)
    if kind == "truncate":
        return text[:draw(st.integers(0, len(text)).map(lambda n: len(text) - n))]
    return draw(st.binary(max_size=60))


def check_build(project: Path) -> None:
    try:
        build(project, write=False)
    except ContentError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert issue.pos.path.startswith(("content/", "templates/")), issue
            assert issue.pos.line >= 1 and issue.pos.col >= 1, issue
            assert issue.message, issue


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_build_or_fail_with_located_errors(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES))
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(base, project)
        for _ in range(data.draw(st.integers(1, 3))):
            rel = data.draw(st.sampled_from(FILES[base]))
            path = project / rel
            new = data.draw(edits(path.read_text(encoding="utf-8", errors="surrogateescape")))
            if isinstance(new, bytes):
                path.write_bytes(new)
            else:
                path.write_bytes(new.encode("utf-8", errors="surrogateescape"))
        check_build(project)


@SETTINGS
@given(st.data())
def test_files_removed_renamed_or_added_build_or_fail_with_located_errors(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(BASES))
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(base, project)
        rel = data.draw(st.sampled_from(FILES[base]))
        action = data.draw(st.sampled_from(["remove", "rename", "copy", "draft"]))
        path = project / rel
        if action == "remove":
            path.unlink()
        elif action in ("rename", "copy") and rel != "content/site.yaml":
            name = data.draw(st.sampled_from(SLUGS + ["New Name", "x_y", "a.b", "-", "é"]))
            folder = data.draw(st.sampled_from(["sources", "countries", "people", "events", "notes"]))
            target = project / "content" / folder / (name + data.draw(st.sampled_from([".yaml", ".md", ".yml", ""])))
            assume(target != path)
            (shutil.move if action == "rename" else shutil.copy)(path, target)
        elif action == "draft" and rel.endswith(".yaml") and rel != "content/site.yaml":
            path.write_text(path.read_text() + "draft: true\n")
        check_build(project)
