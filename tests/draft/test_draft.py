"""`briefing draft`: detection on the seed article and a corpus of tricky passages, and the
drafts it writes into a project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest
import yaml

from generator.draft import lexicon as geodata
from generator.draft.detect import detect
from generator.draft.sheets import DraftError, draft
from generator.text import normalize, split_sentences

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE.parent / "draft_cases").glob("*.yaml"))
# The seed article as the project keeps it: its source file holds the text unchanged.
SEED_SOURCE = HERE.parents[1] / "content" / "sources" / "victory-day-parade.md"

# Worked out by reading the seed article sentence by sentence (s1..s27).
SEED_COUNTRIES = {
    "north-korea": ["s1", "s13", "s14", "s15", "s18", "s19"],
    "china": ["s1", "s2", "s4", "s5", "s11", "s13", "s14", "s15", "s22", "s27"],
    "russia": ["s4", "s11", "s13", "s18", "s19"],
    "south-korea": ["s12", "s21", "s23"],
    "japan": ["s1", "s12"],
    "united-states": ["s12"],
    "vietnam": ["s9"],
    "slovakia": ["s6"],
    "ukraine": ["s19"],
}
SEED_PEOPLE = {  # slug: (role, country, sentences)
    "kim-jong-un": (None, "north-korea", ["s1", "s2", "s3", "s7", "s10", "s11", "s16", "s21", "s23", "s25"]),
    "xi-jinping": ("President of China", "china", ["s2", "s9", "s16", "s26"]),
    "vladimir-putin": ("President of Russia", "russia", ["s4", "s5", "s9", "s26"]),
    "woo-won-shik": ("National Assembly Speaker", None, ["s22"]),
    "cho-hyun": ("Foreign Minister of South Korea", "south-korea", ["s23"]),
}
COUNTRY_KEYS = {"draft", "name", "code", "summary", "role", "leaders", "facts", "relations"}
PERSON_KEYS = {"draft", "name", "country", "role", "summary", "facts"}


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_SOURCE.read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "proj" / "content").mkdir(parents=True)
    (tmp_path / "proj" / "content" / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    return tmp_path / "proj"


def article(tmp_path: Path, text: str, name: str = "article.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def body_of(source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1]


# --- The seed article ------------------------------------------------------------------

def test_seed_countries_and_their_sentences(seed):
    found = {c.slug: list(c.sentences) for c in detect(seed).countries}
    assert found == SEED_COUNTRIES


def test_seed_people_roles_countries_and_sentences(seed):
    found = {p.slug: (p.role, p.country, list(p.sentences)) for p in detect(seed).people}
    assert found == SEED_PEOPLE


def test_seed_mentions_say_how_the_article_refers(seed):
    d = detect(seed)
    countries = {c.slug: c for c in d.countries}
    assert countries["north-korea"].mentions == ("North Korea’s", "Pyongyang’s", "North Korea", "Pyongyang")
    assert countries["north-korea"].code == "KP" and countries["north-korea"].name == "North Korea"
    assert set(countries["russia"].mentions) == {"Russian", "Russia", "Moscow", "Russia’s"}
    assert countries["south-korea"].mentions == ("South Korea", "South Korean")
    kim = next(p for p in d.people if p.slug == "kim-jong-un")
    assert kim.mentions == ("Kim Jong Un", "Kim", "Kim’s")


def test_detect_is_pure(seed):
    assert detect(seed) == detect(seed)


# --- The corpus of tricky passages -------------------------------------------------------

def test_corpus_is_large_enough():
    assert len(CASES) >= 12


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_corpus_case(case_path: Path):
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    d = detect(case["text"])
    countries = {c.slug: c for c in d.countries}
    people = {p.slug: p for p in d.people}
    assert set(countries) == set(case["countries"]), case["about"]
    assert set(people) == set(case["people"]), case["about"]
    for slug, ids in (case.get("sentences") or {}).items():
        assert list(countries[slug].sentences) == ids, slug
    for slug, want in (case.get("people_detail") or {}).items():
        p = people[slug]
        assert (p.role, p.country, list(p.sentences)) == (want["role"], want["country"], want["sentences"]), slug


# --- The tables ----------------------------------------------------------------------------

def test_no_form_is_claimed_by_two_countries():
    assert geodata.lexicon()[1] == {}


def test_every_country_has_names_demonyms_and_a_capital():
    uninhabited = {"AQ", "BV", "HM", "UM", "TF", "GS", "IO"}
    forms = geodata.lexicon()[0]
    named = {f.code for f in forms.values() if f.kind == "name"}
    ambiguous = {c for codes in geodata.AMBIGUOUS.values() for c in codes}
    for c in pycountry.countries:
        if c.alpha_2 in geodata.EXCLUDED:
            continue
        assert c.alpha_2 in named, c.name
        if c.alpha_2 not in uninhabited:
            assert c.alpha_2 in geodata.DEMONYMS or c.alpha_2 in ambiguous, c.name
        if c.alpha_2 not in {"AQ", "BV", "HM", "UM"}:
            assert c.alpha_2 in geodata.CAPITALS, c.name


def test_preferred_short_names_and_unique_slugs():
    from generator.text import slugify

    expect = {"KP": "North Korea", "KR": "South Korea", "RU": "Russia", "VN": "Vietnam", "IR": "Iran",
              "SY": "Syria", "TW": "Taiwan", "TR": "Turkey", "CZ": "Czech Republic", "BO": "Bolivia",
              "CI": "Ivory Coast", "US": "United States", "LA": "Laos", "MD": "Moldova"}
    assert {code: geodata.short_name(code) for code in expect} == expect
    slugs = [slugify(geodata.short_name(c.alpha_2)) for c in pycountry.countries]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


# --- Drafting into a project ---------------------------------------------------------------

def test_draft_writes_source_and_sheets(project, seed, tmp_path):
    result = draft(project, article(tmp_path, seed), title="Kim to Beijing", url="https://example.org/a")
    assert result.source_slug == "article"
    assert result.skipped == []
    expected = (["content/sources/article.md"]
                + [f"content/countries/{s}.yaml" for s in SEED_COUNTRIES]
                + [f"content/people/{s}.yaml" for s in SEED_PEOPLE])
    assert sorted(result.written) == sorted(expected)
    source = (project / "content/sources/article.md").read_text(encoding="utf-8")
    front = yaml.safe_load(source.split("---\n")[1])
    assert front == {"title": "Kim to Beijing", "url": "https://example.org/a"}
    assert body_of(project / "content/sources/article.md") == seed.rstrip() + "\n"

    nk = yaml.safe_load((project / "content/countries/north-korea.yaml").read_text(encoding="utf-8"))
    assert nk["draft"] is True and nk["name"] == "North Korea" and nk["code"] == "KP"
    assert set(nk) <= COUNTRY_KEYS and nk["facts"] is None  # candidates are comments
    text = (project / "content/countries/north-korea.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Draft from content/sources/article.md.")
    assert '#   quote: "North Korea sends weapons and troops to aid Russia’s war in Ukraine."   # s19' in text
    xi = yaml.safe_load((project / "content/people/xi-jinping.yaml").read_text(encoding="utf-8"))
    assert (xi["name"], xi["country"], xi["role"]) == ("Xi Jinping", "china", "President of China")
    woo = yaml.safe_load((project / "content/people/woo-won-shik.yaml").read_text(encoding="utf-8"))
    assert "country" not in woo and woo["role"] == "National Assembly Speaker"
    assert "# country:   # the article does not say" in (project / "content/people/woo-won-shik.yaml").read_text()


def test_json_report(project, seed, tmp_path):
    data = draft(project, article(tmp_path, seed)).to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"source", "countries", "people", "written", "skipped", "proposed"}
    assert data["countries"][0] == {"slug": "north-korea", "name": "North Korea", "code": "KP",
                                    "mentions": ["North Korea’s", "Pyongyang’s", "North Korea", "Pyongyang"],
                                    "sentences": SEED_COUNTRIES["north-korea"]}
    cho = next(p for p in data["people"] if p["slug"] == "cho-hyun")
    assert cho == {"slug": "cho-hyun", "name": "Cho Hyun", "role": "Foreign Minister of South Korea",
                   "country": "south-korea", "mentions": ["Cho Hyun"], "sentences": ["s23"]}


def test_existing_files_are_skipped_and_never_overwritten(project, seed, tmp_path):
    china = project / "content/countries/china.yaml"
    kim = project / "content/people/kim-jong-un.yaml"
    china.parent.mkdir(parents=True)
    kim.parent.mkdir(parents=True)
    china.write_text("name: China\ncode: CN\n# mine\n", encoding="utf-8")
    kim.write_text("name: Kim Jong Un\n# mine\n", encoding="utf-8")
    # The analyst's own sheet for North Korea under another slug: drafts must use it.
    (project / "content/countries/dprk.yaml").write_text("name: DPRK\ncode: KP\n", encoding="utf-8")
    result = draft(project, article(tmp_path, seed))
    # Finished sheets keep every byte they had; the article's sentences come after, as draft facts.
    assert china.read_text(encoding="utf-8").startswith("name: China\ncode: CN\n# mine\nfacts:\n")
    assert kim.read_text(encoding="utf-8").startswith("name: Kim Jong Un\n# mine\nfacts:\n")
    proposed = {p.path: p.sentences for p in result.proposed}
    assert proposed["content/countries/china.yaml"] == tuple(SEED_COUNTRIES["china"])
    assert proposed["content/people/kim-jong-un.yaml"] == tuple(SEED_PEOPLE["kim-jong-un"][2])
    assert proposed["content/countries/dprk.yaml"] == tuple(SEED_COUNTRIES["north-korea"])
    skipped = {s.path: s.reason for s in result.skipped}
    assert "content/countries/dprk.yaml" in skipped["content/countries/north-korea.yaml"]
    assert not (project / "content/countries/north-korea.yaml").exists()
    assert "content/countries/china.yaml" not in result.written
    assert {c.slug for c in result.detection.countries} >= {"dprk", "china"}

    sheets = {path: path.read_bytes() for path in (project / "content").rglob("*.yaml")}
    again = draft(project, article(tmp_path, seed, name="copy.txt"))
    assert again.written == [] and again.source_slug == "article" and again.proposed == ()
    assert {s.reason for s in again.skipped} >= {"exists; nothing new to propose", "this article is already a source"}
    assert {path: path.read_bytes() for path in (project / "content").rglob("*.yaml")} == sheets


def test_sheets_under_other_names_and_slugs_taken_by_other_kinds(project, seed, tmp_path):
    (project / "content/people").mkdir(parents=True)
    (project / "content/people/xi.yaml").write_text("name: Xi Jinping\n", encoding="utf-8")
    (project / "content/notes").mkdir(parents=True)
    (project / "content/notes/china.md").write_text("---\ntitle: China\n---\nA note.\n", encoding="utf-8")
    result = draft(project, article(tmp_path, seed))
    skipped = {s.path: s.reason for s in result.skipped}
    assert skipped["content/people/xi-jinping.yaml"] == "content/people/xi.yaml already covers Xi Jinping"
    assert skipped["content/countries/china.yaml"] == "the slug 'china' is taken in content/notes/"
    assert not (project / "content/countries/china.yaml").exists()
    # The people of a country that gets no sheet are drafted without one.
    assert next(p for p in result.detection.people if p.slug == "xi-jinping").country is None


def test_bom_and_crlf_are_normalized(project, seed, tmp_path):
    raw = "\ufeff" + seed.replace("\n", "\r\n") + "\r\n"
    path = article(tmp_path, raw)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = draft(project, path)
    source = (project / "content/sources/article.md").read_bytes()
    assert b"\r" not in source and b"\xef\xbb\xbf" not in source
    assert body_of(project / "content/sources/article.md") == seed.rstrip() + "\n"
    assert result.to_json()["countries"] == detect(seed).to_json()["countries"]


def fill_in(path: Path) -> None:
    """What an analyst does: keep the first candidate, write its claim, drop `draft: true`."""
    out, state = [], "before"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == "draft: true":
            continue
        if state == "before" and line.startswith("# - claim:"):
            out.append("- claim: Something the sentence supports.")
            state = "in"
            continue
        if state == "in" and line.startswith("#   "):
            out.append(line[2:])
            continue
        state = "after" if state == "in" else state
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_filled_in_drafts_are_valid_and_quote_the_source(project, seed, tmp_path):
    result = draft(project, article(tmp_path, seed))
    body = body_of(project / "content/sources/article.md")
    sentences = {s.id: s.text for s in split_sentences(body)}
    countries = {Path(p).stem for p in result.written if p.startswith("content/countries/")}
    for rel in result.written:
        if not rel.endswith(".yaml"):
            continue
        path = project / rel
        sid = re.search(r"# (s\d+)$", next(l for l in path.read_text().splitlines() if "quote:" in l)).group(1)
        fill_in(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "draft" not in data
        assert set(data) <= (COUNTRY_KEYS if "/countries/" in rel else PERSON_KEYS)
        assert isinstance(data["name"], str) and data["name"]
        [fact] = data["facts"]
        assert set(fact) == {"claim", "quote", "source"} and fact["source"] == "article"
        assert normalize(fact["quote"]) in normalize(body)
        assert fact["quote"] == sentences[sid]
        if "/countries/" in rel:
            assert pycountry.countries.get(alpha_2=data["code"])
        elif data.get("country"):
            assert data["country"] in countries


def test_yaml_specials_are_quoted(project, tmp_path):
    text = "Norway's prime minister met Danish officials in Oslo. Norwegian ships sailed."
    draft(project, article(tmp_path, text, name="nordic.md"))
    data = yaml.safe_load((project / "content/countries/norway.yaml").read_text(encoding="utf-8"))
    assert data["code"] == "NO"  # not the YAML 1.1 boolean


def test_source_slug_never_collides_with_a_sheet(project, tmp_path):
    result = draft(project, article(tmp_path, "China said no.", name="china.txt"))
    assert result.source_slug == "china-source"
    assert "content/countries/china.yaml" in result.written


def test_markdown_front_matter_and_heading_give_the_title(project, tmp_path):
    md = "---\ntitle: Talks in Ankara\noutlet: Wire\n---\n# Ignored heading\n\nTurkey hosted the talks.\n"
    result = draft(project, article(tmp_path, md, name="talks.md"))
    front = yaml.safe_load((project / "content/sources/talks.md").read_text().split("---\n")[1])
    assert front == {"title": "Talks in Ankara", "outlet": "Wire"}
    assert [c.slug for c in result.detection.countries] == ["turkey"]
    draft(project, article(tmp_path, "# Kyiv under fire\n\nUkraine said so.\n", name="kyiv.md"))
    assert "title: Kyiv under fire" in (project / "content/sources/kyiv.md").read_text()


def test_usage_errors(project, tmp_path):
    with pytest.raises(DraftError, match="no content/ folder"):
        draft(tmp_path / "nowhere", article(tmp_path, "China."))
    with pytest.raises(DraftError, match="not a web address"):
        draft(project, article(tmp_path, "China."), url="example.org")
    with pytest.raises(DraftError, match="not UTF-8"):
        draft(project, article(tmp_path, "Côte d'Ivoire", encoding="latin-1"))
    with pytest.raises(DraftError, match="holds no text"):
        draft(project, article(tmp_path, "\ufeff\r\n"))
    with pytest.raises(DraftError, match="cannot read"):
        draft(project, tmp_path / "missing.txt")
    assert not (project / "content/sources").exists()


def test_the_scanner_finds_every_form_whole():
    """The forms share one trie pattern: each is still found whole, and a longer form is
    preferred to its prefix (as an alternation sorted by length would)."""
    from generator.draft.detect import _scanner

    forms = sorted(geodata.lexicon()[0])
    text = " | ".join(forms)
    found = [m.group(1) for m in _scanner().finditer(text)]
    assert [re.sub(r"[’]", "'", f) for f in found] == forms
