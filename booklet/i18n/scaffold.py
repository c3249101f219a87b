"""Scaffold a new locale from the source: section copies marked untranslated, metadata, PO."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml

from booklet.errors import UsageError
from booklet.i18n.catalogs import extract, update
from booklet.load import load_booklet_metadata, load_sections, locale_folder
from booklet.load.files import read_text
from booklet.load.locale_files import LOCALE_FILE, UI_CATALOG
from booklet.load.metadata import METADATA_FILE
from booklet.load.syntax import FENCE
from booklet.locales import locale_problem
from booklet.model import Metadata, Section
from booklet.output.files import write_atomic

_LOCALES_LINE = re.compile(r"^locales:\s*\[(?P<items>[^\]]*)\]\s*$", re.MULTILINE)


def new_locale(content_dir: Path, locale: str, templates_dir: Path) -> list[Path]:
    """Create content/<locale>/ from the source locale; return the files written.

    Raises:
        UsageError: the locale code is unknown or the locale exists already.
    """
    metadata = load_booklet_metadata(content_dir)
    why = locale_problem(locale)
    if why:
        raise UsageError(why, "use a code such as 'es', 'ar', 'zh' or 'pt-BR'")
    folder = content_dir / locale
    if folder.exists():
        raise UsageError(f"{folder} exists already", "edit its files, or remove it first")
    source_dir = locale_folder(content_dir, metadata.source_locale)
    sources = load_sections(source_dir)
    # Build the folder beside its final place, then rename: never a half-made locale.
    staging = Path(tempfile.mkdtemp(prefix=f".{locale}.", dir=content_dir))
    try:
        _fill(staging, metadata, sources, source_dir, templates_dir, locale)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    written = sorted(folder.iterdir())
    if _add_to_locales(content_dir / METADATA_FILE, locale):
        written.append(content_dir / METADATA_FILE)
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
    locale_file = staging / LOCALE_FILE
    locale_file.write_text(
        "# Translated metadata of this edition (copied from the source: translate them).\n"
        + yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=90)
        + "\n# Who translated this edition, and how (human or machine-assisted).\n"
        "# An edition is a draft until a qualified reviewer fills in reviewed_by and\n"
        "# reviewed_on.\n"
        "translation:\n  method: human\n  # translated_by: Name\n  # reviewed_by: Name, role\n"
        "  # reviewed_on: YYYY-MM-DD\n", encoding="utf-8")
    update(extract(templates_dir), staging / UI_CATALOG, locale)


def _add_to_locales(metadata_file: Path, locale: str) -> bool:
    """Append `locale` to the `locales: [...]` line, if it has that form."""
    text = read_text(metadata_file)
    match = _LOCALES_LINE.search(text)
    if match is None:
        return False
    items = [item.strip() for item in match["items"].split(",") if item.strip()]
    if locale not in items:
        items.append(locale)
    text = text[:match.start()] + f"locales: [{', '.join(items)}]" + text[match.end():]
    write_atomic(metadata_file, text.encode("utf-8"))
    return True
