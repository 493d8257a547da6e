"""Hostile content files: YAML that expands, nests or runs code, files that are not text,
and folders that are not what they seem. Each is refused at its path, in bounded time
and memory, and never with a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import Builder
from generator.incremental.stats import stats
from generator.check.files import MAX_FILE_BYTES
from generator.check.yamlparse import ALIAS_BUDGET, MAX_DEPTH
from generator.cli import main
from generator.check.loader import parse_yaml, read_text

REL = "content/countries/bomb.yaml"


def messages(issues) -> list[str]:
    return [str(i) for i in issues]


def parse(text: str) -> tuple:
    data, _, _, issues = parse_yaml(text, REL)
    return data, messages(issues)


def cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: what none of these inputs may give
    return result.exit_code, result.output


# --- YAML that expands ----------------------------------------------------------------

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))


def test_an_alias_bomb_stops_at_the_alias_that_overspends(limited) -> None:
    # Nine levels of nine aliases: 387 million values from 300 bytes. Counted, it stops
    # at the first alias of line 5, where the aliases first repeat more than the budget.
    data, found = limited(parse, BILLION_LAUGHS, memory=256 * 2**20, cpu=20)
    assert data is None
    assert found == [f"{REL}:5:8: too many aliases; the aliases of this file repeat more than 10,000 values; "
                     "write the values out, or repeat fewer"]


def test_the_alias_budget_is_exact() -> None:
    head = "quote: &q Xi Jinping invited Kim personally.\nfacts:\n"
    data, found = parse(head + "".join("  - *q\n" for _ in range(ALIAS_BUDGET)))
    assert found == [] and len(data["facts"]) == ALIAS_BUDGET
    data, found = parse(head + "".join("  - *q\n" for _ in range(ALIAS_BUDGET + 1)))
    assert found == [f"{REL}:{ALIAS_BUDGET + 3}:5: too many aliases; the aliases of this file repeat more than "
                     "10,000 values; write the values out, or repeat fewer"]


def test_ordinary_aliases_keep_working(project: Path) -> None:
    (project / "content/countries/china.yaml").write_text(
        "name: China\ncode: CN\nfacts:\n"
        "  - &fact\n    claim: Xi invited Kim.\n    quote: Chinese President Xi Jinping invited Kim personally.\n"
        "  - *fact\n", encoding="utf-8")
    assert cli("check", "--project", project)[0] == 0
    data, found = parse("base: &b {claim: C, quote: Q}\nfacts: [*b, *b]\n")
    assert found == [] and data["facts"] == [{"claim": "C", "quote": "Q"}] * 2


def test_a_mapping_of_many_duplicate_keys_is_read_once(limited) -> None:
    # Where each key was first written is remembered, not searched for again.
    text = "".join(f"k{i}: 1\n" for i in range(50_000)) + "k49999: 2\n" * 50_000
    data, found = limited(parse, text)
    assert len(found) == 50_000
    assert found[0] == f"{REL}:50001:1: duplicate key 'k49999'; 'k49999' is already set on line 50000; keep one"


# --- YAML that nests ------------------------------------------------------------------

@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 498, 750, 999])
def test_deep_nesting_is_a_located_error(depth: int) -> None:
    data, found = parse("facts: " + "[" * depth + "]" * depth + "\n")
    assert found == [f"{REL}:1:{8 + MAX_DEPTH - 1}: values are nested more than {MAX_DEPTH} levels deep; "
                     "a sheet needs a few levels of lists and mappings at most; flatten this value"]


@pytest.mark.parametrize("depth", [1001, 20_000])
def test_nesting_beyond_the_parsers_own_limit_says_the_same(depth: int) -> None:
    found = parse("facts: " + "[" * depth + "]" * depth + "\n")[1]
    assert len(found) == 1 and "values are nested more than 100 levels deep" in found[0]


def test_block_style_nesting_is_counted_too() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "v\n"
    found = parse(text)[1]
    assert found == [f"{REL}:101:101: values are nested more than 100 levels deep; "
                     "a sheet needs a few levels of lists and mappings at most; flatten this value"]


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1  # the top-level mapping is one level
    data, found = parse("facts: " + "[" * depth + "]" * depth + "\n")
    assert found == []


# --- YAML tags ------------------------------------------------------------------------

@pytest.mark.parametrize("line, tag, col", [
    ("role: !!binary aGVsbG8=", "!!binary", 7),
    ("role: !!python/object/apply:os.system [echo pwned]", "!!python/object/apply:os.system", 7),
    ("role: !!python/name:os.system ''", "!!python/name:os.system", 7),
    ("role: !local x", "!local", 7),
    ("role: !!set {a, b}", "!!set", 7),
    ("role: !!omap [a: 1]", "!!omap", 7),
    ("!!binary cm9sZQ==: x", "!!binary", 1),
    ("role: !<tag:example.com,2025:thing> x", "!<tag:example.com,2025:thing>"[2:-1], 7),
])
def test_tags_are_refused_where_written(line: str, tag: str, col: int) -> None:
    data, found = parse(f"name: A\n{line}\n")
    assert found == [f"{REL}:2:{col}: the YAML tag '{tag}' is not allowed; "
                     "remove it: a sheet holds text, numbers, true/false, lists and mappings"]


def test_a_tag_in_a_project_fails_the_build_and_writes_nothing(project: Path) -> None:
    (project / "content/countries/china.yaml").write_text(
        "name: !!python/object/apply:os.system ['touch pwned']\ncode: CN\n", encoding="utf-8")
    code, out = cli("build", "--project", project)
    assert code == 1
    assert "content/countries/china.yaml:1:7: the YAML tag '!!python/object/apply:os.system' is not allowed" in out
    assert not (project / "site").exists() and not (project / "pwned").exists()


def test_the_plain_types_may_be_spelled_as_tags() -> None:
    data, found = parse("name: !!str 5\ncode: !!str CN\nyear: !!int 2017\n")
    assert found == [] and data == {"name": "5", "code": "CN", "year": 2017}


@pytest.mark.parametrize("escape, char", [("\\0", "0000"), ("\\x07", "0007"), ("\\e", "001B"), ("\\N", "0085"),
                                          ("\\uFFFE", "FFFE")])
def test_control_characters_written_as_escapes_are_refused(escape: str, char: str) -> None:
    found = parse(f'name: A\nrole: "Host {escape} of the parade"\n')[1]
    assert found == [f"{REL}:2:7: control character U+{char} is not allowed; "
                     "remove the escape that writes it (such as \\0 or \\x07)"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_a_line_separator_in_yaml_is_refused_where_it_is(char: str) -> None:
    # libyaml would count it as a line break, and every line number after it would be off.
    found = parse(f"name: A\nrole: Host{char}of the parade\nfacts: [\n")[1]
    assert found == [f"{REL}:2:11: the line separator U+{ord(char):04X} is not allowed in YAML; "
                     "replace it with a plain line break, or delete it"]


# --- files that are not text ----------------------------------------------------------

def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data, where", [
    (b"title: a\x00b\n", "1:9"),
    (b"\x00" * 5000, "1:1"),
    ("---\ntitle: A\n---\nText.\n".encode("utf-16-le"), "1:2"),  # UTF-16 without a BOM
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "3:1"),
])
def test_nul_bytes_mean_the_file_is_not_text(tmp_path: Path, data: bytes, where: str) -> None:
    path = write(tmp_path / "n.md", data)
    assert messages(read_text(path, "content/notes/n.md")[1]) == [
        f"content/notes/n.md:{where}: the file holds NUL bytes: it is not text; "
        "save it as UTF-8 text (a file saved as UTF-16 shows this too)"]


def test_control_characters_in_a_note_are_refused_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "n.md", "---\ntitle: A\n---\nA bell\u0007 and\r\na form feed\f, a DEL\x7f, a C1\x85.\n"
                 .encode())
    assert messages(read_text(path, "content/notes/n.md")[1]) == [
        "content/notes/n.md:4:7: control character U+0007 is not allowed (3 more in this file); "
        "delete them (most editors do not show them)"]


def test_tabs_and_line_breaks_are_text(tmp_path: Path) -> None:
    path = write(tmp_path / "n.md", b"---\r\ntitle: A\r\n---\r\n\tIndented\rtext.\n")
    assert read_text(path, "content/notes/n.md") == ("---\ntitle: A\n---\n\tIndented\ntext.\n", [])


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, and nothing is read
    assert messages(read_text(path, "content/sources/big.md")[1]) == [
        "content/sources/big.md:1:1: the file holds 16,777,217 bytes, more than a content file may (16 MB); "
        "split it, or keep only the text the briefing uses"]


def test_a_path_that_cannot_be_opened_is_an_issue(tmp_path: Path) -> None:
    assert messages(read_text(tmp_path / "missing.md", "content/notes/missing.md")[1]) == [
        "content/notes/missing.md:1:1: cannot be read: No such file or directory; check that it is a file you may read"]


# --- what is in content/ but is not a file of it -------------------------------------

LOOP = "content/notes/loop.md:1:1: this symlink leads round in a loop; point it at a file, or remove it"


@pytest.mark.parametrize("command", [["check"], ["build"], ["publish", "{tmp}/published"]])
def test_a_symlink_loop_is_an_error_for_every_command(project: Path, tmp_path: Path, command: list[str]) -> None:
    (project / "content/notes/loop.md").symlink_to("loop.md")
    code, out = cli(*[c.format(tmp=tmp_path) for c in command], "--project", project)
    assert code == 1
    assert LOOP in out.splitlines()


def test_a_folder_that_links_to_its_parent_is_a_folder_not_a_loop(project: Path) -> None:
    (project / "content/notes/up").symlink_to("..")
    code, out = cli("build", "--project", project)
    assert code == 1
    assert out.splitlines()[0] == ("content/notes/up:1:1: this is a folder, not a file; content/notes/ holds files "
                                   "only: move what it holds up, or out of content/")


def _moved_out(project: Path, rel: str) -> None:
    """`rel` moved out of the project, a symlink to it left in its place."""
    outside = project.parent / rel.replace("/", "-")
    (project / rel).rename(outside)
    (project / rel).symlink_to(outside)


@pytest.mark.parametrize("make, message", [
    (lambda p: (p / "content/countries/japan.yaml").mkdir(),
     "content/countries/japan.yaml:1:1: this is a folder, not a file; content/countries/ holds files only: "
     "move what it holds up, or out of content/"),
    (lambda p: os.mkfifo(p / "content/notes/pipe.md"),
     "content/notes/pipe.md:1:1: this is not a regular file; content files are plain text files; remove it"),
    (lambda p: (p / "content/notes/gone.md").symlink_to("nowhere.md"),
     "content/notes/gone.md:1:1: this symlink points to nothing; point it at a file, or remove it"),
    (lambda p: (p / "content/notes/passwd.md").symlink_to("/etc/passwd"),
     "content/notes/passwd.md:1:1: this symlink points outside the project; "
     "copy what it points to into content/notes/ instead of linking to it"),
    (lambda p: _moved_out(p, "content/sources"),
     "content/sources:1:1: this symlink points outside the project; "
     "copy what it points to into content/ instead of linking to it"),
    (lambda p: _moved_out(p, "content/site.yaml"),
     "content/site.yaml:1:1: this symlink points outside the project; "
     "copy what it points to into content/ instead of linking to it"),
    (lambda p: _moved_out(p, "content"),
     "content:1:1: this symlink points outside the project; "
     "copy what it points to into the project instead of linking to it"),
])
def test_what_cannot_be_content_is_named_not_skipped(limited, project: Path, make, message: str) -> None:
    make(project)
    code, out = limited(cli, "build", "--project", project)  # a named pipe must not hang it
    assert code == 1
    assert message in out.splitlines()
    assert not (project / "site").exists()


def test_a_refused_file_still_owns_its_slug(project: Path) -> None:
    # The note names people/kim-jong-un; with that file refused, the note is not blamed.
    os.mkfifo(project / "content/notes/pipe.md")
    _moved_out(project, "content/people/kim-jong-un.yaml")
    code, out = cli("check", "--project", project)
    assert [line for line in out.splitlines() if line.startswith("content/")] == [
        "content/notes/pipe.md:1:1: this is not a regular file; content files are plain text files; remove it",
        "content/people/kim-jong-un.yaml:1:1: this symlink points outside the project; "
        "copy what it points to into content/people/ instead of linking to it"]


def test_a_content_folder_linked_inside_the_project_is_content(project: Path) -> None:
    (project / "content/notes").rename(project / "shared-notes")
    (project / "content/notes").symlink_to("../shared-notes")
    code, out = cli("build", "--project", project)
    assert code == 0, out
    assert (project / "site/notes/lifelines/index.html").is_file()


def test_an_edit_behind_a_linked_folder_is_seen(project: Path) -> None:
    (project / "content/notes").rename(project / "shared-notes")
    (project / "content/notes").symlink_to("../shared-notes")
    assert cli("build", "--project", project)[0] == 0
    assert "nothing changed" in cli("build", "--project", project)[1]
    note = project / "shared-notes/lifelines.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("\n---\n", "\n---\nEdited in place.\n", 1), encoding="utf-8")
    code, out = cli("build", "--project", project)
    assert code == 0 and "nothing changed" not in out
    assert "Edited in place." in (project / "site/notes/lifelines/index.html").read_text(encoding="utf-8")


def test_the_dev_servers_event_for_the_linked_file_rebuilds_its_page(project: Path) -> None:
    # A watcher reports the path where the link leads, not the one under content/.
    (project / "content/notes").rename(project / "shared-notes")
    (project / "content/notes").symlink_to("../shared-notes")
    builder = Builder(project, project / "site")
    builder.build()
    note = project / "shared-notes/lifelines.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    result = builder.build(changed={note})
    assert "notes/lifelines/index.html" in result.rendered
    assert "A new line." in (project / "site/notes/lifelines/index.html").read_text(encoding="utf-8")


def test_a_linked_file_is_looked_at_in_every_build(project: Path) -> None:
    person = project / "content/people/xi-jinping.yaml"
    person.rename(project / "xi.yaml")
    person.symlink_to("../../xi.yaml")
    builder = Builder(project, project / "site")
    builder.build()
    (project / "xi.yaml").write_text((project / "xi.yaml").read_text(encoding="utf-8").replace(
        "role:", "summary: Hosts the parade.\nrole:", 1), encoding="utf-8")
    result = builder.build(changed={project / "xi.yaml"})
    assert "Hosts the parade." in (project / "site/people/xi-jinping/index.html").read_text(encoding="utf-8")
    assert "people/xi-jinping/index.html" in result.rendered


def test_stats_walk_linked_folders_once_and_stop_at_loops(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "content/real").mkdir(parents=True)
    (root / "content/real/a.md").write_text("a")
    (root / "content/twice").symlink_to("real")  # a second name for a folder: walked as such
    (root / "content/real/up").symlink_to("..")  # into a folder it is inside of: not walked
    (root / "content/real/round").symlink_to("../real")
    (root / "content/out").symlink_to(tmp_path)  # out of the project: not walked
    (root / "content/self.md").symlink_to("self.md")
    found = stats(root, ("content",))
    assert sorted(found) == ["content/real/a.md", "content/twice/a.md"]
