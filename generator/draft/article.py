"""Reading the article `briefing draft` is given: text or a clear refusal, its front matter
(read by the loader's own YAML function, so its limits hold here too), and its headline.

A source is "the article text exactly as published": a file that is not text (NUL bytes,
UTF-16 without a byte order mark, control characters, a binary file) is refused with its
position rather than copied into the project.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ..check.loader import parse_yaml


class DraftError(Exception):
    """The article or the project cannot be used: a usage error, nothing was written."""


@dataclass(frozen=True)
class Article:
    meta: dict  # the front matter, {} without one
    headline: str | None  # the first line when it is a headline, kept out of the body
    body: str  # the text to number into sentences: LF line ends, one final newline


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters have no place in an article; tab and line ends do.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_HEADING = re.compile(r"#{1,6}[ \t]+(.+?)[ \t#]*\Z")
_SENTENCE_END = re.compile(r"[.,;:]['\"’”)\]]*\Z")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADLINE_MAX = 200  # characters: a longer first line is the opening paragraph


def _where(text: str, i: int) -> str:
    return f"{text.count(chr(10), 0, i) + 1}:{i - (text.rfind(chr(10), 0, i) + 1) + 1}"


def decode(raw: bytes, name: str) -> str:
    """`raw` as text, or a DraftError that names the file and the first offending place."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise DraftError(f"{name}: not valid {codec.upper()} text (byte {exc.start}); "
                                 "save the article as UTF-8") from exc
    nul = raw.find(b"\0")
    if nul >= 0:
        utf16 = len(raw) > 3 and (raw[1::2].count(0) > len(raw) // 4 or raw[0::2].count(0) > len(raw) // 4)
        what = "UTF-16 text without a byte order mark" if utf16 and raw.strip(b"\0") else "not a text file"
        where = _where(raw.decode("latin-1"), nul)
        raise DraftError(f"{name}:{where}: a NUL byte: {what}; save the article as UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _where(raw.decode("latin-1"), exc.start)
        raise DraftError(f"{name}:{where}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                         "save the article as UTF-8") from exc
    bad = _CONTROL.search(text)
    if bad:
        raise DraftError(f"{name}:{_where(text, bad.start())}: control character U+{ord(bad.group()):04X} "
                         "is not text; delete it, or save the article as plain UTF-8 text")
    return text


def read_article(path: Path) -> Article:
    """The article at `path`: front matter (if any), headline (if any) and body."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = decode(raw, str(path)).replace("\r\n", "\n").replace("\r", "\n")
    meta, body = {}, text
    m = _FRONT.match(text)
    if m:
        data, _, _, issues = parse_yaml(m.group(1) or "", str(path), line_offset=1, record=False)
        if issues:
            raise DraftError(str(issues[0]))
        if isinstance(data, dict):
            meta, body = data, text[m.end():]
    headline, body = _headline(body, titled=isinstance(meta.get("title"), str) and bool(meta["title"].strip()))
    body = body.strip("\n").rstrip() + "\n"
    if not body.strip():
        raise DraftError(f"{path} holds no text" + (" but its headline" if headline else ""))
    return Article(meta, headline, body)


def _headline(body: str, titled: bool) -> tuple[str | None, str]:
    """A first line that is the article's headline, and the body without it.

    A Markdown heading always is. Without a title in the front matter, so is a plain first
    line that is a paragraph of its own, short, and not ended like a sentence: "EU and
    Mercosur seal trade pact" is a headline; a pasted article's first paragraph is not."""
    lead = body.lstrip("\n")
    line, _, rest = lead.partition("\n")
    heading = _HEADING.match(line.strip())
    if heading:
        return heading.group(1), rest
    # A paragraph of its own: followed by a blank line, or every line is a paragraph (see
    # text.paragraphs); not the first line of a paragraph wrapped over several.
    alone = re.match(r"[ \t]*\n", rest) or not _BLANK_LINE.search(lead.strip())
    if titled or not rest.strip() or not alone:
        return None, body
    line = line.strip()
    if len(line) > _HEADLINE_MAX or _SENTENCE_END.search(line):
        return None, body
    return line, rest
