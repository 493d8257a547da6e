"""generator.pages.markup: Markdown into sanitized HTML, with [[links]] against the site root."""

from __future__ import annotations

import resource
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.markup import Markup, convert, sanitize
from generator.pages.urls import ROOT

NAMES = {"china": "China", "kim-jong-un": "Kim Jong Un", "odd": "A *starred* [name]"}


def markup() -> Markup:
    return Markup(lambda slug: f"countries/{slug}/", NAMES)


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object>',
    '<style>body { display: none }</style>',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<p style="background: url(javascript:alert(1))">x</p>',
    '<img src="https://tracker.example/pixel.png">',
    '<img src="//tracker.example/pixel.png">',
    '<img src="data:image/png;base64,AAAA">',
])
def test_dangerous_html_never_survives(html: str) -> None:
    out = sanitize(html).lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "vbscript:", "data:", "<iframe",
                "<object", "<style", "<form", "<input", "style=", "tracker.example", "evil.example", "alert(1)</"):
        assert bad not in out, (html, out)


def test_safe_html_is_kept() -> None:
    html = ('<p><a href="https://example.org/a" title="t">a</a> <em>e</em> <code>c</code></p>'
            '<table><thead><tr><th style="text-align: left">h</th></tr></thead></table>'
            '<img src="images/map.png" alt="map">')
    assert sanitize(html) == html


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script> after",
    "<img src=x onerror=alert(1)> after",
    "[click](javascript:alert(1)) after",
    "[click](data:text/html;base64,PHNjcmlwdD4=) after",
    "<a href='javascript:alert(1)'>click</a> after",
    "[click](<javascript:alert(1)>) after",
])
def test_markdown_is_sanitized(text: str) -> None:
    out = markup().block(text).lower()
    assert "after" in out
    assert not any(bad in out for bad in ("<script", "onerror", "javascript:", "data:"))


def test_markdown_renders() -> None:
    out = markup().block("Some *emphasis* and a [link](https://example.org/).\n\n- one\n- two\n")
    assert out == ('<p>Some <em>emphasis</em> and a <a href="https://example.org/">link</a>.</p>\n'
                   "<ul>\n<li>one</li>\n<li>two</li>\n</ul>")


def test_wikilinks_point_at_the_root_marker() -> None:
    out = markup().block("See [[china]] and [[kim-jong-un|the leader]].")
    assert out == (f'<p>See <a href="{ROOT}countries/china/">China</a> and '
                   f'<a href="{ROOT}countries/kim-jong-un/">the leader</a>.</p>')


def test_a_linked_name_with_markdown_characters_is_shown_as_is() -> None:
    assert markup().inline("[[odd]]") == f'<a href="{ROOT}countries/odd/">A *starred* [name]</a>'


def test_headings_are_demoted_below_the_page_title() -> None:
    assert markup().block("# One\n\n## Two\n\n##### Five\n\n###### Six") == (
        "<h2>One</h2>\n<h3>Two</h3>\n<h6>Five</h6>\n<h6>Six</h6>")


def test_inline_drops_a_lone_paragraph() -> None:
    md = markup()
    assert md.inline("Just *one* line") == "Just <em>one</em> line"
    assert md.inline("One\n\nTwo") == "<p>One</p>\n<p>Two</p>"
    assert md.inline(None) == md.inline("") == md.block(None) == ""


def test_text_is_escaped_not_interpreted_as_html_entities_twice() -> None:
    assert markup().inline("AT&T <3 5 > 4") == "AT&amp;T &lt;3 5 &gt; 4"


def test_conversions_are_cached_and_the_same_each_time() -> None:
    md = markup()
    first = md.block("Some **text**")
    md._md = None  # a cached text must not be converted again
    assert md.block("Some **text**") == first


def test_converting_one_text_does_not_leak_into_the_next() -> None:
    md = markup()
    md.block("A footnote-like [ref]\n\n[ref]: https://example.org/")
    assert md.block("[ref]") == "<p>[ref]</p>"


# --- CommonMark, as analysts know it from elsewhere ----------------------------------------

def test_a_list_right_after_a_paragraph_is_a_list() -> None:
    assert markup().block("Three points:\n- one\n- two") == (
        "<p>Three points:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>")


def test_a_list_nests_by_two_spaces() -> None:
    assert markup().block("- one\n  - inner\n- two") == (
        "<ul>\n<li>one\n<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>two</li>\n</ul>")


def test_tables_keep_their_column_alignment_and_no_other_style() -> None:
    out = markup().block("| a | b | c |\n|:-:|--:|---|\n| 1 | 2 | 3 |")
    assert '<th style="text-align: center">a</th>' in out and '<td style="text-align: right">2</td>' in out
    assert "<td>3</td>" in out
    row = "<table><tbody><tr>{}</tr></tbody></table>"
    for style in ("text-align: right; background: red", "color: red"):
        assert sanitize(row.format(f'<td style="{style}">x</td>')) == row.format("<td>x</td>")


def test_strikethrough_and_fenced_code() -> None:
    assert markup().inline("~~gone~~ and `kept`") == "<del>gone</del> and <code>kept</code>"
    assert markup().block("```python\nx = 1 < 2\n```") == "<pre><code>x = 1 &lt; 2\n</code></pre>"


def test_only_a_link_target_that_starts_with_the_marker_becomes_one() -> None:
    out = markup().block("[[china]] and [odd](/x/%EE%80%80root/y)")
    assert f'href="{ROOT}countries/china/"' in out
    assert 'href="/x/%EE%80%80root/y"' in out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "  \n", "\n", "\n\n", "*", "**", "_", "~~", "`", "\\", "[", "]",
                                 "(", ")", "![", "<", ">", "&", "#", "- ", "1. ", "> ", "|", "---", "```",
                                 "[[china]]", "[[odd|x]]", "<script>", "</script>", "javascript:", "<img src=x ",
                                 "onerror=", "<!--", "-->"]), max_size=40).map("".join))
def test_any_text_gives_safe_html_with_its_links_resolved(text: str) -> None:
    out = markup().block(text)
    tags = _Tags()
    tags.feed(out)
    assert not {"script", "h1"} & {tag for tag, _ in tags.found}
    for tag, attrs in tags.found:
        assert not any(name.startswith("on") for name, _ in attrs)
        assert not any((value or "").lower().startswith("javascript:") for _, value in attrs)
    assert "%EE%80%80" not in out  # every marker put in by a [[link]] came back whole


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, attrs))


def test_converting_does_not_leak_memory() -> None:
    # Another binding of a C parser lost some 16 kB a text; a long preview session
    # converts every note many times over.
    text = (Path(__file__).resolve().parents[2] / "content" / "notes").glob("*.md").__next__().read_text()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i in range(20_000):
        convert(f"{text}\n\n{i}")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # kB
