"""Which letters each glyph of a cluster stands for (its ToUnicode), and its logical place:
booklet.write.actualtext's mapping of glyphs to text."""

from __future__ import annotations

import unicodedata
from typing import Any

from booklet.write.fontmaps import (
    claimed,
    nominal_glyphs,
    register,
    reverse_cmap,
    substituted_texts,
)
from booklet.write.glyphs import INDIC, Cluster, Glyph


def assign(cluster: Cluster, fonts: dict[bytes, Any]) -> bool:
    """Map each glyph of `cluster` to its letters and give it its logical place.

    True when a glyph's ToUnicode changed.
    """
    font = fonts[cluster.glyphs[0].font]
    glyphs = cluster.glyphs
    indic = INDIC.search(cluster.text) is not None
    split = indic and unicodedata.normalize("NFD", cluster.text) != cluster.text
    if len(glyphs) == 1 and len(cluster.text) == 1 and not split:
        glyph = glyphs[0]
        glyph.text = font.to_unicode.get(int(glyph.hex, 16), "")
        return False
    # a split vowel (Bengali ো, Tamil ொ) is its two parts, as the font draws it: each part's
    # glyph, shared with the vowel it is on its own (া, ா), keeps that vowel's text
    chars = list(unicodedata.normalize("NFD", cluster.text) if split else cluster.text)
    owner: list[Glyph | None] = [None] * len(chars)
    others: list[Glyph] = []
    misplaced: list[Glyph] = []
    for glyph in glyphs:
        nominal = reverse_cmap(fonts[glyph.font]).get(int(glyph.hex, 16), set())
        index = next((j for j, c in enumerate(chars) if owner[j] is None and c in nominal), None)
        if index is not None:
            owner[index], glyph.text, glyph.order = glyph, chars[index], index
        elif nominal:  # a letter's own glyph standing for another one here (a split vowel)
            glyph.text, glyph.order = min(nominal), len(chars) + len(misplaced)
            misplaced.append(glyph)
        else:
            others.append(glyph)
    if indic:
        others = [g for g in others if not _own_substituted(g, chars, owner, fonts)]
    rest = [j for j, o in enumerate(owner) if o is None]
    wanted = "".join(chars[j] for j in rest)
    for k, glyph in enumerate(others):
        glyph.text = wanted if k == 0 else ""
        if not glyph.text and indic:
            # rather its own letters (a pre-base vowel's variant filed under its consonant)
            # than none, which MuPDF reads as U+FFFD
            glyph.text = substituted_texts(fonts[glyph.font]).get(int(glyph.hex, 16), "")
        if k == 0 and cluster.rtl and len(wanted) > 1 \
                and nominal_glyphs(fonts[glyph.font], wanted[1:]) is not None:
            glyph.text = wanted[0]  # a ligature (lam-alef): its other letters drawn invisibly
        if k == 0 and not cluster.rtl and indic \
                and len(runs := _runs(rest)) > 1:
            glyph.text = "".join(chars[j] for j in runs[0])  # the others: _split_letters
        glyph.order = (rest[0] if rest else len(chars)) + k / (len(others) + 1)
    changed = False
    for glyph in glyphs:
        font = fonts[glyph.font]
        gid = int(glyph.hex, 16)
        mine = claimed(font)
        if gid not in mine:
            mine.add(gid)
            if font.to_unicode.get(gid) != glyph.text:
                font.to_unicode[gid], changed = glyph.text, True
        glyph.text = font.to_unicode.get(gid, "")
    if others and cluster.rtl and len(others[0].text) < len(wanted) \
            and wanted.startswith(others[0].text):
        changed |= _add_invisible(others[0], fonts[others[0].font], wanted[len(others[0].text):])
    if others and not cluster.rtl and indic:
        changed |= _split_letters(others[0], chars, owner, rest, fonts)
    return changed


def _own_substituted(glyph: Glyph, chars: list[str], owner: list[Glyph | None],
                     fonts: dict[bytes, Any]) -> bool:
    """Give `glyph` the letters of `chars` (none owned yet, in a row) that its font's
    substitutions make it of (a half form, a conjunct, a vowel sign's variant): True if so.
    MuPDF, which reads each glyph's ToUnicode, then reads an Indic conjunct's parts right."""
    letters = substituted_texts(fonts[glyph.font]).get(int(glyph.hex, 16), "")
    if not letters:
        return False
    for j in range(len(chars) - len(letters) + 1):
        if "".join(chars[j:j + len(letters)]) == letters \
                and all(o is None for o in owner[j:j + len(letters)]):
            owner[j:j + len(letters)] = [glyph] * len(letters)
            glyph.text, glyph.order = letters, j
            return True
    return False


def _split_letters(glyph: Glyph, chars: list[str], owner: list[Glyph | None],
                   rest: list[int], fonts: dict[bytes, Any]) -> bool:
    """An Indic glyph standing for letters that lie apart (a reph with the vowel sign after
    the consonant, र्…ों in र्यों, drawn as one glyph): it keeps the first run of them, and
    each later run is drawn invisibly after the glyph of the letter before it, so that tools
    that read glyphs in stream order (MuPDF) read the letters in order. True when a
    ToUnicode entry was added."""
    runs = _runs(rest)
    first = "".join(chars[j] for j in runs[0]) if runs else ""
    if len(runs) < 2 or glyph.text != first:
        return False
    font = fonts[glyph.font]
    changed = False
    for run in runs[1:]:
        before = owner[run[0] - 1]
        letters = nominal_glyphs(font, "".join(chars[j] for j in run))
        if before is None or before.font != glyph.font or letters is None:
            continue
        before.extra += letters
        changed |= any([register(font, found) for found in letters])
    return changed


def _runs(indices: list[int]) -> list[list[int]]:
    """`indices` (ascending) in runs of consecutive ones."""
    runs: list[list[int]] = []
    for j in indices:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def _add_invisible(glyph: Glyph, font: Any, letters: str) -> bool:
    """Draw `letters` invisibly after `glyph` (right-to-left ligatures).

    poppler lays the letters of one glyph out left to right, so a lam-alef glyph mapped to
    "لا" reads "ال" in right-to-left text; mapped to "ل", with an invisible alef just left of
    it, it reads "لا" with poppler and MuPDF alike. True when a ToUnicode entry was added.
    """
    extra = nominal_glyphs(font, letters)
    if extra is None:
        return False
    glyph.extra = extra
    return any([register(font, found) for found in extra])
