"""Markdown that the dialect cannot express, reported at its line instead of printed raw:
pipe-table rows without their delimiter row, footnotes, task lists, definition lists."""

from __future__ import annotations

import re

from booklet.diagnostics import Problem
from booklet.load.syntax import lines_outside_code
from booklet.model import Section

_PIPE_ROW = re.compile(r"^ {0,3}\|.*\|\s*$")
#: The delimiter row of a pipe table (`|---|:--:|`), which Markdown's `tables` needs.
DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_TASK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s")
_DEFINITION = re.compile(r"^ {0,3}:\s+\S")
#: What else prints as raw syntax: (pattern, message, hint).
_RAW = (
    (_FOOTNOTE, "footnotes ([^1]) are not supported and print as text",
     "write the note in the text, or list it under the sources"),
    (_TASK_ITEM, "task-list boxes ([ ] and [x]) are not supported and print as text",
     "write a plain list item, or the word 'done' in it"),
    (_DEFINITION, "definition lists (a line starting ': ') are not supported and print as text",
     "write the term in bold followed by its meaning, or use a list"),
)


def unsupported(section: Section) -> list[Problem]:
    """Warnings for the section's syntax that would print as raw text."""
    problems = []
    lines = list(lines_outside_code(section.body.split("\n")))
    block: list[tuple[int, str]] = []
    for offset, line in [*lines, (len(lines), "")]:
        if line.strip():
            block.append((offset, line))
            continue
        rows = [(o, text) for o, text in block if _PIPE_ROW.match(text)]
        if rows and not any("-" in text and DELIMITER_ROW.match(text) for _, text in block):
            problems.append(Problem(section.body_location.at(rows[0][0]),
                                    "a table without its delimiter row would print as text",
                                    "add a line such as |---|---| under the header row"))
        block = []
    for offset, line in lines:
        for pattern, message, hint in _RAW:
            if pattern.search(line):
                problems.append(Problem(section.body_location.at(offset), message, hint))
    return problems
