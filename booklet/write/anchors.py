"""Nastaliq text for poppler: each letter's text on an invisible glyph on the baseline.

Nastaliq (Noto Nastaliq Urdu) draws the letters of a word raised and lowered (text rise) and
overlapping, and poppler, which files text by position, splits its lines by height and reads
its words scrambled, even with an /ActualText span on every letter. So for a line in a
Nastaliq font, each letter (with its marks) of each word gets, inside its span, an invisible
glyph (text render mode 3) on the baseline, the word's width shared out evenly from right to
left in logical order; the drawn glyphs follow in a span with an empty /ActualText (their
text is the invisible glyph's). What is drawn does not change.
"""

from __future__ import annotations

from typing import Any

from booklet.write.fontmaps import nominal_glyphs, register


def anchor_words(units: list[Any], fonts: dict[bytes, Any]) -> bool:
    """Give each unit of each word of a Nastaliq line its `anchor` (and a span); True when a
    ToUnicode entry was added. `units`: booklet.write.actualtext's, in logical order."""
    if not any(g.rtl and b"Nastaliq" in fonts[g.font].name for u in units for g in u.glyphs):
        return False
    changed, word = False, []
    for unit in [*units, None]:
        if unit is not None and unit.glyphs and not unit.text.isspace():
            word.append(unit)
            continue
        changed |= _anchor_word(word, fonts)
        word = []
    return changed


def _anchor_word(word: list[Any], fonts: dict[bytes, Any]) -> bool:
    """Share the width of `word` (units of one word) among its units' invisible glyphs."""
    if not word:
        return False
    found = [glyphs[0] for u in word
             if (glyphs := nominal_glyphs(fonts[u.glyphs[0].font], u.text[0])) is not None]
    left = min(g.x for u in word for g in u.glyphs)
    right = max(g.x + g.advance for u in word for g in u.glyphs)
    slot = (right - left) / len(word)
    if slot <= 0 or len(found) != len(word):
        return False
    changed = False
    for i, (unit, glyph) in enumerate(zip(word, found, strict=True)):
        changed |= register(fonts[unit.glyphs[0].font], glyph)
        unit.anchor, unit.span = (glyph[0], glyph[1], right - (i + 1) * slot, slot), True
    return changed
