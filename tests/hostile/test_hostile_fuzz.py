"""Fuzzing the stages that read what a writer typed: the YAML loader, the file reader, the
sentence splitter, quote matching and the Markdown path.

Each example runs in a forked child under a CPU-time and a memory limit (see conftest):
an input that made a stage loop, recurse without end or expand without bound fails the
example there, and Hypothesis shrinks it to the smallest such input. No assertion
depends on the clock."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.files import read_text
from generator.check.yamlparse import ALIAS_BUDGET, parse_yaml
from generator.pages.markup import Markup
from generator.model import Sentence, Source
from generator.check.provenance import QuoteFinder
from generator.text import CONTROL, split_sentences

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CPU, MEMORY = 10, 512 * 2**20  # per example: thousands of times what one needs

# Pieces of YAML that interact: anchors and aliases, flow and block collections, tags,
# escapes, keys, documents and odd characters.
YAML_PIECES = ["&a ", "&b ", "*a", "*b", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "\n", "  ", "    ",
               "!!binary ", "!!python/object/apply:os.system ", "!x ", "!!str ", '"\\0"', '"\\x07"', "'q'",
               "<<: ", "key", "quote", "2017", "true", "~", "---\n", "...\n", "#", "|\n", "\t", "é", "\u2028"]


def _plain(value, budget: list[int]) -> bool:
    """True when `value` is made of plain values only, and not more of them than budgeted."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, budget) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, budget) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _parsed(text: str) -> tuple:
    data, positions, keys, issues = parse_yaml(text, "content/countries/f.yaml", 1)
    lines = text.count("\n") + 2  # the offset, and a last line without a newline
    located = all(i.pos.path == "content/countries/f.yaml" and 1 <= i.pos.line <= lines + 1 and i.pos.col >= 1
                  for i in issues)
    plain = _plain(data, [ALIAS_BUDGET + 2 * len(text) + 2])
    return located, plain, bool(issues), data is None


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join))
def test_the_yaml_loader_on_yaml_like_text(limited, text: str) -> None:
    located, plain, has_issues, no_data = limited(_parsed, text, cpu=CPU, memory=MEMORY)
    assert located
    assert plain or has_issues


@FUZZ
@given(st.text(max_size=300))
def test_the_yaml_loader_on_any_text(limited, text: str) -> None:
    located, plain, has_issues, no_data = limited(_parsed, text, cpu=CPU, memory=MEMORY)
    assert located and (plain or has_issues)


def _read(path: Path, data: bytes) -> tuple[bool, bool]:
    path.write_bytes(data)
    text, issues = read_text(path, "content/notes/f.md")
    return text is None or not CONTROL.search(text) and "\r" not in text, (text is None) == bool(issues)


@FUZZ
@given(data=st.binary(max_size=400))
def test_the_file_reader_on_any_bytes(limited, tmp_path_factory, data: bytes) -> None:
    clean, consistent = limited(_read, tmp_path_factory.mktemp("f") / "f.md", data, cpu=CPU, memory=MEMORY)
    assert clean and consistent  # text it returns holds no control character, nor a CR


# Text made of what sentence rules look at: end marks, quotes, brackets, abbreviations,
# initials, numbers, capitals, white space and line breaks.
SENTENCE_PIECES = [". ", "! ", "? ", "...", ".", "'", '"', "’", "”", ")", "(", "[", "]", "“", "‘", " ", "  ", "\n",
                   "\n\n", "\t", "Mr.", "U.S.", "a.m.", "No.", "no.", "J.", "3.5", "The", "He", "word", "é", "À",
                   "9", "e\u0301"]


def _split(text: str) -> bool:
    spans = split_sentences(text)
    ordered = all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    exact = all(s.text and text[s.start:s.end] == s.text == s.text.strip() for s in spans)
    numbered = [s.id for s in spans] == [f"s{i}" for i in range(1, len(spans) + 1)]
    bounds = [0] + [x for s in spans for x in (s.start, s.end)] + [len(text)]
    kept = all(not text[a:b].strip() for a, b in zip(bounds[::2], bounds[1::2]))  # only white space between
    return ordered and exact and numbered and kept


@FUZZ
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=80).map("".join))
def test_the_sentence_splitter(limited, text: str) -> None:
    assert limited(_split, text, cpu=CPU, memory=MEMORY)


WORDS = ["Kim", "Xi", "invited", "président", "Pékin", "said", "the", "U.S.", "Navy", "on", "Monday", "—", "“no”",
         "it’s", "3.5", "a.m."]


def _found(sentences: list[list[str]], pick: tuple[int, int, int], form: str) -> bool:
    text = " ".join(" ".join(words) + "." for words in sentences)
    spans = split_sentences(text)
    source = Source("s", "T", None, None, None, text, tuple(Sentence(s.id, s.text, s.paragraph) for s in spans))
    words = sentences[pick[0] % len(sentences)]
    start = pick[1] % len(words)
    quote = " ".join(words[start:start + 1 + pick[2] % len(words)])
    cites = QuoteFinder(source).cites(unicodedata.normalize(form, quote))
    return bool(cites) and all(re.fullmatch(r"s\d+", c) for c in cites)


@FUZZ
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=1, max_size=6),
       st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
       st.sampled_from(["NFC", "NFD"]))
def test_any_run_of_words_of_a_sentence_is_found_in_either_unicode_form(limited, sentences, pick, form) -> None:
    assert limited(_found, sentences, pick, form, cpu=CPU, memory=MEMORY)


MARKDOWN_PIECES = ["[[", "]]", "[", "]", "(", ")", "|", "*", "_", "`", "```\n", "#", "> ", "- ", "1. ", "\n", "\n\n",
                   "<script>", "</script>", "<a href='javascript:x'>", "<img src=x onerror=alert(1)>", "javascript:",
                   "&", "&#x3c;", "<", ">", "!", "\\", "|---|", "china", "x", " ", "    ", "\ue000root/", "[^1]",
                   "<!--", "-->", "<![CDATA[", "]]>", "https://example.com"]
_TAG = re.compile(r"<[^>]*>")
_UNSAFE = re.compile(r"^<\s*script|\son\w+\s*=", re.I)
# An attribute's whole value: a quoted value may hold the words "href='javascript:" as text.
_URL = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _runs_script(tag: str) -> bool:
    if _UNSAFE.search(re.sub(r"\"[^\"]*\"|'[^']*'", '""', tag)):
        return True
    return any("".join(m.groups(default="")).strip().lower().startswith("javascript:") for m in _URL.finditer(tag))


def _converted(text: str) -> bool:
    """True when no tag of the HTML runs script (the same words as escaped text are fine)."""
    html = Markup(lambda slug: f"countries/{slug}/", {"china": "China"}).block(text)
    return not any(_runs_script(tag) for tag in _TAG.findall(html))


@FUZZ
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60).map("".join))
def test_the_markdown_path(limited, text: str) -> None:
    assert limited(_converted, text, cpu=CPU, memory=MEMORY)
