"""Locale tags: usable codes (BCP 47, known to Babel), their names, and the language each one
resolves to (styles/languages.yml, CLDR likely subtags): script, direction, font stack."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_LOCALE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANGUAGES_FILE = "languages.yml"
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Language:
    """What booklet knows of the language a locale tag resolves to."""

    tag: str
    """The supported entry of styles/languages.yml ('zh-Hant' for 'zh-TW'), or the tag as
    given when the language is not listed."""
    requested: str
    """The tag as written in the content ('zh-TW')."""
    script: str
    """ISO 15924 code, explicit in the tag or CLDR's likely script ('Hant')."""
    territory: str | None
    direction: str
    """'ltr' or 'rtl'."""
    fonts: str
    """The key of the font stack in styles/fonts.yml ('chinese-hongkong' for 'zh-HK')."""
    readability: str
    """The readability formula of `booklet check`, or 'not scored'."""
    sample: str | None
    """The gflanguages sample text id of the per-language test editions."""
    hyperglot: str | None
    """The ISO 639-3 code of the orthography the fonts are checked against."""
    supported: bool
    """Listed in styles/languages.yml (else resolved by its script only)."""

    @property
    def rtl(self) -> bool:
        """Written right to left."""
        return self.direction == "rtl"


class UnknownLocaleTagError(ValueError):
    """A tag that is not BCP 47 or that Babel does not know."""


def languages_file() -> Path:
    """styles/languages.yml of the checkout, or the copy inside the installed package."""
    checkout = _ROOT / "styles" / LANGUAGES_FILE
    if checkout.is_file():
        return checkout
    return Path(__file__).resolve().parent / "theme" / "styles" / LANGUAGES_FILE


@cache
def _data() -> dict[str, Any]:
    import yaml  # imported when first needed

    with languages_file().open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def supported_tags() -> tuple[str, ...]:
    """The tags of every supported language, in the order of styles/languages.yml."""
    return tuple(_data()["languages"])


@cache
def resolve(tag: str) -> Language:
    """The language `tag` resolves to, as CLDR says: 'zh', 'zh-CN', 'zh-SG' -> zh-Hans;
    'zh-TW' -> zh-Hant; 'zh-HK', 'zh-MO' -> zh-Hant with Hong Kong fonts; 'pa' -> Gurmukhi,
    'pa-Arab' -> Shahmukhi; 'sr-Latn' / 'sr-Cyrl' by their script.

    Raises:
        UnknownLocaleTagError: `tag` is not lower-case BCP 47 or not a locale Babel knows.
    """
    from babel import Locale, UnknownLocaleError  # Babel is imported when first needed
    from babel.core import get_global

    if not _LOCALE_CODE.match(tag):
        raise UnknownLocaleTagError(f"'{tag}' is not a locale code "
                            "(use lower-case BCP 47, such as 'es' or 'pt-BR')")
    try:
        parsed = Locale.parse(babel_code(tag))
    except (UnknownLocaleError, ValueError):
        raise UnknownLocaleTagError(f"'{tag}' is not a locale Babel knows") from None
    subtags = tag.split("-")
    language = subtags[0]
    script = next((s.title() for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    territory = next((s.upper() for s in subtags[1:] if len(s) == 2 or
                      (len(s) == 3 and s.isdigit())), None)
    if script is None:
        likely = get_global("likely_subtags")
        found = likely.get(f"{language}_{territory}") or likely.get(language) or ""
        script = next((s for s in found.split("_")[1:] if len(s) == 4), "Latn")
    entries: dict[str, dict[str, Any]] = _data()["languages"]
    key = next((k for k in (f"{language}-{script}", language)
                if k in entries and entries[k]["script"] == script), None)
    if key is None:
        try:
            order = Locale(language, script=script).character_order
        except (UnknownLocaleError, ValueError):
            order = parsed.character_order
        return Language(tag, tag, script, territory,
                        "rtl" if order == "right-to-left" else "ltr",
                        _data()["scripts"].get(script, "default"), "not scored", None, None,
                        supported=False)
    entry = entries[key]
    fonts = (entry.get("regions") or {}).get(territory, entry["fonts"])
    return Language(key, tag, script, territory, entry["direction"], fonts,
                    entry["readability"], entry["sample"], entry["hyperglot"], supported=True)


def locale_problem(code: str) -> str | None:
    """Why `code` is not a usable locale code (BCP 47, known to Babel), or None."""
    try:
        resolve(code)
    except UnknownLocaleTagError as exc:
        return str(exc)
    return None


def babel_code(code: str) -> str:
    """The locale code in Babel's spelling ('pt-BR' -> 'pt_BR')."""
    return code.replace("-", "_")


def language_name(locale: str, in_locale: str) -> str:
    """The name of `locale`'s language, in the language of `in_locale` ("inglés")."""
    from babel import Locale

    try:
        key = resolve(in_locale).tag
    except UnknownLocaleTagError:
        key = in_locale
    names = _data()["languages"].get(key, {}).get("names") or {}
    own = names.get(locale) or names.get(locale.split("-")[0])
    if own:  # CLDR has none in that language, or another language's (styles/languages.yml)
        return str(own)
    from babel import UnknownLocaleError

    try:
        name = Locale.parse(babel_code(locale)).get_display_name(babel_code(in_locale))
    except (UnknownLocaleError, ValueError):
        return locale
    return name or locale


def locale_direction(locale: str) -> str:
    """'rtl' for languages written right to left (CLDR, styles/languages.yml), else 'ltr'."""
    try:
        return resolve(locale).direction
    except UnknownLocaleTagError:
        return "ltr"
