"""Remove the temporary files of build processes that were killed before they could."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from booklet.output.files import TEMPORARY


def remove_temporaries(out_dirs: Iterable[Path], pid: int | None) -> None:
    """Delete the temporary files process `pid` left in `out_dirs` (write_atomic names them
    by pid); with `pid` None, those of every process that no longer exists."""
    for out_dir in set(out_dirs):
        if out_dir.is_dir():
            for leftover in out_dir.glob(".*.booklet-tmp-*.tmp"):
                match = TEMPORARY.match(leftover.name)
                if match is None:
                    continue  # not one of ours, whatever it looks like
                owner = int(match["pid"])
                if owner == pid or (pid is None and not _runs(owner)):
                    leftover.unlink(missing_ok=True)


def _runs(pid: int) -> bool:
    """Whether process `pid` still runs (another build may be writing there), or may: one of
    another user's."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
