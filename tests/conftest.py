"""Shared fixtures: a built default booklet, throwaway content copies, PDF readers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import BuildOptions, build_edition
from booklet.model import BuildResult
from booklet.paths import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"


@dataclass
class Pdf:
    """A built PDF with lazily extracted text, outline and metadata."""

    path: Path

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def pages_text(self) -> list[str]:
        with pdfplumber.open(self.path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]

    def page_lines(self, number: int) -> list[str]:
        """Lines of text on 1-based page `number`."""
        return self.pages_text[number - 1].splitlines()

    def pages_with(self, text: str) -> list[int]:
        """1-based numbers of the pages whose text contains `text`."""
        return [n for n, page in enumerate(self.pages_text, 1) if text in page]

    def outline(self) -> list[tuple[str, int]]:
        """Top-level bookmarks as (title, 1-based page)."""
        return [(item.title, self.reader.get_destination_page_number(item) + 1)
                for item in self.reader.outline if not isinstance(item, list)]


def build(content: Path, out: Path, **options: object) -> BuildResult:
    """Build in-process, as the CLI does."""
    return build_edition(BuildOptions(content_dir=content, out_dir=out, **options))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped booklet, built once for the whole session."""
    return build(CONTENT, tmp_path_factory.mktemp("out"), save_html=True)


@pytest.fixture(scope="session")
def default_pdf(default_build: BuildResult) -> Pdf:
    return Pdf(default_build.pdf)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace `old` by `new` in a file (the text must be there)."""

    def _edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return _edit
