"""Capture WeasyPrint's log records and turn them into problems with a file and line."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from booklet.diagnostics import Problem, SourceLocation

_LINE = re.compile(r" at (\d+):\d+")


@contextmanager
def captured() -> Iterator[list[logging.LogRecord]]:
    """Collect WeasyPrint's WARNING and ERROR records (it only logs missing images, glyphs...).

    Pillow's warning that an image is large enough to be a decompression bomb is made an
    error meanwhile: the image is then refused with that reason, and no raw two-line
    `warnings.warn` reaches the terminal.
    """
    from PIL import Image

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
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def problems(records: list[logging.LogRecord], where: SourceLocation) -> list[Problem]:
    """WeasyPrint's warnings as problems; a CSS message's 'at LINE:COL' gives the line."""
    found = []
    for record in records:
        message = _message(record)
        if message.startswith("Failed to load") and "refused" in message:
            continue  # reported from the fetcher's own record
        line = _LINE.search(message)
        location = SourceLocation(where.path, int(line[1])) if line else where
        found.append(Problem(location, message.rstrip("."), "fix or remove what this names"))
    return found


def _message(record: logging.LogRecord) -> str:
    """The record's message, an exception without text of its own (WeasyPrint's
    ImageLoadingError) replaced by the reason it was raised from."""
    args = record.args if isinstance(record.args, tuple) else ()
    if args and isinstance(args[-1], BaseException) and not str(args[-1]).strip():
        record = logging.makeLogRecord({**record.__dict__,
                                        "args": (*args[:-1], _reason(args[-1]))})
    return record.getMessage()


def _reason(exc: BaseException) -> str:
    """The first text in the exception's chain of causes, else its type's name."""
    seen: BaseException | None = exc
    while seen is not None:
        if str(seen).strip():
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return type(exc).__name__
