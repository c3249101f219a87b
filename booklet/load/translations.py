"""Pair a locale's section files with the source sections and say how current each is."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.load.sections import parse_section
from booklet.model import Section, Table


class Status(enum.StrEnum):
    """The state of one section in one locale."""

    CURRENT = "current"
    """Translated from the source as it is now."""
    OUTDATED = "outdated"
    """Translated from an older version of the source section."""
    UNTRANSLATED = "untranslated"
    """Scaffolded copy, not translated yet."""
    MISSING = "missing"
    """No file for it in the locale."""
    EXTRA = "extra"
    """A file in the locale with no source section of the same name."""


@dataclass(frozen=True)
class SectionState:
    """A source section (or an extra file) and its translation's status."""

    file_name: str
    status: Status
    source: Section | None
    translation: Section | None


def section_states(sources: tuple[Section, ...], locale_dir: Path) -> tuple[SectionState, ...]:
    """The status of every source section in `locale_dir`, then the extra files."""
    translated = {path.name: parse_section(path, translation=True)
                  for path in sorted(locale_dir.glob("*.md"))}
    states = []
    for source in sources:
        name = source.location.path.name
        translation = translated.pop(name, None)
        if translation is None:
            status = Status.MISSING
        elif translation.untranslated:
            status = Status.UNTRANSLATED
        elif translation.translated_from == source.blob:
            status = Status.CURRENT
        else:
            status = Status.OUTDATED
        if translation is not None:
            translation = dataclasses.replace(translation, id=source.id, order=source.order)
        states.append(SectionState(name, status, source, translation))
    states.extend(SectionState(name, Status.EXTRA, None, section)
                  for name, section in translated.items())
    return tuple(states)


def edition_sections(states: tuple[SectionState, ...], locale: str,
                     source_locale: str) -> tuple[Section, ...]:
    """The sections an edition prints: translations where there are any, else the source."""
    sections = []
    for state in states:
        if state.source is None:
            continue
        if state.translation is not None and state.status in (Status.CURRENT, Status.OUTDATED):
            sections.append(dataclasses.replace(state.translation, lang=locale))
        else:
            sections.append(dataclasses.replace(state.source, lang=source_locale, fallback=True))
    return tuple(sections)


def check_table_translation(source: Table, translated: Table) -> list[Problem]:
    """A translated table has the source's columns and the same row ids, in the same order."""
    problems = []
    if len(translated.header) != len(source.header):
        problems.append(Problem(translated.location,
                                f"table has {len(translated.header)} columns but the source "
                                f"{source.location.path} has {len(source.header)}",
                                "translate the header cells; keep the columns"))
    missing = [row_id for row_id in source.ids if row_id not in translated.ids]
    extra = [row_id for row_id in translated.ids if row_id not in source.ids]
    if missing:
        problems.append(Problem(translated.location, f"rows missing: {', '.join(missing)}",
                                f"add the rows of {source.location.path} with the same ids"))
    for row_id in extra:
        where = translated.row_locations[translated.ids.index(row_id)]
        problems.append(Problem(where, f"row id {row_id!r} is not in the source table",
                                "use the ids of the source table"))
    if not missing and not extra and translated.ids != source.ids:
        problems.append(Problem(translated.location, "rows are not in the source table's order",
                                "keep the order of the source table"))
    return problems


def extra_problems(states: tuple[SectionState, ...]) -> list[Problem]:
    """An extra file in a locale is an error: it would be silently left out."""
    return [Problem(SourceLocation(state.translation.location.path) if state.translation
                    else None,
                    "no source section has this file name",
                    "rename it to match a source section, or delete it")
            for state in states if state.status is Status.EXTRA]
