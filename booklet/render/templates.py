"""Where compiled Jinja templates are cached between builds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled Jinja templates cached on disk, keyed by their source (saves ~80 ms a build).

    In $XDG_CACHE_HOME/booklet/jinja or ~/.cache/booklet/jinja, not in the temporary folder,
    which the build processes point at a scratch folder of their own. None if unwritable.
    """
    import jinja2

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "booklet" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
