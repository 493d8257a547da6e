"""generator.pages.markup: Markdown into sanitized HTML, with [[links]] against the site root."""

from __future__ import annotations

import re
import resource
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages import shortcuts
from generator.pages.markup import THEME_IDS, Markup, convert, converter, sanitize
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
            '<table><thead><tr><th style="text-align: left;">h</th></tr></thead></table>'
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
        '<h2 id="one">One</h2>\n<h3 id="two">Two</h3>\n<h6 id="five">Five</h6>\n<h6 id="six">Six</h6>')


def test_inline_drops_a_lone_paragraph() -> None:
    md = markup()
    assert md.inline("Just *one* line") == "Just <em>one</em> line"
    assert md.inline("One\n\nTwo") == "<p>One</p>\n<p>Two</p>"
    assert md.inline(None) == md.inline("") == md.block(None) == ""


def test_text_is_escaped_not_interpreted_as_html_entities_twice() -> None:
    assert markup().inline("AT&T <3 5 > 4") == "AT&amp;T &lt;3 5 &gt; 4"


def test_a_text_is_converted_once_and_then_served_from_the_cache() -> None:
    cache: dict[str, str] = {}
    first = Markup(lambda slug: f"countries/{slug}/", NAMES, cache).block("Some **text**")
    assert first == "<p>Some <strong>text</strong></p>" and len(cache) == 1
    # What a later build finds in the cache is what it serves: the text is not converted again.
    cache[next(iter(cache))] = "<p>from the cache</p>"
    later = Markup(lambda slug: f"countries/{slug}/", NAMES, cache)
    assert later.block("Some **text**") == later.block("Some **text**") == "<p>from the cache</p>"
    assert len(cache) == 1


def test_converting_one_text_does_not_leak_into_the_next() -> None:
    md = markup()
    md.block("A footnote-like [ref]\n\n[ref]: https://example.org/")
    assert md.block("[ref]") == "<p>[ref]</p>"


# --- The Python-Markdown dialect ------------------------------------------------------

def test_a_list_follows_a_blank_line_and_nests_by_four_spaces() -> None:
    assert markup().block("Three points:\n\n- one\n    - inner\n- two") == (
        "<p>Three points:</p>\n<ul>\n<li>one<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>two</li>\n</ul>")
    assert markup().block("Three points:\n- one") == "<p>Three points:\n- one</p>"


def test_sane_lists_keep_their_start_and_kind() -> None:
    assert markup().block("3. three\n4. four\n\n* a\n* b") == (
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>')


def test_tables_keep_their_column_alignment_and_no_other_style() -> None:
    out = markup().block("| a | b | c |\n|:-:|--:|---|\n| 1 | 2 | 3 |")
    assert '<th style="text-align: center;">a</th>' in out and '<td style="text-align: right;">2</td>' in out
    assert "<td>3</td>" in out
    row = "<table><tbody><tr>{}</tr></tbody></table>"
    for style in ("text-align: right; background: red", "text-align: right", "color: red"):
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
                                 "onerror=", "<!--", "-->", "[^1]", "[^1]: ", "!!! note ", '"t"', "    ", ": ",
                                 "*[word]: ", "[TOC]", '<h2 id="main">', ' class="x"', "\ue001"]),
                max_size=40).map("".join))
def test_any_text_gives_safe_html_with_its_links_resolved(text: str) -> None:
    out = markup().block(text)
    tags = _Tags()
    tags.feed(out)
    assert not {"script", "h1"} & {tag for tag, _ in tags.found}
    for tag, attrs in tags.found:
        assert not any(name.startswith("on") for name, _ in attrs)
        assert not any((value or "").lower().startswith("javascript:") for _, value in attrs)
    assert "%EE%80%80" not in out  # every marker put in by a [[link]] came back whole
    ids = [value for _, attrs in tags.found for name, value in attrs if name == "id"]
    assert len(ids) == len(set(ids)) and not set(ids) & THEME_IDS and all(ids) and "\ue001" not in out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, attrs))


def test_converting_does_not_leak_memory() -> None:
    # A binding of a C parser lost some 16 kB a text, and a converter reused with reset()
    # must not keep anything of the texts before; a long preview session converts every
    # note many times over.
    text = (Path(__file__).resolve().parents[2] / "content" / "notes").glob("*.md").__next__().read_text()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i in range(500):
        convert(f"{text}\n\n{i}")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 4 * 1024  # kB


# --- The extensions a briefing writer uses ---------------------------------------------

NOTE = """# Beijing's calculus

!!! judgment "Key judgment"
    Beijing wants *stability* on the peninsula.[^aside]

| Country | Role |
|:--------|-----:|
| China   | Host |

Victory Day
:   The parade of 3 September.

The PRC hosts the parade.

*[PRC]: People's Republic of China

[^aside]: An analyst's aside, with a [source](https://example.org/).
"""


