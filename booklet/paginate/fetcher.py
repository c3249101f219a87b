"""A WeasyPrint URL fetcher that serves only files inside the project's allowed folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher

MAX_RESOURCE_BYTES = 20_000_000


@dataclass(frozen=True)
class Refusal:
    """A resource the fetcher would not serve, and why."""

    url: str
    reason: str


class RootedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serve file:// URLs under `roots` (and data: URLs); refuse and record everything else."""

    def __init__(self, roots: tuple[Path, ...], max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.max_bytes = max_bytes
        self.refused: list[Refusal] = []

    def _refuse(self, url: str, reason: str) -> None:
        self.refused.append(Refusal(url if len(url) <= 120 else url[:117] + "...", reason))
        raise ValueError(f"refused {url[:120]!r}: {reason}")  # WeasyPrint logs and skips it

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            self._refuse(url, "only files inside the project may be used")
        path = Path(url2pathname(parts.path)).resolve()  # follows symlinks, removes '..'
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "outside the project's content, templates and styles")
        if not path.is_file():
            self._refuse(url, "no such file")
        if path.stat().st_size > self.max_bytes:
            self._refuse(url, f"larger than {self.max_bytes // 1_000_000} MB")
        return super().fetch(path.as_uri(), headers)
