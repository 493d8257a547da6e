"""The build benchmark: our generator against Hugo on the same synthetic corpus.

For one size, in one run:

1. generate the corpus (bench/corpus.py) and its Hugo version (bench/hugo.py);
2. one untimed warm-up build of each, which also checks that both built the expected
   pages and the same set of country and note pages;
3. `pairs` rounds, each deleting both outputs, waiting `settle` seconds (see SETTLE),
   then timing, as subprocesses: Hugo's cold build and our cold build
   (which goes first alternates round by round), our full build after a template
   change, our build with nothing changed, Hugo's rebuild over its own output, and
   Pagefind indexing our site;
4. optionally the one-note edit under the dev servers (bench/serve_edit.py).

Every scenario of ours is quoted against Hugo's cold build of the same round: the
ratio column is the median of those per-round ratios.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import hugo
from .corpus import Corpus, generate
from .measure import BenchError, Sample, changed_files, html_pages, snapshot, timed

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
SIZES = {"tiny": (10, 2), "small": (100, 5), "large": (200, 50)}
OVERRIDDEN = ("note.html", "country.html")
MARK = "<!-- bench template revision {} -->"


@dataclass
class Paths:
    root: Path

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def hugo_src(self) -> Path:
        return self.root / "hugo"

    @property
    def hugo_out(self) -> Path:
        return self.root / "hugo-public"

    @property
    def hugo_cache(self) -> Path:
        return self.root / "hugo-cache"

    @property
    def logs(self) -> Path:
        return self.root / "logs"


@dataclass
class Engine:
    """The generator under test: the working tree (default) or a snapshot of one commit
    (`--engine REV`), which others' edits during a long run cannot disturb."""

    root: Path  # the folder that holds generator/
    label: str
    snapshot: bool = False

    @property
    def cwd(self) -> Path:
        return self.root  # `python -m` puts the working folder first on sys.path

    @property
    def env(self) -> dict | None:
        if not self.snapshot:
            return None
        import os

        return {**os.environ, "PYTHONPATH": str(self.root)}

    @property
    def package(self) -> Path:
        return self.root / "generator"


def working_tree() -> Engine:
    spec = importlib.util.find_spec("generator")
    return Engine(Path(next(iter(spec.submodule_search_locations))).parent, "the working tree")