def test_a_note_using_every_extension_renders_each() -> None:
    out = markup().block(NOTE)
    assert '<h2 id="beijings-calculus">Beijing\'s calculus</h2>' in out
    assert ('<div class="admonition judgment">\n<p class="admonition-title">Key judgment</p>\n'
            '<p>Beijing wants <em>stability</em> on the peninsula.<sup id="fnref-1">'
            '<a class="footnote-ref" href="#fn-1">1</a></sup></p>\n</div>') in out
    assert '<th style="text-align: left;">Country</th>' in out and '<td style="text-align: right;">Host</td>' in out
    assert "<dl>\n<dt>Victory Day</dt>\n<dd>The parade of 3 September.</dd>\n</dl>" in out
    assert "<p>The <abbr title=\"People's Republic of China\">PRC</abbr> hosts the parade.</p>" in out
    assert ('<div class="footnote">\n<hr>\n<ol>\n<li id="fn-1">\n<p>An analyst\'s aside, with a '
            '<a href="https://example.org/">source</a>.&nbsp;<a class="footnote-backref" href="#fnref-1" '
            'title="Jump back to footnote 1 in the text">↩\ufe0e</a></p>\n</li>\n</ol>\n</div>') in out


HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
           '<a href="#" onclick="alert(1)" class="footnote-ref">x</a>', '<div class="admonition evil" style="x">y</div>',
           '<h2 id="main">z</h2>']


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_html_inside_the_extensions_is_still_removed(hostile: str) -> None:
    text = (f"!!! note \"Key judgment\"\n    {hostile}\n\n| a |\n|---|\n| {hostile} |\n\nTerm\n:   {hostile}\n\n"
            f"Aside[^1]\n\n[^1]: {hostile}\n")
    out = markup().block(text).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "evil", "style=", 'id="main"'):
        assert bad not in out, (hostile, out)
    assert 'class="admonition note"' in out and 'class="footnote"' in out and "<td>" in out and "<dd>" in out


def test_only_the_extensions_classes_and_ids_survive() -> None:
    raw = ('<p class="admonition-title lead" id="x">t</p><div class="hero footnote">d</div><span class="x">s</span>'
           '<div class="hero">h</div>')
    assert sanitize(raw) == '<p class="admonition-title">t</p><div class="footnote">d</div><span>s</span><div>h</div>'


def test_an_unknown_box_type_keeps_the_box_without_its_class() -> None:
    assert markup().block("!!! sparkle \"Odd\"\n    text").startswith('<div class="admonition">')


def test_heading_ids_are_unique_and_kept_apart_from_the_theme_ids() -> None:
    out = markup().block("# Outlook\n\n## Outlook\n\n## Main\n\n## 결론\n\n## ***")
    assert re.findall(r'id="([^"]*)"', out) == ["outlook", "outlook_1", "main_1", "결론", "section"]


def test_fragments_sharing_a_page_get_ids_of_their_own() -> None:
    md = markup()
    text = "# Outlook\n\nSee[^1] and [[china]].\n\n[^1]: Aside.\n\n[TOC]"
    alone, first, second = md.block(text), md.block(text, scope="china"), md.inline(text, scope="takeaway_1")
    assert re.findall(r'(?:id|href)="#?([^"]*)"', alone) == [
        "outlook", "fnref-1", "fn-1", f"{ROOT}countries/china/", "outlook", "fn-1", "fnref-1"]
    assert re.findall(r'(?:id|href)="#?([^"]*)"', first) == [
        "china-outlook", "china-fnref-1", "china-fn-1", f"{ROOT}countries/china/", "china-outlook", "china-fn-1",
        "china-fnref-1"]
    ids = re.findall(r'id="([^"]*)"', alone + first + second)
    assert len(ids) == len(set(ids)) == 9
    with pytest.raises(ValueError):
        md.block(text, scope='x" onclick="y')


def test_the_theme_ids_are_all_known_to_the_heading_ids() -> None:
    templates = Path(__file__).resolve().parents[2] / "templates"
    # The book is a document of its own, where every note's ids get the note's prefix.
    pages = [f for f in templates.glob("*.html") if not f.name.startswith("book")]
    literal = {m for f in pages for m in re.findall(r'\bid="([^"{]+)"', f.read_text())}
    assert literal and literal <= THEME_IDS


def test_many_footnotes_take_linear_time() -> None:
    # The stock extension looks every reference up in a list of all the footnotes.
    def work(n: int) -> float:
        text = "".join(f"x[^{i}] " for i in range(n)) + "\n\n" + "".join(f"[^{i}]: n\n" for i in range(n))
        times = []
        for _ in range(3):  # the least of three: a busy machine only ever adds
            start = time.process_time()
            assert convert(text).count('class="footnote-ref"') == n
            times.append(time.process_time() - start)
        return min(times)

    assert work(8000) < 20 * work(1000)  # eight times the notes, not sixty-four times the work


