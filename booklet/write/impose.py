"""Impose a booklet for saddle stitching: pages two-up on sheets, in folding order (pikepdf).

With `marks`, for a print shop: each sheet side gets 3 mm of bleed around its trim (the
pages' content that runs past their edges, the cover panel's, shows there) and crop and fold
marks in a 12 mm margin outside it; /TrimBox and /BleedBox say where they are. The sheet is
then larger than the paper the booklet is folded from (trimmed after printing).
"""

from __future__ import annotations

import io

import pikepdf


def sheet_order(pages: int, right_to_left: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers of each sheet side: front of sheet 1, back of sheet 1, ...

    Printed double-sided (flip on the short edge), stacked, folded and stapled, the sheets
    give pages 1..`pages` in reading order. A right-to-left booklet binds on the right, so
    each side is mirrored.

    Raises:
        ValueError: `pages` is not a positive multiple of 4.
    """
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, got {pages}")
    sides = []
    for sheet in range(pages // 4):
        front = (pages - 2 * sheet, 1 + 2 * sheet)
        back = (2 + 2 * sheet, pages - 1 - 2 * sheet)
        sides += [front[::-1], back[::-1]] if right_to_left else [front, back]
    return sides


#: Bleed past the trim, and the margin holding the marks outside the trim (points).
BLEED = 3 * 72 / 25.4
MARGIN = 12 * 72 / 25.4


def impose(pdf_bytes: bytes, right_to_left: bool = False, marks: bool = False) -> bytes:
    """Place the pages of `pdf_bytes` two-up on sheets twice as wide, in saddle-stitch order
    (with `marks`, bleed and crop marks around each side)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as source, pikepdf.new() as sheets:
        box = source.pages[0].mediabox
        width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        for left, right in sheet_order(len(source.pages), right_to_left):
            halves = ((source.pages[left - 1], left, 0.0),
                      (source.pages[right - 1], right, width))
            if marks:
                _add_marked_side(sheets, halves, width, height)
            else:
                _add_side(sheets, halves, width, height)
        with sheets.open_metadata(set_pikepdf_as_editor=False) as meta, \
                source.open_metadata() as original:
            for key in ("dc:title", "dc:creator", "dc:language"):
                if key in original:
                    meta[key] = original[key]
        if "/Lang" in source.Root:
            sheets.Root.Lang = source.Root.Lang
        out = io.BytesIO()
        sheets.save(out, deterministic_id=True)
        return out.getvalue()


def _add_side(sheets: pikepdf.Pdf, halves: tuple[tuple[pikepdf.Page, int, float], ...],
              width: float, height: float) -> None:
    """Add a sheet side with each booklet page drawn at its x offset, under a fixed resource
    name (Page.add_overlay picks a random one, so the same booklet gave different bytes).

    The side gets one content stream holding both placements: a blank page's own empty
    stream, written as /FlateDecode with no data, is an error to Ghostscript and MuPDF.
    """
    forms = pikepdf.Dictionary()
    content = b""
    side = pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page,
                                           MediaBox=[0, 0, 2 * width, height]))
    for page, number, x in halves:
        form = page.as_form_xobject()
        name = pikepdf.Name(f"/Page{number}")
        forms[name] = sheets.copy_foreign(form) if form.is_indirect else form
        content += side.calc_form_xobject_placement(
            form, name, pikepdf.Rectangle(x, 0, x + width, height),
            invert_transformations=True, allow_shrink=True, allow_expand=True)
    side.obj.Resources = pikepdf.Dictionary(XObject=forms)
    side.obj.Contents = sheets.make_stream(content)
    sheets.pages.append(side)


def _add_marked_side(sheets: pikepdf.Pdf, halves: tuple[tuple[pikepdf.Page, int, float], ...],
                     width: float, height: float) -> None:
    """A sheet side with bleed and marks: each page shows BLEED past its outer edges (not
    over the fold), the trim sits MARGIN inside the sheet's edges."""
    forms = pikepdf.Dictionary()
    content = b""
    for page, number, x in halves:
        form = page.as_form_xobject()
        left_half = x == 0.0
        form.BBox = pikepdf.Array([-BLEED if left_half else 0.0, -BLEED,
                                   width + (0.0 if left_half else BLEED), height + BLEED])
        name = pikepdf.Name(f"/Page{number}")
        forms[name] = sheets.copy_foreign(form) if form.is_indirect else form
        content += f"q 1 0 0 1 {_n(MARGIN + x)} {_n(MARGIN)} cm {name} Do Q\n".encode()
    content += _marks(width, height)
    trim = [MARGIN, MARGIN, MARGIN + 2 * width, MARGIN + height]
    side = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, _n(2 * width + 2 * MARGIN), _n(height + 2 * MARGIN)],
        TrimBox=[_n(v) for v in trim],
        BleedBox=[_n(trim[0] - BLEED), _n(trim[1] - BLEED), _n(trim[2] + BLEED),
                  _n(trim[3] + BLEED)]))
    side.obj.Resources = pikepdf.Dictionary(XObject=forms)
    side.obj.Contents = sheets.make_stream(content)
    sheets.pages.append(side)


def _marks(width: float, height: float) -> bytes:
    """Crop marks at the trim's four corners and fold marks at the middle of the top and
    bottom edges: hairlines in all four inks (registration), from BLEED outside the trim to
    1 mm before the sheet's edge."""
    near, far = BLEED, MARGIN - 72 / 25.4
    left, right, bottom, top = MARGIN, MARGIN + 2 * width, MARGIN, MARGIN + height
    lines = []
    for x, out_x in ((left, -1), (right, 1)):
        for y, out_y in ((bottom, -1), (top, 1)):
            lines.append((x + out_x * near, y, x + out_x * far, y))  # along the edge
            lines.append((x, y + out_y * near, x, y + out_y * far))
    fold = MARGIN + width
    lines += [(fold, top + near, fold, top + far), (fold, bottom - near, fold, bottom - far)]
    path = "".join(f"{_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l\n" for x1, y1, x2, y2 in lines)
    return f"q 0.25 w 1 1 1 1 K\n{path}S Q\n".encode()


def _n(value: float) -> float:
    """A coordinate rounded to a thousandth of a point (stable bytes)."""
    return round(value, 3)
