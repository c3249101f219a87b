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
from booklet.load.messages import (
    STATE_HEADER,
    UI_CATALOG,
    catalog_state,
    placeholder_problems,
    read_catalog,
)
from booklet.locales import babel_code
from booklet.render.ui import CATALOG_FOLDER, program_catalog_path, speaks_msgids

POT_FILE = "booklet.pot"
DOMAIN = "booklet"
#: Catalog dates are fixed so that regenerating unchanged catalogs changes no byte.
CATALOG_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                  "lstrip_blocks": "True"}


@dataclass(frozen=True)
class CatalogStats:
    """How complete one locale's UI strings are: its ui.po over the program's catalog."""

    locale: str
    path: Path
    total: int
    translated: int
    fuzzy: int
    untranslated: tuple[str, ...]
    program: Path | None = None
    """The program's catalog for this language (templates/locale/<tag>.po), if any."""
    program_state: str = ""
    """How the program's catalog was translated ('machine-assisted, unreviewed')."""
    overrides: int = 0
    """Strings the content's ui.po translates itself."""


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
    write_catalog(path, extract(templates_dir))
    return path


def program_catalogs(templates_dir: Path) -> list[tuple[str, Path]]:
    """The program's own catalogs, templates/locale/<tag>.po, as (tag, path)."""
    return [(path.stem, path) for path in sorted((templates_dir / CATALOG_FOLDER).glob("*.po"))]


def update_program_catalogs(templates_dir: Path, pot: Catalog) -> list[Path]:
    """Merge the POT into every program catalog (its translation-state header kept)."""
    paths = []
    for tag, path in program_catalogs(templates_dir):
        update(pot, path, tag)
        paths.append(path)
    return paths


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
    write_catalog(po_path, catalog, catalog_state(po_path) if po_path.is_file() else "")
    return catalog


def compile_catalog(po_path: Path) -> list[Problem]:
    """Check a PO file and write the compiled .mo beside it; return its problems."""
    catalog = read_catalog(po_path)
    problems = placeholder_problems(catalog, po_path)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    po_path.with_suffix(".mo").write_bytes(buffer.getvalue())
    return problems


def stats(pot: Catalog, po_path: Path, locale: str,
          templates_dir: Path | None = None) -> CatalogStats:
    """How many of the POT's strings the locale's PO, or else the program's catalog,
    translates."""
    own, fuzzy_ids = _translated(po_path, locale)
    program = program_catalog_path(templates_dir, locale) if templates_dir else None
    from_program, _ = _translated(program, locale) if program else (set(), set())
    ids = [str(message.id if isinstance(message.id, str) else message.id[0])
           for message in pot if message.id]
    missing = tuple(i for i in ids if i not in own and i not in from_program
                    and not speaks_msgids(locale))
    return CatalogStats(locale, po_path, len(ids), len(ids) - len(missing),
                        sum(1 for i in ids if i in fuzzy_ids), missing, program,
                        catalog_state(program) if program else "",
                        sum(1 for i in ids if i in own))


def _translated(po_path: Path, locale: str) -> tuple[set[str], set[str]]:
    """The msgids a PO file translates (not fuzzy, every form filled), and its fuzzy ones."""
    translated: set[str] = set()
    fuzzy: set[str] = set()
    if po_path.is_file():
        for message in read_catalog(po_path, locale):
            if not message.id:
                continue
            msgid = str(message.id if isinstance(message.id, str) else message.id[0])
            forms = [message.string] if isinstance(message.string, str) else message.string
            if forms and all(forms):
                (fuzzy if message.fuzzy else translated).add(msgid)
    return translated, fuzzy


def catalog_path(content_dir: Path, locale: str) -> Path:
    """Where a locale's UI catalog lives."""
    return content_dir / locale / UI_CATALOG


def write_catalog(path: Path, catalog: Catalog, state: str = "") -> None:
    """Write a PO file; `state` goes into its X-Booklet-Translation header (Babel keeps no
    header of its own invention, so it is written here)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=True)
    text = buffer.getvalue()
    if state:
        end = text.index(b"\n\n")
        text = text[:end] + f'\n"{STATE_HEADER}: {state}\\n"'.encode() + text[end:]
    path.write_bytes(text)
