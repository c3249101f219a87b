"""LAYOUT-OVERFLOW: every glyph and box of every page lies inside the page's content area.

The stylesheet wraps long words, URLs and table cells and stacks tables too wide for the page;
this rule is what guarantees the result: text that is in the PDF but off the paper is lost for
the reader. An element of class `bleed` extends past the trim on purpose: its own box is left
out, not what is inside it (the cover title on its panel). Margin boxes (running header, page
number) live in the margins: their text must stay on the paper.
"""

from __future__ import annotations

from typing import Any

from booklet.checks.boxes import Placed, placed_boxes, source_line
from booklet.diagnostics import Finding, Severity, SourceLocation
from booklet.model import Edition, PaginatedDocument

#: Half a point: borders of collapsed tables and rounding stay within it.
TOLERANCE_PX = 0.75
BLEED_CLASS = "bleed"
_PX_PER_MM = 96 / 25.4
_HINT = ("let it wrap (a shorter word, spaces in a long address, fewer table columns) or fix "
         "the stylesheet rule that makes it wider than the page")
_MARGIN_HINT = ("the running header or page number leaves the paper: shorten the section "
                "title, or fix the stylesheet's @page margin-box rule (it keeps the header to "
                "two lines)")


def overflow_findings(paginated: PaginatedDocument) -> list[Finding]:
    """One error per page and source line whose glyphs or boxes leave the content area (or,
    for the running header and page number, the paper)."""
    edition = paginated.rendered.edition
    found: dict[tuple[int, SourceLocation], tuple[float, str, int, str]] = {}

    def record(number: int, where: SourceLocation, past: tuple[float, str], glyphs: int,
               area: str) -> None:
        worst, worst_edge, before, _ = found.get((number, where), (0.0, past[1], 0, area))
        if past[0] > worst:
            worst, worst_edge = past
        found[(number, where)] = (worst, worst_edge, before + glyphs, area)

    for number, page in enumerate(paginated.document.pages, 1):
        content = _content_area(page)
        for placed in placed_boxes(page):
            if not _drawn(placed.box):
                continue
            past = _past(placed.box, content)
            if past is None or BLEED_CLASS in _own_classes(placed):
                continue
            text = (getattr(placed.box, "text", "") or "").replace("\u200b", "")
            record(number, source_line(placed, edition), past,
                   _glyphs_past(placed, content, text), "page's content area")
        paper = (0.0, 0.0, page.width, page.height)
        for placed in _margin_text(page):
            past = _past(placed.box, paper, glyphs=True)
            if past is not None:
                text = placed.box.text.replace("\u200b", "")
                record(number, _header_source(text, edition), past,
                       _glyphs_past(placed, paper, text), "page")
    return [Finding(Severity.ERROR, "LAYOUT-OVERFLOW",
                    f"{'text' if glyphs or area == 'page' else 'a box'} runs "
                    f"{distance / _PX_PER_MM:.1f} mm past the {edge} edge of the {area}"
                    + (f" ({glyphs} glyphs off the page)" if glyphs else ""),
                    _MARGIN_HINT if area == "page" else _HINT,
                    where, edition.file_stem, number)
            for (number, where), (distance, edge, glyphs, area) in found.items()]


def _own_classes(placed: Placed) -> set[str]:
    """The classes of the box's own element, not of its ancestors."""
    return set((placed.elements[-1].get("class") or "").split()) if placed.elements else set()


def _margin_text(page: Any) -> list[Placed]:
    """The text boxes of a page's margin boxes (running header, page number, draft mark)."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any) -> list[Placed]:
        if isinstance(box, boxes.TextBox):
            return [Placed(box, ())]
        return [found for child in getattr(box, "children", ()) for found in walk(child)]

    return [found for child in page._page_box.children if isinstance(child, boxes.MarginBox)
            for found in walk(child)]


def _header_source(text: str, edition: Edition) -> SourceLocation:
    """The section whose title the margin text begins (the running header), else the
    metadata."""
    start = text.rstrip("\u2026").strip()[:20]
    section = next((s for s in edition.sections if start and s.title.startswith(start)), None)
    return section.location if section else edition.metadata.location


def _content_area(page: Any) -> tuple[float, float, float, float]:
    box = page._page_box
    x, y = box.content_box_x(), box.content_box_y()
    return x, y, x + box.width, y + box.height


def _extent(box: Any, glyphs: bool = False) -> tuple[float, float, float, float] | None:
    """The box's border box; for text, its advance across and its middle line down (a line's
    height comes from font metrics, and CJK fonts' ascent reaches above the content area),
    or with `glyphs` (margin boxes: on the paper, not in the content area) its letters'
    height, 0.75 em above the baseline to 0.25 em below (Burmese fonts' line metrics are
    twice the font size)."""
    from weasyprint.formatting_structure import boxes

    try:
        x, y = box.border_box_x(), box.border_box_y()
        width, height = box.border_width(), box.border_height()
    except (AttributeError, TypeError):
        return None
    if isinstance(box, boxes.TextBox) and glyphs:
        baseline, size = y + (box.baseline or 0), box.style["font_size"]
        return x, baseline - 0.75 * size, x + width, baseline + 0.25 * size
    if isinstance(box, boxes.TextBox):
        return x, y + height / 2, x + width, y + height / 2
    return x, y, x + width, y + height


def _past(box: Any, area: tuple[float, float, float, float],
          glyphs: bool = False) -> tuple[float, str] | None:
    """How far, and past which edge, the box leaves the area (None: inside)."""
    extent = _extent(box, glyphs)
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
