"""booklet: turn Markdown sections into printable, paginated patient booklets (PDF)."""

from booklet.build import BuildOptions, build_edition
from booklet.errors import BookletError, ContentError, OutputError, UsageError
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
