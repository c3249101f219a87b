"""The `booklet` command: `python -m booklet`, and the `booklet` script."""

import os
import sys
from typing import NoReturn

from booklet import spare


def run() -> NoReturn:
    """Run the command line, then leave without tearing down the interpreter.

    Freeing WeasyPrint's and the documents' objects one by one takes a tenth of a second,
    and by then every file is written and closed.
    """
    spare.start(sys.argv[1:])  # before the command line is imported: it overlaps that too
    from booklet.cli import main

    code = main()
    spare.stop()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
