"""UI-string catalogs: extract a POT from the templates, init/update each locale's PO, compile."""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.locale_files import UI_CATALOG, placeholder_problems, read_catalog
from booklet.locales import babel_code

POT_FILE = "booklet.pot"
DOMAIN = "booklet"
#: Catalog dates are fixed so that regenerating unchanged catalogs changes no byte.
CATALOG_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                  "lstrip_blocks": "True"}


@dataclass(frozen=True)
class CatalogStats:
    """How complete one locale's catalog is."""

    locale: str
    path: Path
    total: int
    translated: int
    fuzzy: int
    untranslated: tuple[str, ...]


def extract(templates_dir: Path) -> Catalog:
    """Every UI string of the templates (the `_()` calls), with where it is used."""
    catalog = Catalog(domain=DOMAIN, project="booklet", creation_date=CATALOG_DATE,
                      revision_date=CATALOG_DATE, fuzzy=False)
    method_map = [("**.j2", "jinja2.ext:babel_extract")]
    for filename, line, message, comments, context in extract_from_dir(
            templates_dir, method_map=method_map, options_map={"**.j2": _JINJA_OPTIONS}):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def write_pot(templates_dir: Path) -> Path:
    """Write templates/booklet.pot from the templates; return its path."""
    path = templates_dir / POT_FILE
    _write(path, extract(templates_dir))
    return path


def update(pot: Catalog, po_path: Path, locale: str) -> Catalog:
    """Create or update a locale's PO from the POT: new strings added, changed ones fuzzy."""
    if not po_path.parent.is_dir():
        raise ContentError(SourceLocation(po_path.parent), f"no folder for locale '{locale}'",
                           f"run 'booklet new-locale {locale}'")
    if po_path.is_file():
        catalog = read_catalog(po_path, locale)
    else:
        catalog = Catalog(locale=babel_code(locale), domain=DOMAIN, project="booklet",
                          fuzzy=False)
    catalog.creation_date = CATALOG_DATE
    catalog.revision_date = CATALOG_DATE
    # A copy: Babel's update() puts the template's own Message objects into the catalog, so a
    # translation set on one locale's new entry would leak into the next locale's.
    catalog.update(copy.deepcopy(pot), update_header_comment=False)
    catalog.obsolete.clear()  # dropped strings are in the POT's history, not the translator's way
    _write(po_path, catalog)
    return catalog


def compile_catalog(po_path: Path) -> list[Problem]:
    """Check a PO file and write the compiled .mo beside it; return its problems."""
    catalog = read_catalog(po_path)
    problems = placeholder_problems(catalog, po_path)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    po_path.with_suffix(".mo").write_bytes(buffer.getvalue())
    return problems


def stats(pot: Catalog, po_path: Path, locale: str) -> CatalogStats:
    """How many of the POT's strings the locale's PO translates."""
    translated: dict[str, bool] = {}
    fuzzy_ids: set[str] = set()
    if po_path.is_file():
        for message in read_catalog(po_path, locale):
            if message.id and isinstance(message.id, str):
                translated[message.id] = bool(message.string) and not message.fuzzy
                if message.string and message.fuzzy:
                    fuzzy_ids.add(message.id)
    ids = [str(message.id) for message in pot if message.id]
    fuzzy = sum(1 for i in ids if i in fuzzy_ids)
    missing = tuple(i for i in ids if not translated.get(i))
    return CatalogStats(locale, po_path, len(ids), len(ids) - len(missing), fuzzy, missing)


def catalog_path(content_dir: Path, locale: str) -> Path:
    """Where a locale's UI catalog lives."""
    return content_dir / locale / UI_CATALOG


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=True)
    path.write_bytes(buffer.getvalue())
