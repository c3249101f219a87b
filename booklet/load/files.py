"""Read source files as UTF-8 text, with errors that name the file and line."""

from __future__ import annotations

import hashlib
import os
import stat
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
    data = read_bounded(path)
    return _decode(data, path), git_blob_hash(data)


#: The largest text file (section, table, metadata, catalog) a build reads: a few hundred
#: times the whole shipped booklet. A larger one is refused before any work is done on it.
MAX_TEXT_BYTES = 8 * 1024 * 1024


def read_bounded(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises:
        ContentError: the file cannot be read, is not a regular file (a FIFO would wait for
            a writer forever, a device never end) or is larger than `limit`.
    """
    where = SourceLocation(path)
    try:
        # Opened without waiting: opening a FIFO would block until something writes to it.
        with open(path, "rb", buffering=0, opener=_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ContentError(where, "not a regular file (a FIFO, a device or a socket)",
                                   "replace it with a file, or move it out of the content "
                                   "folder")
            data = handle.read(limit + 1) or b""
    except OSError as exc:
        raise ContentError(where, f"cannot read file: {exc.strerror}") from None
    if len(data) > limit:
        raise ContentError(where, f"the file is larger than {limit // (1024 * 1024)} MB",
                           "split it into smaller files")
    return data


def _nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | os.O_NONBLOCK)


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(SourceLocation(path, line),
                           f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                           "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
