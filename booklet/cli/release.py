"""`booklet manifest`: several builds' folders gathered into one release (output/gather.py)."""

from __future__ import annotations

import argparse

from booklet.cli.report import Report
from booklet.output.gather import gather_release_files


def run(args: argparse.Namespace) -> int:
    """Gather the builds in `args.parts` into `args.out`; return the exit code."""
    report = Report()
    for path in gather_release_files(args.out, args.parts):
        report.wrote(path)
    return report.exit_code
