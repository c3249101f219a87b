"""One attribute of WeasyPrint replaced while a PDF is written, and put back after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def replacing(owner: Any, name: str, new: Any) -> Iterator[None]:
    """`owner.name` is `new` inside the block, and what it was again after (even on error)."""
    original = getattr(owner, name)
    setattr(owner, name, new)
    try:
        yield
    finally:
        setattr(owner, name, original)
