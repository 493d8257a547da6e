"""generator.check.provenance: quotes into the ids of the sentences they lie in."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Sentence, Source
from generator.check.provenance import QuoteFinder
from generator.text import split_sentences

SEED = Path(__file__).resolve().parents[2] / "content" / "sources" / "victory-day-parade.md"

ARTICLE = (
    "North Korea’s Kim Jong Un will travel to Beijing. Chinese President Xi Jinping invited Kim personally.\n"
    "The U.S. Navy was not invited — officials said so at 9 a.m. on Monday.\n\n"
    "China remains Pyongyang’s most important partner. Kim   will travel\nagain in May."
)


def finder(text: str) -> QuoteFinder:
    sentences = tuple(Sentence(s.id, s.text, s.paragraph) for s in split_sentences(text))
    return QuoteFinder(Source("src", "T", None, None, None, text, sentences))


@pytest.fixture(scope="module")
def article() -> QuoteFinder:
    return finder(ARTICLE)


@pytest.fixture(scope="module")
def seed() -> QuoteFinder:
    return finder(SEED.read_text(encoding="utf-8").split("\n---\n", 1)[1])


def test_the_article_splits_as_expected(article: QuoteFinder) -> None:
    assert [s.text for s in article.sentences] == [
        "North Korea’s Kim Jong Un will travel to Beijing.",
        "Chinese President Xi Jinping invited Kim personally.",
        "The U.S. Navy was not invited — officials said so at 9 a.m. on Monday.",
        "China remains Pyongyang’s most important partner.",
        "Kim   will travel\nagain in May.",
    ]


@pytest.mark.parametrize("quote, cites", [
    ("Chinese President Xi Jinping invited Kim personally.", ("s2",)),
    ("Xi Jinping invited Kim", ("s2",)),
    # straight apostrophes and quotes, hyphens for dashes, any white space
    ("China remains Pyongyang's most important partner.", ("s4",)),
    ("was not invited - officials said", ("s3",)),
    ("was not invited -- officials said", ()),
    ("North  Korea’s\nKim Jong Un", ("s1",)),
    ("Kim will travel again in May.", ("s5",)),
    # a quote spanning two sentences cites both
    ("invited Kim personally. The U.S. Navy", ("s2", "s3")),
    ("on Monday. China remains", ("s3", "s4")),
    # one found in several places cites each
    ("will travel", ("s1", "s5")),
    ("Kim", ("s1", "s2", "s5")),
])
def test_cites(article: QuoteFinder, quote: str, cites: tuple[str, ...]) -> None:
    assert article.cites(quote) == cites


@pytest.mark.parametrize("quote", [
    "chinese president xi jinping invited kim personally.",  # verbatim means the same case
    "Xi Jinping invited Kim in person",
    "",
    "   ",
])
def test_quotes_that_are_not_found(article: QuoteFinder, quote: str) -> None:
    assert article.cites(quote) == ()


def test_closest_sentence_for_a_miss(article: QuoteFinder) -> None:
    assert article.closest("Xi Jinping invited Kim in person")[0].id == "s2"
    assert article.closest("China is Pyongyang's most important partner")[0].id == "s4"


def test_closest_in_a_source_without_sentences() -> None:
    empty = finder("")
    assert empty.cites("anything") == ()
    assert empty.closest("anything") is None


@pytest.mark.parametrize("quote, cites", [
    ("Chinese President Xi Jinping invited Kim personally.", ("s2",)),
    ("China remains Pyongyang’s most important economic and political partner.", ("s14",)),
    ("China remains Pyongyang's most important economic and political partner.", ("s14",)),
    ("Beijing joined sanctions in 2017", ("s15",)),
    ("Observers predict the three nations will coordinate strategies", ("s12",)),
    ("since taking power.\nThe China parade will also include", ("s3", "s4")),
    ("the China parade", ("s1", "s22")),  # not "The China parade" (s4): case counts
])
def test_quotes_in_the_seed_article(seed: QuoteFinder, quote: str, cites: tuple[str, ...]) -> None:
    assert seed.cites(quote) == cites
