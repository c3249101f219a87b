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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from booklet.write.anchors import anchor_words
from booklet.write.emit import emit, mark_edges
from booklet.write.glyphs import COMPLEX, INDIC, Cluster, Glyph, Unit
from booklet.write.letters import assign

#: sha256 of the source of `weasyprint.draw.text.draw_first_line` this module was written
#: for (WeasyPrint 70.0); tests/write/test_actualtext.py fails when it changes.
PATCHED_SOURCE_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"

_TOKEN = re.compile(rb"<([0-9A-Fa-f]*)>|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


@contextmanager
def actual_text() -> Iterator[None]:
    """While active, WeasyPrint draws text in logical order with /ActualText where needed."""
    from weasyprint.draw import text

    original = text.draw_first_line

    def draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
        start, font = len(stream.stream), getattr(stream, "_current_font", None)
        emojis = original(stream, textbox, *args)
        if len(stream.stream) > start and _COMPLEX_TEXT.search(textbox.text) is not None \
                and _fills(stream.stream, start):
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


#: Text that may need the rewrite: anything beyond Latin letters without combining marks
#: (Basic Latin to IPA: precomposed letters), general punctuation, currency and letterlike
#: signs. A line of only those is drawn left to right, a glyph per letter or one glyph for a
#: ligature that WeasyPrint maps to its letters, so the rewrite would change nothing.
_COMPLEX_TEXT = re.compile("[^\u0000-\u02ff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def _fills(ops: list[Any], start: int) -> bool:
    """The text drawn from `start` on is filled (text render mode 0, as HTML text is): the
    rewrite's invisible letters end in `0 Tr`, which would fill SVG text drawn outlined or
    invisible (`1 Tr`, `3 Tr`, set before the line), so such text is left as it is."""
    for op in reversed(ops[:start]):
        if isinstance(op, bytes) and op.endswith(b" Tr"):  # the last one (emit's end in 0 Tr)
            return op.split()[-2:] == [b"0", b"Tr"]
        if op == b"BT":
            break
    return True


def source_sha256() -> str:
    """sha256 of the source of WeasyPrint's `draw_first_line` as installed."""
    from weasyprint.draw import text

    return hashlib.sha256(inspect.getsource(text.draw_first_line).encode()).hexdigest()


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
        changed |= assign(cluster, fonts)
    units = _units(sorted(clusters, key=lambda c: c.offset))
    changed |= anchor_words(units, fonts)
    changed |= mark_edges(units, fonts)
    drawn = [g for unit in units for g in unit.glyphs]
    if not changed and drawn == glyphs and not any(unit.span for unit in units):
        return None
    return [head, *emit(units)]


def _parse(ops: list[Any], fonts: dict[bytes, Any],
           font: tuple[str, float] | None) -> tuple[bytes, list[Glyph]]:
    """The text matrix operator and the glyphs that `ops` draw, in drawing order."""
    if not ops or not isinstance(ops[0], bytes) or not ops[0].endswith(b" Tm"):
        raise _UnexpectedError
    glyphs: list[Glyph] = []
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
                    glyphs.append(Glyph(hex_id, font_name, size, rise, x, advance))
                    x += advance
        else:
            raise _UnexpectedError
    return ops[0], glyphs


def _clusters(textbox: Any, glyphs: list[Glyph]) -> list[Cluster]:
    """The clusters of the line just drawn, each with its glyphs (Pango's runs)."""
    from weasyprint.text.ffi import ffi, pango

    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    clusters: list[Cluster] = []
    drawn = iter(glyphs)
    run = line.runs[0]
    while run != ffi.NULL:
        item = run.data.item
        glyph_string = run.data.glyphs
        run = run.next
        starts = [glyph_string.log_clusters[i] for i in range(glyph_string.num_glyphs)]
        bounds = [*sorted(set(starts)), item.length]
        rtl = bool(item.analysis.level % 2)
        by_start: dict[int, Cluster] = {}
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
                cluster = by_start[start] = Cluster(text, begin, rtl)
                clusters.append(cluster)
            glyph.rtl = rtl
            cluster.glyphs.append(glyph)
    if next(drawn, None) is not None:
        raise _UnexpectedError
    return clusters


def _units(clusters: list[Cluster]) -> list[Unit]:
    """`clusters` (in logical order) grouped: a letter with the marks that follow it (an Indic
    word whole). Units stay small: poppler lays the text of a span out left to right over the
    span, so a span of several right-to-left letters comes out reversed."""
    groups: list[list[Cluster]] = []
    for cluster in clusters:
        previous = groups[-1][-1] if groups else None
        joins = (previous is not None and previous.rtl == cluster.rtl
                 and (unicodedata.category(cluster.text[:1])[:1] == "M"
                      or (INDIC.search(previous.text) is not None
                          and INDIC.search(cluster.text) is not None)))
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
            COMPLEX.search(text) is not None
            or "".join(g.letters for g in glyphs) != text   # in stream order (MuPDF)
            or "".join(g.letters for g in read) != text)
        if span and group[0].rtl and len(_bare(text)) > 1 \
                and "".join(g.letters for g in glyphs) == text \
                and _bare("".join(g.letters for g in read)) == _bare(text):
            span = False  # a span of several RTL letters reads reversed: only marks moved
        composed = unicodedata.normalize("NFC", text)
        if group[0].rtl and composed != text:  # alef + hamza below: U+0625, whole
            text, span = composed, True
        units.append(Unit(text, glyphs, span))
    return units


def _bare(text: str) -> str:
    """`text` without its combining marks (Mn)."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


