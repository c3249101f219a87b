"""Layout rules, read from WeasyPrint's laid-out pages: type size, stranded headings, contents
numbers, page budget, a one-page back cover."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from booklet.checks.boxes import placed_boxes, source_line
from booklet.diagnostics import Finding, Severity
from booklet.model import PaginatedDocument

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Superscripts and subscripts are smaller than the text by nature (footnote marks, H2O).
_EXEMPT_SIZE = {"sup", "sub"}
PX_PER_PT = 4 / 3


def layout_findings(paginated: PaginatedDocument) -> list[Finding]:
    """Every layout rule."""
    from booklet.checks.overflow import overflow_findings

    return [*_back_cover(paginated), *_body_size(paginated), *_stranded_headings(paginated),
            *_contents_numbers(paginated), *_page_budget(paginated),
            *overflow_findings(paginated), *_stacked_tables(paginated)]


def _edition_name(paginated: PaginatedDocument) -> str:
    return paginated.rendered.edition.file_stem


def _text_boxes(page: Any) -> Iterator[Any]:
    """Text boxes of the page's content (margin boxes, i.e. headers and folios, left out)."""
    from weasyprint.formatting_structure import boxes

    for child in page._page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, boxes.TextBox) and box.text.strip():
                yield box


#: The back cover's parts (their classes in back-cover.html.j2), as a message names them.
BACK_COVER_PARTS = {
    "clinic": "the clinic details",
    "back-title": "the heading",
    "disclaimer": "the disclaimer",
    "facts": "the facts (publisher, contact, version, dates, sources, translation)",
    "fallback-line": "the line listing the sections shown in the source language",
    "disclosure": "the disclosure",
}
_MM_PER_PX = 25.4 / 96


def _back_cover(paginated: PaginatedDocument) -> list[Finding]:
    start = next((p.number for p in paginated.pages if "back-cover" in p.anchors), None)
    if start is None or start == paginated.page_count:
        return []
    parts, spilled = back_cover_parts(paginated, start)
    listed = ", ".join(f"{name} {height:.0f} mm ({lines} line{'' if lines == 1 else 's'})"
                       for name, (height, lines) in sorted(parts.items(), key=lambda i: -i[1][0]))
    return [Finding(Severity.ERROR, "LAYOUT-BACK-COVER",
                    f"the back cover runs over {paginated.page_count - start + 1} pages, "
                    f"{spilled:.0f} mm more than one page holds; its parts, tallest first: "
                    f"{listed}",
                    f"shorten one of them by {spilled:.0f} mm or more (the disclaimer and "
                    "disclosure are in booklet.yml or the locale's locale.yml, the clinic "
                    "details in the clinic file, the labels in the UI catalog)",
                    paginated.rendered.edition.metadata.location,
                    _edition_name(paginated), start)]


def back_cover_parts(paginated: PaginatedDocument,
                     start: int) -> tuple[dict[str, tuple[float, int]], float]:
    """Each part of the back cover as laid out, over every page it runs on: its height in
    mm and its lines; and how many mm ran past the back cover's first page."""
    from weasyprint.formatting_structure import boxes

    parts: dict[str, tuple[float, int]] = {}
    spilled = 0.0
    for number, page in enumerate(paginated.document.pages[start - 1:], start):
        cover = next((box for box in page._page_box.descendants()
                      if isinstance(box, boxes.BlockBox) and box.element is not None
                      and "back-cover" in (box.element.get("class") or "").split()), None)
        for child in cover.children if cover is not None else ():
            classes = (child.element.get("class") or "").split() \
                if child.element is not None else []  # an anonymous box: the section's
            name = next((BACK_COVER_PARTS[c] for c in classes if c in BACK_COVER_PARTS),
                        "other content")
            height = child.margin_height() * _MM_PER_PX
            lines = sum(1 for box in child.descendants() if isinstance(box, boxes.LineBox)
                        and any(isinstance(t, boxes.TextBox) for t in box.descendants()))
            before = parts.get(name, (0.0, 0))
            parts[name] = (before[0] + height, before[1] + lines)
            if number > start:
                spilled += height
    return parts, spilled


