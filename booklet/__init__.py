"""booklet: turn Markdown sections into printable, paginated patient booklets (PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from booklet.errors import BookletError, ContentError, OutputError, UsageError
    from booklet.load import load_edition
    from booklet.options import BuildOptions
    from booklet.pipeline import build_edition

__version__ = "0.1.0"
__all__ = [
    "BookletError",
    "BuildOptions",
    "ContentError",
    "OutputError",
    "UsageError",
    "__version__",
    "build_edition",
    "load_edition",
]
#: Where each name of the API lives: imported on first use, so that `booklet` starts fast.
_HOMES = {"build_edition": "booklet.pipeline", "load_edition": "booklet.load",
          "BuildOptions": "booklet.options", "BookletError": "booklet.errors",
          "ContentError": "booklet.errors", "OutputError": "booklet.errors",
          "UsageError": "booklet.errors"}


def __getattr__(name: str) -> Any:
    """The API's names, imported on first use."""
    if name not in _HOMES:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
