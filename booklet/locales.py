"""Locale tags: which codes are usable (BCP 47, known to Babel), their names and direction."""

from __future__ import annotations

import re

_LOCALE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def locale_problem(code: str) -> str | None:
    """Why `code` is not a usable locale code (BCP 47, known to Babel), or None."""
    from babel import Locale, UnknownLocaleError  # Babel is imported when first needed

    if not _LOCALE_CODE.match(code):
        return f"'{code}' is not a locale code (use lower-case BCP 47, such as 'es' or 'pt-BR')"
    try:
        Locale.parse(babel_code(code))
    except (UnknownLocaleError, ValueError):
        return f"'{code}' is not a locale Babel knows"
    return None


def babel_code(code: str) -> str:
    """The locale code in Babel's spelling ('pt-BR' -> 'pt_BR')."""
    return code.replace("-", "_")


def language_name(locale: str, in_locale: str) -> str:
    """The name of `locale`'s language, in the language of `in_locale` ("inglés")."""
    from babel import Locale

    name = Locale.parse(babel_code(locale)).get_display_name(babel_code(in_locale))
    return name or locale


_RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


def locale_direction(locale: str) -> str:
    """'rtl' for languages written right to left, else 'ltr'."""
    return "rtl" if locale.split("-")[0].lower() in _RTL_LANGUAGES else "ltr"
