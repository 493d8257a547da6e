"""Templates run in Jinja2's sandbox: a project's templates/ may show what a page is
given, never reach Python through it."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from generator.build import Builder, build
from generator.errors import ContentError
from generator.pages.render import environment

BASE = Path(__file__).parents[1] / "cases" / "base"
THEME = Path(__file__).resolve().parents[2] / "templates"
HINT = "a template may show the values it is given, not reach Python through them"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path / "project")
    monkeypatch.chdir(tmp_path)  # where a "touch pwned" would land
    return tmp_path / "project"


def override(project: Path, name: str, line: str) -> int:
    """The theme's template with `line` added at the start of its main block; the number
    of that line."""
    lines = (THEME / name).read_text().splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if "{% block main %}" in text) + 1
    lines.insert(at, line + "\n")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / name).write_text("".join(lines))
    return at + 1


@pytest.mark.parametrize("expression, attribute, kind", [
    ('cycler.__init__.__globals__.os.system("touch pwned")', "__init__", "type"),
    ('joiner.__class__.__mro__[1].__subclasses__()', "__class__", "type"),
    ('lipsum.__globals__["os"].system("touch pwned")', "__globals__", "function"),
])
def test_a_template_that_reaches_for_python_is_a_located_error(project: Path, tmp_path: Path, expression: str,
                                                               attribute: str, kind: str) -> None:
    line = override(project, "overview.html", "{{ " + expression + " }}")
    with pytest.raises(ContentError) as caught:
        build(project)
    assert [str(i) for i in caught.value.issues] == [
        f"templates/overview.html:{line}:1: template error: access to attribute '{attribute}' of "
        f"'{kind}' object is unsafe; {HINT}"]
    assert not (tmp_path / "pwned").exists() and not (project / "pwned").exists()
    assert not (project / "site").exists()


@pytest.mark.parametrize("sandboxed", [True, False])
def test_a_views_key_is_found_as_jinja2_finds_it(tmp_path: Path, sandboxed: bool) -> None:
    # Keys are taken straight from a view (a dict); a name a dict has as an attribute is
    # still that attribute, and the sandbox still refuses what it refuses.
    (tmp_path / "templates").mkdir()
    if sandboxed:
        (tmp_path / "templates" / "x.html").write_text("")
    env = environment(tmp_path)
    page = {"title": "T", "items": "shadowed", "__class__": "data"}
    show = lambda source: env.from_string(source).render(page=page)
    assert show("{{ page.title }}|{{ page.missing is undefined }}|{{ page['items'] }}") == "T|True|shadowed"
    assert show("{% for k, v in page.items() %}{{ k }}{% endfor %}") == "titleitems__class__"
    if sandboxed:
        with pytest.raises(jinja2.exceptions.SecurityError):
            show("{{ page.__class__.__mro__ }}")
    else:
        assert show("{{ page.__class__.__name__ }}") == "dict"


def test_a_template_may_still_use_what_it_is_given(project: Path) -> None:
    override(project, "overview.html", "{% for item in nav %}{{ item.name|upper }}{{ loop.index }}{% endfor %}")
    build(project)
    assert "TIMELINE" in (project / "site/index.html").read_text()


def test_a_template_added_after_a_build_with_the_theme_alone_runs_in_the_sandbox(project: Path, tmp_path: Path) -> None:
    # The built-in theme alone is trusted, and runs without the sandbox; the builder that
    # ran it must not keep that environment for a project's own template.
    builder = Builder(project, project / "site")
    builder.build()
    line = override(project, "overview.html", '{{ cycler.__init__.__globals__.os.system("touch pwned") }}')
    with pytest.raises(ContentError) as caught:
        builder.build()
    assert [str(i) for i in caught.value.issues] == [
        f"templates/overview.html:{line}:1: template error: access to attribute '__init__' of "
        f"'type' object is unsafe; {HINT}"]
    assert not (tmp_path / "pwned").exists() and not (project / "pwned").exists()
