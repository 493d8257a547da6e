"""Hostile text: inputs that made a scan quadratic, quotes that match too much or look
alike, floods of errors, and characters a feed cannot carry.

The linear-time cases run in a child limited to 60 s of CPU, on inputs large enough
that the quadratic scans they replace would need many minutes; the linear ones take
well under a second of it."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import check_content
from generator.cli import main
from generator.errors import ContentError, Issue, Pos
from generator.check.refs import HINTS_PER_FILE
from generator.text import WIKILINK
from generator.model import Sentence, Source
from generator.check.provenance import QuoteFinder, too_short
from generator.report import IN_ALL, PER_FILE, format_issues
from generator.text import split_sentences



def cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def issues_of(project: Path) -> list[str]:
    try:
        check_content(project)
    except ContentError as exc:
        return [str(i) for i in exc.issues]
    return []


def finder(text: str) -> QuoteFinder:
    sentences = tuple(Sentence(s.id, s.text, s.paragraph) for s in split_sentences(text))
    return QuoteFinder(Source("src", "T", None, None, None, text, sentences))


def write_note(project: Path, body: str, name: str = "hostile") -> Path:
    path = project / f"content/notes/{name}.md"
    path.write_text(f"---\ntitle: Hostile\n---\n{body}\n", encoding="utf-8")
    return path


def write_source(project: Path, body: str) -> None:
    path = project / "content/sources/parade-article.md"
    head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    path.write_text(f"{head}\n---\n{body}\n", encoding="utf-8")


# --- scans that were quadratic ---------------------------------------------------------

def _spans(text: str) -> int:
    return len(split_sentences(text))


@pytest.mark.parametrize("text, count", [
    ("It rained. " * 50_000, 50_000),  # short sentences without a line break
    ("Mr. Kim met Dr. Lee. " * 25_000, 25_000),  # an abbreviation before each candidate
    ("We met at 9 a.m. He left. " * 20_000, 40_000),  # dotted words looking at the next word
    ("." * 300_000 + " the end", 1),  # a run of periods is tried once, from its start
    ("!?" * 150_000 + " the end", 1),
    ("a" * 300_000 + ". " + "B.c. " * 30_000, 2),  # one long word before a period
], ids=["short-sentences", "abbreviations", "dotted", "periods", "marks", "long-word"])
def test_splitting_a_hostile_paragraph_is_linear(limited, text: str, count: int) -> None:
    assert limited(_spans, text) == count


def _links(text: str) -> int:
    return sum(1 for _ in WIKILINK.finditer(text))


@pytest.mark.parametrize("text, count", [
    ("[" * 200_000, 0),
    ("[[" + "a" * 10 + "[" * 200_000, 0),
    ("[[a|" * 100_000, 0),
    ("[[a]]" + "[[" * 100_000 + "[[b]]", 2),
], ids=["brackets", "unclosed", "labels", "pairs"])
def test_the_link_pattern_scans_brackets_once(limited, text: str, count: int) -> None:
    assert limited(_links, text) == count


def test_a_note_of_brackets_checks_in_linear_time(limited, project: Path) -> None:
    write_note(project, "[" * 200_000)
    assert limited(issues_of, project) == []


def test_many_bad_links_on_one_line_are_each_located(limited, project: Path) -> None:
    write_note(project, "Intro.\n" + "[[nowhere]] " * 300_000)
    found = limited(issues_of, project)
    assert len(found) == 300_000
    assert found[0] == ("content/notes/hostile.md:5:1: link [[nowhere]] does not name a page; "
                        "link to a country, person, event, note or source slug")
    assert found[-1].startswith(f"content/notes/hostile.md:5:{12 * 299_999 + 1}: link [[nowhere]]")


def _cited(text: str, quote: str) -> int:
    return len(finder(text).cites(quote))


def test_a_quote_found_in_every_sentence_collects_them_in_linear_time(limited) -> None:
    assert limited(_cited, "Kim was here again. " * 300_000, "Kim was here") == 300_000


# --- quotes ----------------------------------------------------------------------------

@pytest.mark.parametrize("quote", [".", "Kim", "Xi Jinping", "U.S. Navy", "— ,", "9 a.m."])
def test_a_quote_too_short_to_identify_its_sentence_is_refused(project: Path, quote: str) -> None:
    path = project / "content/events/china-joins-sanctions.yaml"
    path.write_text(re.sub(r"quote: .*", f"quote: '{quote}'", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert issues_of(project) == [
        "content/events/china-joins-sanctions.yaml:5:8: quote: too short to tell which sentence it is from; "
        "quote at least 3 words or 12 letters of the sentence, exactly as the source has them"]


@pytest.mark.parametrize("quote", ["Kim Jong Un", "The U.S. Navy", "Bundesverfassungsgericht", "中国国家主席习近平亲自邀请金正恩"])
def test_three_words_or_twelve_letters_are_enough(quote: str) -> None:
    assert not too_short(quote)


def test_a_decomposed_letter_matches_a_composed_one() -> None:
    composed = "Le président Macron a parlé à Pékin. Il est reparti."
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert finder(composed).cites(unicodedata.normalize("NFD", "Le président Macron a parlé")) == ("s1",)
    assert finder(decomposed).cites("Macron a parlé à Pékin") == ("s1",)
    assert finder(decomposed).cites("Il est reparti") == ("s2",)  # offsets still map after the change


def test_a_decomposed_quote_builds_in_a_project(project: Path) -> None:
    write_source(project, "Le président Macron a parlé à Pékin. Il est reparti.\n\n"
                 + (project / "content/sources/parade-article.md").read_text(encoding="utf-8").split("\n---\n", 1)[1])
    path = project / "content/countries/russia.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - claim: Macron spoke.\n    quote: "
                    + unicodedata.normalize("NFD", "Le président Macron a parlé") + "\n", encoding="utf-8")
    assert issues_of(project) == []


@pytest.mark.parametrize("quote, shown", [
    ("Chinese President Xi Jinping invitеd Kim personally",  # a Cyrillic е
     '"Jinping invitеd" (with U+0435 CYRILLIC SMALL LETTER IE) where it has "Jinping invited"'),
    ("Chinese President Xi\u200b Jinping invited Kim",
     '"President Xi\u200b Jinping" (with U+200B ZERO WIDTH SPACE) where it has "President Xi Jinping"'),
    ("Chinese President Xi Jinping invited Kim in person",
     '"Kim in person" where it has "Kim personally."'),
])
def test_a_miss_that_looks_like_its_sentence_says_what_differs(project: Path, quote: str, shown: str) -> None:
    path = project / "content/countries/china.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quote: Chinese President Xi Jinping invited Kim personally.", f"quote: {quote}"),
                    encoding="utf-8")
    ours, theirs = shown.split(" where it has ")
    assert issues_of(project) == [
        "content/countries/china.yaml:8:12: facts[0].quote: not found in source 'parade-article'; "
        "the closest sentence is s2: \"Chinese President Xi Jinping invited Kim personally.\", "
        f"which has {theirs} where the quote has {ours}; copy the words exactly as the source has them"]


# --- floods of errors ------------------------------------------------------------------

def test_the_error_list_is_cut_per_file_and_in_all() -> None:
    issues = ([Issue(Pos("content/a.yaml", n), "bad", "fix it") for n in range(1, 31)]
              + [Issue(Pos(f"content/f{i:03}.yaml", 1), "bad") for i in range(200)])
    lines = format_issues(issues).splitlines()
    assert lines[:PER_FILE] == [f"content/a.yaml:{n}:1: bad; fix it" for n in range(1, PER_FILE + 1)]
    assert lines[PER_FILE] == "content/a.yaml: 10 more errors in this file not shown"
    assert lines[PER_FILE + 1:-2] == [f"content/f{i:03}.yaml:1:1: bad" for i in range(IN_ALL - PER_FILE)]
    assert lines[-2:] == [f"{200 - (IN_ALL - PER_FILE)} more errors in other files not shown",
                          "230 errors found; nothing was written."]


def test_a_short_list_prints_whole() -> None:
    issues = [Issue(Pos("content/a.yaml", n), "bad") for n in range(1, PER_FILE + 1)]
    assert format_issues(issues).splitlines()[-2:] == [f"content/a.yaml:{PER_FILE}:1: bad",
                                                       f"{PER_FILE} errors found; nothing was written."]


def test_thousands_of_bad_quotes_print_a_short_list_and_cost_few_searches(project: Path, monkeypatch) -> None:
    searches = []
    closest = QuoteFinder.closest
    monkeypatch.setattr(QuoteFinder, "closest", lambda self, q: searches.append(q) or closest(self, q))
    facts = "".join(f"  - claim: C{i}\n    quote: Putin will attend the parade number {i}\n" for i in range(3_000))
    (project / "content/countries/russia.yaml").write_text(f"name: Russia\ncode: RU\nfacts:\n{facts}",
                                                           encoding="utf-8")
    code, out = cli("build", "--project", project)
    lines = out.splitlines()
    assert code == 1 and len(lines) == PER_FILE + 2
    assert lines[-2:] == ["content/countries/russia.yaml: 2,980 more errors in this file not shown",
                          "3000 errors found; nothing was written."]
    assert len(searches) == HINTS_PER_FILE


# --- characters a feed cannot carry ------------------------------------------------------

def feed_of(project: Path) -> ET.Element:
    return ET.fromstring((project / "site/feed.xml").read_bytes())


def test_the_feed_stays_well_formed_with_hostile_text(project: Path) -> None:
    odd = "]]> & <script>alert(1)</script> \u202e evil \ue000root/ 🏳️‍🌈 \U0010fffd ' \" \\x00"
    (project / "content/notes/odd.md").write_text(
        f"---\ntitle: \"{odd.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}\"\n"
        f"date: 2025-09-03\n---\n{odd} \u2028 \u2029\n\n<![CDATA[ x ]]> <?xml version='1.0'?> <!DOCTYPE x>\n",
        encoding="utf-8")
    code, out = cli("build", "--project", project)
    assert code == 0, out
    entries = [e for e in feed_of(project) if e.tag.endswith("entry")]  # parses: well-formed
    titles = [t.text for e in entries for t in e if t.tag.endswith("title")]
    assert any(t.startswith("]]> & <script>alert(1)</script>") and "\u202e evil" in t for t in titles), titles


@pytest.mark.parametrize("where, text, message", [
    ("note body", lambda p: write_note(p, "A bell\u0007."),
     "content/notes/hostile.md:4:7: control character U+0007 is not allowed; delete it (most editors do not show it)"),
    ("note title", lambda p: (p / "content/notes/hostile.md").write_text(
        '---\ntitle: "A\\x0cB"\n---\nText.\n', encoding="utf-8"),
     "content/notes/hostile.md:2:8: control character U+000C is not allowed; "
     "remove the escape that writes it (such as \\0 or \\x07)"),
    ("source body", lambda p: write_source(p, "It began\u001b[31m here. Then it ended."),
     "content/sources/parade-article.md:7:9: control character U+001B is not allowed; "
     "delete it (most editors do not show it)"),
    ("site title", lambda p: (p / "content/site.yaml").write_text('title: "Brief\\0ing"\n', encoding="utf-8"),
     "content/site.yaml:1:8: control character U+0000 is not allowed; "
     "remove the escape that writes it (such as \\0 or \\x07)"),
    ("noncharacter", lambda p: write_note(p, "Odd \ufffe here."),
     "content/notes/hostile.md:4:5: control character U+FFFE is not allowed; delete it (most editors do not show it)"),
])
def test_characters_no_feed_may_hold_are_refused_where_written(project: Path, where: str, text, message: str) -> None:
    assert cli("build", "--project", project)[0] == 0
    before = (project / "site/feed.xml").read_bytes()
    text(project)
    code, out = cli("build", "--project", project)
    assert code == 1
    assert message in out.splitlines()
    assert (project / "site/feed.xml").read_bytes() == before
    feed_of(project)


def _convert(text: str) -> str:
    from generator.pages.markup import Markup

    return Markup(lambda slug: slug + "/", {}, {}).block(text)


@pytest.mark.parametrize("text", ["[" * 50_000, "[a " * 50_000, "<a " * 20_000, "![x " * 20_000, "[^" * 50_000],
                         ids=["brackets", "open-links", "open-tags", "open-images", "open-footnotes"])
def test_a_note_of_marks_python_markdown_scans_from_each_converts_in_bounded_time(limited, text):
    # Python-Markdown looks for the end of a link (or a tag) from each one: quadratic, minutes
    # for these. Such a paragraph is shown as plain text, escaped.
    html = limited(_convert, text, cpu=20)
    assert html.startswith("<p>") and "<a" not in html.replace("&lt;a", "")


@pytest.mark.parametrize("unit", ["*a* ", "**a** ", "_a_ ", "`a` ", "`a ", "\\* ", "&amp; ", "~~a~~ ", "~~a ",
                                  "x[^1] ", "a  \n", "*a* `b` _c_ \\* &amp; "])
def test_a_paragraph_of_inline_marks_converts_in_bounded_time(limited, unit):
    # The inline pass copies the paragraph for each mark it replaces: hours for 400,000.
    html = limited(_convert, unit * 400_000 + "\n\n[^1]: n\n", cpu=20)
    assert html.startswith("<p>") and "<em>" not in html and "<code>" not in html


def test_many_paragraphs_of_inline_marks_stay_markdown(limited):
    # Each paragraph is well within the bound: the note converts, linear in its length.
    html = limited(_convert, "\n\n".join(["*a* `b` x[^1] &amp;"] * 20_000) + "\n\n[^1]: n\n", cpu=20)
    assert html.count("<em>a</em>") == html.count("<code>b</code>") == 20_000


def test_a_footnote_cited_thousands_of_times_converts_in_bounded_time(limited):
    html = limited(_convert, "A claim.[^1] " * 4_000 + "\n\n[^1]: The note.\n", cpu=20)
    assert html.count('class="footnote-ref"') == 4_000


def test_a_footnote_cited_again_gets_the_usual_ids():
    html = _convert("One[^1], two[^1], three[^1].\n\n[^1]: The note.\n")
    assert re.findall(r'<sup id="([^"]+)"', html) == ["fnref-1", "fnref2-1", "fnref3-1"]


def test_a_paragraph_with_a_few_links_is_still_markdown():
    assert _convert("See [the source](https://example.org/) and [[china]].") == (
        '<p>See <a href="https://example.org/">the source</a> and <a href="\ue000root/china/">china</a>.</p>')


def test_a_note_too_heavy_for_markdown_is_said_and_shown_as_typed(project: Path) -> None:
    write_note(project, "Intro *fine*.\n\n" + "*a* " * 100_000)
    warning = ("content/notes/hostile.md:4:1: warning: this note is shown as plain text: a paragraph has more "
               "marks (such as *, `, [ or &) than can be converted in bounded time")
    code, out = cli("check", "--project", project)
    assert code == 0 and warning in out
    code, out = cli("build", "--project", project)
    assert code == 0 and warning in out
    page = (project / "site/notes/hostile/index.html").read_text(encoding="utf-8")
    assert "<p>Intro *fine*.</p>" in page and "<em>" not in page.split("<main", 1)[1]
