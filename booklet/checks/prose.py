"""Turn a section's Markdown into prose for scoring: sentences and words, tables left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from booklet.diagnostics import SourceLocation
from booklet.load.syntax import IMAGE_MARKUP, INDENTED_CODE, TABLE_DIRECTIVE, lines_outside_code
from booklet.model import Section

_BLOCK_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
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
    """The section's sentences: the title, each heading and list item as a sentence of its
    own, paragraphs split at full stops; tables, code and images left out."""
    found = [Sentence(_terminated(section.title), section.location)]
    paragraph: list[str] = []
    start = section.body_location

    def flush() -> None:
        text = " ".join(paragraph).strip()
        if text:
            found.extend(Sentence(part.strip(), start) for part in _SENTENCE_END.split(text)
                         if part.strip())
        paragraph.clear()

    for offset, raw in lines_outside_code(section.body.split("\n")):  # code: blank lines
        if TABLE_DIRECTIVE.match(raw) or INDENTED_CODE.match(raw):
            continue
        line = _TAG.sub("", _LINK.sub(r"\1", IMAGE_MARKUP.sub("", raw))).strip()
        if not line:
            flush()
            continue
        block = _BLOCK_PREFIX.match(line)
        if block:  # a heading or list item is a sentence, punctuated or not
            flush()
            start = section.body_location.at(offset)
            found.append(Sentence(_terminated(line[block.end():]), start))
            continue
        if not paragraph:
            start = section.body_location.at(offset)
        paragraph.append(line)
    flush()
    return [sentence for sentence in found if sentence.words]


def _terminated(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", "。", "！", "？")) else text + "."
