"""Errors that users can act on: each knows its exit code and how to print itself."""

from __future__ import annotations

import os
from collections.abc import Iterable

from booklet.diagnostics import Problem, SourceLocation

EXIT_CONTENT = 1
EXIT_USAGE = 2


class BookletError(Exception):
    """Base of every error the CLI prints without a traceback."""

    exit_code = EXIT_CONTENT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        """Return the lines to print: one per problem, each with its hint."""
        return [str(Problem(None, self.message, self.hint))]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class UsageError(BookletError):
    """Wrong command line: unknown option or locale, missing content folder (exit 2)."""

    exit_code = EXIT_USAGE


class ContentError(BookletError):
    """The content has one or more errors (exit 1); every problem names its file and line."""

    def __init__(
        self,
        location: SourceLocation | None,
        message: str,
        hint: str = "",
        *,
        more: Iterable[Problem] = (),
    ) -> None:
        super().__init__(message, hint)
        self.problems = [Problem(location, message, hint), *more]
        self.location = location

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> ContentError:
        """Gather several problems into one error, so users see all of them at once."""
        first, *rest = problems
        return cls(first.location, first.message, first.hint, more=rest)

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


class OutputError(BookletError):
    """The output folder or file cannot be written (exit 1)."""


class ResourceLimitError(BookletError):
    """A build went over its time or memory limit (exit 1)."""


def internal_error_line(exc: BaseException, what: str = "") -> str:
    """One line for an error booklet did not expect, saying where its traceback was saved.

    The full traceback goes to a file in the system's temporary folder (booklet-err-*.log;
    not the command's scratch folder, which is removed at exit), so that a user sees one line
    and can still send the details in a report.
    """
    import tempfile
    import traceback

    prefix = f"{what}: " if what else ""
    if isinstance(exc, RecursionError):
        return (f"{prefix}the content nests too deeply (quotes or lists inside each other); "
                "flatten the content")
    text = "".join(traceback.format_exception(exc))
    try:
        handle, name = tempfile.mkstemp(prefix="booklet-err-", suffix=".log",
                                        dir=os.environ.get("TMPDIR") or "/tmp")  # noqa: S108
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(text)
        saved = f"the traceback is in {name}"
    except OSError:
        saved = "the traceback could not be saved"
    return (f"{prefix}internal error {type(exc).__name__}: {exc}; {saved}; "
            "please report it with the content that caused it")
