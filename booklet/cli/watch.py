"""`booklet watch`: rebuild an edition whenever its content, templates, styles or catalogs
change."""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable

from booklet.cli.report import Report
from booklet.errors import BookletError, UsageError, internal_error_line
from booklet.load import load_booklet_metadata
from booklet.model import BuildResult
from booklet.options import BuildOptions
from booklet.pipeline import build_edition
from booklet.processes.limits import resource_limits


def run(args: argparse.Namespace) -> int:
    """Watch the edition `args` name until interrupted; return the exit code."""
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


def watch_edition(options: BuildOptions) -> None:
    """Build now, then again after every saved change, until interrupted.

    Errors are printed and the watch goes on; WeasyPrint stays loaded between builds.
    """
    from watchfiles import watch

    options = dataclasses.replace(options, max_memory_mb=None)  # in-process: timer only
    rebuild(options)
    folders = (options.content_dir, options.theme.templates_dir, options.theme.styles_dir)
    print(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)", flush=True)
    for _changes in watch(*folders, debounce=200, step=50,
                          watch_filter=lambda _change, path: not path.endswith(".mo")):
        rebuild(options)


def rebuild(options: BuildOptions,
            build: Callable[[BuildOptions], BuildResult] = build_edition) -> None:
    """Build once and print what happened; any error is printed, never raised."""
    report = Report(flush=True)
    started = time.perf_counter()
    what = f"edition '{options.locale or 'source'}'"
    try:
        with resource_limits(options.timeout, None, what):
            result = build(options)
    except BookletError as exc:
        report.booklet_error(exc)
    except Exception as exc:  # reported in one line; the watch goes on
        report.error(internal_error_line(exc, what))
    else:
        report.result(result, time.perf_counter() - started)
        return
    print(f"build failed after {time.perf_counter() - started:.1f} s; still watching",
          flush=True)
