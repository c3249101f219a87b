"""Write output files atomically: a failed or interrupted build leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from booklet.errors import OutputError


def ensure_dir(folder: Path) -> None:
    """Create `folder` if needed.

    Raises:
        OutputError: it cannot be created or written to.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder '{folder}': {exc.strerror}",
                          "choose another folder with --out") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"output folder '{folder}' is not writable",
                          "fix its permissions or choose another folder with --out")


#: The temporary files write_atomic makes: `.<name>.booklet-tmp-<pid>.<random>.tmp`. Only
#: files named so are ever removed as leftovers (never a user's `.notes.4242.draft.tmp`); the
#: pid lets a parent remove what a killed child process left.
TEMPORARY = re.compile(r"^\..+\.booklet-tmp-(?P<pid>\d+)\.[A-Za-z0-9_]{8}\.tmp$")


def temporary_prefix(name: str, pid: int | None = None) -> str:
    """The start of the name of a temporary file for `name` made by process `pid`."""
    return f".{name}.booklet-tmp-{os.getpid() if pid is None else pid}."


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Raises:
        OutputError: the file cannot be written.
    """
    ensure_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=temporary_prefix(path.name), suffix=".tmp",
                                    dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror}",
                          "check free space and permissions") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
