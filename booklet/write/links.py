"""Links and the contents page as assistive technology needs them (WeasyPrint 70 tagging).

WeasyPrint gives every box of a link its own /Link element and annotation: a contents entry
(`<a>`, its `::after` with the page number, the dot leader inside it) became three nested
/Link elements over three annotations, the leader's dots real content, and every /Contents
the target's id. `links_and_contents()` wraps the structure-tree builder for a write:

- a /Link inside a /Link is merged into the outer one (its text joins it, its annotation is
  left without a structure parent), and a link broken over lines is one element;
- dot leaders are left out of the tree: `mark_artifacts` makes them artifacts;
- the contents list is /TOC with one /TOCI per entry (each a /Reference holding the /Link);
- an internal link's /Contents is readable: the template's `data-pdf-contents` (the
  translated "{title}, page {page}") with the page printed, else the link's text.

`merge_link_annotations()` then leaves one annotation per /Link element, covering all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pikepdf

from booklet.write.patching import replacing
from booklet.write.structure import elements, kids

#: The attribute the templates give a link for its /Contents ({page}: the page printed).
CONTENTS_ATTRIBUTE = "data-pdf-contents"
#: The class of the element holding the contents list (templates/contents.html.j2).
CONTENTS_CLASS = "contents"


@contextmanager
def links_and_contents() -> Iterator[None]:
    """While active, WeasyPrint's tagging writes links and the contents page as above."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    fragments: dict[tuple[int, int], Any] = {}  # (parent, HTML element) -> its first /Link
    inside = [0]  # how many contents navs the box being built is in

    def build(box: Any, parent: Any, pdf: Any, page: int, nums: dict[int, Any],
              annotations: list[tuple[Any, Any]], marked: dict[Any, Any]) -> Iterator[Any]:
        if getattr(box, "is_leader", False):  # no element: the dots become artifacts
            for mcid in _drop_marked(box, marked, boxes):
                nums[mcid] = parent.reference  # keeps the page's list dense (rebuilt later)
            return
        nav = _is_contents(box)
        inside[0] += nav
        try:
            yield from _fixed(box, parent, pdf, page, nums, annotations, marked)
        finally:
            inside[0] -= nav

    def _fixed(box: Any, parent: Any, pdf: Any, page: int, nums: dict[int, Any],
               annotations: list[tuple[Any, Any]], marked: dict[Any, Any]) -> Iterator[Any]:
        for element in original(box, parent, pdf, page, nums, annotations, marked):
            if element.get("S") == "/Link":
                annotation = getattr(box, "link_annotation", None)
                if annotation is not None and "Dest" in annotation:
                    annotation["Contents"] = pydyf.String(_readable(box, boxes))
                into = parent if parent.get("S") == "/Link" else \
                    fragments.get((id(parent), id(box.element)))
                if into is not None:
                    _merge(element, into, nums, annotations)
                    continue
                fragments[(id(parent), id(box.element))] = element
            if box.element_tag == "li::before" and element.get("S") == "/NonStruct":
                element["S"] = "/Lbl"  # a list's number drawn as ::before (sources)
                element["BookletLabel"] = True  # moved before its body: structure.py
            if _is_contents(box):
                element["S"] = "/Div"
            elif inside[0]:
                _rename_contents(box, element)
            yield element

    with replacing(tags, "_build_box_tree", build):
        yield


def _drop_marked(box: Any, marked: dict[Any, Any], boxes: Any) -> Iterator[int]:
    """Take the marked content of `box`'s text out of the tree builder's list (it checks
    that every piece was placed); yield their MCIDs."""
    if isinstance(box, boxes.TextBox) and box in marked:
        yield int(marked.pop(box)["mcid"])
    for child in getattr(box, "children", ()):
        yield from _drop_marked(child, marked, boxes)


def _merge(element: Any, into: Any, nums: dict[int, Any],
           annotations: list[tuple[Any, Any]]) -> None:
    """Move the content of the /Link `element` into the /Link `into`. A nested link's
    annotation loses its structure parent (merge_link_annotations folds it into the outer
    one); a further fragment's annotation stays, as a second one of `into`."""
    nested = into.get("S") == "/Link" and into is not element and _is_ancestor(into, element)
    for kid in element["K"]:
        if isinstance(kid, int):
            into["K"].append(kid)
            nums[kid] = into.reference
        elif not nested:
            into["K"].append(kid)  # the OBJR of a fragment on another line
    for index, (reference, annotation) in enumerate(annotations):
        if reference == element.reference:
            if nested:
                del annotations[index]
            else:
                annotations[index] = (into.reference, annotation)
            break


def _is_ancestor(into: Any, element: Any) -> bool:
    """Whether `element` was built as a child of `into` (its /P)."""
    return bool(element.get("P") == into.reference)


def _readable(box: Any, boxes: Any) -> str:
    """A link's /Contents: the template's text with the page printed, else what it shows."""
    title, page = _texts(box, boxes)
    given = box.element.attrib.get(CONTENTS_ATTRIBUTE) if box.element is not None else None
    if given:
        return str(given).replace("{page}", page)
    return " ".join(part for part in (title, page) if part) or str(
        box.element.attrib.get("href", "")).lstrip("#")