@pytest.mark.parametrize("text", [
    "".join("    " * i + "- level\n" for i in range(400)),  # seconds of work, then too deep for the stack
    "*" * 20_000 + "level" + "*" * 20_000,  # too deep for the stack
])
def test_text_nested_too_deep_is_shown_not_lost(text: str) -> None:
    out = markup().block(text + "\n\nafter <script>x</script>")
    assert out.startswith("<p>") and "level" in out and "after" in out and "<script" not in out


def test_the_readme_example_renders_each_extension_it_names() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    example = readme.split("````markdown\n", 1)[1].split("````", 1)[0]
    out = markup().block(example)
    for made in ('<h2 id="outlook">', '<div class="admonition judgment">', 'class="footnote-ref" href="#fn-1"',
                 '<td style="text-align: right;">Host</td>', "<dt>Victory Day</dt>",
                 "<abbr title=\"People's Republic of China\">PRC</abbr>", '<ol start="3">', "<del>struck out</del>",
                 f'<a href="{ROOT}countries/china/">China</a>', "<pre><code>fenced code\n</code></pre>"):
        assert made in out, made


# --- site.yaml's own extensions ----------------------------------------------------------

def test_an_added_extension_converts_and_the_sanitizer_still_decides() -> None:
    extra = (("attr_list", "{}"), ("nl2br", "{}"))
    md = Markup(lambda slug: f"countries/{slug}/", NAMES, {}, extra)
    out = md.block('# Outlook {: #main .hero onclick="alert(1)" }\n\none\ntwo\n{: style="color: red" .lead }')
    assert out == "<h2>Outlook</h2>\n<p>one<br>\ntwo<br></p>"


def test_another_set_of_extensions_does_not_reuse_a_conversion() -> None:
    cache: dict[str, str] = {}
    assert Markup(lambda slug: slug, NAMES, cache).block("one\ntwo") == "<p>one\ntwo</p>"
    assert Markup(lambda slug: slug, NAMES, cache, (("nl2br", "{}"),)).block("one\ntwo") == "<p>one<br>\ntwo</p>"
    assert len(cache) == 2


def test_site_yaml_adds_extensions_to_every_page(tmp_path: Path) -> None:
    from generator.build import build

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parents[1] / "cases" / "base", project)
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text() + "markdown_extensions:\n  - nl2br\n  - smarty: {smart_quotes: false}\n")
    note = project / "content" / "notes" / "lifelines.md"
    note.write_text(note.read_text() + '\nfirst line -- "quoted"\nsecond line\n')
    build(project)
    page = (project / "site" / "notes" / "lifelines" / "index.html").read_text()
    assert 'first line – "quoted"<br>\nsecond line' in page


# --- the prefilter and the gates change speed, never output --------------------------------

INLINE_CASES = [
    "plain words only", "`code` and ``double `tick` code``", r"\*not emphasis\* and \\ a backslash",
    "[a link](https://example.org) and [ref][r] and [short]\n\n[r]: https://example.org\n[short]: /x",
    "![an image](/img.png) and ![ref image][i]\n\n[i]: /i.png", "<https://example.org> and <me@example.org>",
    "a line break  \nhere", "<b>raw</b> <!-- comment --> <span class=x>html</span>", "&amp; &copy; &#169; & alone",
    "*em* **strong** ***both*** _em_ __strong__ ___both___", "a * lone star and a _ lone underscore",
    "snake_case_word and 2*3*4", "**bold with `code` inside** and *[link](/x) in em*", "~~gone~~ and ~one~",
    "> quoted *em*\n\n- item `one`\n- item [two](/2)\n\n1. first\n2. second", "| a | *b* |\n|---|---|\n| `c` | [d](/d) |",
    "```\n*not* `parsed` here\n```", "    indented *code*", "# Heading with *em*\n\n[TOC]\n\nText.",
    "Aside[^1] and [^x].\n\n[^1]: One *em*.\n[^x]: Two.", "!!! note \"Key judgment\"\n    In a *box*.\n\n    Still.\n",
    "Term\n:   Definition\n\n*[PRC]: People's Republic of China\n\nThe PRC.",
]


def _both(text: str) -> tuple[str, str]:
    return converter(prefilter=False).convert(text), convert(text)


def test_the_prefilter_and_the_gates_are_installed() -> None:
    md = converter()
    assert type(md.treeprocessors["inline"]).__name__ == "Prefiltered"
    assert type(md.treeprocessors["toc"]).__name__ == "HeadingIds"
    assert len(md.gates) == len(shortcuts._GATES) + 1  # each stock processor, and toc's marker


