"""Parse one Markdown section file (front matter + body) into a Section."""

from __future__ import annotations

import re
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import FieldReader, raise_if_problems
from booklet.load.files import read_versioned
from booklet.load.syntax import (
    FENCE,
    IMAGE,
    TABLE_DIRECTIVE,
    image_source,
    lines_outside_code,
)
from booklet.load.yamlfile import parse_mapping
from booklet.model import Reference, Section

_KEYS = ("id", "title", "order")
_TRANSLATION_KEYS = ("title", "translated_from", "untranslated")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ORDER_PREFIX = re.compile(r"^\d+[-_]")


def parse_section(path: Path, *, translation: bool = False) -> Section:
    """Read a section file: a source section, or (`translation`) a translation of one.

    A translation's front matter has `title` and `translated_from` (the blob hash of the
    source file it was translated from), and `untranslated: true` while it is a scaffolded
    copy; its id and order are those of the source section with the same file name.

    Raises:
        ContentError: missing or malformed front matter, wrong field types, an empty body.
    """
    text, blob = read_versioned(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(SourceLocation(path, 1), "section has no front matter",
                           f"start the file with '{FENCE}', 'title: ...', 'order: N', '{FENCE}'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ContentError(SourceLocation(path, 1), "front matter is not closed",
                           f"add a line '{FENCE}' after the front matter") from None
    data = parse_mapping("\n".join(lines[1:end]), SourceLocation(path, 2))
    problems: list[Problem] = []
    fields = FieldReader(data, path, problems, "front matter")
    fields.reject_unknown(_TRANSLATION_KEYS if translation else _KEYS)
    section_id = fields.get("id", str, _ORDER_PREFIX.sub("", path.stem)) if not translation \
        else ""
    if not translation and not _ID.match(section_id):
        problems.append(Problem(fields.location("id"), f"section id {section_id!r} is not a slug",
                                "use lower-case letters, digits and hyphens"))
    title = fields.get("title", str)
    order = 0 if translation else fields.get("order", int)
    translated_from = fields.get("translated_from", str) if translation else None
    untranslated = fields.get("untranslated", bool, False) if translation else False
    raise_if_problems(problems)

    body_start = SourceLocation(path, end + 2)
    body_lines = lines[end + 1:]
    body = "\n".join(body_lines).strip("\n")
    if not body.strip():
        raise ContentError(SourceLocation(path, end + 1), f"section {title!r} has no text",
                           "write the section's text below the front matter, or delete the file")
    tables, images = _references(body_lines, body_start)
    return Section(id=section_id, title=title, order=order, body="\n".join(body_lines),
                   location=SourceLocation(path, 1), body_location=body_start, blob=blob,
                   tables=tables, images=images, translated_from=translated_from,
                   untranslated=untranslated)


def _references(
    lines: list[str], start: SourceLocation
) -> tuple[tuple[Reference, ...], tuple[Reference, ...]]:
    """Tables and images the body refers to, each with its line (code blocks skipped)."""
    tables: list[Reference] = []
    images: list[Reference] = []
    for offset, line in lines_outside_code(lines):
        where = start.at(offset)
        if match := TABLE_DIRECTIVE.match(line):
            tables.append(Reference(match["name"], where))
        images.extend(Reference(image_source(m), where) for m in IMAGE.finditer(line))
    return tuple(tables), tuple(images)
