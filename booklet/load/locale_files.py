"""Read a translated locale's locale.yml: its translated texts and its translation record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import raise_if_problems, read_fields
from booklet.model import Metadata, Translation

LOCALE_FILE = "locale.yml"
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
