"""Turn a section's Markdown into prose for scoring: sentences and words, tables left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from booklet.diagnostics import SourceLocation
from booklet.load.sections import TABLE_DIRECTIVE
from booklet.model import Section

_FENCE = re.compile(r"^\s*(```|~~~)")
_BLOCK_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
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
    in_code = False

    def flush() -> None:
        text = " ".join(paragraph).strip()
        if text:
            found.extend(Sentence(part.strip(), start) for part in _SENTENCE_END.split(text)
                         if part.strip())
        paragraph.clear()

    for offset, raw in enumerate(section.body.split("\n")):
        if _FENCE.match(raw):
            in_code = not in_code
            flush()
            continue
        if in_code or TABLE_DIRECTIVE.match(raw) or raw.startswith("    "):
            continue
        line = _TAG.sub("", _LINK.sub(r"\1", _IMAGE.sub("", raw))).strip()
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
