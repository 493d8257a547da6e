"""What Python-Markdown converts in bounded time and stack, and a text past it shown as typed.

Its work on some texts grows with the square or the cube of what they hold (a note pasted
from somewhere with tens of thousands of marks, lists nested hundreds deep): minutes to
hours for one note. A text past these bounds is shown as typed, escaped, and `check` and
`build` say so at the note (report.py). Prose is far below every bound.
"""

from __future__ import annotations

import functools
import html as html_lib
import re


# Python-Markdown's work grows with the cube of a list's nesting (400 levels: seconds) and
# it recurses once a level: text indented deeper than this is shown as plain paragraphs.
DEEPEST = 128  # columns of indentation and '>' (32 levels of four spaces)


# A line deeper than DEEPEST begins with 33 of these at least (a tab is four columns at most):
# one search, before the line by line count, for every text converted (a search from each
# '\n': ten times faster than one from each line start).
_DEEP_START = re.compile(r"[ \t>]{%d}" % (DEEPEST // 4 + 1))
_DEEP_LINE = re.compile(r"\n[ \t>]{%d}" % (DEEPEST // 4 + 1))


def _too_deep(text: str) -> bool:
    if not (_DEEP_START.match(text) or _DEEP_LINE.search(text)):
        return False
    return any(len(line) - len(line.lstrip(" \t>")) > DEEPEST for line in text.expandtabs(4).splitlines())


# Python-Markdown looks for the end of a link from each '[' of a paragraph, and for the end
# of a tag from each '<': its work grows with the square of their number (4,000 '[':
# seconds; 50,000: many minutes). No prose has that many; a paragraph with more is shown as
# plain text. Footnote references (`[^1]`) are matched at once and do not count.
MOST_MARKS = {"[": 256, "<": 512}
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]\s]*\]")
# And its inline pass copies the whole paragraph for each mark it replaces (`*a*`, `` `a` ``,
# `&amp;`, `[^1]`, a line break), and looks for the end of a code span or a strikethrough
# from each opening: work that grows with marks times length. Prose is far below the bound
# (a paragraph of 5,000 characters with 100 marks: 500,000); a paragraph above it would take
# seconds to hours, and is shown as plain text. Below it, the copying costs less than the
# pass's own work for each mark, so a note's conversion stays linear in its length.
INLINE_WORK = 2**31
_INLINE_MARKS = ("`", "\\", "[", "~", "<", "&", "*", "_", "  \n")


def _marks(paragraph: str, mark: str) -> int:
    return paragraph.count(mark) - (len(_FOOTNOTE_REF.findall(paragraph)) if mark == "[" else 0)


def _inline_work(text: str) -> int:
    if len(text) ** 2 <= INLINE_WORK:  # (no more marks than characters: most notes need no count)
        return 0
    return len(text) * sum(map(text.count, _INLINE_MARKS))


def _too_many_marks(text: str) -> bool:
    over = [mark for mark, most in MOST_MARKS.items() if text.count(mark) > most]
    heavy = _inline_work(text) > INLINE_WORK
    if not over and not heavy:
        return False
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return (heavy and any(_inline_work(p) > INLINE_WORK for p in paragraphs)) or any(
        _marks(p, mark) > MOST_MARKS[mark] for p in paragraphs for mark in over)


def shown_as_typed(text: str) -> bool:
    """Whether a text is past what Python-Markdown converts in bounded time, and is shown
    as typed instead: `check` and `build` say so, at the note."""
    return _too_deep(text) or _too_many_marks(text)


# What `check` and `build` ask of every note's body on every build: an unchanged one is
# known. (A page asks once of each text it converts, and is not cached: the cache would
# keep every note's text with its links resolved alive in a render worker, 26 MB each.)
note_shown_as_typed = functools.lru_cache(maxsize=2**16)(shown_as_typed)


def as_typed(text: str) -> str:
    """A text shown as it was typed, escaped: safe as it stands, and not given to the
    sanitizer, whose work grows with the square of the '&' in one paragraph."""
    return "\n".join(f"<p>{html_lib.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
