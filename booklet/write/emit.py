"""The operators that draw a line's units (booklet.write.actualtext): each glyph where it
was, in logical order, with the /ActualText spans and invisible letters of the text layer."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from booklet.write.fontmaps import nominal_glyphs, register
from booklet.write.glyphs import Unit

#: How far (in text space, 1/100 px) a zero-width glyph of right-to-left text is moved in the
#: reading direction: drawn in logical order at the very origin of the glyph before it (the
#: alef of a lam-alef), it made poppler split the line; 1/100 px is far below any device pixel.
NUDGE = 0.01

#: Horizontal scaling (Tz, percent) of the invisible letters of a ligature.
SQUEEZE = 1


def mark_edges(units: list[Unit], fonts: dict[bytes, Any]) -> bool:
    """Give each left-to-right span whose glyphs, in logical order, do not begin at its left
    edge or end at its right one (a pre-base vowel drawn after its consonant) its `edges`:
    poppler gives a span's text the extent from its first glyph's start to its last glyph's
    end, and a word made narrower than it is split the cover's lines into columns. True when
    a ToUnicode entry was added."""
    changed = False
    for unit in units:
        glyphs = unit.glyphs
        if not unit.span or unit.anchor is not None or not glyphs or glyphs[0].rtl:
            continue
        left = min(g.x for g in glyphs)
        right = max(g.x + g.advance for g in glyphs)
        if glyphs[0].x <= left + 1e-6 and glyphs[-1].x + glyphs[-1].advance >= right - 1e-6:
            continue
        space = nominal_glyphs(fonts[glyphs[0].font], " ")
        if space is None:
            continue
        changed |= register(fonts[glyphs[0].font], space[0])
        unit.edges = (space[0][0], space[0][1], left, right)
    return changed


def emit(units: list[Unit]) -> Iterator[bytes]:
    """Operators drawing `units` in this order, each glyph where it was."""
    font, size, rise, pen = b"", 0.0, b"0", 0.0
    shown: list[bytes] = []

    def flush() -> Iterator[bytes]:
        if shown:
            yield b"[" + b"".join(shown) + b"] TJ"
            shown.clear()

    for unit in units:
        if unit.span:
            yield from flush()
            yield b"/Span <</ActualText <feff" + unit.text.encode("utf-16-be").hex().encode() \
                + b">>> BDC"
        if unit.anchor is not None:
            hex_id, width, ax, slot = unit.anchor
            glyph = unit.glyphs[0]
            if (glyph.font, glyph.size) != (font, size):
                font, size = glyph.font, glyph.size
                yield b"/" + font + b" " + _number(size) + b" Tf"
            if rise != b"0":
                rise = b"0"
                yield b"0 Ts"
            tz = slot / (width * size / 1000) * 100 if width else 1
            yield b"[" + _number((pen - ax) * 1000 / size) + b"] TJ 3 Tr " + _number(tz) \
                + b" Tz [<" + hex_id + b">] TJ 100 Tz 0 Tr EMC /Span <</ActualText <feff>>> BDC"
            pen = ax + slot
        if unit.edges is not None:
            font, size, rise, pen = yield from _edge(unit, unit.edges, 2, font, size, rise, pen)
        for glyph in unit.glyphs:
            if (glyph.font, glyph.size) != (font, size):
                yield from flush()
                font, size = glyph.font, glyph.size
                yield b"/" + font + b" " + _number(size) + b" Tf"
            if glyph.rise != rise:
                yield from flush()
                rise = glyph.rise
                yield rise + b" Ts"
            gx = glyph.x - (NUDGE if glyph.rtl and glyph.advance == 0 else 0)
            if abs(gx - pen) > 1e-9:
                shown.append(_number((pen - gx) * 1000 / size))
            shown.append(b"<" + glyph.hex + b">")
            pen = gx + glyph.advance
            for hex_id, width, _ in glyph.extra:  # invisible, 1/100 wide, just beside it
                narrow = width * size / 1000 * SQUEEZE / 100
                gx = gx - narrow - NUDGE if glyph.rtl else pen
                shown.append(_number((pen - gx) * 1000 / size))
                yield from flush()
                yield b"3 Tr " + _number(SQUEEZE) + b" Tz [<" + hex_id + b">] TJ 100 Tz 0 Tr"
                pen = gx + narrow
        if unit.edges is not None:
            yield from flush()
            font, size, rise, pen = yield from _edge(unit, unit.edges, 3, font, size, rise, pen)
        if unit.span:
            yield from flush()
            yield b"EMC"
    yield from flush()
    if rise != b"0":  # text rise outlives the text object: leave it as WeasyPrint does
        yield b"0 Ts"


def _edge(unit: Unit, edges: tuple[bytes, float, float, float], side: int, font: bytes,
          size: float, rise: bytes,
          pen: float) -> Generator[bytes, None, tuple[bytes, float, bytes, float]]:
    """Draw `unit`'s invisible space (`edges`) at its left (`side` 2) or right (3) edge,
    1/100 wide; returns the font, size, rise and pen position after it."""
    hex_id, width, left, right = edges
    glyph = unit.glyphs[0]
    if (glyph.font, glyph.size) != (font, size):
        font, size = glyph.font, glyph.size
        yield b"/" + font + b" " + _number(size) + b" Tf"
    if rise != glyph.rise:
        rise = glyph.rise
        yield rise + b" Ts"
    narrow = width * size / 1000 * SQUEEZE / 100
    x = left if side == 2 else right - narrow
    yield b"[" + _number((pen - x) * 1000 / size) + b"] TJ 3 Tr " + _number(SQUEEZE) \
        + b" Tz [<" + hex_id + b">] TJ 100 Tz 0 Tr"
    return font, size, rise, x + narrow


def _number(value: float) -> bytes:
    """A PDF number, short and exact enough (1e-6 of a unit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()
