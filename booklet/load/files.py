"""Read source files as UTF-8 text, with errors that name the file and line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError


def read_text(path: Path) -> str:
    """Return the file's text (UTF-8, optional BOM removed, newlines normalised).

    Raises:
        ContentError: the file cannot be read or is not valid UTF-8.
    """
    return read_versioned(path)[0]


def git_blob_hash(data: bytes) -> str:
    """The hash git gives these bytes as a blob (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def read_versioned(path: Path) -> tuple[str, str]:
    """The file's text (as read_text) and its git blob hash, which names this version."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(SourceLocation(path), f"cannot read file: {exc.strerror}") from None
    return _decode(data, path), git_blob_hash(data)


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(SourceLocation(path, line),
                           f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                           "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
