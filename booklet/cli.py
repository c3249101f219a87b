"""Command line: parse arguments, call the library, print errors; no pipeline logic here."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from booklet.errors import BookletError, UsageError
from booklet.metadata import PAPER_SIZES


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one-line UsageErrors (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, f"see '{self.prog} --help'")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="booklet", description="Build printable patient booklets (PDF).")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each build step")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = commands.add_parser("build", help="build the PDF of an edition")
    build.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                       help="content folder (default: content)")
    build.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                       help="output folder (default: output)")
    build.add_argument("--locale", metavar="LL", help="edition language (default: the source)")
    build.add_argument("--paper", choices=PAPER_SIZES,
                       help="paper size (default: the one in the metadata)")
    build.add_argument("--html", action="store_true",
                       help="also save the HTML handed to WeasyPrint, for debugging")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 content error, 2 usage error)."""
    try:
        args = _parser().parse_args(argv)
        logging.basicConfig(format="%(message)s",
                            level=logging.INFO if args.verbose else logging.WARNING)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        return _build(args)
    except BookletError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; no file was changed", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from booklet.build import BuildOptions, build_edition

    started = time.perf_counter()
    result = build_edition(BuildOptions(content_dir=args.content, out_dir=args.out,
                                        locale=args.locale, paper=args.paper,
                                        save_html=args.html))
    seconds = time.perf_counter() - started
    print(f"wrote {result.pdf} ({result.page_count} pages, {seconds:.1f} s)")
    if result.html:
        print(f"wrote {result.html}")
    return 0
