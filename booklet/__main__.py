"""The `booklet` command: `python -m booklet`, and the `booklet` script."""

import os
import signal
import sys
from types import FrameType
from typing import NoReturn

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
    code = 130
    scratch = None
    try:
        if wants_fork_server(sys.argv[1:]):
            forkserver.start()  # before the command line is imported: overlaps it
        import tempfile

        scratch = tempfile.mkdtemp(prefix="booklet-")
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


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    run()
