"""Plain-text rules: normalizing for quote matching, sentence splitting, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

# Characters that analysts and publishers use interchangeably: matching treats each
# group as one character, so a quote typed with straight quotes finds curly ones.
_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    "…": "...",
}


def is_slug(value: str) -> bool:
    return bool(SLUG_RE.match(value))


def slugify(value: str) -> str:
    """A readable slug for `value`: 'Kim Jong Un' -> 'kim-jong-un'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_ONE_FOR_ONE = str.maketrans({ch: repl for ch, repl in _FOLD.items() if len(repl) == 1})
_LONGER = {ch: repl for ch, repl in _FOLD.items() if len(repl) > 1}
# White space runs and the characters that fold into several: \s is str.isspace() (both
# ask Py_UNICODE_ISSPACE).
_RUNS = re.compile(r"\s+|[" + re.escape("".join(_LONGER)) + "]")


@functools.lru_cache(maxsize=8)
def fold(text: str) -> tuple[str, list[int]]:
    """Normalize `text` for matching and map each output character to its input offset.

    Kept for the last few texts: the quote index and the annotations both fold each
    source (callers only read the result).

    White space runs become one space; quotes, apostrophes and dashes are folded; letters
    keep their case (a quote must be verbatim, not merely similar). Text between runs is
    copied in slices: a source of 250,000 characters folds in milliseconds.
    """
    folded = text.translate(_ONE_FOR_ONE)  # the same length: offsets still hold
    out: list[str] = []
    where: list[int] = []
    done = 0
    for m in _RUNS.finditer(folded):
        start = m.start()
        if start > done:
            out.append(folded[done:start])
            where.extend(range(done, start))
        longer = _LONGER.get(folded[start])
        if longer:
            out.append(longer)
            where.extend([start] * len(longer))
        elif out:  # a run of white space, not at the start
            out.append(" ")
            where.append(start)
        done = m.end()
    if done < len(folded):
        out.append(folded[done:])
        where.extend(range(done, len(folded)))
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


_EVERY_FOLD = str.maketrans(_FOLD)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """`fold(text)[0]`, without the offsets: for quotes, thousands a build."""
    return _SPACES.sub(" ", text.translate(_EVERY_FOLD)).strip(" ")


@dataclass(frozen=True)
class Span:
    """A sentence of a source: its id (`s1`...), text, offsets in the text, paragraph."""

    id: str
    text: str
    start: int
    end: int
    paragraph: int


# Words that end with a period without ending a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof gen lt col maj capt cmdr adm sgt cpl pvt st sen rep gov
    pres amb hon rev fr sr jr no nos vol vs etc al approx dept est fig inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd cf ca""".split()
)

SENTENCE_STARTERS = frozenset(
    """The A An He She It They We I You This That These Those There Its His Her Their Our
    But And Yet So However Meanwhile Officials Experts Analysts""".split()
)

_BOUNDARY = re.compile(r"""[.!?]+['"’”)\]]*(?=\s+['"‘“(\[]*[A-Z0-9À-Ý])""")


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the period at `dot` belongs to an abbreviation, an initial or a decimal."""
    if paragraph[dot] != ".":
        return False
    word = re.search(r"[\w.]*\Z", paragraph[:dot]).group(0)
    if not word:
        return False
    if word.lower() in ("no", "nos"):  # "No. 5", but "the answer was no. Then..."
        return bool(re.match(r"\.\s+\d", paragraph[dot:]))
    if word.lower() in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return True
    # Dotted forms (U.S., a.m., e.g.) end a sentence only when a word that usually
    # starts one follows: "at 9 a.m. He left" splits, "the U.S. Navy" does not.
    if re.fullmatch(r"(?:\w\.)+\w", word):
        following = re.match(r"\.?\s+['\"‘“(]*(\w+)", paragraph[dot:])
        return not (following and following.group(1) in SENTENCE_STARTERS)
    return False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of an article.

    Blank lines separate paragraphs when the text has any; otherwise each line is one
    (articles pasted from the web often keep one paragraph a line).
    """
    # Blank lines at the very start or end do not count: they separate nothing.
    sep = re.compile(r"\n[ \t]*\n\s*") if re.search(r"\n[ \t]*\n", text.strip()) else re.compile(r"\n\s*")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in sep.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_sentences(text: str) -> list[Span]:
    """Split an article into sentences numbered s1..sN through the whole text.

    Deterministic and stable: the same text always gives the same ids. A sentence never
    crosses a paragraph break. The model and the quote index both split each source:
    the second time is answered from a small cache.
    """
    return list(_split_sentences(text))


@functools.lru_cache(maxsize=8)
def _split_sentences(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        para = text[p_start:p_end]
        cut = 0
        for m in _BOUNDARY.finditer(para):
            # A closing quote or bracket after the period ends the sentence: 'said "no."'
            closed = m.group().rstrip(".!?") != ""
            if not closed and _is_abbreviation(para, m.start()):
                continue
            _add(spans, text, p_start + cut, p_start + m.end(), p_index)
            cut = m.end()
        _add(spans, text, p_start + cut, p_end, p_index)
    return tuple(spans)


def _add(spans: list[Span], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        spans.append(Span(f"s{len(spans) + 1}", chunk, start + lead, start + lead + len(chunk), paragraph))


def closest(needle: str, candidates: list[str]) -> int | None:
    """Index of the candidate most like `needle` (for "did you mean" on a missed quote)."""
    import difflib

    best, best_score = None, 0.0
    words = set(needle.lower().split())
    for i, cand in enumerate(candidates):
        overlap = len(words & set(cand.lower().split())) / (len(words) or 1)
        score = overlap + difflib.SequenceMatcher(None, needle, cand).quick_ratio() * 0.5
        if score > best_score:
            best, best_score = i, score
    return best