def _body_size(paginated: PaginatedDocument) -> list[Finding]:
    from weasyprint.formatting_structure import boxes

    edition = paginated.rendered.edition
    checks = edition.metadata.checks
    minimum = checks.large_print_min_pt if edition.variant == "large-print" else checks.body_min_pt
    findings = []
    for number, page in enumerate(paginated.document.pages, 1):
        small = [(round(p.box.style["font_size"] / PX_PER_PT, 1), p) for p in placed_boxes(page)
                 if isinstance(p.box, boxes.TextBox) and p.box.text.strip()
                 and p.box.style["font_size"] / PX_PER_PT < minimum - 0.01
                 and not p.tags() & _EXEMPT_SIZE]
        if small:
            size, first = min(small, key=lambda item: item[0])
            findings.append(Finding(Severity.ERROR, "LAYOUT-BODY-SIZE",
                                    f"text '{first.box.text.strip()[:30]}' at {size} pt, below "
                                    f"{minimum:g} pt", "raise the font size in the stylesheet "
                                    "for this element, or write it as ordinary text",
                                    source_line(first, edition), _edition_name(paginated),
                                    number))
    return findings


def _stacked_tables(paginated: PaginatedDocument) -> list[Finding]:
    """An info finding for each table printed as stacked rows because it is too wide."""
    from booklet.render.tablefit import max_columns, stacked

    edition = paginated.rendered.edition
    if edition.variant == "large-print":
        return []  # large print stacks every table of more than two columns, by design
    return [Finding(Severity.INFO, "LAYOUT-TABLE-STACKED",
                    f"table '{table.name}' has {len(table.header)} columns, more than the "
                    f"{max_columns(edition)} that fit across {edition.paper}: each row is "
                    "printed as a short list", "split the table, or print it on a larger paper",
                    table.location, _edition_name(paginated))
            for table in edition.tables if stacked(table, edition)]


def _stranded_headings(paginated: PaginatedDocument) -> list[Finding]:
    findings = []
    for number, page in enumerate(paginated.document.pages[:-1], 1):
        texts = list(_text_boxes(page))
        if texts and texts[-1].element_tag in _HEADINGS:
            findings.append(Finding(Severity.WARNING, "LAYOUT-HEADING-ALONE",
                                    f"heading '{texts[-1].text.strip()[:40]}' is the last line "
                                    "of the page", "keep it with its text (CSS break-after: "
                                    "avoid) or shorten the page before it", None,
                                    _edition_name(paginated), number))
    return findings


def _contents_numbers(paginated: PaginatedDocument) -> list[Finding]:
    """Each contents entry's printed number is the page its section starts on."""
    from weasyprint.formatting_structure import boxes

    page_of = {anchor: info.number for info in paginated.pages for anchor in info.anchors}
    contents_page = page_of.get("contents")
    if contents_page is None:
        return []
    # The contents run from their page to the page before the first section.
    sections = [page_of[a] for a in page_of if a.startswith("section-")]
    last = min(sections) - 1 if sections else contents_page
    texts: dict[str, str] = {}  # href -> text of the entry (a link may be split over lines)
    for page in paginated.document.pages[contents_page - 1:max(last, contents_page)]:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.InlineBox) and box.element_tag == "a":
                href = box.element.get("href", "")
                texts[href] = texts.get(href, "") + "".join(
                    t.text for t in box.descendants() if isinstance(t, boxes.TextBox))
    findings = []
    for href, text in texts.items():
        printed = re.findall(r"\d+", text)
        target = page_of.get(href.lstrip("#"))
        if not printed or target is None or int(printed[-1]) != target:
            findings.append(Finding(Severity.ERROR, "LAYOUT-CONTENTS",
                                    f"contents entry {href} shows page "
                                    f"{printed[-1] if printed else 'none'} but its section "
                                    f"starts on page {target}", "check the contents styles "
                                    "(target-counter) and the section ids", None,
                                    _edition_name(paginated), contents_page))
    return findings


def _page_budget(paginated: PaginatedDocument) -> list[Finding]:
    budget = paginated.rendered.edition.metadata.checks.page_budget
    if paginated.rendered.edition.variant == "standard" and paginated.page_count > budget:
        return [Finding(Severity.WARNING, "LAYOUT-PAGE-BUDGET",
                        f"{paginated.page_count} pages, over the budget of {budget}",
                        "shorten the text, or raise checks.page_budget in booklet.yml",
                        paginated.rendered.edition.metadata.location,
                        _edition_name(paginated))]
    return []
