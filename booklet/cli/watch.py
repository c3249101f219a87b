"""Rebuild an edition whenever its content, templates, styles or catalogs change."""

from __future__ import annotations

import dataclasses
import sys
import time

from booklet.diagnostics import Severity
from booklet.errors import BookletError
from booklet.options import BuildOptions
from booklet.pipeline import build_edition


def watch_edition(options: BuildOptions) -> None:
    """Build now, then again after every saved change, until interrupted.

    Errors are printed and the watch goes on; WeasyPrint stays loaded between builds.
    """
    from watchfiles import watch

    options = dataclasses.replace(options, max_memory_mb=None)  # in-process: timer only
    _build_once(options)
    folders = (options.content_dir, options.theme.templates_dir, options.theme.styles_dir)
    print(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)", flush=True)
    for _changes in watch(*folders, debounce=200, step=50,
                          watch_filter=lambda _change, path: not path.endswith(".mo")):
        _build_once(options)


def _build_once(options: BuildOptions) -> None:
    started = time.perf_counter()
    try:
        result = build_edition(options)
    except BookletError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr, flush=True)
        print(f"build failed after {time.perf_counter() - started:.1f} s; still watching",
              flush=True)
        return
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr, flush=True)
    for finding in result.findings:
        if finding.severity >= Severity.WARNING:
            print(f"warning: {finding}", file=sys.stderr, flush=True)
    print(f"wrote {result.pdf} ({result.page_count} pages, "
          f"{time.perf_counter() - started:.1f} s)", flush=True)
