"""styles/fonts.lock: the SHA-256 of every font file of the program's stacks, so a machine whose
font differs from the one booklet was tested with says so."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.typefaces import FontFamily, FontFile, FontStack

LOCK_FILE = "fonts.lock"
HEADER = ("# SHA-256 of every font file the stacks of styles/fonts.yml use, one face a line:\n"
          "# family | weight | file name | package or 'bundled' | sha256\n"
          "# Written by `python scripts/lock_fonts.py`; a build warns when a file differs.\n")


def lock_key(family: FontFamily, font: FontFile) -> tuple[str, int]:
    """How a face is named in the lock file."""
    return family.name, font.weight


def lock_line(family: FontFamily, font: FontFile, package: str) -> str:
    """The lock file's line for one face."""
    return " | ".join((family.name, str(font.weight), font.path.name, package,
                       file_digest(font.path)))


def read_lock(path: Path) -> dict[tuple[str, int], tuple[int, str, str, str]]:
    """(family, weight) -> (line, file name, package, sha256) of a lock file ({} if none)."""
    if not path.is_file():
        return {}
    entries = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cells = [cell.strip() for cell in line.split("|")]
        if line.startswith("#") or len(cells) != 5 or not cells[1].isdigit():
            continue
        entries[(cells[0], int(cells[1]))] = (number, cells[2], cells[3], cells[4])
    return entries


def lock_warnings(styles_dir: Path, stack: FontStack) -> tuple[Problem, ...]:
    """A warning for each face of the program's fonts (under styles/ or installed) whose file
    is not the one recorded in styles/fonts.lock. A content folder's own files are not locked."""
    path = styles_dir / LOCK_FILE
    entries = read_lock(path)
    warnings = []
    for family in stack.families:
        if not family.location.path.is_relative_to(styles_dir):
            continue  # declared by the content folder
        for font in family.files:
            entry = entries.get(lock_key(family, font))
            digest = file_digest(font.path) if font.path.is_file() else "missing"
            if entry is None:
                warnings.append(Problem(SourceLocation(path),
                                        f"font '{family.name}' ({font.weight}) is not in "
                                        f"{LOCK_FILE}; {font.path} was not checked",
                                        "run python scripts/lock_fonts.py"))
            elif entry[3] != digest:
                warnings.append(Problem(SourceLocation(path, entry[0]),
                                        f"font '{family.name}' ({font.weight}) on this machine, "
                                        f"{font.path} (sha256 {digest[:12]}), is not the file "
                                        f"booklet was tested with ({entry[1]} from {entry[2]}, "
                                        f"sha256 {entry[3][:12]}); pages may differ",
                                        f"install {entry[2]}, or accept this file with "
                                        "python scripts/lock_fonts.py"))
    return tuple(warnings)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file (read once a process while its size and time stay the same)."""
    stat = path.stat()
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
