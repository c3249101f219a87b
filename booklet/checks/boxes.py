"""Walk a laid-out page's boxes with their ancestors, and find the source line of a box's text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from booklet.diagnostics import SourceLocation
from booklet.model import Edition

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "--", "\u2014": "---", "\u2026": "...", "\u200b": None})
_WORD = re.compile(r"\w[\w'-]{2,}")


@dataclass(frozen=True)
class Placed:
    """A box of a page with the elements around it (outermost first)."""

    box: Any
    elements: tuple[Any, ...]

    def classes(self) -> set[str]:
        """Every class of the box's element and of its ancestors."""
        return {name for element in self.elements
                for name in (element.get("class") or "").split()}

    def tags(self) -> set[str]:
        """The tag names of the box's element and of its ancestors."""
        return {str(element.tag).rsplit("}", 1)[-1] for element in self.elements}


def placed_boxes(page: Any, margins: bool = False) -> Iterator[Placed]:
    """Every box of a page (WeasyPrint Page), margin boxes (headers, folios) left out unless
    `margins`, with the elements it is inside."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any, elements: tuple[Any, ...]) -> Iterator[Placed]:
        element = getattr(box, "element", None)
        if element is not None and (not elements or elements[-1] is not element):
            elements = (*elements, element)
        yield Placed(box, elements)
        for child in getattr(box, "children", ()):
            if margins or not isinstance(child, boxes.MarginBox):
                yield from walk(child, elements)

    for child in page._page_box.children:
        if margins or not isinstance(child, boxes.MarginBox):
            yield from walk(child, ())


def source_line(placed: Placed, edition: Edition) -> SourceLocation:
    """The source line a box's text comes from: the line of its section (or table file) that
    holds the text; the section's first line, or the metadata, when no line matches."""
    ids = {element.get("id", "") for element in placed.elements}
    section = next((s for s in edition.sections if f"section-{s.id}" in ids), None)
    text = (getattr(placed.box, "text", "") or "").translate(_QUOTES).strip()
    files = [*([section.location.path] if section else []),
             *(t.location.path for t in edition.tables if section)]
    for needle in _needles(text):
        for path in files:
            found = _line_with(path, needle)
            if found:
                return found
    return section.location if section else edition.metadata.location


def _needles(text: str) -> list[str]:
    """What to look for in the sources: the text, its start, then its longest word."""
    words = sorted(_WORD.findall(text), key=len, reverse=True)
    return [n for n in (text, text[:30], *words[:1]) if len(n) >= 3]


def _line_with(path: Any, needle: str) -> SourceLocation | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if needle in line.translate(_QUOTES):
            return SourceLocation(path, number)
    return None
