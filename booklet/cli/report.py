"""What the commands print: error, warning, "wrote" and "up to date" lines, and the exit code."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from booklet.diagnostics import Severity
from booklet.errors import EXIT_CONTENT, BookletError

if TYPE_CHECKING:
    from booklet.model import BuildResult
    from booklet.pipeline import Outcome


class Report:
    """Prints a command's results as they come, and keeps the exit code they add up to.

    Errors and warnings go to standard error, the files written to standard output; with
    `flush` every line is flushed (`booklet watch` prints while it waits).
    """

    def __init__(self, flush: bool = False) -> None:
        self.flush = flush
        self.exit_code = 0
        """The highest exit code of the errors reported (0: none)."""
        self.editions = 0
        self.failed = 0

    def error(self, line: str, exit_code: int = EXIT_CONTENT) -> None:
        """One `error:` line; the command then exits with at least `exit_code`."""
        self._err(f"error: {line}")
        self.exit_code = max(self.exit_code, exit_code)

    def booklet_error(self, exc: BookletError) -> None:
        """Every line of an error booklet expected, with its exit code."""
        for line in exc.lines():
            self.error(line, exc.exit_code)

    def warnings(self, lines: Iterable[str]) -> None:
        """Warning lines as printed before (`warning: ...`), e.g. from the build cache."""
        for line in lines:
            self._err(line)

    def wrote(self, path: Path, detail: str = "") -> None:
        """A file written, with `detail` in parentheses."""
        self._out(f"wrote {path}" + (f" ({detail})" if detail else ""))

    def up_to_date(self, pdf: Path, messages: Iterable[str] = ()) -> None:
        """An edition not rebuilt, with the warnings its last build printed."""
        self.editions += 1
        self.warnings(messages)
        self._out(f"up to date: {pdf}")

    def result(self, result: BuildResult, seconds: float, written: bool = True) -> None:
        """A built edition: its warnings, then (if they were `written`) its files."""
        self.warnings(warning_lines(result))
        if not written:
            return
        self.wrote(result.pdf, f"{result.page_count} pages, {seconds:.1f} s")
        for extra in (result.imposed, result.html):
            if extra:
                self.wrote(extra)

    def outcome(self, outcome: Outcome, written: bool = True) -> None:
        """An edition the runner built, or failed to: its lines (its files only if they were
        `written`)."""
        self.editions += 1
        for line in outcome.errors:
            self._err(f"error: {line}")
        if outcome.result is None:
            if outcome.errors:
                self.failed += 1
                self.exit_code = max(self.exit_code, outcome.exit_code)
            return
        self.result(outcome.result, outcome.seconds, written)

    def summary(self) -> None:
        """`N of M editions failed`, when some of several did."""
        if self.failed and self.editions > 1:
            self._err(f"error: {self.failed} of {self.editions} editions failed")

    def _out(self, line: str) -> None:
        print(safe_line(line), flush=self.flush)

    def _err(self, line: str) -> None:
        print(safe_line(line), file=sys.stderr, flush=self.flush)


def warning_lines(result: BuildResult) -> list[str]:
    """The warning lines of a built edition, as printed (and kept in its cache record)."""
    return [f"warning: {warning}" for warning in result.warnings] + [
        f"warning: {finding}" for finding in result.findings
        if finding.severity >= Severity.WARNING]


#: Characters a terminal would obey rather than show: C0/C1 controls (ESC sequences that set
#: the window title, a newline that forges a second `error:` line) and bidi overrides.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069]")


def safe_line(line: str) -> str:
    """`line` with every control and bidi character written as an escape (`\\x1b`)."""
    return _UNSAFE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), line)
