"""The `booklet` command: `python -m booklet`, and the `booklet` script."""

import os
import sys
from typing import NoReturn

from booklet import forkserver


def run() -> NoReturn:
    """Run the command line, then leave without tearing down the interpreter.

    Freeing WeasyPrint's and the documents' objects one by one takes a tenth of a second,
    and by then every file is written and closed. Temporary files (WeasyPrint copies web fonts
    into a folder it removes only when their FontConfiguration is collected) go to a folder
    of the command's own, removed here.
    """
    forkserver.start(sys.argv[1:])  # before the command line is imported: overlaps that too
    import shutil
    import tempfile

    scratch = tempfile.mkdtemp(prefix="booklet-")
    tempfile.tempdir = scratch
    try:
        from booklet.cli import main

        code = main()
        forkserver.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
