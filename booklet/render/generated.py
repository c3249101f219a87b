"""Characters the stylesheets draw themselves: list markers of every level, counters,
leaders, quoted `content` strings and the ellipsis of a clamped block (the running header),
each with the stylesheet line that asks for it, so the glyph preflight covers them like the
document's text (booklet.render.glyphs)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

from booklet.diagnostics import SourceLocation

_DIGITS = string.digits
#: What each list-style or counter style draws (a marker's suffix '. ' included).
STYLE_CHARACTERS = {
    "disc": "\u2022", "circle": "\u25e6", "square": "\u25aa",
    "decimal": _DIGITS + ".", "decimal-leading-zero": _DIGITS + ".",
    "lower-roman": "ivxlcdm.", "upper-roman": "IVXLCDM.",
    "lower-alpha": string.ascii_lowercase + ".", "lower-latin": string.ascii_lowercase + ".",
    "upper-alpha": string.ascii_uppercase + ".", "upper-latin": string.ascii_uppercase + ".",
    "disclosure-open": "\u25be", "disclosure-closed": "\u25b8",
}
LEADER_CHARACTERS = {"dotted": ".", "solid": "_", "space": ""}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*(?P<value>[^;}]+)")
_ELLIPSIS = re.compile(r"(?<![\w-])(?:block-ellipsis|line-clamp)\s*:\s*(?P<value>[^;}]+)")
_CONTENT = re.compile(r"(?<![\w-])content\s*:\s*(?P<value>[^;}]+)")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
_LEADER = re.compile(r"leader\(\s*(\w+)\s*\)")
_COUNTER = re.compile(r"counters?\(\s*[\w-]+\s*(?:,\s*(?:\"[^\"]*\"\s*,\s*)?([\w-]+))?\s*\)")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


def generated_characters(stylesheets: Iterable[Path]) -> dict[str, list[tuple[SourceLocation,
                                                                                 str]]]:
    """Each character the stylesheets generate -> (stylesheet line, what draws it)."""
    found: dict[str, list[tuple[SourceLocation, str]]] = {}
    for path in stylesheets:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            for what, chars in _line_characters(line):
                for char in chars:
                    found.setdefault(char, []).append((SourceLocation(path, number), what))
    return found


def _line_characters(line: str) -> list[tuple[str, str]]:
    """(declaration, characters it draws) of one stylesheet line."""
    line = re.sub(r"/\*.*?\*/", "", line)
    out = []
    for match in _LIST_STYLE.finditer(line):
        value = match["value"].strip()
        strings = [_unescape(a or b) for a, b in _STRING.findall(value)]
        keywords = [STYLE_CHARACTERS[w] for w in re.findall(r"[\w-]+", _STRING.sub("", value))
                    if w in STYLE_CHARACTERS]
        out.append((f"list-style: {value}", "".join([*strings, *keywords])))
    for match in _ELLIPSIS.finditer(line):
        value = match["value"].strip()
        strings = [_unescape(a or b) for a, b in _STRING.findall(value)]
        drawn = "".join(strings) or ("" if value in ("none", "0") else "\u2026")
        out.append((f"{match[0].split(':')[0]}: {value}", drawn))
    for match in _CONTENT.finditer(line):
        value = match["value"].strip()
        chars = [_unescape(a or b) for a, b in _STRING.findall(value)]
        chars += [LEADER_CHARACTERS.get(style, "") for style in _LEADER.findall(value)]
        chars += [STYLE_CHARACTERS.get(style or "decimal", "") for style in
                  _COUNTER.findall(_STRING.sub('""', value))]
        chars += [_DIGITS] if "target-counter(" in value else []
        out.append((f"content: {value}", "".join(chars)))
    return [(what, "".join(sorted(set(chars) - {" "}))) for what, chars in out if chars.strip()]


def _unescape(text: str) -> str:
    """A CSS string's characters (`\\2022` escapes decoded)."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text).replace("\\", "")
