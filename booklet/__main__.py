"""The `booklet` command: `python -m booklet`, and the `booklet` script."""

import io
import os
import signal
import sys
from types import FrameType
from typing import NoReturn, TextIO

from booklet.cli.parser import wants_fork_server
from booklet.processes import forkserver


def run() -> NoReturn:
    """Run the command line, then leave without tearing down the interpreter.

    Freeing WeasyPrint's and the documents' objects one by one takes a tenth of a second,
    and by then every file is written and closed. Temporary files (WeasyPrint copies web fonts
    into a folder it removes only when their FontConfiguration is collected) go to a folder
    of the command's own, removed here, whatever happened.
    """
    signal.signal(signal.SIGTERM, _interrupt)  # unwind: stop the processes, remove the files
    sys.stdout = _Quiet(sys.stdout)  # a closed or full output (`| head -1`, /dev/full) must
    sys.stderr = _Quiet(sys.stderr)  # not stop a build before every file is written
    code = 130
    scratch = None
    try:
        if wants_fork_server(sys.argv[1:]):
            forkserver.start()  # before the command line is imported: overlaps it
        import tempfile

        _remove_scratch_of_dead_commands(tempfile.gettempdir())
        scratch = tempfile.mkdtemp(prefix=f"booklet-{os.getpid()}-")
        tempfile.tempdir = scratch
        from booklet.cli import main

        code = main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        forkserver.stop_all()
        if scratch is not None:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _remove_scratch_of_dead_commands(folder: str) -> None:
    """Remove the scratch folders (`booklet-<pid>-*`, `booklet-server-<pid>-*`) that a
    command or fork server killed with SIGKILL could not remove itself."""
    import re
    import shutil

    for entry in os.scandir(folder):
        match = re.fullmatch(r"booklet-(?:server-)?(\d+)-\w+", entry.name)
        if match is None or not entry.is_dir(follow_symlinks=False) \
                or entry.stat(follow_symlinks=False).st_uid != os.getuid():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except (PermissionError, OverflowError):
            continue


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class _Quiet(io.TextIOBase):
    """A text stream that stops writing, silently, once its file cannot take more."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream: TextIO | None = stream

    def write(self, text: str) -> int:
        if self.stream is not None:
            try:
                self.stream.write(text)
            except OSError:  # EPIPE, ENOSPC: nobody reads what follows
                self.stream = None
        return len(text)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except OSError:
                self.stream = None

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def fileno(self) -> int:
        if self.stream is None:
            raise OSError("the output is closed")
        return self.stream.fileno()


if __name__ == "__main__":
    run()
