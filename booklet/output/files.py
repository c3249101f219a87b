"""Write output files atomically: a failed or interrupted build leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Raises:
        OutputError: the file cannot be written.
    """
    ensure_dir(path.parent)
    # The pid in the name lets a parent remove what a killed child process left.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
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
