"""`booklet check`: every rule on every edition asked for, as text or JSON (checks/report.py)."""

from __future__ import annotations

import argparse

from booklet.checks.report import exit_code, format_json, format_text
from booklet.load import load_booklet_metadata
from booklet.options import BuildOptions
from booklet.pipeline import check_edition


def run(args: argparse.Namespace) -> int:
    """Check the editions `args` ask for (default: every locale); return the exit code."""
    locales = args.locale or list(load_booklet_metadata(args.content).locales)
    reports = [check_edition(BuildOptions(content_dir=args.content, locale=locale,
                                          variant=variant, today=args.today))
               for locale in locales for variant in dict.fromkeys(args.variant or ["standard"])]
    print(format_json(reports) if args.format == "json" else format_text(reports))
    return exit_code(reports, args.strict)
