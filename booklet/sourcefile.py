"""Read source files as UTF-8 text, with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

from booklet.errors import ContentError
from booklet.model import SourceLocation


def read_text(path: Path) -> str:
    """Return the file's text (UTF-8, optional BOM removed, newlines normalised).

    Raises:
        ContentError: the file cannot be read or is not valid UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(SourceLocation(path), f"cannot read file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(SourceLocation(path, line),
                           f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                           "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
