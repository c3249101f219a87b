"""What booklet.write.actualtext reads from a font WeasyPrint embeds: its character map both
ways, glyph advances, and the glyph ids whose ToUnicode it has set (cached on the font)."""

from __future__ import annotations

import io
import unicodedata
from typing import Any


def claimed(font: Any) -> set[int]:
    """The glyph ids of `font` whose ToUnicode this module has set."""
    claimed: set[int] | None = getattr(font, "_booklet_claimed", None)
    if claimed is None:
        claimed = font._booklet_claimed = set()
    return claimed


def reverse_cmap(font: Any) -> dict[int, set[str]]:
    """Glyph id -> the characters `font`'s character map draws with it (cached on the font)."""
    load_cmaps(font)
    reverse: dict[int, set[str]] = font._booklet_reverse_cmap
    return reverse


def forward_cmap(font: Any) -> dict[str, tuple[int, float]]:
    """Character -> its glyph id and advance (1/1000 em) in `font` (cached on the font)."""
    load_cmaps(font)
    forward: dict[str, tuple[int, float]] = font._booklet_forward_cmap
    return forward


def load_cmaps(font: Any) -> None:
    """Read `font`'s character map once (fontTools), both ways."""
    if hasattr(font, "_booklet_reverse_cmap"):
        return
    from fontTools.ttLib import TTFont

    reverse: dict[int, set[str]] = {}
    forward: dict[str, tuple[int, float]] = {}
    tt = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
    units = tt["head"].unitsPerEm
    metrics = tt["hmtx"]
    for codepoint, name in (tt.getBestCmap() or {}).items():
        if unicodedata.decomposition(chr(codepoint)).startswith("<"):
            continue  # a presentation form (ﻼ), never in source text
        gid = tt.getGlyphID(name)
        reverse.setdefault(gid, set()).add(chr(codepoint))
        forward[chr(codepoint)] = (gid, metrics[name][0] * 1000 / units)
    font._booklet_reverse_cmap, font._booklet_forward_cmap = reverse, forward


def nominal_glyphs(font: Any, letters: str) -> list[tuple[bytes, float, str]] | None:
    """The nominal glyph (hex id), advance and letter of each of `letters` in `font`, or None
    if one lacks (or the font is a bitmap font)."""
    if font.bitmap:
        return None
    forward = forward_cmap(font)
    found = [forward[letter] for letter in letters if letter in forward]
    if len(found) != len(letters):
        return None
    return [(f"{gid:04x}".encode(), width, letter)
            for (gid, width), letter in zip(found, letters, strict=True)]


def register(font: Any, found: tuple[bytes, float, str]) -> bool:
    """Give the glyph of `found` (from nominal_glyphs) its width and, unless it has one, its
    letter as ToUnicode in `font`: True when that entry was added."""
    hex_id, width, letter = found
    gid = int(hex_id, 16)
    font.widths.setdefault(gid, round(width))
    if gid in font.to_unicode:
        return False
    font.to_unicode[gid] = letter
    claimed(font).add(gid)
    return True


def substituted_texts(font: Any) -> dict[int, str]:
    """Glyph id -> the letters `font`'s substitutions (GSUB single, alternate and ligature
    lookups, from its character map on) make that glyph of: a half form क् from क + ्, a
    vowel sign's variant from the sign (cached on the font)."""
    cached: dict[int, str] | None = getattr(font, "_booklet_substituted", None)
    if cached is not None:
        return cached
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
    gid = tt.getGlyphID
    texts = {g: min(chars) for g, chars in reverse_cmap(font).items()}
    rules: list[tuple[list[int], int]] = []  # (input glyphs, output glyph)
    if "GSUB" in tt and tt["GSUB"].table.LookupList is not None:
        for lookup in tt["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:  # extension
                    kind, table = table.ExtensionLookupType, table.ExtSubTable
                if kind == 1:
                    rules += [([gid(a)], gid(b)) for a, b in table.mapping.items()]
                elif kind == 3:
                    rules += [([gid(a)], gid(b)) for a, bs in table.alternates.items()
                              for b in bs]
                elif kind == 4:
                    rules += [([gid(first), *map(gid, lig.Component)], gid(lig.LigGlyph))
                              for first, ligatures in table.ligatures.items()
                              for lig in ligatures]
    for _ in range(8):  # substitutions feed each other (a half form into a conjunct)
        added = False
        for inputs, output in rules:
            if output not in texts and all(g in texts for g in inputs):
                texts[output], added = "".join(texts[g] for g in inputs), True
        if not added:
            break
    font._booklet_substituted = texts
    return texts
