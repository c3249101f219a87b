"""`booklet build`: the editions asked for, the stale ones built in processes, the release files."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from booklet.checks.provenance import review_findings
from booklet.checks.run import refused
from booklet.cli.report import Report, warning_lines
from booklet.diagnostics import Severity
from booklet.errors import OutputError, UsageError
from booklet.load import load_booklet_metadata
from booklet.model import BuildResult, Metadata
from booklet.options import BuildOptions
from booklet.output.cache import (
    CacheRecord,
    cached_result,
    check_writable,
    last_seconds,
    partition,
    remember,
)
from booklet.output.files import Transaction

if TYPE_CHECKING:
    from booklet.pipeline import Outcome


def run(args: argparse.Namespace) -> int:
    """Build the editions `args` ask for; return the exit code."""
    _check_usage(args)
    metadata = load_booklet_metadata(args.content)
    requests = _requests(args, metadata)
    check_writable(args.out)  # a read-only cache folder is noticed before anything is built
    many = args.all or len(requests) > 1  # then a manifest needs every edition's result
    skipped, todo, prints = partition(requests, metadata, args.force, _review_due(metadata))
    results = [cached_result(entry) for entry in skipped] if many else []
    failure: OutputError | None = None
    outcomes: list[Outcome] = []
    try:
        outcomes = _built(todo, args.jobs or os.cpu_count() or 1, metadata)
        release = _write(args, metadata, prints, outcomes, results if many else None)
    except OutputError as exc:
        release, failure = [], exc
    finally:
        if todo:  # what layout processes left for this one, if it did not rename them
            from booklet.processes.leftovers import remove_temporaries

            remove_temporaries([args.out], os.getpid())
    report = Report()
    for entry in skipped:
        report.up_to_date(entry.pdf, entry.record.messages)
    for outcome in outcomes:
        report.outcome(outcome, written=failure is None)
    report.summary()
    if failure is not None:
        report.booklet_error(failure)
    if release and None in {result.source_commit for result in results}:
        from booklet.output.git import shallow_clone

        if shallow_clone(args.content):
            report.warnings([f"warning: {args.content}: the source commit is unknown (a shallow"
                             " git clone's history stops before the last change of the "
                             "sources), so the release files name none; fetch the whole "
                             "history (git fetch --unshallow) and build again"])
    for path in release:
        report.wrote(path)
    return report.exit_code


def _write(args: argparse.Namespace, metadata: Metadata, prints: dict[BuildOptions, str],
           outcomes: list[Outcome], results: list[BuildResult] | None) -> list[Path]:
    """Rename the built editions' files, their cache records and (given `results`, the
    editions up to date) the release files into place together, once every one of them is
    written; returns the release files. A file that cannot be written leaves every previous
    file as it was.

    Raises:
        OutputError: a file cannot be written; none was.
    """
    with Transaction() as transaction:
        for outcome in outcomes:
            if (result := outcome.result) is None:
                continue
            transaction.adopt(result.staged)
            written = [path for path in (result.pdf, result.imposed, result.html) if path]
            remember(outcome.options, metadata, prints[outcome.options], written,
                     warning_lines(result), result.page_count, outcome.layout_seconds,
                     transaction)
            if results is not None:
                results.append(result)
        if any(o.output_failed for o in outcomes) and any(o.result for o in outcomes):
            raise OutputError("no file of this build was written, as one of them could "
                              "not be", "free some space or fix the permissions, then "
                              "build again")
        release: list[Path] = []
        if results:
            from booklet.output.release import write_release_files

            release = write_release_files(args.out, results, args.content,
                                          metadata=metadata, transaction=transaction)
        transaction.commit()
        return release


def _requests(args: argparse.Namespace, metadata: Metadata) -> list[BuildOptions]:
    """One request per locale and variant asked for."""
    locales = list(metadata.locales) if args.all else \
        list(dict.fromkeys(args.locale or [metadata.source_locale]))  # each edition once
    for locale in locales:
        if locale not in metadata.locales:
            raise UsageError(f"unknown locale '{locale}'",
                             f"this booklet has: {', '.join(metadata.locales)}")
    return [BuildOptions(content_dir=args.content, out_dir=args.out, locale=locale,
                         paper=args.paper, variant=variant, clinic=args.clinic,
                         impose=args.impose, marks=args.marks, timeout=args.timeout or None,
                         max_memory_mb=args.max_memory or None, save_html=args.html,
                         release=args.release, today=args.today)
            for locale in locales for variant in dict.fromkeys(args.variant or ["standard"])]


def _check_usage(args: argparse.Namespace) -> None:
    if args.all and args.locale:
        raise UsageError("--all and --locale exclude each other", "give one of them")
    if args.marks and not args.impose:
        raise UsageError("--marks is for imposed sheets", "give --impose too")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1",
                         "give the number of build processes at a time")
    if args.timeout < 0 or args.max_memory < 0:
        raise UsageError("--timeout and --max-memory must not be negative",
                         "give 0 for no limit")


def _review_due(metadata: Metadata) -> Callable[[BuildOptions, CacheRecord], bool]:
    """Whether an up-to-date edition must be built anyway: review dates move with the
    calendar, not with the inputs, so they are checked every time. An edition whose review
    findings may differ from those its record would print again (any review warning now, or
    then) is built, so that a cached build never replays stale dates."""
    today = dt.date.today()

    def due(request: BuildOptions, record: CacheRecord) -> bool:
        findings = review_findings(metadata, request.today or today)
        return (bool(refused(findings, request.release))
                or any(f.severity >= Severity.WARNING for f in findings)
                or any("PROV-REVIEW" in line for line in record.messages))

    return due


def _built(todo: list[BuildOptions], jobs: int, metadata: Metadata) -> list[Outcome]:
    """The outcomes of building `todo` in processes (the runner is imported only when there
    is something to build: a no-op rebuild needs neither it nor the pipeline)."""
    if not todo:
        return []
    from booklet.processes.runner import run_builds

    return run_builds(todo, jobs, [last_seconds(request, metadata) for request in todo])
