"""What the pipeline reports: places in the sources, problems (errors) and findings (checks)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a source file: every piece of content remembers one."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def at(self, offset: int) -> SourceLocation:
        """The location `offset` lines further down the same file."""
        return SourceLocation(self.path, (self.line or 1) + offset)


@dataclass(frozen=True)
class Problem:
    """A problem found in the content: where, what, and what to do."""

    location: SourceLocation | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}" + (f"; {self.hint}" if self.hint else "")


class Severity(enum.IntEnum):
    """How bad a finding is; `error` stops a build, `warning` stops a strict or release one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: where (file:line, or edition and page) and how to fix it."""

    severity: Severity
    rule: str
    message: str
    hint: str
    location: SourceLocation | None = None
    edition: str = ""
    page: int | None = None

    @property
    def where(self) -> str:
        """file:line, or 'edition page N', or the edition."""
        if self.location is not None:
            return str(self.location)
        return f"{self.edition} page {self.page}" if self.page else self.edition

    def __str__(self) -> str:
        return f"{self.where}: {self.severity} {self.rule}: {self.message}; {self.hint}"
