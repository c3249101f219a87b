"""Write output files atomically, one build's files as one transaction: a failed or
interrupted build leaves every old file intact."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
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
    with Transaction() as transaction:
        transaction.write(path, data)
        transaction.commit()


class Transaction:
    """Files written under temporary names and renamed over their paths together, only once
    every one of them is complete (`commit`). Leaving the block without committing (an error,
    a full disk, Ctrl-C) removes every temporary file: the previous files stay as they were.

    `owner`: the process whose id the temporary names carry (default this one). A build
    process writes for the command that will commit (the runner's parent), and hands the
    files over (`handed_over`) for that process to `adopt`: the clean-up of the build
    processes' leftovers then leaves them alone while the command runs.
    """

    def __init__(self, owner: int | None = None) -> None:
        self.owner = os.getpid() if owner is None else owner
        self._staged: dict[Path, Path] = {}
        """Final path -> its temporary file."""

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.abort()

    def write(self, path: Path, data: bytes) -> None:
        """Write `data` for `path` under a temporary name beside it.

        Raises:
            OutputError: the file cannot be written (nothing of it is left).
        """
        ensure_dir(path.parent)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=temporary_prefix(path.name, self.owner),
                                            suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise OutputError(f"cannot write '{path}': {exc.strerror}",
                              "check free space and permissions") from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.chmod(0o644)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write '{path}': {exc.strerror}",
                                  "check free space and permissions") from None
            raise
        previous = self._staged.pop(path, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        self._staged[path] = tmp

    def adopt(self, staged: Iterable[tuple[Path, Path]]) -> None:
        """Take over files another process wrote for this transaction: (path, temporary)."""
        for path, tmp in staged:
            self._staged[path] = tmp

    def handed_over(self) -> tuple[tuple[Path, Path], ...]:
        """The files written so far, (path, temporary), for another process to `adopt`;
        this transaction forgets them."""
        staged = tuple(self._staged.items())
        self._staged.clear()
        return staged

    def current(self, path: Path) -> Path:
        """Where the new content of `path` is now: its temporary file, or `path` itself."""
        return self._staged.get(path, path)

    def commit(self) -> None:
        """Rename every file over its path.

        Raises:
            OutputError: a file cannot be renamed (the others not yet renamed are removed).
        """
        while self._staged:
            path, tmp = next(iter(self._staged.items()))
            try:
                tmp.replace(path)
            except OSError as exc:
                raise OutputError(f"cannot write '{path}': {exc.strerror}",
                                  "check free space and permissions") from None
            del self._staged[path]

    def abort(self) -> None:
        """Remove every temporary file not yet renamed."""
        for tmp in self._staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged.clear()
