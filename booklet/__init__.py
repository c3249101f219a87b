"""booklet: turn Markdown sections into printable, paginated patient booklets (PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from booklet.errors import BookletError, ContentError, OutputError, UsageError
from booklet.options import BuildOptions

if TYPE_CHECKING:
    from booklet.build import build_edition
    from booklet.load import load_edition

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


def __getattr__(name: str) -> Any:
    """The pipeline is imported on first use, so that `booklet` itself starts fast."""
    if name == "build_edition":
        from booklet.build import build_edition

        return build_edition
    if name == "load_edition":
        from booklet.load import load_edition

        return load_edition
    raise AttributeError(name)
