"""Turn a section's Markdown into prose for scoring: sentences and words, tables left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from booklet.diagnostics import SourceLocation
from booklet.load.syntax import IMAGE_MARKUP, INDENTED_CODE, TABLE_DIRECTIVE, lines_outside_code
from booklet.model import Section

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*(>\s?)+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
#: Full stops: Latin, Devanagari dandas, Arabic; CJK ones need no space after them.
_SENTENCE_END = re.compile(r"(?<=[.!?।॥۔؟])\s+|(?<=[。！？।॥])")
#: Citation markers ([2], [3,4], [5-7], [*]): not words, and not the end of a sentence.
CITATION = re.compile(r"\[(?:\d+(?:\s*[,\u2013-]\s*\d+)*|\*+)\]")
#: Web and e-mail addresses, and "words" too long to be words (a pasted identifier): one word.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[^\W\d_]{46,}")
#: Abbreviations whose full stop does not end the sentence (lower case, without the stop).
ABBREVIATIONS = frozenset({
    "dr", "dra", "mr", "mrs", "ms", "prof", "sr", "sra", "st", "vs", "etc", "approx", "no",
    "e.g", "i.e", "u.s", "u.k", "a.m", "p.m", "p. ej", "ej", "fig", "vol", "ed"})
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$|^\s*\|?\s*:?-{3,}")
_TABLE_NOTE = ("Table:", "Source:")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*%?", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a section and the line it starts on."""

    text: str
    location: SourceLocation

    @property
    def words(self) -> list[str]:
        """Its words (numbers count as words)."""
        return _WORD.findall(self.text)


def sentences(section: Section) -> list[Sentence]:
    """The section's sentences: the title and each heading as a sentence of its own; list
    items, block quotes and paragraphs split at full stops (citation markers and common
    abbreviations kept inside); tables, their caption lines, code and images left out."""
    found = [Sentence(_terminated(section.title), section.location)]
    paragraph: list[str] = []
    start = section.body_location
    after_table = False

    def flush() -> None:
        text = " ".join(paragraph).strip()
        if text:
            found.extend(Sentence(part, start) for part in split_sentences(text))
        paragraph.clear()

    for offset, raw in lines_outside_code(section.body.split("\n")):  # code: blank lines
        if TABLE_DIRECTIVE.match(raw) or INDENTED_CODE.match(raw) or _PIPE_ROW.match(raw):
            after_table = after_table or bool(raw.strip())
            flush()
            continue
        line = _clean(raw)
        if not line:
            flush()
            continue
        if after_table and line.startswith(_TABLE_NOTE):
            continue  # a pipe table's caption or credit line
        after_table = False
        heading = _HEADING.match(line)
        if heading:  # a heading is a sentence, punctuated or not
            flush()
            found.append(Sentence(_terminated(line[heading.end():]),
                                  section.body_location.at(offset)))
            continue
        item = _ITEM.match(line) or _QUOTE.match(line)
        if item and (_ITEM.match(line) or not paragraph):
            flush()  # a list item (or a quote after a paragraph) starts a new one
        if item:
            line = line[item.end():]
        if not paragraph:
            start = section.body_location.at(offset)
        paragraph.append(line)
    flush()
    return [sentence for sentence in found if sentence.words]


def split_sentences(text: str) -> list[str]:
    """`text` split at its full stops, except after a common abbreviation or an initial."""
    parts: list[str] = []
    for part in (p.strip() for p in _SENTENCE_END.split(text)):
        if not part:
            continue
        if parts and _abbreviated(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def _abbreviated(text: str) -> bool:
    """Whether `text` ends with an abbreviation's full stop (Dr., U.S., e.g., J.)."""
    if not text.endswith("."):
        return False
    last = text[:-1].rsplit(" ", 1)[-1].lower()
    return last in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]|[a-z]", last))


def _clean(raw: str) -> str:
    """A source line as prose: images, tags, link targets, citation markers removed;
    addresses one word."""
    line = _TAG.sub("", _LINK.sub(r"\1", IMAGE_MARKUP.sub("", raw)))
    return _ADDRESS.sub("address", CITATION.sub("", line)).strip()


def _terminated(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", "。", "！", "？")) else text + "."
