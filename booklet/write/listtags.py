"""Nested lists in the structure tree as PDF/UA wants them: inside the item they belong to.

WeasyPrint 70 makes a list nested in an item a child of the outer list (L > L), which
Well-Tagged PDF and screen readers do not expect; `nest_lists()` moves each such L into the
LBody of the item before it (L > LI > LBody > L), as the HTML nests it.
Run before the parent tree is rebuilt from the tree (booklet.write.structure).
"""

from __future__ import annotations

from typing import cast

import pikepdf

from booklet.write.structure import kids as _kids


def nest_lists(pdf: pikepdf.Pdf) -> None:
    """Move every L that is a direct child of an L into the preceding LI's LBody."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        _walk(cast(pikepdf.Dictionary, root))


def _is(kid: object, kind: str) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == kind


def _walk(element: pikepdf.Dictionary) -> None:
    kids = _kids(element)
    if element.get("/S") == "/L" and any(_is(kid, "/L") for kid in kids):
        kept: list[object] = []
        for kid in kids:
            body = _last_body(kept[-1]) if kept and _is(kid, "/L") else None
            if body is None:
                kept.append(kid)
                continue
            cast(pikepdf.Dictionary, kid).P = body
            body.K = pikepdf.Array([*_kids(body), kid])
        element.K = pikepdf.Array(kept)
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _walk(kid)


def _last_body(item: object) -> pikepdf.Dictionary | None:
    """The LBody of a list item, or the item itself when its paragraphs are its direct
    children (None if `item` is not an LI)."""
    if not _is(item, "/LI"):
        return None
    bodies = [kid for kid in _kids(cast(pikepdf.Dictionary, item)) if _is(kid, "/LBody")]
    return cast(pikepdf.Dictionary, bodies[-1] if bodies else item)
