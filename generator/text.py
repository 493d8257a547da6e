"""Plain-text rules: normalizing for quote matching, sentence splitting, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

# What no page, feed or data file may hold: the C0 controls but tab and line feed, DEL,
# the C1 controls, and the noncharacters (XML refuses U+FFFE and U+FFFF, HTML all of them).
_BMP_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
CONTROL = re.compile(f"[{_BMP_CONTROLS}" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)) + "]")
_CONTROL_ASCII = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_BMP = re.compile(f"[{_BMP_CONTROLS}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def find_control(text: str, pos: int = 0) -> re.Match | None:
    """`CONTROL.search`, quicker. The whole class, with its 32 astral noncharacters, costs
    the regular expression engine 60 ns a character, and every content file is searched on
    a cold build: ASCII text, and text without an astral character, ask smaller classes
    that say the same of them, 5 to 30 times faster."""
    if text.isascii():
        return _CONTROL_ASCII.search(text, pos)
    if _ASTRAL.search(text, pos) is None:
        return _CONTROL_BMP.search(text, pos)
    return CONTROL.search(text, pos)

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


# A character that NFC may change, with the ASCII letter before it (which may compose with
# it: e + U+0301 is é). An ASCII character never composes with the one before it, so the
# text between these runs is already normal.
_NOT_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


Offsets = array  # of int ("q"): one for each character of a source, 8 bytes each, not 36 in a list


def _nfc(text: str) -> tuple[str, Offsets | None]:
    """`text` in Unicode's composed form (NFC), and each character's offset in `text`
    (None when it already was: nearly always, and checked in C)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    where = array("q")
    done = 0
    for m in _NOT_ASCII.finditer(text):
        start, end = m.span()
        piece = unicodedata.normalize("NFC", m.group())
        if piece == m.group():
            continue
        out.append(text[done:start])
        where.extend(range(done, start))
        out.append(piece)
        # A piece that changed length maps in order, within itself: a sentence boundary
        # never falls inside one.
        where.extend(min(start + j, end - 1) for j in range(len(piece)))
        done = end
    out.append(text[done:])
    where.extend(range(done, len(text)))
    return "".join(out), where


def fold(text: str) -> tuple[str, Offsets]:
    """Normalize `text` for matching and map each output character to its input offset.

    Letters are composed (NFC: é typed as e and an accent is é); white space runs become
    one space; quotes, apostrophes and dashes are folded; letters keep their case (a quote
    must be verbatim, not merely similar). Text between runs is copied in slices: a
    source of 250,000 characters folds in milliseconds.
    """
    composed, offsets = _nfc(text)
    if offsets is not None:
        folded, where = fold(composed)
        return folded, array("q", [offsets[i] for i in where])
    folded = text.translate(_ONE_FOR_ONE)  # the same length: offsets still hold
    out: list[str] = []
    where = array("q")
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
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_EVERY_FOLD)).strip(" ")


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

# A run of end punctuation (tried only from its first character, and never given back:
# each character is looked at once), closing quotes or brackets, then white space and what
# may start a sentence.
_BOUNDARY = re.compile(r"""(?<![.!?])[.!?]++['"’”)\]]*+(?=\s++['"‘“(\[]*+[A-Z0-9À-Ý])""")
_NUMBER_AFTER = re.compile(r"\.\s+\d")
_WORD_AFTER = re.compile(r"\.?\s+['\"‘“(]*(\w+)")
_DOTTED = re.compile(r"(?:\w\.)+\w")


def _word_before(paragraph: str, dot: int) -> str:
    """The letters, digits, underscores and periods just before `dot` (what `[\\w.]*\\Z`
    matches there). Walked back from `dot`: a candidate period has white space after it,
    so the walks of two candidates never overlap and a paragraph costs one pass."""
    i = dot
    while i and (paragraph[i - 1].isalnum() or paragraph[i - 1] in "._"):
        i -= 1
    return paragraph[i:dot]


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the period at `dot` belongs to an abbreviation, an initial or a decimal."""
    if paragraph[dot] != ".":
        return False
    word = _word_before(paragraph, dot)
    if not word:
        return False
    if word.lower() in ("no", "nos"):  # "No. 5", but "the answer was no. Then..."
        return bool(_NUMBER_AFTER.match(paragraph, dot))
    if word.lower() in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return True
    # Dotted forms (U.S., a.m., e.g.) end a sentence only when a word that usually
    # starts one follows: "at 9 a.m. He left" splits, "the U.S. Navy" does not.
    if _DOTTED.fullmatch(word):
        following = _WORD_AFTER.match(paragraph, dot)
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


# A `[[slug]]` or `[[slug|shown text]]` link in Markdown: found by the checker, resolved by the pages.
# Neither part may hold a bracket: a scan from one [[ then stops at the next [ or ], so a
# note of 50,000 [ characters is read once, not once from each of them.
WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\]")


def difference(quote: str, sentence: str) -> tuple[str, str] | None:
    """Where a missed quote first departs from the sentence most like it, both normalized:
    the words around that place in each, e.g. ("will attend", "will also attend"); a
    character that looks like another or shows as nothing is named with its code point.
    None when no place stands out. Compared over the first few thousand characters."""
    import difflib

    q, s = quote[:1_000], sentence[:4_000]
    matcher = difflib.SequenceMatcher(None, q, s, autojunk=False)
    blocks = matcher.get_matching_blocks()
    if sum(b.size for b in blocks) < 0.7 * len(q):
        return None  # too unlike the quote for one place to explain the miss
    equal_before = 0  # length of the matching run just before the difference
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            equal_before = i2 - i1
            continue
        if i1 == i2 and (i1 == 0 or i1 == len(q)):
            continue  # the sentence goes on before or after the quote: not a difference
        # From the word before the difference (within the matching run) to the end of the
        # word after it, in each.
        word = q.rfind(" ", 0, i1) + 1
        a = max(q.rfind(" ", 0, max(word - 1, 0)) + 1, i1 - equal_before)
        ours = q[a:_word_end(q, i2)]
        theirs = s[j1 - (i1 - a):_word_end(s, j2)]
        return _named(ours, theirs), _named(theirs, ours)
    return None


def _word_end(text: str, at: int) -> int:
    end = text.find(" ", at + 1)
    return len(text) if end < 0 else end


def _named(fragment: str, other: str) -> str:
    """`fragment` in quotes, with the code points of the unusual characters that the other
    side lacks (a Cyrillic е for a Latin e, a zero-width space)."""
    shown = fragment if len(fragment) <= 60 else fragment[:57] + "..."
    odd = [c for c in dict.fromkeys(shown) if (not c.isascii() or not c.isprintable()) and c not in other]
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in odd[:3])
    return f'"{shown}"' + (f" (with {names})" if names else "")
