"""Read UI catalogs (gettext PO files): the program's, and a content folder's own ui.po."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import raise_if_problems
from booklet.load.files import read_bounded
from booklet.locales import babel_code
from booklet.model import Messages

UI_CATALOG = "ui.po"
#: The header that says how the program's own catalogs were translated.
STATE_HEADER = "X-Booklet-Translation"
_STATE = re.compile(r'^"' + STATE_HEADER + r':\s*(?P<state>.*?)\\n"$', re.MULTILINE)


def load_messages(path: Path) -> Messages | None:
    """The translated UI strings of the PO file at `path` (None when there is no such file).

    Raises:
        ContentError: the PO file cannot be parsed, or a translation breaks a placeholder.
    """
    if not path.is_file():
        return None
    catalog = read_catalog(path)
    raise_if_problems(placeholder_problems(catalog, path) + markup_problems(catalog, path))
    pairs: list[tuple[str, tuple[str, ...]]] = []
    fuzzy: list[tuple[str, int | None]] = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        forms = (message.string,) if isinstance(message.string, str) \
            else tuple(message.string or ())
        if message.fuzzy and any(forms):
            fuzzy.append((msgid, message.lineno))
        elif forms and all(forms):
            pairs.append((msgid, forms))
    return Messages(tuple(pairs), SourceLocation(path), catalog.plural_expr, tuple(fuzzy),
                    catalog_state(path))


def catalog_state(path: Path) -> str:
    """The catalog's X-Booklet-Translation header ('machine-assisted, unreviewed'), or ''."""
    text = read_bounded(path).decode("utf-8", errors="replace")
    header = text[:text.find("\n\n")] if "\n\n" in text else text
    match = _STATE.search(header)
    return match["state"].strip() if match else ""


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
    """Translations must keep the {placeholders} of their source string (each plural form)."""
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[-1]
        strings = [message.string] if isinstance(message.string, str) else message.string
        expected = _fields(msgid)
        for text in strings:
            found = _fields(str(text)) if text else expected
            if found is None or expected != found:
                what = "braces that are not well formed" if found is None else \
                    f"placeholders {found or 'none'}"
                problems.append(Problem(SourceLocation(path, message.lineno),
                                        f"translation of {msgid!r} has {what}, "
                                        f"expected {expected}",
                                        "keep every {name} of the source string, untranslated "
                                        "(a literal brace is written {{ or }})"))
                break
    return problems


def markup_problems(catalog: Catalog, path: Path) -> list[Problem]:
    """UI strings are plain text: the templates insert them as they are, so a translation
    with < or > could add elements to the booklet."""
    problems = []
    for message in catalog:
        strings = [message.string] if isinstance(message.string, str) else message.string
        if message.id and any("<" in str(text) or ">" in str(text) for text in strings or ()):
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            problems.append(Problem(SourceLocation(path, message.lineno),
                                    f"translation of {msgid!r} contains < or >",
                                    "UI strings are plain text: remove the markup"))
    return problems


def _fields(text: str) -> list[str] | None:
    """The {placeholders} str.format fills in `text`, sorted (`{{phone}}` is a literal
    "{phone}", not a placeholder); None if `text` is not a well-formed format string."""
    try:
        return sorted("{" + name + "}" for _, name, _, _ in string.Formatter().parse(text)
                      if name is not None)
    except ValueError:
        return None
