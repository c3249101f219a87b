"""The bits of section syntax several stages scan for: fences, code blocks, directives, images."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: The line that opens and closes a section's front matter.
FENCE = "---"
#: A line that opens or closes a fenced code block (``` or ~~~, any indent).
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
#: A line of an indented code block, or of a list item's indented continuation.
INDENTED_CODE = re.compile(r"^ {4}")
#: A table placed in a section: a line of its own reading `::: table NAME`.
TABLE_DIRECTIVE = re.compile(r"^:::\s*table\s+(?P<name>\S+)\s*$")
#: An image reference, `![alt](src ...` or `![alt](<my src> ...`, naming its source: a file
#: path as written (render makes it a URL, so `#`, `%` and spaces are part of the name).
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:<(?P<bracketed>[^<>\n]+)>|(?P<src>[^)\s>]+))")


def image_source(match: re.Match[str]) -> str:
    """The source an IMAGE match names."""
    return match["bracketed"] or match["src"]
#: A whole image, `![alt](src "title")`, as prose leaves it out.
IMAGE_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def lines_outside_code(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Each line with its offset; the lines of fenced code blocks, fences included, come out
    as '' (so a block reads as blank lines: a paragraph break, with no directive, image or
    HTML in it). Indented lines are left as they are: only Markdown knows whether they are
    code or a list item's continuation (see INDENTED_CODE)."""
    in_code = False
    for offset, line in enumerate(lines):
        if CODE_FENCE.match(line):
            in_code = not in_code
            yield offset, ""
        else:
            yield offset, "" if in_code else line
