"""The structure tree after WeasyPrint: one element per HTML element across pages, the
parent tree rebuilt from the tree, and /IDTree.

WeasyPrint 70 builds the tree page by page, so a paragraph, list, table or section that
breaks across pages became one element per page (WeasyPrint #2903). `source_marks()` notes,
while the tree is built, which HTML element each structure element comes from;
`merge_split_elements()` then joins the pieces: the piece on the next page is folded into the
one before, its marked content named with the page it is on (/MCR).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pikepdf

from booklet.write.patching import replacing

#: The private key that names an element's HTML element until the pieces are merged.
SOURCE = "/BookletSource"


@contextmanager
def source_marks() -> Iterator[None]:
    """While active, each structure element WeasyPrint builds notes its HTML element."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    numbers: dict[int, int] = {}  # id() of an HTML element -> its number, in build order

    def build(box: Any, *args: Any) -> Iterator[Any]:
        html = getattr(box, "element", None)
        for element in original(box, *args):
            if html is not None and SOURCE[1:] not in element:
                # the same for the pieces on every page; a count, not the id(), because
                # WeasyPrint's /ID is the md5 of what it writes
                element[SOURCE[1:]] = numbers.setdefault(id(html), len(numbers))
            yield element

    with replacing(tags, "_build_box_tree", build):
        yield


def merge_split_elements(pdf: pikepdf.Pdf) -> None:
    """Join the pieces of every element broken across pages into its first piece, then
    remove the source marks."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    _merge_children(pdf, root)
    for element in elements(pdf):
        if SOURCE in element:
            del element[SOURCE]


def _merge_children(pdf: pikepdf.Pdf, parent: pikepdf.Object) -> None:
    """Fold each child that continues the child before it (same HTML element and role, on a
    later page) into that one, then do the same inside every child."""
    merged: list[pikepdf.Object] = []
    for kid in kids(parent):
        before = merged[-1] if merged else None
        if before is not None and _continues(before, kid):
            before.K = pikepdf.Array([*kids(before),
                                      *(_moved(pdf, item, kid, before) for item in kids(kid))])
            continue
        merged.append(kid)
    if isinstance(parent.get("/K"), pikepdf.Array) or len(merged) != 1:
        parent.K = pikepdf.Array(merged)
    for kid in merged:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _merge_children(pdf, kid)


def _continues(before: pikepdf.Object, kid: pikepdf.Object) -> bool:
    """Whether `kid` is the next page's piece of `before`."""
    return (isinstance(before, pikepdf.Dictionary) and isinstance(kid, pikepdf.Dictionary)
            and SOURCE in before and SOURCE in kid and before[SOURCE] == kid[SOURCE]
            and before.get("/S") == kid.get("/S") and "/Pg" in before and "/Pg" in kid
            and before.Pg.objgen != kid.Pg.objgen)


def _moved(pdf: pikepdf.Pdf, item: pikepdf.Object, piece: pikepdf.Object,
           into: pikepdf.Object) -> pikepdf.Object:
    """`item` of `piece` as a kid of `into`: an MCID becomes a marked-content reference
    naming its page, an element gets its new parent."""
    if isinstance(item, int):
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=piece.Pg,
                                                    MCID=int(item)))
    if isinstance(item, pikepdf.Dictionary):
        if item.get("/Type") == "/MCR" and "/Pg" not in item:
            item.Pg = piece.Pg
        elif "/S" in item:
            item.P = into
    return item


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    """The /K of a structure element as a list (it may be one object or none)."""
    value = element.get("/K")
    return list(value) if isinstance(value, pikepdf.Array) else [value] if value is not None \
        else []


def elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every structure element under the root, parents before children, in tree order."""
    root = pdf.Root.get("/StructTreeRoot")
    stack = [root] if root is not None else []
    while stack:
        element = stack.pop()
        if element.get("/Type") != "/StructTreeRoot":
            yield element
        stack += [kid for kid in reversed(kids(element))
                  if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def rebuild_parent_tree(pdf: pikepdf.Pdf) -> None:
    """Each page's parent-tree array from the structure tree: entry n is the element whose
    /K holds MCID n, null where no element does (artifacts). Annotation entries stay."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    page_key = {page.obj.objgen: int(page.obj.get("/StructParents", index))
                for index, page in enumerate(pdf.pages)}
    owners: dict[int, dict[int, pikepdf.Object]] = {key: {} for key in page_key.values()}
    for element in elements(pdf):
        page = element.get("/Pg")
        for kid in kids(element):
            if isinstance(kid, int) and page is not None and page.objgen in page_key:
                owners[page_key[page.objgen]][int(kid)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                on = kid.get("/Pg", page)
                if on is not None and on.objgen in page_key:
                    owners[page_key[on.objgen]][int(kid.MCID)] = element
    tree = root.get("/ParentTree")
    nums = list(tree.Nums) if tree is not None and "/Nums" in tree else []
    entries = {int(key): value for key, value in zip(nums[::2], nums[1::2], strict=True)}
    for key, found in owners.items():
        size = max(found, default=-1) + 1
        entries[key] = pdf.make_indirect(pikepdf.Array(
            [found.get(mcid, pikepdf.Object.parse(b"null")) for mcid in range(size)]))
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(
        [item for key in sorted(entries) for item in (key, entries[key])])))
    root.ParentTreeNextKey = max(entries, default=-1) + 1


def add_id_tree(pdf: pikepdf.Pdf) -> None:
    """/IDTree: every element with an /ID (the header cells that /Headers name), so that the
    references resolve (ISO 32000-1 14.7.2). One flat name tree, sorted by ID."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    named = {str(element.ID): element for element in elements(pdf) if "/ID" in element}
    if not named:
        return
    root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(
        [item for key in sorted(named) for item in (pikepdf.String(key), named[key])])))


def labels_before_bodies(pdf: pikepdf.Pdf) -> None:
    """A list number drawn as the item's ::before is built inside the item's /LBody: move
    that /Lbl out, before the body, as a list item's label is."""
    for item in [e for e in elements(pdf) if e.get("/S") == "/LI"]:
        items = kids(item)
        for index, body in enumerate(items):
            if not (isinstance(body, pikepdf.Dictionary) and body.get("/S") == "/LBody"):
                continue
            inside = kids(body)
            labels = [k for k in inside if isinstance(k, pikepdf.Dictionary)
                      and "/BookletLabel" in k]
            for label in labels:
                del label["/BookletLabel"]
                label.P = item
            if labels:
                body.K = pikepdf.Array([k for k in inside if k not in labels])
                item.K = pikepdf.Array([*items[:index], *labels, *items[index:]])
            break
