"""The glyphs of a line as booklet.write.actualtext reads them from WeasyPrint's operators:
each glyph, the clusters of source text they stand for, and the units drawn together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Scripts whose clusters poppler does not read back from their glyphs however they are
#: mapped (it orders marks by position, or files a reph under another word): Indic (Devanagari
#: to Malayalam), Thai, Lao, Myanmar, Khmer. Each of their clusters gets an /ActualText span,
#: each Indic word one span (`INDIC`).
COMPLEX = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uaa60-\uaa7f]")

#: Indic scripts (Devanagari to Malayalam): a word is one span; split vowels, half forms.
INDIC = re.compile("[\u0900-\u0dff]")


@dataclass
class Glyph:
    """One glyph as drawn: its id (hex, as written), state and start position (text space)."""

    hex: bytes
    font: bytes
    size: float
    rise: bytes
    x: float
    advance: float
    text: str = ""     # what the glyph maps to (ToUnicode) after `booklet.write.letters.assign`
    order: float = 0   # logical position inside its cluster
    rtl: bool = False  # in a right-to-left run
    extra: list[tuple[bytes, float, str]] = field(default_factory=list)
    """Letters drawn invisibly after it: (glyph id, width in 1/1000 em, letter)."""

    @property
    def letters(self) -> str:
        """What text tools read from it: its ToUnicode and its invisible letters."""
        return self.text + "".join(letter for _, _, letter in self.extra)


@dataclass
class Cluster:
    """Glyphs that stand together for one piece of source text."""

    text: str
    offset: int
    rtl: bool
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class Unit:
    """Clusters drawn together, under one /ActualText when their glyphs do not spell them."""

    text: str
    glyphs: list[Glyph]
    span: bool
    anchor: tuple[bytes, float, float, float] | None = None
    """An invisible glyph carrying the span's text on the baseline (booklet.write.anchors):
    its id, width (1/1000 em), x and the width it is scaled to; the glyphs then carry none."""
    edges: tuple[bytes, float, float, float] | None = None
    """Invisible spaces that make a left-to-right span's first glyph start at its left edge
    and its last end at its right edge (`booklet.write.emit.mark_edges`): id, width
    (1/1000 em), left, right."""
