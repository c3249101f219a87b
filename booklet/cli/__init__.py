"""Command line: parse, set up logging, run the one command asked for, print what went wrong.

Each command is a module of its own (`COMMANDS`), imported only when it is invoked. Only the
standard library is imported here at the top (see `booklet.cli.parser`).
"""

from __future__ import annotations

import importlib
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from types import FrameType

#: Command name -> "module:function" running it, given the parsed arguments.
COMMANDS: Mapping[str, str] = {
    "build": "booklet.cli.build:run",
    "check": "booklet.cli.check:run",
    "watch": "booklet.cli.watch:run",
    "status": "booklet.cli.translate:status",
    "new-locale": "booklet.cli.translate:new_locale",
    "catalog": "booklet.cli.translate:catalog",
    "manifest": "booklet.cli.release:run",
}


def main(argv: Sequence[str] | None = None, commands: Mapping[str, str] = COMMANDS) -> int:
    """Run the command line; return the exit code (0 ok, 1 content error, 2 usage error,
    130 interrupted). Errors are printed as `error:` lines, never as a traceback: an error
    booklet did not expect gets one line saying where its traceback was saved."""
    import logging

    from booklet.cli.parser import build_parser

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)  # unwind, so temporary files are removed
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(format="%(message)s",
                            level=logging.INFO if args.verbose else logging.WARNING)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        return _command(commands[args.command])(args)
    except KeyboardInterrupt:
        print("interrupted; no file was left half-written (a build renames all its files "
              "into place, or none)", file=sys.stderr)
        return 130
    except Exception as exc:  # the one place every command's errors end
        from booklet.cli.report import Report
        from booklet.errors import BookletError, internal_error_line

        report = Report()
        if isinstance(exc, BookletError):
            report.booklet_error(exc)
        else:
            report.error(internal_error_line(exc))
        return report.exit_code


def _command(target: str) -> Callable[[argparse.Namespace], int]:
    """The function a `COMMANDS` entry names, its module imported now."""
    module, _, name = target.partition(":")
    command: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return command


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt
