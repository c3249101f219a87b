"""Lists as authors indent them: nested by 2, 3 or 4 spaces, items of several paragraphs.

Python-Markdown nests a list, or keeps a paragraph in an item, only when it is indented by 4
spaces. CommonMark nests by the item's content column instead (2 for `- `, 3 for `1. `). This
preprocessor re-indents list blocks from content columns to Python-Markdown's 4 spaces a
level, and opens a list that directly follows a paragraph line (as CommonMark does for bullets
and for an ordered list starting at 1). Parsing stays Python-Markdown's.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from booklet.load.syntax import CODE_FENCE

#: A list item's marker line: indent, marker, the spaces after it, the text.
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +|$)(?P<text>.*)$")
_TAB = 4


def _content_column(match: re.Match[str]) -> int:
    """Where the item's text starts (CommonMark: 1 to 4 spaces after the marker)."""
    gap = len(match["gap"]) if match["text"] else 1
    return len(match["indent"]) + len(match["marker"]) + (gap if gap <= 4 else 1)


def reindent_lists(lines: list[str]) -> list[str]:
    """The lines with every list block indented by 4 spaces a level (see the module)."""
    out: list[str] = []
    columns: list[int] = []  # content column of each open item, outermost first
    blank_before = True
    in_code = False
    for line in lines:
        if CODE_FENCE.match(line):
            in_code = not in_code
        if in_code or CODE_FENCE.match(line):
            out.append(_shift(line, columns) if columns else line)
            blank_before = False
            continue
        if not line.strip():
            out.append("")
            blank_before = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = LIST_ITEM.match(line)
        if item and item["marker"][0].isdigit() and not columns and not blank_before \
                and int(item["marker"][:-1]) != 1:
            item = None  # only "1." may interrupt a paragraph
        if item is None:
            if columns and (blank_before or indent >= columns[-1] or _opens_block(line)):
                while columns and indent < columns[-1]:
                    columns.pop()
                if not blank_before and _opens_block(line):
                    out.append("")  # a block quote ends the paragraph above it
            out.append(_shift(line, columns) if columns else line)
            blank_before = False
            continue
        while columns and indent < columns[-1]:
            columns.pop()
        if not columns and out and not blank_before:
            out.append("")  # a list may follow a paragraph line directly
        out.append(" " * (_TAB * len(columns)) + line.lstrip(" "))
        columns.append(_content_column(item))
        blank_before = False
    return out


def _opens_block(line: str) -> bool:
    return line.lstrip(" ").startswith(">")


def _shift(line: str, columns: list[int]) -> str:
    """A line inside the innermost open item, re-indented to that item's level."""
    indent = len(line) - len(line.lstrip(" "))
    extra = max(0, indent - columns[-1])
    return " " * (_TAB * len(columns) + extra) + line.lstrip(" ")


class _ListPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return reindent_lists(lines)


class ListIndentExtension(Extension):
    """Register the list re-indenting (after whitespace is normalized, before fenced code)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.register(_ListPreprocessor(md), "booklet_lists", 28)
