"""Complete WeasyPrint's PDF/UA tagging: /Lang of parts, header-cell /Scope, artifacts.

WeasyPrint 70 leaves three gaps (README, "Accessible PDF"): element-level `lang` is not
written, header cells get no /Scope, and running headers and page numbers are marked content
outside the structure tree (neither tagged nor artifact).

- `language_and_scope()` wraps WeasyPrint's structure-tree builder for the duration of a
  write: every structure element made from an HTML element with a `lang` attribute gets
  /Lang, and every TH gets /Scope from its `scope` attribute (Column by default).
- `mark_artifacts()` post-processes the written PDF with pikepdf: marked content that no
  structure element refers to becomes /Artifact content.

Neither changes what is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import pikepdf

from booklet.write.patching import replacing


@contextmanager
def language_and_scope() -> Iterator[None]:
    """While active, WeasyPrint's tagging writes /Lang and /Scope (WeasyPrint 70.0 only)."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box: Any, *args: Any) -> Iterator[Any]:
        html = getattr(box, "element", None)
        for element in original(box, *args):
            if html is not None and getattr(box, "element_tag", None) != "html":
                if lang := html.attrib.get("lang"):
                    element["Lang"] = pydyf.String(lang)
                if element.get("S") == "/TH" and "A" in element:
                    scope = html.attrib.get("scope", "col")
                    element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
            yield element

    with replacing(tags, "_build_box_tree", build):
        yield


def mark_artifacts(pdf: pikepdf.Pdf) -> None:
    """Turn marked content that no structure element refers to into /Artifact content."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
    tagged: set[tuple[int, int]] = set()
    _collect_mcids(cast(pikepdf.Dictionary, root), None, pages, tagged)
    for number, page in enumerate(pdf.pages, 1):
        _rewrite(pdf, page, {mcid for p, mcid in tagged if p == number})


def _collect_mcids(element: pikepdf.Dictionary, page: int | None,
                   pages: dict[tuple[int, int], int], found: set[tuple[int, int]]) -> None:
    """The (page, MCID) pairs that the structure tree under `element` refers to."""
    own = element.get("/Pg")
    if own is not None:
        page = pages.get(own.objgen, page)
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in items:
        if isinstance(kid, int):
            if page is not None:
                found.add((page, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                mcr_page = kid.get("/Pg")
                number = pages.get(mcr_page.objgen, page) if mcr_page is not None else page
                if number is not None:
                    found.add((number, int(kid.MCID)))
            elif "/S" in kid:
                _collect_mcids(kid, page, pages, found)


def _rewrite(pdf: pikepdf.Pdf, page: pikepdf.Page, tagged: set[int]) -> None:
    """Turn `/Tag <</MCID n>> BDC` sequences whose n is not tagged into pagination artifacts.

    A regular expression over the stream's bytes, not a parse of it: WeasyPrint writes
    text as hex strings, so the pattern cannot occur inside one, and this is ten times faster.
    """
    contents = page.obj.get("/Contents")
    streams = [contents] if isinstance(contents, pikepdf.Stream) else list(contents or [])
    data = b"\n".join(cast(pikepdf.Stream, stream).read_bytes() for stream in streams)
    changed = False

    def artifact(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        if int(match[1]) in tagged:
            return match[0]
        changed = True
        return b"/Artifact <</Type /Pagination>> BDC"

    data = _MARKED.sub(artifact, data)
    if changed:
        page.obj.Contents = pdf.make_stream(data)


#: Marked content with an MCID property list, as WeasyPrint (pydyf) writes it.
_MARKED = re.compile(rb"/[A-Za-z0-9_]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
