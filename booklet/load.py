"""Stage 1, load: read content/ for one locale into a consistent, immutable Edition."""

from __future__ import annotations

from pathlib import Path

from booklet.errors import ContentError, Problem, UsageError
from booklet.fields import raise_if_problems
from booklet.metadata import PAPER_SIZES, load_metadata
from booklet.model import Edition, Section, SourceLocation, Table
from booklet.sections import parse_section
from booklet.tables import load_table

_REMOTE = ("http://", "https://", "data:", "file:", "//")


def load_edition(content_dir: Path, locale: str | None = None, paper: str | None = None) -> Edition:
    """Load the edition of `locale` (default: the source locale) from `content_dir`.

    Raises:
        UsageError: the content folder is missing, or the locale or paper is unknown.
        ContentError: any problem in the content, with its file and line.
    """
    if not content_dir.is_dir():
        raise UsageError(f"content folder '{content_dir}' not found",
                         "run from the project root or pass --content DIR")
    metadata = load_metadata(content_dir)
    locale = locale or metadata.source_locale
    if locale not in metadata.locales:
        raise UsageError(f"unknown locale '{locale}'",
                         f"this booklet has: {', '.join(metadata.locales)}")
    paper = paper or metadata.paper
    if paper not in PAPER_SIZES:
        raise UsageError(f"unknown paper size '{paper}'", f"use one of: {', '.join(PAPER_SIZES)}")
    locale_dir = content_dir / locale
    if not locale_dir.is_dir():
        raise ContentError(SourceLocation(locale_dir), f"no folder for locale '{locale}'",
                           f"create {locale_dir} with the section files")
    sections = _load_sections(locale_dir)
    tables = tuple(load_table(path) for path in sorted(locale_dir.glob("*.csv")))
    _check_references(sections, tables, content_dir)
    return Edition(metadata=metadata, locale=locale, paper=paper, sections=sections,
                   tables=tables, content_dir=content_dir)


def _load_sections(locale_dir: Path) -> tuple[Section, ...]:
    paths = sorted(locale_dir.glob("*.md"))
    if not paths:
        raise ContentError(SourceLocation(locale_dir), "no section files (*.md)",
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


