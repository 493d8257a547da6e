"""generator.text: slugs, folding for quote matching, sentence splitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import CONTROL, closest, find_control, fold, is_slug, normalize, paragraphs, slugify, split_sentences

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "content" / "sources" / "victory-day-parade.md"


def seed_article() -> str:
    """The seed article's text, without its front matter."""
    text = SEED.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1]


# --- slugs -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["china", "north-korea", "g7", "2025-parade", "a"])
def test_valid_slugs(value: str) -> None:
    assert is_slug(value)


@pytest.mark.parametrize("value", ["", "China", "north_korea", "north korea", "-china", "china-",
                                   "north--korea", "china\n", "chína", "a.b"])
def test_invalid_slugs(value: str) -> None:
    assert not is_slug(value)


@pytest.mark.parametrize("value, slug", [
    ("Kim Jong Un", "kim-jong-un"),
    ("South_Korea", "south-korea"),
    ("  Côte d'Ivoire ", "cote-d-ivoire"),
    ("U.S.", "u-s"),
    ("---", ""),
])
def test_slugify(value: str, slug: str) -> None:
    assert slugify(value) == slug


# --- folding ---------------------------------------------------------------------------

def test_fold_collapses_white_space_and_trims() -> None:
    assert fold("  a \n\t b  ")[0] == "a b"


def test_fold_treats_typographic_quotes_apostrophes_and_dashes_as_plain() -> None:
    assert normalize("Pyongyang’s “partner” — ‘ally’ – ok") == "Pyongyang's \"partner\" - 'ally' - ok"


def test_fold_keeps_case() -> None:
    assert normalize("Kim") != normalize("kim")


def test_fold_maps_each_character_to_its_offset() -> None:
    text = "a  b’s…\n c"
    folded, where = fold(text)
    assert folded == "a b's... c"
    assert list(where) == [0, 1, 3, 4, 5, 6, 6, 6, 7, 9]


def _folded(text: str) -> tuple[str, list[int]]:
    folded, where = fold(text)
    return folded, list(where)


def _fold_by_character(text: str) -> tuple[str, list[int]]:
    """The definition, one character at a time: what the fast fold must equal."""
    from generator.text import _FOLD
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                where.append(i)
            in_space = True
            continue
        in_space = False
        for c in _FOLD.get(ch, ch):
            out.append(c)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab. ,\n\t\r\x0b\x1c\u00a0\u2003\u2028\u3000…’‘“”—–-'\"`´«»x")), max_size=60))
def test_fold_equals_its_definition_character_by_character(text: str) -> None:
    assert _folded(text) == _fold_by_character(text)
    assert normalize(text) == fold(text)[0]


def test_fold_of_the_seed_article_equals_its_definition() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert _folded(text) == _fold_by_character(text)


def test_normalize_of_empty_or_blank_text_is_empty() -> None:
    assert _folded("") == ("", [])
    assert _folded(" \n ") == ("", [])


# --- sentences -------------------------------------------------------------------------

def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("sentence", [
    "The U.S. Navy was not invited.",
    "The U.K. government said so.",
    "Mr. Smith met Dr. Jones.",
    "Gen. Lee and Prof. Park spoke.",
    "They met at St. Paul's church.",
    "The talks began at 9 a.m. on Monday.",
    "Prices rose 3.5 percent in 2024.",
    "J. K. Rowling wrote it.",
    "The treaty covers vol. 2 of the annex.",
    "Resolution No. 2397 tightened the sanctions.",
])
def test_abbreviations_decimals_and_initials_do_not_end_a_sentence(sentence: str) -> None:
    assert texts(f"It began. {sentence} It ended.") == ["It began.", sentence, "It ended."]


@pytest.mark.parametrize("text, expected", [
    ("He left at 9 a.m. He came back.", ["He left at 9 a.m.", "He came back."]),
    ("It was in the U.S. The next day was fine.", ["It was in the U.S.", "The next day was fine."]),
    ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("She said “no.” Then she left.", ["She said “no.”", "Then she left."]),
    ("It ended (finally.) Next came 2026.", ["It ended (finally.)", "Next came 2026."]),
    ("The answer was no. Then they left.", ["The answer was no.", "Then they left."]),
    ("one. two.", ["one. two."]),  # a lower-case word does not start a sentence
])
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_ids_run_through_the_whole_text_and_never_cross_a_paragraph() -> None:
    text = "One. Two\ncontinues.\n\nThree. Four.\n\n\n  Five"
    spans = split_sentences(text)
    assert [(s.id, s.text, s.paragraph) for s in spans] == [
        ("s1", "One.", 0), ("s2", "Two\ncontinues.", 0), ("s3", "Three.", 1), ("s4", "Four.", 1), ("s5", "Five", 2)]
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    text = "First line. Still first.\nSecond line\n\n"  # trailing blank lines separate nothing
    assert paragraphs(text) == [(0, 24), (25, 36)]
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1]


def test_splitting_is_deterministic() -> None:
    text = seed_article()
    assert split_sentences(text) == split_sentences(text)


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_the_seed_article_has_27_sentences() -> None:
    spans = split_sentences(seed_article())
    assert len(spans) == 27
    assert [s.id for s in spans] == [f"s{i}" for i in range(1, 28)]
    assert spans[1].text == "Chinese President Xi Jinping invited Kim personally."
    assert spans[13].text == "China remains Pyongyang’s most important economic and political partner."
    assert spans[26].text.startswith("Furthermore, the parade strengthens")
    assert max(s.paragraph for s in spans) == 7


# --- closest ---------------------------------------------------------------------------

def test_closest_picks_the_most_similar_candidate() -> None:
    candidates = ["China remains a partner.", "Russia's Vladimir Putin will also attend.", "Nothing here."]
    assert closest("Russia's Vladimir Putin will attend too.", candidates) == 1


def test_closest_of_nothing_is_none() -> None:
    assert closest("anything", []) is None


# --- control characters ----------------------------------------------------------------

_CONTROLS = [*map(chr, [*range(0, 9), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0)]),
             *(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))]


@pytest.mark.parametrize("text", ["plain ASCII", "curly ’quotes’ — and dashes", "an emoji 🙂 too"])
def test_find_control_finds_every_control_character_in_every_kind_of_text(text: str) -> None:
    for c in _CONTROLS:
        found = find_control(text + c + "tail")
        assert found is not None and found.start() == len(text), hex(ord(c))
    assert find_control(text + "\tand\nlines") is None


@given(st.text())
def test_find_control_says_what_the_whole_class_says(text: str) -> None:
    found, whole = find_control(text), CONTROL.search(text)
    assert (found and found.span()) == (whole and whole.span())
