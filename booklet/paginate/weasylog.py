"""Capture WeasyPrint's log records and turn them into problems with a file and line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from booklet.diagnostics import Problem, SourceLocation

_LINE = re.compile(r" at (\d+):\d+")


@contextmanager
def captured() -> Iterator[list[logging.LogRecord]]:
    """Collect WeasyPrint's WARNING and ERROR records (it only logs missing images, glyphs...)."""
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = _Collect(level=logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def problems(records: list[logging.LogRecord], where: SourceLocation) -> list[Problem]:
    """WeasyPrint's warnings as problems; a CSS message's 'at LINE:COL' gives the line."""
    found = []
    for record in records:
        message = record.getMessage()
        if message.startswith("Failed to load") and "refused" in message:
            continue  # reported from the fetcher's own record
        line = _LINE.search(message)
        location = SourceLocation(where.path, int(line[1])) if line else where
        found.append(Problem(location, message.rstrip("."), "fix or remove what this names"))
    return found
