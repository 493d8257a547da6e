"""generator.markup: Markdown into sanitized HTML, with [[links]] against the site root."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markup import ROOT, Markup, converter, sanitize

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
            '<table><thead><tr><th align="left">h</th></tr></thead></table>'
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


# --- the inline prefilter changes speed, never output --------------------------------------

INLINE_CASES = [
    "plain words only", "`code` and ``double `tick` code``", r"\*not emphasis\* and \\ a backslash",
    "[a link](https://example.org) and [ref][r] and [short]\n\n[r]: https://example.org\n[short]: /x",
    "![an image](/img.png) and ![ref image][i]\n\n[i]: /i.png", "<https://example.org> and <me@example.org>",
    "a line break  \nhere", "<b>raw</b> <!-- comment --> <span class=x>html</span>", "&amp; &copy; &#169; &#xA9; & alone",
    "*em* **strong** ***both*** _em_ __strong__ ___both___", "a * lone star and a _ lone underscore",
    "snake_case_word and 2*3*4", "**bold with `code` inside** and *[link](/x) in em*",
    "> quoted *em*\n\n- item `one`\n- item [two](/2)\n\n1. first\n2. second", "| a | *b* |\n|---|---|\n| `c` | [d](/d) |",
    "```\n*not* `parsed` here\n```", "    indented *code*", "# Heading with *em*\n\nText.",
]


def _plain() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


def _both(text: str) -> tuple[str, str]:
    plain, fast = _plain(), converter()
    return plain.convert(text), fast.convert(text)


def test_the_prefilter_is_installed() -> None:
    assert type(converter().treeprocessors["inline"]).__name__ == "_Prefiltered"


@pytest.mark.parametrize("text", INLINE_CASES)
def test_the_prefiltered_inline_pass_converts_exactly_as_python_markdown(text: str) -> None:
    expected, got = _both(text)
    assert got == expected


def test_the_briefings_own_notes_convert_exactly_as_python_markdown() -> None:
    root = Path(__file__).resolve().parents[2]
    notes = [*root.glob("content/notes/*.md"), *root.glob("tests/cases/**/notes/*.md")]
    assert len(notes) >= 4
    for path in notes:
        expected, got = _both(path.read_text(encoding="utf-8", errors="replace"))
        assert got == expected, path


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "[", "]",
                                 "(", ")", "![", "<", ">", "&", ";", "#", "amp", "https://x.org", "@", "- ", "1. ",
                                 "> ", "|", "---", "<b>", "</b>", "<!--", "-->", "x@y.org"]), max_size=40).map("".join))
def test_any_text_converts_exactly_as_python_markdown(text: str) -> None:
    expected, got = _both(text)
    assert got == expected
