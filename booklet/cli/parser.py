"""The command line's grammar: one small function per command, and the fork-server sniff.

Only the standard library is imported at the top: `booklet.__main__` calls `wants_fork_server`
before anything else, so that the fork server starts while the rest is imported.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import datetime as dt

Command = argparse.ArgumentParser


def wants_fork_server(argv: Sequence[str]) -> bool:
    """Whether `argv` looks like `build --force` with the default number of processes (so
    WeasyPrint will be needed in several processes), and this system can fork a server.

    It answers before the parser is built; a wrong "yes" costs an unused server, a wrong "no"
    only the overlap. tests/cli/test_parser.py checks it against `build_parser`.
    """
    words = [word for word in argv if word not in ("-v", "--verbose")]
    return (words[:1] == ["build"] and "--force" in argv
            and not any(word.startswith("--j") for word in argv)  # --jobs, abbreviated or not
            and not any(_asks_help(word) for word in argv) and (os.cpu_count() or 1) > 1
            and hasattr(os, "pidfd_open"))


def _asks_help(word: str) -> bool:
    """-h, --help or an abbreviation of it (--he), or -h among short flags (-vh)."""
    if word.startswith("--"):
        return len(word) > 3 and "--help".startswith(word)
    return word.startswith("-") and "h" in word[1:]


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one-line UsageErrors (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        from booklet.errors import UsageError

        raise UsageError(message, f"see '{self.prog} --help'")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; `command` names the one given."""
    parser = _Parser(prog="booklet", description="Build printable patient booklets (PDF).")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each build step")
    common = _Parser(add_help=False)  # -v is also accepted after the command
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="show each build step")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help, add_options in _COMMANDS:
        add_options(commands.add_parser(name, parents=[common], help=help))
    return parser


def _build(command: Command) -> None:
    from booklet.load.metadata import PAPER_SIZES, VARIANTS

    _content(command)
    _out(command, "output")
    command.add_argument("--locale", metavar="LL", action="append",
                         help="edition language, repeatable (default: the source)")
    command.add_argument("--all", action="store_true", help="every locale of the metadata")
    command.add_argument("--paper", choices=PAPER_SIZES,
                         help="paper size (default: the one in the metadata)")
    command.add_argument("--variant", choices=VARIANTS, action="append",
                         help="standard (default) or large-print (A4/Letter, 18 pt); repeatable")
    command.add_argument("--jobs", type=int, metavar="N",
                         help="build processes at a time (default: the number of CPUs)")
    command.add_argument("--impose", action="store_true",
                         help="also write <slug>.<locale>.imposed.pdf, two-up booklet sheets")
    command.add_argument("--marks", action="store_true",
                         help="with --impose: 3 mm bleed, crop and fold marks on the sheets "
                              "(for a print shop; office printers need none)")
    command.add_argument("--clinic", type=Path, metavar="FILE",
                         help="clinic file for cover and back cover (default: the metadata's)")
    command.add_argument("--release", action="store_true",
                         help="refuse editions with untranslated, outdated or unreviewed content")
    _today(command)
    _limits(command)
    command.add_argument("--force", action="store_true",
                         help="rebuild even if nothing changed since the last build")
    command.add_argument("--html", action="store_true",
                         help="also save the HTML handed to WeasyPrint, for debugging")


def _check(command: Command) -> None:
    from booklet.load.metadata import VARIANTS

    _content(command)
    command.add_argument("--locale", metavar="LL", action="append",
                         help="edition language, repeatable (default: every locale)")
    command.add_argument("--variant", choices=VARIANTS, action="append",
                         help="standard (default) or large-print; repeatable")
    command.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    command.add_argument("--format", choices=("text", "json"), default="text")
    _today(command)
    _limits(command)


def _limits(command: Command) -> None:
    from booklet.options import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

    command.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                         help=f"stop an edition that takes longer (default: {DEFAULT_TIMEOUT:g})")
    command.add_argument("--max-memory", type=_megabytes, default=DEFAULT_MAX_MEMORY_MB,
                         metavar="MB",
                         help="stop a process that grows past this "
                              f"(default: {DEFAULT_MAX_MEMORY_MB})")


def _watch(command: Command) -> None:
    _content(command)
    command.add_argument("--locale", metavar="LL", help="edition language (default: the source)")
    _out(command, "output")


def _status(command: Command) -> None:
    _content(command)
    command.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _new_locale(command: Command) -> None:
    command.add_argument("locale", metavar="LL")
    _content(command)


def _manifest(command: Command) -> None:
    command.add_argument("parts", nargs="+", type=Path, metavar="DIR",
                         help="folders written by 'booklet build', each with a manifest.json")
    _out(command, "release", "release folder")


def _catalog(command: Command) -> None:
    command.add_argument("action", choices=("extract", "update", "compile"),
                         help="extract: templates -> templates/booklet.pot; update: POT -> "
                              "content/<LL>/ui.po; compile: check each PO, write ui.mo")
    _content(command)


_COMMANDS: tuple[tuple[str, str, Callable[[Command], None]], ...] = (
    ("build", "build the PDF of one or more editions", _build),
    ("check", "health-information quality checks", _check),
    ("watch", "rebuild an edition on every saved change", _watch),
    ("status", "translation status of every locale", _status),
    ("new-locale", "scaffold a translation from the source", _new_locale),
    ("manifest", "gather several builds' files into one release", _manifest),
    ("catalog", "UI-string catalogs (gettext PO files)", _catalog),
)


def _content(command: Command) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                         help="content folder (default: content)")


def _out(command: Command, default: str, what: str = "output folder") -> None:
    command.add_argument("--out", type=Path, default=Path(default), metavar="DIR",
                         help=f"{what} (default: {default})")


def _today(command: Command) -> None:
    command.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                         help="check review dates against this day (default: today)")


#: The largest limits accepted: a week, and 16 TB (past them, the system calls overflow).
MAX_SECONDS = 7 * 24 * 3600.0
MAX_MEGABYTES = 1 << 24


def _seconds(text: str) -> float:
    """A time limit in seconds: a finite number up to a week (0: no limit)."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a usable time limit (at most {MAX_SECONDS:g} s; 0 for none)")
    return value


def _megabytes(text: str) -> int:
    """A memory limit in MB: a whole number up to 16 TB (0: no limit)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of MB: {text!r}") from None
    if value > MAX_MEGABYTES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a usable memory limit (at most {MAX_MEGABYTES} MB; 0 for none)")
    return value


def _date(text: str) -> dt.date:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}") from None
