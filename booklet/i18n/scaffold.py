"""Scaffold a new locale from the source: section copies marked untranslated, metadata, PO."""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog

from booklet.errors import ContentError, UsageError
from booklet.i18n.catalogs import extract, update, write_catalog
from booklet.load import load_booklet_metadata, load_sections, locale_folder
from booklet.load.files import read_text
from booklet.load.locale_files import LOCALE_FILE
from booklet.load.messages import UI_CATALOG, catalog_state, load_messages
from booklet.load.metadata import METADATA_FILE
from booklet.load.syntax import FENCE
from booklet.locales import locale_problem
from booklet.model import Metadata, Section
from booklet.output.files import write_atomic
from booklet.render.ui import program_catalog_path

_FLOW = re.compile(r"^locales:[ \t]*\[(?P<items>[^\]\n]*)\](?P<rest>[ \t]*(#.*)?)$", re.MULTILINE)
_BLOCK = re.compile(r"^locales:[ \t]*(#.*)?\n(?P<items>(?:[ \t]*(?:-[ \t]*\S.*|#.*)?\n)*)",
                    re.MULTILINE)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]*\S.*$", re.MULTILINE)
_SOURCE_LINE = re.compile(r"^source_locale:.*$", re.MULTILINE)


def new_locale(content_dir: Path, locale: str, templates_dir: Path) -> list[Path]:
    """Create content/<locale>/ from the source locale and add the locale to `locales:` in
    booklet.yml (the rest of that file kept as it is); return the files written.

    Raises:
        UsageError: the locale code is unknown or the locale exists already.
        ContentError: booklet.yml's `locales:` cannot be edited safely.
    """
    metadata = load_booklet_metadata(content_dir)
    why = locale_problem(locale)
    if why:
        raise UsageError(why, "use a code such as 'es', 'ar', 'zh' or 'pt-BR'")
    folder = content_dir / locale
    if folder.exists():
        raise UsageError(f"{folder} exists already", "edit its files, or remove it first")
    metadata_file = content_dir / METADATA_FILE
    listed = locale in metadata.locales
    text = read_text(metadata_file) if listed else \
        with_locale(read_text(metadata_file), metadata, locale)
    source_dir = locale_folder(content_dir, metadata.source_locale)
    sources = load_sections(source_dir)
    # Build the folder beside its final place, then rename: never a half-made locale.
    staging = Path(tempfile.mkdtemp(prefix=f".{locale}.", dir=content_dir))
    try:
        _fill(staging, metadata, sources, source_dir, templates_dir, locale)
        _same_modes(staging, source_dir, metadata_file)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written = sorted(folder.iterdir())
    if not listed:
        write_atomic(metadata_file, text.encode("utf-8"))
        written.append(metadata_file)
    return written


def _fill(staging: Path, metadata: Metadata, sources: tuple[Section, ...],
          source_dir: Path, templates_dir: Path, locale: str) -> None:
    """Write the scaffold of the new locale into `staging`."""
    for section in sources:
        path = staging / section.location.path.name
        front = yaml.safe_dump({"title": section.title, "translated_from": section.blob,
                                "untranslated": True}, allow_unicode=True, sort_keys=False)
        path.write_text(f"{FENCE}\n{front}{FENCE}\n{section.body}", encoding="utf-8")
    for table in sorted(source_dir.glob("*.csv")):
        shutil.copyfile(table, staging / table.name)
    texts = {"title": metadata.title, "subtitle": metadata.subtitle,
             "disclaimer": metadata.disclaimer, "disclosure": metadata.disclosure,
             "keywords": list(metadata.keywords)}
    texts = {key: value for key, value in texts.items() if value}  # no empty values
    locale_file = staging / LOCALE_FILE
    locale_file.write_text(
        "# Translated metadata of this edition (copied from the source: translate them).\n"
        + yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=90)
        + "\n# Who translated this edition, and how (human or machine-assisted).\n"
        "# An edition is a draft until a qualified reviewer fills in reviewed_by and\n"
        "# reviewed_on.\n"
        "translation:\n  method: human\n  # translated_by: Name\n  # reviewed_by: Name, role\n"
        "  # reviewed_on: YYYY-MM-DD\n", encoding="utf-8")
    ui_catalog(extract(templates_dir), staging / UI_CATALOG, locale, templates_dir)


def ui_catalog(pot: Catalog, path: Path, locale: str, templates_dir: Path) -> None:
    """The new locale's ui.po: every string empty, so the program's catalog for the language
    is used; its translation is shown as a translator comment. A string written here
    overrides the program's."""
    catalog = update(pot, path, locale)
    program_file = program_catalog_path(templates_dir, locale)
    if program_file is None:
        return
    program = load_messages(program_file)
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0] if message.id \
            else ""
        forms = program.get(msgid) if program and msgid else None
        if forms:
            message.user_comments = [f"program ({program_file.name}): {' | '.join(forms)}"]
    state = catalog_state(program_file) or "translation state not recorded"
    catalog.header_comment = (
        f"# UI strings of the '{locale}' edition. An empty string uses the program's catalog\n"
        f"# {program_file.parent.name}/{program_file.name} ({state}), quoted in a comment\n"
        "# above each string; a translation written here overrides it.")
    write_catalog(path, catalog)


def _same_modes(staging: Path, source_dir: Path, metadata_file: Path) -> None:
    """The new folder and its files get the permissions of the source locale's (mkdtemp
    makes a 0700 folder)."""
    staging.chmod(stat.S_IMODE(source_dir.stat().st_mode))
    for path in staging.iterdir():
        model = source_dir / path.name
        path.chmod(stat.S_IMODE((model if model.is_file() else metadata_file).stat().st_mode))


def with_locale(text: str, metadata: Metadata, locale: str) -> str:
    """booklet.yml's text with `locale` added to `locales:`, whether that list is written
    [en, es] or one "- es" per line, or missing; comments and order kept.

    Raises:
        ContentError: the list has a form this cannot edit safely.
    """
    if (flow := _FLOW.search(text)) is not None:
        items = [item.strip() for item in flow["items"].split(",") if item.strip()]
        new = text[:flow.start()] + f"locales: [{', '.join([*items, locale])}]{flow['rest']}" \
            + text[flow.end():]
    elif (block := _BLOCK.search(text)) is not None and _ITEM.search(block["items"]):
        last = list(_ITEM.finditer(block["items"]))[-1]
        at = block.start("items") + last.end() + 1
        new = text[:at] + f"{last['indent']}- {locale}\n" + text[at:]
    elif "locales" not in {str(key) for key in (yaml.safe_load(text) or {})} \
            and (source := _SOURCE_LINE.search(text)) is not None:
        new = text[:source.end()] + \
            f"\nlocales: [{', '.join([*metadata.locales, locale])}]" + text[source.end():]
    else:
        new = ""
    if not new or (yaml.safe_load(new) or {}).get("locales") != [*metadata.locales, locale]:
        raise ContentError(metadata.location, f"cannot add '{locale}' to 'locales:'",
                           f"write it as 'locales: [{', '.join([*metadata.locales, locale])}]' "
                           "and run new-locale again")
    return new
