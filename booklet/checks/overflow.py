"""LAYOUT-OVERFLOW: every glyph and box of every page lies inside the page's content area.

The stylesheet wraps long words, URLs and table cells and stacks tables too wide for the page;
this rule is what guarantees the result: text that is in the PDF but off the paper is lost for
the reader. Elements of class `bleed` (and what is inside them) extend past the trim on purpose
and are left out; margin boxes (running header, page number) live in the margins.
"""

from __future__ import annotations

from typing import Any

from booklet.checks.boxes import Placed, placed_boxes, source_line
from booklet.diagnostics import Finding, Severity, SourceLocation
from booklet.model import PaginatedDocument

#: Half a point: borders of collapsed tables and rounding stay within it.
TOLERANCE_PX = 0.75
BLEED_CLASS = "bleed"
_PX_PER_MM = 96 / 25.4


def overflow_findings(paginated: PaginatedDocument) -> list[Finding]:
    """One error per page and source line whose glyphs or boxes leave the content area."""
    edition = paginated.rendered.edition
    found: dict[tuple[int, SourceLocation], tuple[float, str, int]] = {}
    for number, page in enumerate(paginated.document.pages, 1):
        area = _content_area(page)
        for placed in placed_boxes(page):
            if not _drawn(placed.box):
                continue
            past = _past(placed.box, area)
            if past is None or BLEED_CLASS in placed.classes():
                continue
            where = source_line(placed, edition)
            distance, edge = past
            text = (getattr(placed.box, "text", "") or "").replace("\u200b", "")
            glyphs = _glyphs_past(placed, area, text)
            worst, worst_edge, before = found.get((number, where), (0.0, edge, 0))
            if distance > worst:
                worst, worst_edge = distance, edge
            found[(number, where)] = (worst, worst_edge, before + glyphs)
    return [Finding(Severity.ERROR, "LAYOUT-OVERFLOW",
                    f"{'text' if glyphs else 'a box'} runs {distance / _PX_PER_MM:.1f} mm past "
                    f"the {edge} edge of the page's content area"
                    + (f" ({glyphs} glyphs off the page)" if glyphs else ""),
                    "let it wrap (a shorter word, spaces in a long address, fewer table "
                    "columns) or fix the stylesheet rule that makes it wider than the page",
                    where, edition.file_stem, number)
            for (number, where), (distance, edge, glyphs) in found.items()]


def _content_area(page: Any) -> tuple[float, float, float, float]:
    box = page._page_box
    x, y = box.content_box_x(), box.content_box_y()
    return x, y, x + box.width, y + box.height


def _extent(box: Any) -> tuple[float, float, float, float] | None:
    """The box's border box; for text, its advance across and its middle line down (a line's
    height comes from font metrics, and CJK fonts' ascent reaches above the content area)."""
    from weasyprint.formatting_structure import boxes

    try:
        x, y = box.border_box_x(), box.border_box_y()
        width, height = box.border_width(), box.border_height()
    except (AttributeError, TypeError):
        return None
    if isinstance(box, boxes.TextBox):
        return x, y + height / 2, x + width, y + height / 2
    return x, y, x + width, y + height


def _past(box: Any, area: tuple[float, float, float, float]) -> tuple[float, str] | None:
    """How far, and past which edge, the box leaves the area (None: inside)."""
    extent = _extent(box)
    if extent is None or extent[2] - extent[0] <= 0:
        return None
    left, top, right, bottom = area
    overs = [(left - extent[0], "left"), (extent[2] - right, "right"),
             (top - extent[1], "top"), (extent[3] - bottom, "bottom")]
    distance, edge = max(overs)
    return (distance, edge) if distance > TOLERANCE_PX else None


def _glyphs_past(placed: Placed, area: tuple[float, float, float, float], text: str) -> int:
    """About how many of a text box's glyphs lie outside the area (by the box's advance)."""
    extent = _extent(placed.box)
    if not text or extent is None or extent[2] <= extent[0]:
        return 0
    width = extent[2] - extent[0]
    outside = max(0.0, extent[2] - area[2]) + max(0.0, area[0] - extent[0])
    return min(len(text), round(len(text) * min(outside, width) / width))


def _drawn(box: Any) -> bool:
    """Glyphs, images and block-level boxes; line and inline boxes only group glyphs (and
    WeasyPrint 70 leaves stale positions on them in right-to-left lines)."""
    from weasyprint.formatting_structure import boxes

    return not isinstance(box, (boxes.LineBox, boxes.InlineBox))
