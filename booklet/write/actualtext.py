"""A text layer that gives the source text back: logical glyph order, /ActualText per cluster.

WeasyPrint 70.0 draws each line of text in visual order and maps each glyph to Unicode once,
the first time it draws it (`weasyprint.draw.text.draw_first_line`). Copy, search and screen
readers then get wrong words where the glyphs are not the letters one for one: the pre-base
vowel signs of Indic scripts (ਜਿ is drawn ਿ then ਜ), ligatures and conjuncts, every
right-to-left line (read by stream order, it comes out reversed).

`actual_text()` wraps that function for the duration of a write. After WeasyPrint has drawn a
line, the operators it appended are rewritten, with what Pango knows of the line (each glyph's
cluster of source text):
- the glyphs are drawn in logical order (each at the position WeasyPrint gave it), so tools
  that read the stream in order (MuPDF) read right-to-left text and reordered clusters in
  the order it was written;
- each glyph that stands for letters of its own font's character map is mapped to them
  (ToUnicode), the rest to the remaining letters of their cluster;
- a cluster whose glyphs still do not spell its text, every cluster of Thai, Lao, Myanmar
  and Khmer (poppler orders their marks by position) and every word of an Indic script
  (a reph or a pre-base vowel, drawn apart, ends up in another word or line), is wrapped in
  `/Span <</ActualText (text)>> BDC ... EMC` (honoured by poppler, Acrobat, pdf.js).
What is drawn does not change: every glyph keeps its position, font, size and rise.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from booklet.write.anchors import anchor_words
from booklet.write.fontmaps import (
    claimed,
    nominal_glyphs,
    register,
    reverse_cmap,
    substituted_texts,
)

#: sha256 of the source of `weasyprint.draw.text.draw_first_line` this module was written
#: for (WeasyPrint 70.0); tests/write/test_actualtext.py fails when it changes.
PATCHED_SOURCE_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"

#: How far (in text space, 1/100 px) a zero-width glyph of right-to-left text is moved in the
#: reading direction: drawn in logical order at the very origin of the glyph before it (the
#: alef of a lam-alef), it made poppler split the line; 1/100 px is far below any device pixel.
_NUDGE = 0.01

#: Horizontal scaling (Tz, percent) of the invisible letters of a ligature.
_SQUEEZE = 1

_TOKEN = re.compile(rb"<([0-9A-Fa-f]*)>|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


@contextmanager
def actual_text() -> Iterator[None]:
    """While active, WeasyPrint draws text in logical order with /ActualText where needed."""
    from weasyprint.draw import text

    original = text.draw_first_line

    def draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
        start, font = len(stream.stream), getattr(stream, "_current_font", None)
        emojis = original(stream, textbox, *args)
        if len(stream.stream) > start:
            rewritten = _rewrite(stream, textbox, stream.stream[start:], font)
            if rewritten is not None:
                stream.stream[start:] = rewritten
                stream._current_font = None  # the font set last may differ: the next sets its own
        return emojis

    text.draw_first_line = draw_first_line
    try:
        yield
    finally:
        text.draw_first_line = original


def source_sha256() -> str:
    """sha256 of the source of WeasyPrint's `draw_first_line` as installed."""
    from weasyprint.draw import text

    return hashlib.sha256(inspect.getsource(text.draw_first_line).encode()).hexdigest()


@dataclass
class _Glyph:
    """One glyph as drawn: its id (hex, as written), state and start position (text space)."""

    hex: bytes
    font: bytes
    size: float
    rise: bytes
    x: float
    advance: float
    text: str = ""     # what the glyph maps to (ToUnicode) after `_assign`
    order: float = 0   # logical position inside its cluster
    rtl: bool = False  # in a right-to-left run
    extra: list[tuple[bytes, float, str]] = field(default_factory=list)
    """Letters drawn invisibly after it: (glyph id, width in 1/1000 em, letter)."""

    @property
    def letters(self) -> str:
        """What text tools read from it: its ToUnicode and its invisible letters."""
        return self.text + "".join(letter for _, _, letter in self.extra)


@dataclass
class _Cluster:
    """Glyphs that stand together for one piece of source text."""

    text: str
    offset: int
    rtl: bool
    glyphs: list[_Glyph] = field(default_factory=list)


class _UnexpectedError(Exception):
    """The operators are not the ones this module knows how to rewrite."""


def _rewrite(stream: Any, textbox: Any, ops: list[Any],
             font: tuple[str, float] | None) -> list[Any] | None:
    """The operators `ops` drawn in logical order with /ActualText, or None to keep them
    (`font`: the font and size set before them, which WeasyPrint does not set again)."""
    fonts = {font.hash.encode() if isinstance(font.hash, str) else font.hash: font
             for font in stream._fonts.values()}
    try:
        head, glyphs = _parse(ops, fonts, font)
        clusters = _clusters(textbox, glyphs)
    except _UnexpectedError:
        return None
    changed = False
    for cluster in clusters:
        changed |= _assign(cluster, fonts)
    units = _units(sorted(clusters, key=lambda c: c.offset))
    changed |= anchor_words(units, fonts)
    changed |= _mark_edges(units, fonts)
    drawn = [g for unit in units for g in unit.glyphs]
    if not changed and drawn == glyphs and not any(unit.span for unit in units):
        return None
    return [head, *_emit(units)]


