"""generator.check.loader: files into documents with positions; YAML problems as issues."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Issue, Pos
from generator.check.loader import load, load_file, parse_yaml, read_text

REL = "content/countries/china.yaml"


def parse(text: str, line_offset: int = 0):
    return parse_yaml(text, REL, line_offset)


def messages(issues: list[Issue]) -> list[str]:
    return [str(i) for i in issues]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- reading ---------------------------------------------------------------------------

def test_read_text_accepts_a_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", b"\xef\xbb\xbfname: China\r\ncode: CN\r\n")
    assert read_text(path, REL) == ("name: China\ncode: CN\n", [])


def test_read_text_reports_bytes_that_are_not_utf8_with_their_position(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", b"name: China\nrole: H\xe9st\n")
    assert messages(read_text(path, REL)[1]) == [
        f"{REL}:2:8: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"  \t\n"])
def test_read_text_reports_an_empty_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "a.yaml", data)
    assert messages(read_text(path, REL)[1]) == [f"{REL}:1:1: the file is empty; write its content or delete the file"]


# --- YAML ------------------------------------------------------------------------------

def test_positions_of_values_and_keys() -> None:
    data, positions, keys, issues = parse("name: China\nfacts:\n  - claim: A\n    quote: B\n")
    assert issues == []
    assert data == {"name": "China", "facts": [{"claim": "A", "quote": "B"}]}
    assert positions[("name",)] == Pos(REL, 1, 7)
    assert positions[("facts", 0)] == Pos(REL, 3, 5)
    assert positions[("facts", 0, "quote")] == Pos(REL, 4, 12)
    assert keys[("facts", 0, "quote")] == Pos(REL, 4, 5)


def test_line_offset_shifts_every_position() -> None:
    _, positions, _, _ = parse("title: A\n", line_offset=1)
    assert positions[("title",)] == Pos(REL, 2, 8)


def test_scalars_keep_yaml_types_but_dates_stay_text() -> None:
    data = parse("a: 2017\nb: 2025-09-02\nc: 1.5\nd: true\ne: ~\nf: '12'\ng: 0x1F\nh: 017\n")[0]
    assert data == {"a": 2017, "b": "2025-09-02", "c": 1.5, "d": True, "e": None, "f": "12", "g": 31, "h": "017"}


def test_keys_are_kept_as_written() -> None:
    data = parse("on: x\n1: y\n")[0]
    assert data == {"on": "x", "1": "y"}


def test_duplicate_keys_are_errors_at_any_depth() -> None:
    _, _, _, issues = parse("name: A\nfacts:\n  - claim: x\n    claim: y\nname: B\n")
    assert messages(issues) == [
        f"{REL}:4:5: duplicate key 'claim'; 'claim' is already set on line 3; keep one",
        f"{REL}:5:1: duplicate key 'name'; 'name' is already set on line 1; keep one",
    ]


def test_a_syntax_error_gives_the_parsers_line_and_where_the_construct_began() -> None:
    _, _, _, issues = parse('name: China\nrole: "Host\ncode: CN\n')
    assert messages(issues) == [
        f"{REL}:4:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar "
        "started on line 2); check the indentation and quoting on this line or the one before"]


def test_a_syntax_error_on_one_line() -> None:
    _, _, _, issues = parse("name: China\nrole: Host: again\n")
    (message,) = messages(issues)  # the parser's own words differ between libyaml and PyYAML
    assert message.startswith(f"{REL}:2:11: YAML syntax error: mapping values are not allowed ")
    assert message.endswith("; check the indentation and quoting on this line or the one before")


def test_a_second_document_is_an_error() -> None:
    _, _, _, issues = parse("name: A\n---\nname: B\n")
    assert messages(issues) == [
        f"{REL}:2:1: a second YAML document starts here; "
        "a file holds one document: remove this '---' line or what follows it"]


def test_a_control_character_is_located() -> None:
    _, _, _, issues = parse("name: A\nrole: B\x00C\n")
    assert messages(issues) == [
        f"{REL}:2:8: control character U+0000 is not allowed; delete it (most editors do not show it)"]


def test_an_alias_that_contains_itself_is_an_error_not_a_crash() -> None:
    # An alias is the node it names, so the position is that of the anchored value.
    _, _, _, issues = parse("facts: &loop [*loop]\n")
    assert messages(issues) == [
        f"{REL}:1:8: this alias refers to the value that contains it; write the value out instead of using an alias"]


def test_aliases_to_other_values_are_fine() -> None:
    data, _, _, issues = parse("a: &x [1, 2]\nb: *x\n")
    assert (data, issues) == ({"a": [1, 2], "b": [1, 2]}, [])


def test_a_key_must_be_plain_text() -> None:
    _, _, _, issues = parse("? [a, b]\n: c\n")
    assert messages(issues) == [f"{REL}:1:3: a key must be plain text; write the key as a word"]


# --- files -----------------------------------------------------------------------------

def test_markdown_front_matter_and_body(tmp_path: Path) -> None:
    path = write(tmp_path / "n.md", "---\ntitle: T\ncountries: [china]\n---\nFirst line\n\nSecond\n")
    doc, issues = load_file(path, "content/notes/n.md", "note", "n")
    assert issues == []
    assert doc.data == {"title": "T", "countries": ["china"]}
    assert doc.body == "First line\n\nSecond\n"
    assert doc.body_line == 5
    assert doc.pos(("countries", 0)) == Pos("content/notes/n.md", 3, 13)


def test_empty_front_matter_is_an_empty_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "n.md", "---\n---\nBody\n")
    doc, issues = load_file(path, "content/notes/n.md", "note", "n")
    assert (doc.data, doc.body, issues) == ({}, "Body\n", [])


@pytest.mark.parametrize("text, message", [
    ("Just text\n", "missing front matter; start the file with a --- line, 'title: ...', and another --- line"),
    ("---\ntitle: T\nBody\n",
     "the front matter opened on line 1 is never closed; add a line with --- after the front matter"),
])
def test_front_matter_problems(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "n.md", text)
    doc, issues = load_file(path, "content/notes/n.md", "note", "n")
    assert doc is None
    assert messages(issues) == [f"content/notes/n.md:1:1: {message}"]


def test_front_matter_errors_point_at_the_file_line(tmp_path: Path) -> None:
    path = write(tmp_path / "n.md", "---\ntitle: T\ntitle: U\n---\nBody\n")
    _, issues = load_file(path, "content/notes/n.md", "note", "n")
    assert messages(issues) == [
        "content/notes/n.md:3:1: duplicate key 'title'; 'title' is already set on line 2; keep one"]


@pytest.mark.parametrize("text, found", [("- a\n- b\n", "a list"), ("just words\n", "a single value")])
def test_a_file_must_hold_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    path = write(tmp_path / "c.yaml", text)
    doc, issues = load_file(path, REL, "country", "china")
    assert doc is None
    assert messages(issues) == [
        f"{REL}:1:1: expected a mapping of keys to values, found {found}; write one 'key: value' per line"]


def test_pos_falls_back_to_the_nearest_enclosing_value(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "facts:\n  - claim: x\n")
    doc, _ = load_file(path, REL, "country", "china")
    assert doc.pos(("facts", 0, "quote")) == Pos(REL, 2, 5)
    assert doc.pos(("nothing", "here")) == Pos(REL, 1, 1)
    assert doc.key_pos(("facts", 0, "claim")) == Pos(REL, 2, 5)


# --- projects --------------------------------------------------------------------------

def test_load_finds_every_kind_in_a_stable_order_and_skips_hidden_and_backup_files(tmp_path: Path) -> None:
    write(tmp_path / "content/site.yaml", "title: T\n")
    write(tmp_path / "content/countries/b.yaml", "name: B\n")
    write(tmp_path / "content/countries/a.yml", "name: A\n")
    write(tmp_path / "content/countries/.hidden.yaml", "name: H\n")
    write(tmp_path / "content/countries/a.yaml~", "name: backup\n")
    write(tmp_path / "content/notes/n.md", "---\ntitle: N\n---\n")
    write(tmp_path / "content/sources/s.md", "---\ntitle: S\n---\nText.\n")
    docs, issues = load(tmp_path)
    assert issues == []
    assert [(d.kind, d.slug, d.path) for d in docs] == [
        ("site", "site", "content/site.yaml"),
        ("source", "s", "content/sources/s.md"),
        ("country", "a", "content/countries/a.yml"),
        ("country", "b", "content/countries/b.yaml"),
        ("note", "n", "content/notes/n.md"),
    ]


def test_load_reports_a_missing_site_yaml(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert messages(load(tmp_path)[1]) == [
        "content/site.yaml:1:1: content/site.yaml is missing; "
        "create it with at least 'title: ...' (or run 'briefing new DIR')"]


def test_load_reports_files_with_the_wrong_extension(tmp_path: Path) -> None:
    write(tmp_path / "content/site.yaml", "title: T\n")
    write(tmp_path / "content/notes/n.txt", "hello\n")
    assert messages(load(tmp_path)[1]) == [
        "content/notes/n.txt:1:1: unexpected file in content/notes/; note files end in .md; rename or move it"]


def test_a_file_that_cannot_be_loaded_still_claims_its_slug(tmp_path: Path) -> None:
    write(tmp_path / "content/site.yaml", "title: T\n")
    write(tmp_path / "content/countries/china.yaml", "name: [China\n")
    docs, issues = load(tmp_path)
    assert len(issues) == 1
    broken = [d for d in docs if d.kind == "country"]
    assert [(d.slug, d.broken, d.data) for d in broken] == [("china", True, {})]