@pytest.mark.parametrize("text", INLINE_CASES)
def test_the_prefiltered_conversion_is_python_markdowns_own(text: str) -> None:
    expected, got = _both(text)
    assert got == expected


def test_the_briefings_own_notes_convert_exactly_as_python_markdown(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.syspath_prepend(str(root))  # bench/ is not an installed package
    from bench.corpus import generate

    generate(tmp_path, countries=4, notes=3)  # the benchmark's notes too: what the figures measure
    notes = [*root.glob("content/notes/*.md"), *root.glob("tests/cases/**/notes/*.md"),
             *tmp_path.glob("content/notes/*.md")]
    assert len(notes) >= 16
    for path in notes:
        expected, got = _both(path.read_text(encoding="utf-8", errors="replace"))
        assert got == expected, path


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "[", "]",
                                 "(", ")", "![", "<", ">", "&", ";", "#", "amp", "https://x.org", "@", "- ", "1. ",
                                 "> ", "|", "---", "<b>", "</b>", "<!--", "-->", "x@y.org", "~~", "[^1]", "[^1]: ",
                                 "!!! note", "    ", ": ", "*[word]: ", "[TOC]"]), max_size=40).map("".join))
def test_any_text_converts_exactly_as_python_markdown(text: str) -> None:
    expected, got = _both(text)
    assert got == expected


LINES = ["# Heading", "## Same", "## Same", "Heading", "===", "---", "- item", "* item", "1. item", "    code",
         "> quote", "| a | b |", "|---|:-:|", "Term", ":   Definition", "[^1]: A note.", "*[ABBR]: Full name",
         "[r]: /x \"title\"", "!!! note \"Key judgment\"", "    In the box.", "```", "~~~", "* * *", "- - -", "___",
         "", "", "Text with [r], [^1], ABBR, [x][r] and ![i][r].", "<div>raw *html*</div>", "[TOC]", "\tA tab",
         "Text *em* `code` \\* &amp; & < >", "## A &amp; B", "## <i>x</i> y", "## x [^1]", "## main", "##",
         "## `code` *em*", "Line ending in two spaces  ", "Setext", "------", "\x02wzxhzdk:0\x03", "## \\#escaped"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30).map("\n".join))
def test_any_arrangement_of_blocks_converts_exactly_as_python_markdown(text: str) -> None:
    expected, got = _both(text)
    assert got == expected


# What the shortcuts pass over in a plain note (a heading, a list, emphasis, a link).
PLAIN = "Words *in* a [link](/x).\n\n## A heading\n\n* one\n* two\n\nMore **words** here.\n"


def test_a_plain_note_is_spared_the_work_it_cannot_need(monkeypatch: pytest.MonkeyPatch) -> None:
    from markdown import blockprocessors, inlinepatterns, preprocessors, serializers, treeprocessors
    from markdown.extensions import abbr, def_list, fenced_code, footnotes, tables, toc

    calls: dict[str, int] = {}

    def counted(owner: type, name: str) -> None:
        stock = getattr(owner, name)

        def count(*args, **kwargs):
            calls[f"{owner.__name__}.{name}"] = calls.get(f"{owner.__name__}.{name}", 0) + 1
            return stock(*args, **kwargs)
        monkeypatch.setattr(owner, name, count)

    for owner, name in [(tables.TableProcessor, "test"), (def_list.DefListProcessor, "test"),
                        (blockprocessors.BlockQuoteProcessor, "test"), (blockprocessors.SetextHeaderProcessor, "test"),
                        (footnotes.FootnoteBlockProcessor, "run"), (abbr.AbbrBlockprocessor, "run"),
                        (blockprocessors.ReferenceProcessor, "run"), (preprocessors.HtmlBlockPreprocessor, "run"),
                        (fenced_code.FencedBlockPreprocessor, "run"), (treeprocessors.UnescapeTreeprocessor, "run"),
                        (inlinepatterns.ReferenceInlineProcessor, "handleMatch"),
                        (inlinepatterns.ImageInlineProcessor, "handleMatch"),
                        (toc.TocTreeprocessor, "build_toc_div"), (toc.TocTreeprocessor, "run")]:
        counted(owner, name)
    serialized = []
    monkeypatch.setattr(serializers, "_write_html", lambda root, format, stock=serializers._write_html:
                        serialized.append(root) or stock(root, format))

    stock = converter(prefilter=False)
    expected = stock.convert(PLAIN)
    assert calls and len(serialized) == 3  # the note, its heading's name, the table of contents
    calls.clear(), serialized.clear()
    md = converter()
    for gate in md.gates:
        gate.set_for(PLAIN)
    assert md.convert(PLAIN) == expected
    assert calls == {} and len(serialized) == 1
