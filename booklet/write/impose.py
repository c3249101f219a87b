"""Impose a booklet for saddle stitching: pages two-up on sheets, in folding order (pikepdf)."""

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


def impose(pdf_bytes: bytes, right_to_left: bool = False) -> bytes:
    """Place the pages of `pdf_bytes` two-up on sheets twice as wide, in saddle-stitch order."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as source, pikepdf.new() as sheets:
        box = source.pages[0].mediabox
        width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        for left, right in sheet_order(len(source.pages), right_to_left):
            _add_side(sheets, ((source.pages[left - 1], left, 0.0),
                               (source.pages[right - 1], right, width)), width, height)
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
