"""An edition's UI strings: the content's ui.po over the program's catalog; what is missing."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.load.messages import load_messages
from booklet.model import Edition, Messages

#: The program's catalogs: templates/locale/<tag>.po, built from templates/booklet.pot.
CATALOG_FOLDER = "locale"
#: The language the templates' msgids are written in.
MSGID_LANGUAGE = "en"


def program_catalog_path(templates_dir: Path, locale: str) -> Path | None:
    """The program's catalog for `locale`: the tag's own, else that of the language it
    resolves to as CLDR says (zh-TW -> zh-Hant, pt-BR -> pt), else its language's; None if
    there is none."""
    from booklet.locales import UnknownLocaleTagError, resolve

    folder = templates_dir / CATALOG_FOLDER
    try:
        language = resolve(locale)
        resolved = [language.tag] if language.supported else []
    except UnknownLocaleTagError:
        resolved = []
    candidates = [locale, *resolved, locale.split("-")[0]]
    return next((folder / f"{tag}.po" for tag in candidates if (folder / f"{tag}.po").is_file()),
                None)


def speaks_msgids(locale: str) -> bool:
    """The templates' own strings are this locale's language (English)."""
    return locale.split("-")[0] == MSGID_LANGUAGE


class Catalog(gettext.NullTranslations):
    """The edition's UI strings, from the first catalog that has each: the content folder's
    ui.po, then the program's; remembers what it had to show in English, and fuzzy entries."""

    def __init__(self, edition: Edition, templates_dir: Path | None = None) -> None:
        super().__init__()
        program = program_catalog_path(templates_dir, edition.locale) if templates_dir else None
        self.program = load_messages(program) if program else None
        self.layers = tuple(m for m in (edition.messages, self.program) if m is not None)
        self.locale = edition.locale
        self.identity = speaks_msgids(edition.locale)
        self.expected = templates_dir / CATALOG_FOLDER / f"{edition.locale}.po" \
            if templates_dir else None
        self.missing: dict[str, None] = {}
        self.fuzzy: dict[tuple[Path, int | None, str], bool] = {}
        self._plurals: dict[str, Callable[[int], int]] = {}

    def _found(self, msgid: str) -> tuple[tuple[str, ...], Messages] | None:
        """The first catalog's translation of `msgid`; fuzzy entries before it remembered."""
        found = None
        fuzzy: list[tuple[Path, int | None]] = []
        for layer in self.layers:
            forms = layer.get(msgid)
            if forms is not None:
                found = (forms, layer)
                break
            fuzzy += [(layer.location.path, line) for other, line in layer.fuzzy
                      if other == msgid]
        for path, line in fuzzy:
            self.fuzzy[(path, line, msgid)] = found is not None
        if found is None and not self.identity:
            self.missing[msgid] = None
        return found

    def gettext(self, message: str) -> str:
        found = self._found(message)
        return found[0][0] if found else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self._found(msgid1)
        if found is None:
            return msgid1 if n == 1 else msgid2
        forms, layer = found
        if layer.plural not in self._plurals:
            self._plurals[layer.plural] = gettext.c2py(layer.plural)
        index = self._plurals[layer.plural](n)
        return forms[min(index, len(forms) - 1)]

    def warnings(self) -> tuple[Problem, ...]:
        """A warning per fuzzy entry (file:line) and one for the strings shown in English."""
        problems = [Problem(SourceLocation(path, line),
                            f"UI string {msgid!r} is marked fuzzy, so it is not used; "
                            + ("another catalog's translation is shown" if used
                               else "shown in English"),
                            "check the translation and remove the fuzzy flag")
                    for (path, line, msgid), used in self.fuzzy.items()]
        if self.missing:
            files = [str(layer.location) for layer in self.layers] or \
                [f"no catalog for '{self.locale}' ({self.expected})"]
            where = self.layers[0].location if self.layers else \
                (SourceLocation(self.expected) if self.expected else None)
            problems.append(Problem(where,
                                    f"{len(self.missing)} UI strings not translated in "
                                    f"{' or '.join(files)}, shown in English: "
                                    f"{', '.join(repr(m) for m in self.missing)}",
                                    "translate them in the PO file"))
        return tuple(problems)
