"""Shared fixtures: a built default booklet, throwaway content copies, PDF readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import BuildOptions, build_edition
from booklet.model import BuildResult
from booklet.options import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
_ENTRY = re.compile(r"^(?P<title>.+?)[ .]*\.{2,}[ .]*(?P<page>\d+)$")


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

    def contents(self) -> list[tuple[str, int]]:
        """(title, page) of each entry of the contents page (page 2), left-to-right text."""
        entries = []
        pending = ""  # a title that wrapped onto the next line
        for line in self.page_lines(2)[2:]:
            match = _ENTRY.match(f"{pending} {line}".strip())
            if match:
                entries.append((match["title"].strip(), int(match["page"])))
                pending = ""
            elif not line.startswith("Page") and not line.startswith("Página"):
                pending = f"{pending} {line}".strip()
        return entries

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


def add_locales(content: Path, *locales: str) -> None:
    """Add fixture locales (tests/fixtures/locales/<ll>) to a content copy, translated from
    the source as it is now."""
    from booklet.load.files import read_versioned

    meta = content / "booklet.yml"
    text = meta.read_text(encoding="utf-8")
    listed = re.search(r"^locales: \[(.*)\]$", text, re.MULTILINE)
    assert listed is not None
    names = [*listed[1].split(", "), *locales]
    meta.write_text(text.replace(listed[0], f"locales: [{', '.join(names)}]"), encoding="utf-8")
    for locale in locales:
        shutil.copytree(FIXTURES / "locales" / locale, content / locale)
        for section in (content / locale).glob("*.md"):
            _, blob = read_versioned(content / "en" / section.name)
            body = re.sub(r"^translated_from: \w+$", f"translated_from: {blob}",
                          section.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
            section.write_text(body, encoding="utf-8")


def git_commit_all(folder: Path) -> None:
    """Make `folder` a git repository with everything committed."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "content")


@pytest.fixture(scope="session")
def multiscript(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """The booklet with the Arabic and Chinese fixtures added, built once per session."""
    content = tmp_path_factory.mktemp("multiscript") / "content"
    shutil.copytree(CONTENT, content)
    add_locales(content, "ar", "zh")
    out = tmp_path_factory.mktemp("multiscript-out")
    return {locale: Pdf(build(content, out, locale=locale).pdf) for locale in ("ar", "zh")}