def _texts(box: Any, boxes: Any) -> tuple[str, str]:
    """The text of `box` and the text of its ::after (a page number), leaders left out."""
    own: list[str] = []
    after: list[str] = []

    def walk(node: Any) -> None:
        if getattr(node, "is_leader", False):
            return
        if isinstance(node, boxes.TextBox):
            (after if str(node.element_tag).endswith("::after") else own).append(node.text)
        for child in getattr(node, "children", ()):
            walk(child)

    walk(box)
    return " ".join("".join(own).split()), " ".join("".join(after).split())


def _is_contents(box: Any) -> bool:
    """Whether `box` is the contents page's nav."""
    html = box.element
    return bool(html is not None and box.element_tag == "nav"
                and CONTENTS_CLASS in html.attrib.get("class", "").split())


def _rename_contents(box: Any, element: Any) -> None:
    """Inside the contents' nav: the list as /TOC, its items /TOCI holding a /Reference."""
    tag, kind = box.element_tag, element.get("S")
    if tag == "ol" and kind == "/L":
        element["S"] = "/TOC"
    elif tag == "li" and kind == "/LI":
        element["S"] = "/TOCI"
    elif tag == "li" and kind == "/LBody":
        element["S"] = "/Reference"


def merge_link_annotations(pdf: pikepdf.Pdf) -> None:
    """One annotation per /Link element, covering all of it (a /QuadPoints area per line).

    The annotations of the nested boxes (no element names them) are folded into the named
    one with the same target on their page; the second annotation of a link broken over
    lines is folded into its first. The annotations folded in are removed from the page,
    the element and the parent tree.
    """
    first_of: dict[tuple[int, int], pikepdf.Object] = {}  # annotation -> the one kept
    dropped: set[tuple[int, int]] = set()
    for element in elements(pdf):
        objrs = [kid for kid in kids(element) if isinstance(kid, pikepdf.Dictionary)
                 and kid.get("/Type") == "/OBJR"]
        if element.get("/S") != "/Link" or not objrs:
            continue
        kept = objrs[0].Obj
        first_of[kept.objgen] = kept
        for objr in objrs[1:]:
            _extend(kept, objr.Obj)
            dropped.add(objr.Obj.objgen)
        if len(objrs) > 1:
            element.K = pikepdf.Array([kid for kid in kids(element) if not (
                isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                and kid.Obj.objgen in dropped)])
    removed: set[int] = set()
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        removed |= {int(a.StructParent) for a in annots
                    if a.objgen in dropped and "/StructParent" in a}
        owned = [a for a in annots if a.objgen in first_of]
        kept_annots = []
        for annot in annots:
            if annot.objgen in dropped:
                continue
            if annot.get("/Subtype") == "/Link" and annot.objgen not in first_of:
                same = [a for a in owned if _target(a) == _target(annot)]
                if same:
                    near = next((a for a in same if _overlaps(a, annot)), same[0])
                    _extend(near, annot)
                    dropped.add(annot.objgen)
                    continue
            kept_annots.append(annot)
        page.obj.Annots = pikepdf.Array(kept_annots)
    _forget_annotations(pdf, removed)


def _forget_annotations(pdf: pikepdf.Pdf, keys: set[int]) -> None:
    """Remove the parent-tree entries `keys` (the /StructParent of removed annotations)."""
    root = pdf.Root.get("/StructTreeRoot")
    if not keys or root is None or "/Nums" not in root.get("/ParentTree", {}):
        return
    nums = list(root.ParentTree.Nums)
    root.ParentTree.Nums = pikepdf.Array([item for key, value in zip(nums[::2], nums[1::2],
                                                                     strict=True)
                                          if int(key) not in keys for item in (key, value)])


def _target(annot: pikepdf.Object) -> str:
    action = annot.get("/A")
    return str(annot.get("/Dest", "")) or (str(action.get("/URI", "")) if action else "")


def _rect(annot: pikepdf.Object) -> list[float]:
    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


def _overlaps(first: pikepdf.Object, other: pikepdf.Object) -> bool:
    """Whether two link areas touch or overlap (boxes of one link on one line)."""
    a, b = _rect(first), _rect(other)
    return a[0] <= b[2] + 1 and b[0] <= a[2] + 1 and a[1] <= b[3] + 1 and b[1] <= a[3] + 1


def _extend(annot: pikepdf.Object, other: pikepdf.Object) -> None:
    """`annot` covers `other`'s area too: /Rect the union, /QuadPoints one area per line."""
    a, b = _rect(annot), _rect(other)
    quads = [float(v) for v in annot.get("/QuadPoints", [])] or _quad(a)
    areas = [quads[i:i + 8] for i in range(0, len(quads), 8)]
    for index, area in enumerate(areas):
        if _quad_overlaps(area, b):
            areas[index] = _quad([min(area[4], b[0]), min(area[5], b[1]),
                                  max(area[2], b[2]), max(area[1], b[3])])
            break
    else:
        areas.append(_quad(b))
    annot.Rect = pikepdf.Array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
                                max(a[3], b[3])])
    if len(areas) > 1:
        annot.QuadPoints = pikepdf.Array([v for area in areas for v in area])


def _quad(rect: list[float]) -> list[float]:
    """QuadPoints of a rectangle: top left, top right, bottom left, bottom right."""
    x1, y1, x2, y2 = rect
    return [x1, y2, x2, y2, x1, y1, x2, y1]


def _quad_overlaps(area: list[float], rect: list[float]) -> bool:
    x1, y2, x2, _, _, y1 = area[:6]
    return x1 <= rect[2] + 1 and rect[0] <= x2 + 1 and y1 <= rect[3] + 1 and rect[1] <= y2 + 1