def _parse(ops: list[Any], fonts: dict[bytes, Any],
           font: tuple[str, float] | None) -> tuple[bytes, list[_Glyph]]:
    """The text matrix operator and the glyphs that `ops` draw, in drawing order."""
    if not ops or not isinstance(ops[0], bytes) or not ops[0].endswith(b" Tm"):
        raise _UnexpectedError
    glyphs: list[_Glyph] = []
    font_name, size = (str(font[0]).encode(), float(font[1])) if font else (b"", 0.0)
    rise, x = b"0", 0.0
    for op in ops[1:]:
        if not isinstance(op, bytes):
            raise _UnexpectedError
        if op.endswith(b" Tf"):
            name, value, _ = op.split(b" ")
            font_name, size = name[1:], float(value)
        elif op.endswith(b" Ts"):
            rise = op[:-3]
        elif op.startswith(b"[") and op.endswith(b"] TJ"):
            font = fonts.get(font_name)
            if font is None:
                raise _UnexpectedError
            width = 2 if font.bitmap else 4
            for match in _TOKEN.finditer(op[1:-4]):
                if match[1] is None:
                    x -= float(match[2]) * size / 1000
                    continue
                for i in range(0, len(match[1]), width):
                    hex_id = match[1][i:i + width]
                    advance = font.widths.get(int(hex_id, 16), 0) * size / 1000
                    glyphs.append(_Glyph(hex_id, font_name, size, rise, x, advance))
                    x += advance
        else:
            raise _UnexpectedError
    return ops[0], glyphs


def _clusters(textbox: Any, glyphs: list[_Glyph]) -> list[_Cluster]:
    """The clusters of the line just drawn, each with its glyphs (Pango's runs)."""
    from weasyprint.text.ffi import ffi, pango

    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    clusters: list[_Cluster] = []
    drawn = iter(glyphs)
    run = line.runs[0]
    while run != ffi.NULL:
        item = run.data.item
        glyph_string = run.data.glyphs
        run = run.next
        starts = [glyph_string.log_clusters[i] for i in range(glyph_string.num_glyphs)]
        bounds = [*sorted(set(starts)), item.length]
        rtl = bool(item.analysis.level % 2)
        by_start: dict[int, _Cluster] = {}
        for i, start in enumerate(starts):
            if glyph_string.glyphs[i].glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            glyph = next(drawn, None)
            if glyph is None:
                raise _UnexpectedError
            cluster = by_start.get(start)
            if cluster is None:
                end = bounds[bounds.index(start) + 1]
                begin = item.offset + start
                text = utf8[begin:item.offset + end].decode("utf-8", "replace")
                cluster = by_start[start] = _Cluster(text, begin, rtl)
                clusters.append(cluster)
            glyph.rtl = rtl
            cluster.glyphs.append(glyph)
    if next(drawn, None) is not None:
        raise _UnexpectedError
    return clusters


def _assign(cluster: _Cluster, fonts: dict[bytes, Any]) -> bool:
    """Map each glyph of `cluster` to its letters and give it its logical place.

    True when a glyph's ToUnicode changed.
    """
    font = fonts[cluster.glyphs[0].font]
    glyphs = cluster.glyphs
    split = _INDIC.search(cluster.text) is not None and unicodedata.normalize(
        "NFD", cluster.text) != cluster.text
    if len(glyphs) == 1 and len(cluster.text) == 1 and not split:
        glyph = glyphs[0]
        glyph.text = font.to_unicode.get(int(glyph.hex, 16), "")
        return False
    # a split vowel (Bengali ো, Tamil ொ) is its two parts, as the font draws it: each part's
    # glyph, shared with the vowel it is on its own (া, ா), keeps that vowel's text
    chars = list(unicodedata.normalize("NFD", cluster.text) if split else cluster.text)
    owner: list[_Glyph | None] = [None] * len(chars)
    others: list[_Glyph] = []
    misplaced: list[_Glyph] = []
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
    if _INDIC.search(cluster.text) is not None:
        others = [g for g in others if not _own_substituted(g, chars, owner, fonts)]
    rest = [j for j, o in enumerate(owner) if o is None]
    wanted = "".join(chars[j] for j in rest)
    for k, glyph in enumerate(others):
        glyph.text = wanted if k == 0 else ""
        if not glyph.text and _INDIC.search(cluster.text) is not None:
            # rather its own letters (a pre-base vowel's variant filed under its consonant)
            # than none, which MuPDF reads as U+FFFD
            glyph.text = substituted_texts(fonts[glyph.font]).get(int(glyph.hex, 16), "")
        if k == 0 and cluster.rtl and len(wanted) > 1 \
                and nominal_glyphs(fonts[glyph.font], wanted[1:]) is not None:
            glyph.text = wanted[0]  # a ligature (lam-alef): its other letters drawn invisibly
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
    return changed


