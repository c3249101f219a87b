"""Check that the system libraries WeasyPrint loads are installed; say how to install them."""

from __future__ import annotations

import ctypes.util
import sys

REQUIRED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz-subset": "libharfbuzz-subset0",
}


def main() -> int:
    """Exit 1 with the install command when a library is missing."""
    missing = [package for lib, package in REQUIRED.items() if not ctypes.util.find_library(lib)]
    if missing:
        print(f"missing system libraries: {', '.join(missing)}", file=sys.stderr)
        print(f"install them with: sudo apt-get install -y {' '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
