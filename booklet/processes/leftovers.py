"""Remove the temporary files of build processes that were killed before they could."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def remove_temporaries(out_dirs: Iterable[Path], pid: int | None) -> None:
    """Delete the temporary files process `pid` left in `out_dirs` (write_atomic names them
    by pid); with `pid` None, those of every process that no longer exists."""
    for out_dir in set(out_dirs):
        if out_dir.is_dir():
            for leftover in out_dir.glob(f".*.{pid if pid is not None else '*'}.*.tmp"):
                if pid is not None or not _owner_runs(leftover):
                    leftover.unlink(missing_ok=True)


def _owner_runs(leftover: Path) -> bool:
    """Whether the process named in a temporary file's name still runs (another build may
    be writing there), or may: one of another user's."""
    try:
        os.kill(int(leftover.name.rsplit(".", 3)[-3]), 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
