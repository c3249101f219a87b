"""`booklet check`: every rule on every edition asked for, each in a process within the
build's limits, as text or JSON (checks/report.py)."""

from __future__ import annotations

import argparse

from booklet.checks.report import exit_code, format_json, format_text
from booklet.load import load_booklet_metadata
from booklet.options import BuildOptions
from booklet.pipeline import check_edition
from booklet.processes.limited import run_limited


def run(args: argparse.Namespace) -> int:
    """Check the editions `args` ask for (default: every locale); return the exit code."""
    locales = args.locale or list(load_booklet_metadata(args.content).locales)
    requests = [BuildOptions(content_dir=args.content, locale=locale, variant=variant,
                             today=args.today, timeout=args.timeout or None,
                             max_memory_mb=args.max_memory or None)
                for locale in locales for variant in dict.fromkeys(args.variant or ["standard"])]
    # Each edition in a process of its own, within the limits a build has.
    reports = [run_limited(check_edition, request, request.timeout, request.max_memory_mb,
                           f"edition '{request.locale}' ({request.variant})")
               for request in requests]
    print(format_json(reports) if args.format == "json" else format_text(reports))
    return exit_code(reports, args.strict)
