"""What to build and where: every option of `booklet build`, as one frozen dataclass.

Kept apart from booklet.pipeline so that the command line (and a no-op rebuild) can use it
without importing the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from booklet.model import Theme

#: The checkout the package runs from: its templates/ and styles/ are the package's siblings.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _theme_root() -> Path:
    """templates/ and styles/ of the checkout; installed from a wheel, the copies inside the
    package (booklet/theme/, mapped there by pyproject.toml's package-dir)."""
    if (PROJECT_ROOT / "templates").is_dir() and (PROJECT_ROOT / "styles").is_dir():
        return PROJECT_ROOT
    return Path(__file__).resolve().parent / "theme"


DEFAULT_THEME = Theme(templates_dir=_theme_root() / "templates",
                      styles_dir=_theme_root() / "styles")
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY_MB = 4096


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; every CLI option of `booklet build` is a field here."""

    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    locale: str | None = None
    paper: str | None = None
    variant: str = "standard"
    """'standard' or 'large-print'."""
    clinic: Path | None = None
    """A clinic file for the cover and back cover (default: the metadata's)."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Stop the edition's build after this many seconds (None: no limit)."""
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    """Stop the build when the process's address space grows past this (None: no limit)."""
    impose: bool = False
    """Also write <stem>.imposed.pdf: padded to a multiple of 4 pages, two-up, folding order."""
    marks: bool = False
    """Imposed sheets with 3 mm bleed, crop and fold marks (for a print shop)."""
    save_html: bool = False
    release: bool = False
    """Refuse an edition with warnings of release-blocking rules (provenance, translation
    state, layout)."""
    today: dt.date | None = None
    """The date review deadlines are checked against (default: today)."""
    theme: Theme = DEFAULT_THEME