def _own_substituted(glyph: _Glyph, chars: list[str], owner: list[_Glyph | None],
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


def _add_invisible(glyph: _Glyph, font: Any, letters: str) -> bool:
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


@dataclass
class _Unit:
    """Clusters drawn together, under one /ActualText when their glyphs do not spell them."""

    text: str
    glyphs: list[_Glyph]
    span: bool
    anchor: tuple[bytes, float, float, float] | None = None
    """An invisible glyph carrying the span's text on the baseline (booklet.write.anchors):
    its id, width (1/1000 em), x and the width it is scaled to; the glyphs then carry none."""
    edges: tuple[bytes, float, float, float] | None = None
    """Invisible spaces that make a left-to-right span's first glyph start at its left edge
    and its last end at its right edge (`_mark_edges`): id, width (1/1000 em), left, right."""


def _units(clusters: list[_Cluster]) -> list[_Unit]:
    """`clusters` (in logical order) grouped: a letter with the marks that follow it (an Indic
    word whole). Units stay small: poppler lays the text of a span out left to right over the
    span, so a span of several right-to-left letters comes out reversed."""
    groups: list[list[_Cluster]] = []
    for cluster in clusters:
        previous = groups[-1][-1] if groups else None
        joins = (previous is not None and previous.rtl == cluster.rtl
                 and (unicodedata.category(cluster.text[:1])[:1] == "M"
                      or (_INDIC.search(previous.text) is not None
                          and _INDIC.search(cluster.text) is not None)))
        if joins:
            groups[-1].append(cluster)
        else:
            groups.append([cluster])
    units = []
    for group in groups:
        text = "".join(c.text for c in group)
        glyphs = [g for c in group for g in sorted(c.glyphs, key=lambda g: g.order)]
        read = sorted(glyphs, key=lambda g: g.x, reverse=group[0].rtl)  # by position (poppler)
        span = not text.isspace() and (
            _COMPLEX.search(text) is not None
            or "".join(g.letters for g in glyphs) != text   # in stream order (MuPDF)
            or "".join(g.letters for g in read) != text)
        if span and group[0].rtl and len(_bare(text)) > 1 \
                and "".join(g.letters for g in glyphs) == text \
                and _bare("".join(g.letters for g in read)) == _bare(text):
            span = False  # a span of several RTL letters reads reversed: only marks moved
        composed = unicodedata.normalize("NFC", text)
        if group[0].rtl and composed != text:  # alef + hamza below: U+0625, whole
            text, span = composed, True
        units.append(_Unit(text, glyphs, span))
    return units


#: Scripts whose clusters poppler does not read back from their glyphs however they are
#: mapped (it orders marks by position, or files a reph under another word): Indic (Devanagari
#: to Malayalam), Thai, Lao, Myanmar, Khmer. Each of their clusters gets an /ActualText span,
#: each Indic word one span (`_INDIC`).
_COMPLEX = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uaa60-\uaa7f]")


_INDIC = re.compile("[\u0900-\u0dff]")


def _bare(text: str) -> str:
    """`text` without its combining marks (Mn)."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _mark_edges(units: list[_Unit], fonts: dict[bytes, Any]) -> bool:
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


def _emit(units: list[_Unit]) -> Iterator[bytes]:
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
            gx = glyph.x - (_NUDGE if glyph.rtl and glyph.advance == 0 else 0)
            if abs(gx - pen) > 1e-9:
                shown.append(_number((pen - gx) * 1000 / size))
            shown.append(b"<" + glyph.hex + b">")
            pen = gx + glyph.advance
            for hex_id, width, _ in glyph.extra:  # invisible, 1/100 wide, just left of it
                narrow = width * size / 1000 * _SQUEEZE / 100
                gx -= narrow + _NUDGE
                shown.append(_number((pen - gx) * 1000 / size))
                yield from flush()
                yield b"3 Tr " + _number(_SQUEEZE) + b" Tz [<" + hex_id + b">] TJ 100 Tz 0 Tr"
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


def _edge(unit: _Unit, edges: tuple[bytes, float, float, float], side: int, font: bytes,
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
    narrow = width * size / 1000 * _SQUEEZE / 100
    x = left if side == 2 else right - narrow
    yield b"[" + _number((pen - x) * 1000 / size) + b"] TJ 3 Tr " + _number(_SQUEEZE) \
        + b" Tz [<" + hex_id + b">] TJ 100 Tz 0 Tr"
    return font, size, rise, x + narrow


def _number(value: float) -> bytes:
    """A PDF number, short and exact enough (1e-6 of a unit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()
