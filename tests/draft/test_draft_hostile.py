"""`briefing draft` under hostile input: files that are not text are refused with their
place, front matter goes through the loader's limits, the work grows with the text (not
its square), and fuzzed articles never crash, each example within a CPU-time and memory
budget."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import tempfile
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.draft import lexicon as geodata
from generator.draft.article import DraftError, decode, read_article
from generator.draft.detect import detect
from generator.draft.sheets import draft
from generator.check.loader import parse_yaml
from generator.text import is_slug

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "proj" / "content").mkdir(parents=True)
    (tmp_path / "proj" / "content" / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    return tmp_path / "proj"


# --- Files that are not text -----------------------------------------------------------

REFUSED = {
    "nul-bytes": (b"\0" * 5000, "1:1: a NUL byte: not a text file; save the article as UTF-8 text"),
    "utf-16-le": ("Egypt said so.\n".encode("utf-16-le"),
                  "1:2: a NUL byte: UTF-16 text without a byte order mark; save the article as UTF-8 text"),
    "utf-16-be": ("Egypt said so.\nSudan agreed.\n".encode("utf-16-be"),
                  "1:1: a NUL byte: UTF-16 text without a byte order mark; save the article as UTF-8 text"),
    "png": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
            "3:1: a NUL byte: not a text file; save the article as UTF-8 text"),
    "latin-1": ("Egypt\nCôte d'Ivoire".encode("latin-1"),
                "2:2: not UTF-8 text (byte 0xf4); save the article as UTF-8"),
    "control": (b"Egypt said\x07 so.",
                "1:11: control character U+0007 is not text; delete it, or save the article as plain UTF-8 text"),
    "c1-control": ("Egypt\u0085 said so.".encode(),
                   "1:6: control character U+0085 is not text; delete it, or save the article as plain UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_non_text_is_refused_with_its_place(project, tmp_path, case):
    raw, message = REFUSED[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(raw)
    with pytest.raises(DraftError) as exc:
        draft(project, path)
    assert str(exc.value) == f"{path}:{message}"
    assert not (project / "content/sources").exists()


def test_unicode_with_a_byte_order_mark_is_read(project, tmp_path):
    for codec in ("utf-16", "utf-32", "utf-8-sig"):
        assert decode("Égypte: Egypt said so.\n".encode(codec), "a.txt") == "Égypte: Egypt said so.\n"
    path = tmp_path / "wide.txt"
    path.write_bytes("Talks in Cairo\n\nEgypt said so.\n".encode("utf-16"))
    result = draft(project, path)
    assert [c.slug for c in result.detection.countries] == ["egypt"]


def test_refused_on_the_command_line(project, tmp_path):
    path = tmp_path / "zeros.txt"
    path.write_bytes(b"\0" * 5000)
    run = subprocess.run([sys.executable, "-m", "generator", "draft", "--project", str(project), str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"{path}:1:1: a NUL byte: not a text file; save the article as UTF-8 text" in run.stderr
    assert "Traceback" not in run.stderr


def test_broken_front_matter_is_a_located_error(project, tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: [Nile talks\n---\nEgypt said so.\n", encoding="utf-8")
    with pytest.raises(DraftError, match=rf"^{path}:3:1: YAML syntax error"):
        draft(project, path)


# --- Limits: YAML aliases, work that grows with the text --------------------------------

BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


def _loader_bounds_aliases() -> bool:
    """Whether the loader stops a million alias expansions (a second or two if it does not)."""
    small = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 7))
    return any("alias" in str(issue) for issue in parse_yaml(small, "probe.yaml", record=False)[3])


def _limited(code: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `code` with 2 GB of address space and a generous time: only runaway work hits it."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap)


@pytest.mark.parametrize("where", ["front matter", "project sheet"])
def test_alias_bomb_stops_with_a_located_error(project, tmp_path, where):
    if not _loader_bounds_aliases():  # the loader's limit, which draft calls rather than copies
        pytest.skip("the loader does not count alias expansion yet")
    path = tmp_path / "story.md"
    if where == "front matter":
        path.write_text("---\n" + BOMB + "---\nEgypt said so.\n", encoding="utf-8")
    else:
        path.write_text("Egypt said so.\n", encoding="utf-8")
        (project / "content/countries").mkdir()
        (project / "content/countries/bomb.yaml").write_text(BOMB, encoding="utf-8")
    run = _limited(f"""
        import sys
        from pathlib import Path
        from generator.draft.sheets import DraftError, draft
        try:
            draft(Path({str(project)!r}), Path({str(path)!r}))
        except DraftError as exc:
            sys.exit(str(exc))
        """)
    if where == "front matter":
        assert run.returncode == 1 and run.stderr.startswith(f"{path}:") and "alias" in run.stderr, run.stderr
    else:
        assert run.returncode == 0, run.stderr


SHAPES = {  # 0.25 to 1.7 MB; a step that rescans the text (or a sentence) for each match would take hours
    # (a line a paragraph where there are periods: the splitter of long paragraphs is tested with it)
    "one sentence of 150,000 country names": "' '.join(['France Germany Egypt Brazil'] * 37500)",
    "Georgia on 70,000 lines": "'Georgia voted.\\n' * 70000",
    "7,000 titled people, each named twice": "'\\n'.join(f'President {a}{b}{c}{d}zq Qu{c}{b}{a}. {a}{b}{c}{d}zq spoke.' "
                                             "for a in 'BCDFGHJKLMNPRSTVWXYZ' for b in 'aeiou' "
                                             "for c in 'bdfgklmnprstvz' for d in 'aeiou')",
    "a capitalized run of 200,000 words": "' '.join(['Alpha Beta Gamma Delta Sisi'] * 40000)",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_detection_grows_with_the_text(shape):
    run = _limited(f"""
        from generator.draft.detect import detect
        text = {SHAPES[shape]}
        d = detect(text)
        print(len(text), len(d.sentences), len(d.countries), len(d.people))
        """, timeout=300)
    assert run.returncode == 0, run.stderr
    size, sentences, countries, people = map(int, run.stdout.split())
    assert size > 250_000
    if shape.startswith("7,000"):
        assert people == 7000


# --- Fuzz ---------------------------------------------------------------------------------

FORMS = sorted(geodata.lexicon()[0])[::7]
PIECES = ["President", "Prime Minister", "General", "Sheikh", "Gen.", "von", "der", "da", "al-Sisi", "Al-",
          "bin", "Abdel", "Fattah", "Kim", "Jong", "Un", "Lula", "Von", "Jr", "II", "'s", "’s", ",", ".",
          "outgoing", "army", "chief", "of", "the", "said", "Georgia", "Atlanta", "\n", "\n\n", "“", "”"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(FORMS), st.text(max_size=6)), max_size=80).map(
    lambda parts: " ".join(parts))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CPU_SECONDS = 5  # for one example; the largest is a few hundred characters
MEMORY = 64 << 20  # bytes allocated at the peak of one example


class _TooSlow(Exception):
    pass


def _budget(fn, *args):
    """Run fn(*args) within CPU_SECONDS of CPU time and MEMORY bytes at its peak."""
    def stop(signum, frame):
        raise _TooSlow(f"more than {CPU_SECONDS} s of CPU time")
    old = signal.signal(signal.SIGPROF, stop)
    tracemalloc.start()
    signal.setitimer(signal.ITIMER_PROF, CPU_SECONDS)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        signal.signal(signal.SIGPROF, old)
        assert peak < MEMORY, f"{peak} bytes at the peak"


@FUZZ
@given(TEXT)
def test_fuzz_detect(text):
    d = _budget(detect, text)
    ids = {s.id for s in d.sentences}
    flat = " ".join(text.split())
    for found in (*d.countries, *d.people):
        assert is_slug(found.slug) and found.sentences and set(found.sentences) <= ids
        assert all(" ".join(m.split()) in flat for m in found.mentions)
    assert len({p.slug for p in d.people}) == len(d.people)


@FUZZ
@given(st.one_of(st.binary(max_size=300), TEXT.map(str.encode), st.text(max_size=200).map(
    lambda t: t.encode("utf-16-le"))))
def test_fuzz_article_bytes(raw):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "p" / "content").mkdir(parents=True)
        (root / "a.txt").write_bytes(raw)
        try:
            article = _budget(read_article, root / "a.txt")
        except DraftError as exc:
            assert str(exc).startswith(str(root / "a.txt"))
            return
        assert article.body.strip() and "\0" not in article.body
        result = _budget(draft, root / "p", root / "a.txt")
        for rel in result.written:
            if rel.endswith(".yaml"):
                data, _, _, issues = parse_yaml((root / "p" / rel).read_text(encoding="utf-8"), rel, record=False)
                assert issues == [] and data["draft"] is True and data["name"]
