"""The structure tree after WeasyPrint: the parent tree rebuilt from it, and /IDTree."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf


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
