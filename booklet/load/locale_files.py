"""Read a translated locale's own files: locale.yml (texts, translation record) and ui.po."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import string
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import raise_if_problems, read_fields
from booklet.load.files import read_bounded
from booklet.locales import babel_code
from booklet.model import Messages, Metadata, Translation

LOCALE_FILE = "locale.yml"
UI_CATALOG = "ui.po"
METHODS = ("human", "machine-assisted")
#: Metadata fields a locale translates; everything else is shared with the source.
TRANSLATED_FIELDS = ("title", "subtitle", "disclaimer", "disclosure", "keywords")
_TRANSLATION_KEYS = ("method", "translated_by", "reviewed_by", "reviewed_on")


def load_locale(locale_dir: Path, metadata: Metadata) -> tuple[Metadata, Translation]:
    """The metadata with this locale's translated texts, and its translation record.

    Raises:
        ContentError: locale.yml is missing or invalid (every problem listed).
    """
    path = locale_dir / LOCALE_FILE
    if not path.is_file():
        raise ContentError(SourceLocation(path), "locale file not found",
                           f"run 'booklet new-locale {locale_dir.name}' or create {LOCALE_FILE}")
    problems: list[Problem] = []
    top = read_fields(path, LOCALE_FILE, problems)
    top.reject_unknown((*TRANSLATED_FIELDS, "translation"))
    translated = dataclasses.replace(
        metadata,
        title=top.get("title", str),
        subtitle=top.get("subtitle", str, ""),
        disclaimer=top.get("disclaimer", str),
        disclosure=top.get("disclosure", str, ""),
        keywords=top.strings("keywords", ()),
    )
    record = top.mapping("translation")
    record.reject_unknown(_TRANSLATION_KEYS)
    method = record.get("method", str)
    if method not in METHODS:
        problems.append(Problem(record.location("method"), f"unknown method {method!r}",
                                f"use one of: {', '.join(METHODS)}"))
    translation = Translation(
        method=method,
        translated_by=record.get("translated_by", str, ""),
        reviewed_by=record.get("reviewed_by", str, ""),
        reviewed_on=record.get("reviewed_on", dt.date, dt.date.min) or None,
        location=record.location(),
    )
    if translation.reviewed_on == dt.date.min:
        translation = dataclasses.replace(translation, reviewed_on=None)
    if translation.reviewed_on and translation.reviewed_on > metadata.next_review:
        problems.append(Problem(record.location("reviewed_on"),
                                f"'reviewed_on' {translation.reviewed_on} is after the booklet's "
                                f"next review ({metadata.next_review})",
                                "give the date the review really took place"))
    raise_if_problems(problems)
    return translated, translation


def load_messages(locale_dir: Path) -> Messages:
    """The locale's translated UI strings (a missing ui.po means none are translated).

    Raises:
        ContentError: the PO file cannot be parsed.
    """
    path = locale_dir / UI_CATALOG
    if not path.is_file():
        return Messages((), SourceLocation(path))
    catalog = read_catalog(path)
    raise_if_problems(placeholder_problems(catalog, path))
    pairs = tuple(
        (str(message.id), str(message.string)) for message in catalog
        if message.id and isinstance(message.id, str) and isinstance(message.string, str)
        and message.string and not message.fuzzy
    )
    return Messages(pairs, SourceLocation(path))


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO file strictly: a syntax error or bad encoding is a ContentError."""
    from babel.messages.pofile import PoFileError, read_po

    data = read_bounded(path)
    try:
        return read_po(io.BytesIO(data), locale=babel_code(locale) if locale else None,
                       abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ContentError(SourceLocation(path, line), f"invalid PO file: {exc}",
                           "fix this entry (quotes, escapes, UTF-8)") from None


def placeholder_problems(catalog: Catalog, path: Path) -> list[Problem]:
    """Translations must keep the {placeholders} of their source string."""
    problems = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not message.string:
            continue
        expected = _fields(message.id)
        found = _fields(str(message.string))
        if found is None or expected != found:
            what = "braces that are not well formed" if found is None else \
                f"placeholders {found or 'none'}"
            problems.append(Problem(SourceLocation(path, message.lineno),
                                    f"translation of {message.id!r} has {what}, "
                                    f"expected {expected}",
                                    "keep every {name} of the source string, untranslated "
                                    "(a literal brace is written {{ or }})"))
    return problems


def _fields(text: str) -> list[str] | None:
    """The {placeholders} str.format fills in `text`, sorted (`{{phone}}` is a literal
    "{phone}", not a placeholder); None if `text` is not a well-formed format string."""
    try:
        return sorted("{" + name + "}" for _, name, _, _ in string.Formatter().parse(text)
                      if name is not None)
    except ValueError:
        return None
