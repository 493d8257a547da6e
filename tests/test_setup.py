"""The README's promise, tried as a new user would: from a copy of the repository, with the
system's own Python, and with the package installed from a wheel instead of the tree."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _clone(dest: Path) -> Path:
    """The repository's files as a fresh clone has them (what git tracks, or would)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    return dest


def _user_env(**extra: str) -> dict[str, str]:
    """A new user's shell: no virtual environment active, pip's ordinary download cache."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env.pop("DISPLAY", None)  # `--open` then finds no browser to start
    return {**env, **extra}


def _externally_managed(python: Path) -> bool:
    stdlib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True).stdout.strip()
    return bool(stdlib) and (Path(stdlib) / "EXTERNALLY-MANAGED").is_file()


def _wait_for_page(url: str, process: subprocess.Popen, log: Path, limit: float = 600) -> str:
    """The page at `url` once the server answers. `limit` only stops a broken setup from
    hanging the suite: installing the dependencies takes most of it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make preview stopped with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"nothing answered at {url}:\n{log.read_text()[-3000:]}")


@pytest.mark.skipif(not SYSTEM_PYTHON.is_file() or not _externally_managed(SYSTEM_PYTHON),
                    reason="no externally managed system Python (PEP 668) on this machine")
def test_make_preview_serves_the_seed_with_the_systems_own_python(tmp_path: Path) -> None:
    clone = _clone(tmp_path / "briefing")
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "python3").symlink_to(SYSTEM_PYTHON)
    log = tmp_path / "preview.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["make", "preview"], cwd=clone, stdout=out, stderr=subprocess.STDOUT,
                                   env=_user_env(PATH=f"{shims}:/usr/bin:/bin"), start_new_session=True)
    try:
        html = _wait_for_page("http://127.0.0.1:8000/", process, log)
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as the user stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert "<h1>Kim Jong Un in Beijing" in html or "Victory Day" in html, html[:500]
    assert "externally-managed-environment" not in log.read_text()
    venv_python = clone / ".venv" / "bin" / "python"
    assert venv_python.is_file()
    assert subprocess.run([str(venv_python), "-c", "import generator, markdown"], cwd=tmp_path).returncode == 0


def _fake_tools(folder: Path, **scripts: str) -> Path:
    folder.mkdir()
    for name, body in scripts.items():
        (folder / name).write_text("#!/bin/sh\n" + body + "\n")
        (folder / name).chmod(0o755)
    return folder


def test_make_says_which_package_brings_venv_when_it_is_missing(tmp_path: Path) -> None:
    clone = _clone(tmp_path / "briefing")
    fake = _fake_tools(tmp_path / "bin", python3=f'case "$*" in *"import venv"*) exit 1;; esac\nexec {sys.executable} "$@"')
    run = subprocess.run(["make", "install", f"PYTHON={fake / 'python3'}"], cwd=clone, capture_output=True,
                         text=True, env=_user_env())
    assert run.returncode != 0
    assert ("Python's venv module is missing: install it (Debian, Ubuntu: sudo apt-get install python3-venv), "
            "then run make again") in run.stdout
    assert not (clone / ".venv").exists()


def test_the_test_tools_step_says_what_to_install_when_not_root(tmp_path: Path) -> None:
    # A PATH with the shell's tools but no Chromium, and a user who is not root.
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("sh", "grep", "cat"):
        (tools / name).symlink_to(Path("/bin") / name if (Path("/bin") / name).exists() else Path("/usr/bin") / name)
    _fake_tools(tmp_path / "fake", id='echo 1000', **{"fc-list": "echo"})
    env = {"PATH": f"{tmp_path / 'fake'}:{tools}"}
    run = subprocess.run(["/bin/sh", str(REPO / "scripts" / "system-tools.sh"), "test"], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 1
    assert run.stdout.splitlines()[0] == ("The tests need these system packages: libpango-1.0-0 libpangoft2-1.0-0 "
                                          "fonts-liberation chromium fonts-noto-color-emoji npm "
                                          "default-jre-headless poppler-utils")
    assert "Install them with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in run.stdout
    # What `make preview` asks for: the book's needs only, and the preview goes on without them.
    book = subprocess.run(["/bin/sh", str(REPO / "scripts" / "system-tools.sh"), "book"], capture_output=True,
                          text=True, env=env)
    assert book.returncode == 0
    assert book.stdout.splitlines() == [
        "The briefing book (PDF) needs these system packages: libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation",
        "Install them with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation "
        "(macOS: brew install pango); the site builds without its book meanwhile."]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the tree, installed into a new virtual environment."""
    work = tmp_path_factory.mktemp("wheel")
    clone = _clone(work / "briefing")
    env = _user_env()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(clone)],
                   check=True, env=env)
    (wheel,) = (work / "dist").glob("briefing-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    str(wheel)], check=True, env=env)
    return wheel


def test_the_wheel_carries_the_one_copy_of_the_theme(installed: Path) -> None:
    with zipfile.ZipFile(installed) as wheel:
        names = set(wheel.namelist())
        for folder in ("templates", "static"):
            for path in (REPO / folder).iterdir():
                assert wheel.read(f"generator/{folder}/{path.name}") == path.read_bytes(), path
    assert not [n for n in names if n.startswith(("generator/theme/", "content/", "tests/"))]


def test_an_installed_briefing_builds_a_new_project_with_the_full_theme(installed: Path, tmp_path: Path) -> None:
    briefing = installed.parents[1] / "venv" / "bin" / "briefing"
    env = _user_env()
    subprocess.run([str(briefing), "new", "proj"], cwd=tmp_path, check=True, env=env, capture_output=True)
    built = subprocess.run([str(briefing), "build", "--project", "proj"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "proj" / "site"
    for page in ("index.html", "timeline/index.html", "relations/index.html", "search/index.html", "404.html",
                 "feed.xml", "robots.txt"):
        assert (site / page).is_file(), page
    for section in ("countries", "people", "notes", "sources"):
        assert list((site / section).glob("*/index.html")), section
    home = (site / "index.html").read_text()
    css = re.search(r'href="(?:\./)?(assets/style\.[0-9a-f]+\.css)"', home)
    assert css and (site / css.group(1)).read_bytes() == (REPO / "static" / "style.css").read_bytes()
    # A project's own template replaces the built-in one by file name.
    (tmp_path / "proj" / "templates").mkdir(exist_ok=True)
    (tmp_path / "proj" / "templates" / "404.html").write_text("<!doctype html><title>Lost</title><p>Our own 404</p>\n")
    subprocess.run([str(briefing), "build", "--project", "proj"], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert "Our own 404" in (site / "404.html").read_text()


def test_editing_the_repositorys_country_template_changes_the_seed_sites_country_pages(tmp_path: Path) -> None:
    clone = _clone(tmp_path / "briefing")
    template = clone / "templates" / "country.html"
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}<!-- edited theme -->", 1))
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(clone), "--quiet"],
                         cwd=clone, capture_output=True, text=True, env=_user_env())
    assert run.returncode == 0, run.stderr
    pages = list((clone / "site" / "countries").glob("*/index.html"))
    assert len(pages) == 9
    assert all("<!-- edited theme -->" in p.read_text() for p in pages)
    assert "<!-- edited theme -->" not in (clone / "site" / "index.html").read_text()
