"""Command line: parse arguments, call the library, print errors; no pipeline logic here."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

from booklet.checks.provenance import review_findings
from booklet.checks.run import refused
from booklet.diagnostics import Problem, Severity
from booklet.errors import EXIT_CONTENT, BookletError, UsageError
from booklet.load.metadata import PAPER_SIZES, VARIANTS
from booklet.model import BuildResult, Metadata
from booklet.options import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BuildOptions
from booklet.pipeline import Outcome


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one-line UsageErrors (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, f"see '{self.prog} --help'")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="booklet", description="Build printable patient booklets (PDF).")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each build step")
    common = _Parser(add_help=False)  # -v is also accepted after the command
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="show each build step")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add_command(name: str, help: str) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = commands.add_parser(name, parents=[common], help=help)
        return command

    def content_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                             help="content folder (default: content)")

    build = add_command("build", help="build the PDF of one or more editions")
    content_option(build)
    build.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                       help="output folder (default: output)")
    build.add_argument("--locale", metavar="LL", action="append",
                       help="edition language, repeatable (default: the source)")
    build.add_argument("--all", action="store_true", help="every locale of the metadata")
    build.add_argument("--paper", choices=PAPER_SIZES,
                       help="paper size (default: the one in the metadata)")
    build.add_argument("--variant", choices=VARIANTS, action="append",
                       help="standard (default) or large-print (A4/Letter, 18 pt); repeatable")
    build.add_argument("--jobs", type=int, metavar="N",
                       help="build processes at a time (default: the number of CPUs)")
    build.add_argument("--impose", action="store_true",
                       help="also write <slug>.<locale>.imposed.pdf, two-up booklet sheets")
    build.add_argument("--clinic", type=Path, metavar="FILE",
                       help="clinic file for cover and back cover (default: the metadata's)")
    build.add_argument("--release", action="store_true",
                       help="refuse editions with untranslated, outdated or unreviewed content")
    build.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                       help="check review dates against this day (default: today)")
    build.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"stop an edition that takes longer (default: {DEFAULT_TIMEOUT:g})")
    build.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                       help=f"stop a build that grows past this (default: {DEFAULT_MAX_MEMORY_MB})")
    build.add_argument("--force", action="store_true",
                       help="rebuild even if nothing changed since the last build")
    build.add_argument("--html", action="store_true",
                       help="also save the HTML handed to WeasyPrint, for debugging")

    check = add_command("check", help="health-information quality checks")
    content_option(check)
    check.add_argument("--locale", metavar="LL", action="append",
                       help="edition language, repeatable (default: every locale)")
    check.add_argument("--variant", choices=VARIANTS, action="append",
                       help="standard (default) or large-print; repeatable")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                       help="check review dates against this day (default: today)")

    watcher = add_command("watch", help="rebuild an edition on every saved change")
    content_option(watcher)
    watcher.add_argument("--locale", metavar="LL", help="edition language (default: the source)")
    watcher.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                         help="output folder (default: output)")

    status = add_command("status", help="translation status of every locale")
    content_option(status)
    status.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    new = add_command("new-locale", help="scaffold a translation from the source")
    new.add_argument("locale", metavar="LL")
    content_option(new)

    manifest = add_command("manifest", help="gather several builds' files into one release")
    manifest.add_argument("parts", nargs="+", type=Path, metavar="DIR",
                          help="folders written by 'booklet build', each with a manifest.json")
    manifest.add_argument("--out", type=Path, default=Path("release"), metavar="DIR",
                          help="release folder (default: release)")

    catalog = add_command("catalog", help="UI-string catalogs (gettext PO files)")
    catalog.add_argument("action", choices=("extract", "update", "compile"),
                         help="extract: templates -> templates/booklet.pot; update: POT -> "
                              "content/<LL>/ui.po; compile: check each PO, write ui.mo")
    content_option(catalog)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 content error, 2 usage error)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)  # unwind, so temporary files are removed
    try:
        args = _parser().parse_args(argv)
        logging.basicConfig(format="%(message)s",
                            level=logging.INFO if args.verbose else logging.WARNING)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        command = {"build": _build, "check": _check, "status": _status,
                   "new-locale": _new_locale, "manifest": _manifest, "watch": _watch,
                   "catalog": _catalog}[args.command]
        return command(args)
    except BookletError as exc:
        _print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; no file was left half-written (editions already finished were "
              "written)", file=sys.stderr)
        return 130


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _print_error(exc: BookletError) -> None:
    for line in exc.lines():
        print(f"error: {line}", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from booklet.load import load_booklet_metadata
    from booklet.options import BuildOptions
    from booklet.output.cache import last_seconds, remember
    from booklet.processes.runner import run_builds

    if args.all and args.locale:
        raise UsageError("--all and --locale exclude each other", "give one of them")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1",
                         "give the number of build processes at a time")
    if args.timeout < 0 or args.max_memory < 0:
        raise UsageError("--timeout and --max-memory must not be negative",
                         "give 0 for no limit")
    metadata = load_booklet_metadata(args.content)
    locales = list(metadata.locales) if args.all else args.locale or [metadata.source_locale]
    requests = [
        BuildOptions(content_dir=args.content, out_dir=args.out, locale=locale,
                     paper=args.paper, variant=variant, clinic=args.clinic,
                     impose=args.impose, timeout=args.timeout or None,
                     max_memory_mb=args.max_memory or None, save_html=args.html,
                     release=args.release, today=args.today)
        for locale in locales for variant in dict.fromkeys(args.variant or ["standard"])
    ]
    many = args.all or len(requests) > 1  # then a manifest needs every edition's result
    skipped, todo, prints = _skip_up_to_date(requests, metadata, args.force, many)
    costs = [last_seconds(request, metadata) for request in todo]
    outcomes = run_builds(todo, args.jobs or os.cpu_count() or 1, costs) if todo else []
    for outcome in outcomes:
        for line in outcome.errors:
            print(f"error: {line}", file=sys.stderr)
        if outcome.result is None:
            continue
        result = outcome.result
        messages = [f"warning: {warning}" for warning in result.warnings]
        messages += [f"warning: {finding}" for finding in result.findings
                     if finding.severity >= Severity.WARNING]
        for line in messages:
            print(line, file=sys.stderr)
        print(f"wrote {result.pdf} ({result.page_count} pages, {outcome.seconds:.1f} s)")
        for extra in (result.imposed, result.html):
            if extra:
                print(f"wrote {extra}")
        written = [path for path in (result.pdf, result.imposed, result.html) if path]
        remember(outcome.options, metadata, prints[outcome.options], written, messages,
                 result.page_count, outcome.layout_seconds)
    outcomes = skipped + outcomes
    failed = [outcome for outcome in outcomes if outcome.result is None and outcome.errors]
    if failed and len(outcomes) > 1:
        print(f"error: {len(failed)} of {len(outcomes)} editions failed", file=sys.stderr)
    built = [outcome.result for outcome in outcomes if outcome.result is not None]
    if built and many:
        from booklet.output.release import write_release_files

        for path in write_release_files(args.out, built, args.content, metadata=metadata):
            print(f"wrote {path}")
    return max((outcome.exit_code for outcome in failed), default=0)


def _skip_up_to_date(requests: list[BuildOptions], metadata: Metadata, force: bool,
                     results: bool
                     ) -> tuple[list[Outcome], list[BuildOptions], dict[BuildOptions, str]]:
    """Outcomes for editions whose outputs are current, the editions to build, fingerprints.

    With `results`, a skipped edition's outcome carries a BuildResult (for the manifest),
    which means loading its content; a lone no-op rebuild skips that.
    """
    from booklet.output.cache import fingerprint, up_to_date

    skipped, todo, prints = [], [], {}
    for request in requests:
        if request.locale not in metadata.locales:
            raise UsageError(f"unknown locale '{request.locale}'",
                             f"this booklet has: {', '.join(metadata.locales)}")
        prints[request] = print_ = fingerprint(request, metadata)
        record = None if force else up_to_date(request, metadata, print_)
        # Review dates move with the calendar, not with the inputs: check them every time.
        dated = review_findings(metadata, request.today or dt.date.today())
        if record is None or refused(dated, request.release):
            todo.append(request)
            continue
        for line in record.messages:
            print(line, file=sys.stderr)
        pdf = request.out_dir / next(name for name in record.outputs
                                     if not name.endswith((".imposed.pdf", ".html")))
        print(f"up to date: {pdf}")
        if not results:
            skipped.append(Outcome(request, None))
            continue
        from booklet.load import load_edition

        edition = load_edition(request.content_dir, request.locale, request.paper,
                               request.variant, request.clinic)
        imposed = pdf.with_suffix(".imposed.pdf") if request.impose else None
        skipped.append(Outcome(request, BuildResult(
            pdf=pdf, html=None, page_count=record.pages, edition=edition,
            warnings=tuple(Problem(None, line.removeprefix("warning: "))
                           for line in record.messages), imposed=imposed)))
    return skipped, todo, prints


def _watch(args: argparse.Namespace) -> int:
    from booklet.cli.watch import watch_edition
    from booklet.load import load_booklet_metadata

    metadata = load_booklet_metadata(args.content)
    if args.locale and args.locale not in metadata.locales:
        raise UsageError(f"unknown locale '{args.locale}'",
                         f"this booklet has: {', '.join(metadata.locales)}")
    try:
        watch_edition(BuildOptions(content_dir=args.content, out_dir=args.out,
                                   locale=args.locale))
    except KeyboardInterrupt:
        print("stopped watching")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}") from None


def _check(args: argparse.Namespace) -> int:
    from booklet.checks.report import exit_code, format_json, format_text
    from booklet.load import load_booklet_metadata
    from booklet.pipeline import check_edition

    locales = args.locale or list(load_booklet_metadata(args.content).locales)
    reports = [check_edition(BuildOptions(content_dir=args.content, locale=locale,
                                          variant=variant, today=args.today))
               for locale in locales for variant in dict.fromkeys(args.variant or ["standard"])]
    print(format_json(reports) if args.format == "json" else format_text(reports))
    return exit_code(reports, args.strict)


def _manifest(args: argparse.Namespace) -> int:
    from booklet.output.gather import gather_release_files

    for path in gather_release_files(args.out, args.parts):
        print(f"wrote {path}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from booklet.i18n.status import format_json, format_markdown, format_text, status_report
    from booklet.options import DEFAULT_THEME

    reports = status_report(args.content, DEFAULT_THEME.templates_dir)
    formatter = {"text": format_text, "json": format_json, "markdown": format_markdown}
    print(formatter[args.format](reports))
    return 0


def _new_locale(args: argparse.Namespace) -> int:
    from booklet.i18n.scaffold import new_locale
    from booklet.options import DEFAULT_THEME

    for path in new_locale(args.content, args.locale, DEFAULT_THEME.templates_dir):
        print(f"wrote {path}")
    print(f"next: translate the files in {args.content / args.locale} (remove "
          "'untranslated: true' from each section you translate), then "
          f"'booklet build --locale {args.locale}'")
    return 0


def _catalog(args: argparse.Namespace) -> int:
    from booklet.i18n.catalogs import catalog_path, compile_catalog, extract, update, write_pot
    from booklet.load import load_booklet_metadata
    from booklet.options import DEFAULT_THEME

    templates = DEFAULT_THEME.templates_dir
    if args.action == "extract":
        print(f"wrote {write_pot(templates)}")
        return 0
    metadata = load_booklet_metadata(args.content)
    locales = [loc for loc in metadata.locales if loc != metadata.source_locale]
    problems = []
    pot = extract(templates)
    for locale in locales:
        path = catalog_path(args.content, locale)
        if args.action == "update":
            update(pot, path, locale)
            print(f"updated {path}")
        elif path.is_file():
            problems += compile_catalog(path)
            print(f"compiled {path.with_suffix('.mo')}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return EXIT_CONTENT if problems else 0
