"""Stage 1, load: read content/ for one locale into a consistent, immutable Edition."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError, UsageError
from booklet.load.clinic import load_clinic
from booklet.load.fields import raise_if_problems
from booklet.load.locale_files import load_locale
from booklet.load.messages import UI_CATALOG, load_messages
from booklet.load.metadata import (
    LARGE_PRINT_PAPER,
    METADATA_FILE,
    PAPER_SIZES,
    VARIANTS,
    load_metadata,
)
from booklet.load.sanitize import removals
from booklet.load.sections import parse_section
from booklet.load.tables import load_table
from booklet.load.translations import (
    Status,
    check_table_translation,
    edition_sections,
    extra_problems,
    section_states,
)
from booklet.load.unsupported import unsupported
from booklet.model import Edition, Metadata, Section, Table

_REMOTE = ("http://", "https://", "data:", "file:", "//")


def load_edition(content_dir: Path, locale: str | None = None, paper: str | None = None,
                 variant: str = "standard", clinic: Path | None = None) -> Edition:
    """Load the edition of `locale` (default: the source locale) from `content_dir`.

    Args:
        paper: page size (default: the metadata's; large print moves A5 to A4, half-letter
            to Letter).
        variant: 'standard' or 'large-print'.
        clinic: a clinic file (default: the metadata's `clinic`, if any).

    Raises:
        UsageError: the content folder is missing, or the locale, paper or variant is unknown.
        ContentError: any problem in the content, with its file and line.
    """
    metadata = load_booklet_metadata(content_dir)
    locale = locale or metadata.source_locale
    if locale not in metadata.locales:
        raise UsageError(f"unknown locale '{locale}'",
                         f"this booklet has: {', '.join(metadata.locales)}")
    if variant not in VARIANTS:
        raise UsageError(f"unknown variant '{variant}'", f"use one of: {', '.join(VARIANTS)}")
    paper = paper or metadata.paper
    if paper not in PAPER_SIZES:
        raise UsageError(f"unknown paper size '{paper}'", f"use one of: {', '.join(PAPER_SIZES)}")
    if variant == "large-print":
        paper = LARGE_PRINT_PAPER[paper]
    if clinic is None and metadata.clinic:
        clinic = content_dir / metadata.clinic
        refuse_outside(clinic, content_dir)  # a --clinic file is the user's own choice
    source_dir = locale_folder(content_dir, metadata.source_locale)
    for folder in {source_dir, content_dir / locale}:
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            refuse_outside(path, content_dir)
    sources = load_sections(source_dir)
    source_tables = _load_tables(source_dir)
    if locale == metadata.source_locale:
        sections = tuple(dataclasses.replace(s, lang=locale) for s in sources)
        edition = Edition(metadata=metadata, locale=locale, paper=paper, sections=sections,
                          tables=source_tables, content_dir=content_dir,
                          messages=load_messages(source_dir / UI_CATALOG))
    else:
        edition = _translated_edition(content_dir, metadata, locale, paper, sources,
                                      source_tables)
    _check_references(edition.sections, edition.tables, content_dir)
    files = frozenset(section.location.path.name for section in edition.sections)
    html_removals = tuple(p for section in edition.sections
                          for p in (*removals(section, files), *unsupported(section)))
    return dataclasses.replace(edition, variant=variant,
                               clinic=load_clinic(clinic) if clinic else None,
                               warnings=html_removals + edition.warnings)


def load_booklet_metadata(content_dir: Path) -> Metadata:
    """The booklet's metadata; a missing content folder is a usage error."""
    if not content_dir.is_dir():
        raise UsageError(f"content folder '{content_dir}' not found",
                         "run from the project root or pass --content DIR")
    refuse_outside(content_dir / METADATA_FILE, content_dir)
    return load_metadata(content_dir)


def refuse_outside(path: Path, content_dir: Path) -> None:
    """Content is read only from inside the content folder: a link out of it is refused.

    Raises:
        ContentError: `path` (after following links) is outside `content_dir`.
    """
    if path.exists() and not path.resolve().is_relative_to(content_dir.resolve()):
        raise ContentError(SourceLocation(path), "links to a file outside the content folder",
                           "replace the link with the file itself")


def locale_folder(content_dir: Path, locale: str) -> Path:
    """content/<locale>/, which must exist."""
    folder = content_dir / locale
    if not folder.is_dir():
        raise ContentError(SourceLocation(folder), f"no folder for locale '{locale}'",
                           f"run 'booklet new-locale {locale}' or create {folder}")
    return folder


def _translated_edition(content_dir: Path, metadata: Metadata, locale: str, paper: str,
                        sources: tuple[Section, ...], source_tables: tuple[Table, ...]) -> Edition:
    locale_dir = locale_folder(content_dir, locale)
    metadata, translation = load_locale(locale_dir, metadata)
    states = section_states(sources, locale_dir)
    problems = extra_problems(states)
    tables = []
    for source in source_tables:
        path = locale_dir / source.location.path.name
        if not path.is_file():
            problems.append(Problem(SourceLocation(path), "table not translated",
                                    f"copy {source.location.path} here and translate its cells"))
            continue
        table = load_table(path)
        if not (table.caption or table.credit):  # no NAME.yml of its own: the source's
            table = dataclasses.replace(table, caption=source.caption, credit=source.credit)
        problems += check_table_translation(source, table)
        tables.append(table)
    source_names = {table.location.path.name for table in source_tables}
    problems += [Problem(SourceLocation(path), "no source table has this file name",
                         "rename it to match a table of the source locale, or delete it")
                 for path in sorted(locale_dir.glob("*.csv")) if path.name not in source_names]
    raise_if_problems(problems)
    sections = edition_sections(states, locale, metadata.source_locale)
    outdated = tuple(state.translation for state in states
                     if state.status is Status.OUTDATED and state.translation)
    return Edition(metadata=metadata, locale=locale, paper=paper, sections=sections,
                   tables=tuple(tables), content_dir=content_dir, translation=translation,
                   messages=load_messages(locale_dir / UI_CATALOG), outdated=outdated)


def load_sections(folder: Path) -> tuple[Section, ...]:
    """The source sections of `folder`, in order; orders, ids and titles are unique."""
    paths = sorted(folder.glob("*.md"))
    if not paths:
        raise ContentError(SourceLocation(folder), "no section files (*.md)",
                           "add one Markdown file per section")
    sections = sorted((parse_section(path) for path in paths), key=lambda s: s.order)
    problems: list[Problem] = []
    for attribute in ("order", "id", "title"):
        seen: dict[object, Section] = {}
        for section in sections:
            value = getattr(section, attribute)
            if value in seen:
                problems.append(Problem(section.location,
                                        f"section {attribute} {value!r} is also used by "
                                        f"{seen[value].location.path.name}",
                                        f"give each section its own {attribute}"))
            seen[value] = section
    raise_if_problems(problems)
    return tuple(sections)


def _load_tables(folder: Path) -> tuple[Table, ...]:
    return tuple(load_table(path) for path in sorted(folder.glob("*.csv")))


def _check_references(sections: tuple[Section, ...], tables: tuple[Table, ...],
                      content_dir: Path) -> None:
    """Every table a section places exists; every image is a file inside the content folder."""
    names = {table.name for table in tables}
    problems: list[Problem] = []
    root = content_dir.resolve()
    for section in sections:
        for ref in section.tables:
            if ref.target not in names:
                known = ", ".join(sorted(names)) or "none"
                problems.append(Problem(ref.location, f"unknown table '{ref.target}'",
                                        f"tables in this locale: {known}"))
        for ref in section.images:
            if ref.target.startswith(_REMOTE):
                problems.append(Problem(ref.location, f"image '{ref.target}' is not a local file",
                                        "put the image in the content folder and link it "
                                        "by relative path"))
                continue
            image = (ref.location.path.parent / ref.target).resolve()
            if not image.is_relative_to(root) or not image.is_file():
                problems.append(Problem(ref.location, f"image '{ref.target}' not found",
                                        "check the file name; images live in the content folder"))
    raise_if_problems(problems)
