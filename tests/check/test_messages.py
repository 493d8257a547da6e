"""Messages for what a new user gets wrong, word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check_content
from generator.errors import ContentError



def issues(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_content(project)
    return [str(i) for i in caught.value.issues]


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_shortened_person_slug_gets_a_did_you_mean(project: Path) -> None:
    # Too far from 'kim-jong-un' for a spelling match: one of its words.
    replace(project, "content/countries/china.yaml", "leaders: [xi-jinping]", "leaders: [kim]")
    assert issues(project) == [
        "content/countries/china.yaml:5:11: leaders[0]: no person named 'kim'; did you mean 'kim-jong-un'?"]


def test_a_misspelt_link_gets_a_did_you_mean(project: Path) -> None:
    replace(project, "content/notes/lifelines.md", "[[china]] and", "[[chnia]] and")
    assert issues(project) == [
        "content/notes/lifelines.md:9:18: link [[chnia]] does not name a page; did you mean [[china]]?"]


def test_a_word_shared_by_two_slugs_suggests_neither(project: Path) -> None:
    replace(project, "content/countries/china.yaml", "leaders: [xi-jinping]", "leaders: [jong]")
    (project / "content/people/kim-jong-il.yaml").write_text("name: Kim Jong Il\nrole: Former leader\n")
    assert issues(project) == [
        "content/countries/china.yaml:5:11: leaders[0]: no person named 'jong'; create the person's file or fix the slug"]


@pytest.mark.parametrize("text, where", [
    ("name: China\ncode: CN\nfacts:\n\t- claim: x\n", "4:1"),  # "found character that cannot start any token"
    ("name: China\n\tcode: CN\n", "2:1"),  # "found a tab character that violates indentation"
])
def test_a_tab_in_yaml_is_called_a_tab(project: Path, text: str, where: str) -> None:
    (project / "content/countries/china.yaml").write_text(text)
    assert issues(project) == [
        f"content/countries/china.yaml:{where}: a tab character: YAML indents with spaces only; replace the tab with spaces"]


def test_an_empty_country_is_refused(project: Path) -> None:
    replace(project, "content/people/kim-jong-un.yaml", "country: north-korea", 'country: ""')
    assert issues(project) == [
        "content/people/kim-jong-un.yaml:2:10: country: empty; write the slug it names, or remove the line"]
