"""Read typed values out of a parsed YAML mapping, collecting every problem at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.files import read_text
from booklet.load.yamlfile import LineDict, empty_mapping, parse_mapping

T = TypeVar("T")

_KIND_NAMES = {str: "text", int: "a whole number", bool: "true or false",
               dt.date: "a date (YYYY-MM-DD)", list: "a list"}


class FieldReader:
    """Typed access to one mapping; problems pile up in `problems` instead of raising."""

    def __init__(self, data: LineDict, path: Path, problems: list[Problem], what: str) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.what = what

    def location(self, key: str | None = None) -> SourceLocation:
        """Where `key` (or the mapping itself) is written."""
        return SourceLocation(self.path, self.data.line_of(key) if key else self.data.line)

    def get(self, key: str, kind: type[T], default: T | None = None) -> T:
        """The value of `key` as `kind`; a missing required key or a wrong type is a problem."""
        if key not in self.data or self.data[key] is None:
            if default is None:
                self.problems.append(
                    Problem(self.location(), f"{self.what} is missing '{key}'",
                            f"add a line '{key}: ...'")
                )
                return cast(T, _placeholder(kind))
            return default
        value = self.data[key]
        if kind is dt.date and isinstance(value, str):
            value = _iso_date(value)  # '2026-12-01' quoted, as people write YAML
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = self.data.raw.get(key, str(value))  # the text as written: 02012345, 2.10
        if isinstance(value, dt.datetime) or not isinstance(value, kind) or (
            kind is int and isinstance(value, bool)
        ):
            self.problems.append(
                Problem(self.location(key), f"'{key}' must be {_KIND_NAMES.get(kind, kind)}, "
                        f"got {value!r}", "correct the value")
            )
            return cast(T, _placeholder(kind))
        if kind is str and not str(value).strip():
            self.problems.append(Problem(self.location(key), f"'{key}' is empty", "fill it in"))
        elif kind is str and key in _TITLES and (hidden := _INVISIBLE.search(str(value))):
            import unicodedata

            char = hidden[0]
            self.problems.append(Problem(
                self.location(key), f"'{key}' has an invisible character U+{ord(char):04X} "
                f"({unicodedata.name(char, 'unnamed')}): it would reach the PDF's title and "
                "bookmarks, and make two titles that look the same differ", "remove it"))
        return value

    def mapping(self, key: str) -> FieldReader:
        """A reader for the nested mapping under `key`."""
        value = self.data.get(key)
        if not isinstance(value, LineDict):
            if key not in self.data:
                self.problems.append(Problem(self.location(), f"{self.what} is missing '{key}'",
                                             f"add a '{key}:' block"))
            else:
                self.problems.append(Problem(self.location(key), f"'{key}' must be a mapping",
                                             "indent 'name: value' lines under it"))
            value = empty_mapping(self.data.line_of(key))
        return FieldReader(value, self.path, self.problems, f"'{key}'")

    def mappings(self, key: str) -> list[FieldReader]:
        """Readers for a list of mappings under `key` (at least one)."""
        items = self.get(key, list)
        readers = []
        for index, item in enumerate(items):
            if not isinstance(item, LineDict):
                self.problems.append(Problem(self.location(key),
                                             f"item {index + 1} of '{key}' must be a mapping"))
                continue
            readers.append(FieldReader(item, self.path, self.problems, f"an entry of '{key}'"))
        if not items and key in self.data:
            self.problems.append(Problem(self.location(key), f"'{key}' is empty",
                                         "add at least one entry"))
        return readers

    def strings(self, key: str, default: Iterable[str] | None = None) -> tuple[str, ...]:
        """A list of texts under `key`."""
        items = self.get(key, list, list(default) if default is not None else None)
        bad = [item for item in items if not isinstance(item, str)]
        if bad:
            self.problems.append(Problem(self.location(key), f"'{key}' must list texts only"))
        return tuple(str(item) for item in items)

    def reject_unknown(self, known: Iterable[str]) -> None:
        """Report keys that are not in `known` (a typo would otherwise be silently ignored)."""
        allowed = set(known)
        for key in self.data:
            if key not in allowed:
                self.problems.append(Problem(
                    self.location(key), f"unknown key '{key}' in {self.what}",
                    f"expected one of: {', '.join(sorted(allowed))}"))


def read_fields(path: Path, what: str, problems: list[Problem]) -> FieldReader:
    """A reader for the YAML mapping that is the whole of file `path` (called `what` in
    messages); its problems go to `problems`.

    Raises:
        ContentError: the file cannot be read, is not valid YAML, or is not a mapping.
    """
    return FieldReader(parse_mapping(read_text(path), SourceLocation(path, 1)), path, problems,
                       what)


def raise_if_problems(problems: list[Problem]) -> None:
    """Raise one ContentError listing every problem, if there are any."""
    if problems:
        raise ContentError.from_problems(problems)


def _iso_date(text: str) -> dt.date | str:
    """A quoted YYYY-MM-DD date as a date (anything else stays text, and is refused)."""
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else text
    except ValueError:
        return text


#: Fields shown as a title (the PDF's /Title, bookmarks, the contents) and compared.
_TITLES = frozenset({"title", "subtitle"})
#: Characters that print as nothing: zero-width space, word joiner, BOM, soft hyphen, and the
#: bidi embeddings, overrides and isolates that reorder what follows. (Zero-width joiner and
#: non-joiner are left alone: Arabic, Persian and Indic scripts need them.)
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")


def _placeholder(kind: type[Any]) -> Any:
    if kind is dt.date:
        return dt.date(1970, 1, 1)
    return kind()
