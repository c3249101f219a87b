"""The dialect beyond Python-Markdown's own extensions: pipe tables printed through the table
template, `#` headings demoted below the section title, literal `[*]` kept as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from booklet.diagnostics import SourceLocation
from booklet.load.syntax import lines_outside_code
from booklet.load.unsupported import DELIMITER_ROW
from booklet.model import Table

#: The lines of the paragraph under a pipe table that give its caption and credit.
CAPTION_LINE, CREDIT_LINE = "Table:", "Source:"
_CELL = re.compile(r"^<(t[hd])[^>]*>(?P<inner>.*)</\1>$", re.DOTALL)
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def pipe_table_lines(body: str) -> list[int]:
    """Offsets (in the body) of each pipe table's header row, in order."""
    lines = list(lines_outside_code(body.split("\n")))
    return [offset - 1 for offset, line in lines
            if offset and "-" in line and DELIMITER_ROW.match(line) and "|" in lines[offset - 1][1]]


class _LiteralBracket(InlineProcessor):
    """`[*]`, `[**]`, `[_]`: text, never the start or end of emphasis."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 - the stubs mix up Pattern
            self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        return AtomicString(m.group(0)), m.start(0), m.end(0)


class _DemoteHeadings(Treeprocessor):
    """The section title is the page's only top heading: a body whose headings start at `#`
    has every heading moved down one level (`#` -> `##`, ..., `######` stays the lowest). A
    first `#` heading that repeats the section title (as pasted pages start) is left out."""

    def __init__(self, md: Markdown, extension: DialectExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        first = next(iter(root), None)
        if first is not None and first.tag == "h1" and "".join(first.itertext()).strip() \
                .casefold() == self.extension.section_title.strip().casefold():
            root.remove(first)
        levels = [int(el.tag[1]) for el in root.iter() if el.tag in _HEADINGS]
        shift = 2 - min(levels) if levels and min(levels) < 2 else 0
        for el in root.iter():
            if shift and el.tag in _HEADINGS:
                el.tag = f"h{min(6, int(el.tag[1]) + shift)}"


class _ListStart(Treeprocessor):
    """`<ol start="7">` numbers from 7 in print too: WeasyPrint 70 ignores `start`, so the
    list's counter is reset to start - 1 (the only style the sanitizer lets through)."""

    def run(self, root: Element) -> None:
        for el in root.iter("ol"):
            start = el.get("start", "")
            if start.isdigit():
                el.set("style", list_start_style(int(start)))


def list_start_style(start: int) -> str:
    """The style attribute that makes an ordered list start at `start`."""
    return f"counter-reset: list-item {start - 1}"


class _PipeTables(Treeprocessor):
    """Each `<table>` of Markdown's `tables` extension becomes a Table printed by the same
    template as CSV tables (caption and credit from the paragraph right under it)."""

    def __init__(self, md: Markdown, extension: DialectExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        found = [(parent, child) for parent in root.iter() for child in parent
                 if child.tag == "table"]
        for number, (parent, element) in enumerate(found):
            locations = self.extension.locations
            where = locations[number] if number < len(locations) else None
            caption, credit = self._caption(parent, element)
            table = self._table(element, number + 1, where, caption, credit)
            html = self.extension.render(table).strip()
            holder = Element("p")
            holder.text = self.md.htmlStash.store(html)
            parent[list(parent).index(element)] = holder

    def _caption(self, parent: Element, element: Element) -> tuple[str, str]:
        children = list(parent)
        following = children.index(element) + 1
        if following >= len(children) or children[following].tag != "p":
            return "", ""
        lines = self._inner(children[following]).split("\n")
        if not all(line.startswith((CAPTION_LINE, CREDIT_LINE)) for line in lines):
            return "", ""
        parent.remove(children[following])
        caption = " ".join(line[len(CAPTION_LINE):].strip() for line in lines
                           if line.startswith(CAPTION_LINE))
        credit = " ".join(line for line in lines if line.startswith(CREDIT_LINE))
        return Markup(caption), Markup(credit)  # noqa: S704 - sanitized with the section

    def _inner(self, cell: Element) -> str:
        """A cell's content as HTML (inline markup kept, escapes undone)."""
        match = _CELL.match(to_html_string(cell)) or re.match(
            r"^<p>(?P<inner>.*)</p>$", to_html_string(cell), re.DOTALL)
        inner = match["inner"] if match else ""
        unescape = self.md.treeprocessors["unescape"]
        return str(unescape.unescape(inner)).strip()  # type: ignore[attr-defined]

    def _table(self, element: Element, number: int, where: SourceLocation | None,
               caption: str, credit: str) -> Table:
        rows = [row for row in element.iter("tr")]
        header = [cell for cell in rows[0] if cell.tag in ("th", "td")] if rows else []
        align = tuple(next(iter(_ALIGN.findall(cell.get("style", ""))), "") or
                      cell.get("align", "") for cell in header)
        body = [tuple(Markup(self._inner(c)) for c in row)  # noqa: S704 - sanitized later
                for row in rows[1:]]
        location = where or SourceLocation(self.extension.section_path)
        return Table(
            name=f"table-{number}", header=tuple(Markup(self._inner(c)) for c in header),  # noqa: S704
            rows=tuple(body), ids=tuple(str(n) for n in range(1, len(body) + 1)),
            location=location, row_locations=tuple(location.at(n + 1)
                                                  for n in range(1, len(body) + 1)),
            caption=caption, credit=credit, align=align)


class DialectExtension(Extension):
    """Pipe tables (`render(table)` gives a Table's HTML), headings, list starts, brackets;
    `locations` (the header rows of the section's pipe tables), `section_path` and
    `section_title` are set for each section."""

    def __init__(self, render: Callable[[Table], str]) -> None:
        super().__init__()
        self.render = render
        self.locations: list[SourceLocation] = []
        self.section_path = Path()
        self.section_title = ""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.registerExtension(self)
        # After the inline patterns (20) and the link and image paths (5, 4).
        md.treeprocessors.register(_PipeTables(md, self), "booklet_pipe_tables", 3)
        md.treeprocessors.register(_DemoteHeadings(md, self), "booklet_headings", 30)
        md.treeprocessors.register(_ListStart(md), "booklet_list_start", 29)
        md.inlinePatterns.register(_LiteralBracket(r"\[[*_]+\]", md), "booklet_brackets", 185)