def snapshot_engine(rev: str, work: Path = WORK) -> Engine:
    """`generator/` as committed at `rev`, extracted under bench/work/engine-<sha>/."""
    import io
    import subprocess
    import tarfile

    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    root = Path(work) / f"engine-{sha}"
    if not (root / "generator").is_dir():
        top = subprocess.run(["git", "ls-tree", "--name-only", sha], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
        parts = ["generator"] + [folder for folder in ("templates", "static") if folder in top]  # the theme
        archive = subprocess.run(["git", "archive", "--format=tar", sha, *parts], cwd=REPO,
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
        # Compiled to bytecode, as pip leaves an installed package: a start-up that compiles
        # the sources (where PYTHONDONTWRITEBYTECODE is set) is no part of a build.
        import compileall

        compileall.compile_dir(root / "generator", quiet=1)
    return Engine(root.resolve(), f"commit {sha} (snapshot)", snapshot=True)


ENGINE = working_tree()


def use_engine(engine: Engine) -> None:
    global ENGINE
    ENGINE = engine


def theme_templates() -> Path:
    for folder in (ENGINE.root / "templates", ENGINE.package / "theme" / "templates"):  # older commits
        if folder.is_dir():
            return folder
    raise BenchError(f"no theme templates in {ENGINE.root}")


def ours_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--project", str(project.resolve()), "--quiet"]


def ours_build(p: Paths) -> Sample:
    return timed(ours_command(p.project), p.logs / "ours.log", cwd=ENGINE.cwd, env=ENGINE.env)


def pagefind_command(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out)]


# --- scenarios ---------------------------------------------------------------------------

def ours_cold(p: Paths) -> Sample:
    for path in (p.site, p.project / ".briefing-cache", *p.project.glob(".site.staging-*")):
        shutil.rmtree(path, ignore_errors=True)
    return ours_build(p)


def flip_templates(project: Path) -> str:
    """Override note.html and country.html with the theme's own plus an HTML comment that
    alternates between revisions A and B, so that every country and note page changes."""
    folder = project / "templates"
    current = (folder / OVERRIDDEN[0]).read_text() if (folder / OVERRIDDEN[0]).exists() else ""
    revision = "B" if MARK.format("A") in current else "A"
    folder.mkdir(exist_ok=True)
    for name in OVERRIDDEN:
        theme = (theme_templates() / name).read_text()
        if "{% block main %}" not in theme:
            raise BenchError(f"theme template {name} has no '{{% block main %}}' to mark")
        marked = theme.replace("{% block main %}", "{% block main %}\n" + MARK.format(revision), 1)
        (folder / name).write_text(marked)
    return revision


def ours_after_template_change(p: Paths) -> tuple[Sample, int]:
    flip_templates(p.project)
    before = snapshot(p.site)
    sample = ours_build(p)
    return sample, changed_files(before, snapshot(p.site))


def ours_unchanged(p: Paths) -> tuple[Sample, int]:
    before = snapshot(p.site)
    sample = ours_build(p)
    return sample, changed_files(before, snapshot(p.site))


def hugo_cold(p: Paths, exe: Path) -> Sample:
    for path in (p.hugo_out, p.hugo_cache, p.hugo_src / "resources"):
        shutil.rmtree(path, ignore_errors=True)
    (p.hugo_src / ".hugo_build.lock").unlink(missing_ok=True)
    return timed(hugo.build_command(exe, p.hugo_src, p.hugo_out, p.hugo_cache), p.logs / "hugo.log")


def hugo_warm(p: Paths, exe: Path) -> Sample:
    return timed(hugo.build_command(exe, p.hugo_src, p.hugo_out, p.hugo_cache), p.logs / "hugo.log")


def pagefind_alone(p: Paths) -> Sample:
    out = p.root / "pagefind-out"
    shutil.rmtree(out, ignore_errors=True)
    return timed(pagefind_command(p.site, out), p.logs / "pagefind.log")


# --- checks ------------------------------------------------------------------------------

def item_pages(pages: set[str]) -> set[str]:
    """The pages of single countries and notes (`countries/<slug>/index.html`), not lists."""
    return {f for f in pages if f.startswith(("countries/", "notes/")) and f.count("/") == 2}


def check_ours(corpus: Corpus, site: Path) -> set[str]:
    """Our site has a page for every country and note, and no other country or note page."""
    pages = html_pages(site)
    compared = item_pages(pages)
    expected = corpus.country_pages() | corpus.note_pages()
    if compared != expected:
        raise BenchError(f"our build: {len(expected - compared)} country/note pages missing, "
                         f"{len(compared - expected)} unexpected (e.g. {sorted(expected ^ compared)[:3]})")
    if "index.html" not in pages:
        raise BenchError("our build has no index.html")
    return pages


def check_hugo(corpus: Corpus, out: Path) -> set[str]:
    """Hugo built the same country and note pages as ours, and an index; nothing else."""
    pages = html_pages(out)
    expected = corpus.country_pages() | corpus.note_pages() | {"index.html"}
    if pages != expected:
        raise BenchError(f"Hugo's build: {len(expected - pages)} pages missing, {len(pages - expected)} "
                         f"unexpected (e.g. {sorted(expected ^ pages)[:3]})")
    return pages


# --- one size ----------------------------------------------------------------------------

def prepare(size: str, work: Path = WORK, exe: Path | None = None) -> tuple[Corpus, Paths]:
    countries, notes = SIZES[size]
    p = Paths(Path(work) / size)
    shutil.rmtree(p.project / "templates", ignore_errors=True)
    shutil.rmtree(p.logs, ignore_errors=True)
    corpus = generate(p.project, countries, notes)
    if exe:
        hugo.adapt(corpus, p.hugo_src)
    return corpus, p


# ext4 without a journal (as on this kind of VM) checks, for every inode it hands out,
# whether it was freed in the last 30 s (180 s while its inode-table block is not yet
# written back), and skips it: creating 10,000 files soon after deleting 10,000 costs
# seconds of kernel time, charged to whichever tool builds next. So a round deletes both
# tools' outputs first, writes the deletions back, and the cold builds start once they
# are this many seconds old (the tiny corpus, a few dozen files, needs no wait).
SETTLE = 35.0


def settle_for(size: str) -> float:
    return 0.0 if size == "tiny" else SETTLE


def clear_outputs(p: Paths, exe: Path | None, settle: float) -> None:
    paths = [p.site, p.project / ".briefing-cache", *p.project.glob(".site.staging-*")]
    if exe:
        paths += [p.hugo_out, p.hugo_cache, p.hugo_src / "resources"]
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    os.sync()
    time.sleep(settle)


def one_round(p: Paths, exe: Path | None, hugo_first: bool,
              settle: float = SETTLE) -> tuple[dict[str, Sample], dict[str, int]]:
    got: dict[str, Sample] = {}
    clear_outputs(p, exe, settle)
    if exe and hugo_first:
        got["hugo_cold"] = hugo_cold(p, exe)
    got["ours_cold"] = ours_cold(p)
    if exe and not hugo_first:
        got["hugo_cold"] = hugo_cold(p, exe)
    got["ours_template"], template_written = ours_after_template_change(p)
    got["ours_unchanged"], unchanged_written = ours_unchanged(p)
    if exe:
        got["hugo_warm"] = hugo_warm(p, exe)
    got["pagefind"] = pagefind_alone(p)
    return got, {"ours_template": template_written, "ours_unchanged": unchanged_written}


def engine_digest() -> str:
    """A hash of the generator package's files: the engine under test."""
    h = hashlib.sha1()
    root = ENGINE.package
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def run_size(size: str, pairs: int = 3, work: Path = WORK, use_hugo: bool = True,
             say=print, settle: float | None = None) -> dict:
    exe = hugo.binary() if use_hugo else None
    if use_hugo and exe is None:
        say("Hugo not found: timing ours only.")
    settle = settle_for(size) if settle is None else settle
    corpus, p = prepare(size, work, exe)
    say(f"[{size}] corpus: {len(corpus.countries)} countries, {len(corpus.notes)} notes in {p.project}")

    say(f"[{size}] warm-up builds and page checks")
    ours_cold(p)
    ours_pages = check_ours(corpus, p.site)
    hugo_pages: set[str] = set()
    if exe:
        hugo_cold(p, exe)
        hugo_pages = check_hugo(corpus, p.hugo_out)

    samples: dict[str, list[Sample]] = {k: [] for k in
                                        ("ours_cold", "ours_template", "ours_unchanged", "hugo_cold",
                                         "hugo_warm", "pagefind")}
    changed: dict[str, list[int]] = {"ours_template": [], "ours_unchanged": []}
    first: list[str] = []  # who built first in each round
    discarded = 0
    while len(samples["ours_cold"]) < pairs:
        i = len(samples["ours_cold"])
        code = engine_digest()
        hugo_first = i % 2 == 0
        got, written = one_round(p, exe, hugo_first=hugo_first, settle=settle)
        if engine_digest() != code and discarded < pairs:
            # Someone changed generator/ meanwhile: its cache is keyed by the code, and
            # the round would mix two engines. Measure the round again.
            discarded += 1
            say(f"[{size}] round {i + 1}: the generator's code changed during the round; measuring it again")
            continue
        first.append("hugo" if hugo_first else "ours")
        for k, v in got.items():
            samples[k].append(v)
        for k, v in written.items():
            changed[k].append(v)
        say(f"[{size}] round {i + 1}/{pairs}: ours cold {got['ours_cold'].wall:.2f} s"
            + (f", Hugo cold {got['hugo_cold'].wall:.2f} s" if exe else "")
            + f", template change {got['ours_template'].wall:.2f} s ({written['ours_template']} files),"
            f" nothing changed {got['ours_unchanged'].wall:.2f} s ({written['ours_unchanged']} files)")

    return {
        "size": size, "countries": len(corpus.countries), "notes": len(corpus.notes),
        "pairs": pairs, "settle": settle, "when": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(), "hugo": hugo.version(exe) if exe else None, "engine": engine_version(),
        "pages": {"ours_html": len(ours_pages), "ours_files": sum(1 for f in p.site.rglob("*") if f.is_file()),
                  "hugo_html": len(hugo_pages),
                  "compared": len(corpus.country_pages()) + len(corpus.note_pages())},
        "samples": {k: [s.to_json() for s in v] for k, v in samples.items()},
        "changed": changed,
        "first": first,
        "discarded_rounds": discarded,
        "paths": {"project": str(p.project), "hugo": str(p.hugo_src)},
        "note": next(iter(corpus.notes)),
    }


def engine_version() -> str:
    """The commit the generator was measured at, and whether its files differed from it."""
    import subprocess

    if ENGINE.snapshot:
        return ENGINE.label

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "generator")
    return commit + (f" + uncommitted changes to generator/ (digest {engine_digest()[:10]})" if dirty else "")


def machine() -> dict:
    import os

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(terse=True)}


def save(result: dict, work: Path = WORK) -> Path:
    path = Path(work) / f"results-{result['size']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1))
    return path


def load(size: str, work: Path = WORK) -> dict | None:
    path = Path(work) / f"results-{size}.json"
    return json.loads(path.read_text()) if path.exists() else None
