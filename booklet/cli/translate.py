"""`booklet status`, `booklet new-locale` and `booklet catalog`: the translators' commands."""

from __future__ import annotations

import argparse

from booklet.cli.report import Report
from booklet.options import DEFAULT_THEME


def status(args: argparse.Namespace) -> int:
    """Print every locale's translation status as text, JSON or Markdown."""
    from booklet.i18n.status import format_json, format_markdown, format_text, status_report

    reports = status_report(args.content, DEFAULT_THEME.templates_dir)
    formatter = {"text": format_text, "json": format_json, "markdown": format_markdown}
    print(formatter[args.format](reports))
    return 0


def new_locale(args: argparse.Namespace) -> int:
    """Scaffold `args.locale` from the source and say what to do next."""
    from booklet.i18n.scaffold import new_locale

    report = Report()
    for path in new_locale(args.content, args.locale, DEFAULT_THEME.templates_dir):
        report.wrote(path)
    print(f"next: translate the files in {args.content / args.locale} (remove "
          "'untranslated: true' from each section you translate), then "
          f"'booklet build --locale {args.locale}'")
    return report.exit_code


def catalog(args: argparse.Namespace) -> int:
    """Extract the templates' strings, update every locale's PO file, or compile them."""
    from booklet.i18n.catalogs import (
        catalog_path,
        compile_catalog,
        extract,
        update,
        update_program_catalogs,
        write_pot,
    )
    from booklet.load import load_booklet_metadata

    report = Report()
    templates = DEFAULT_THEME.templates_dir
    if args.action == "extract":
        report.wrote(write_pot(templates))
        for path in update_program_catalogs(templates, extract(templates)):
            report.wrote(path)
        return report.exit_code
    metadata = load_booklet_metadata(args.content)
    problems = []
    pot = extract(templates)
    for locale in [loc for loc in metadata.locales if loc != metadata.source_locale]:
        path = catalog_path(args.content, locale)
        if args.action == "update":
            update(pot, path, locale)
            print(f"updated {path}")
        elif path.is_file():
            problems += compile_catalog(path)
            print(f"compiled {path.with_suffix('.mo')}")
    for problem in problems:
        report.error(str(problem))
    return report.exit_code
