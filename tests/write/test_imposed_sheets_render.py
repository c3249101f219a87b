"""Imposed sheets are valid for a print RIP: Ghostscript (stopping on warnings) and MuPDF
render every sheet of every paper size, variant and direction without an error or warning,
with and without --marks (bleed, crop and fold marks). Every other imposed file the suite
builds is checked the same way when the session ends (tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, add_locales, build
from tests.helpers import print_problems

EDITIONS = [  # (locale, paper, variant)
    *(("en", paper, "standard") for paper in ("a5", "a4", "letter", "half-letter")),
    ("en", None, "large-print"),
    ("ar", "a5", "standard"),
    ("ar", None, "large-print"),
]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("imposed") / "content"
    shutil.copytree(CONTENT, folder)
    add_locales(folder, "ar")
    return folder


@pytest.mark.parametrize("marks", [False, True])
@pytest.mark.parametrize(("locale", "paper", "variant"), EDITIONS)
def test_ghostscript_and_mupdf_render_every_sheet_cleanly(
        content: Path, tmp_path: Path, locale: str, paper: str | None, variant: str,
        marks: bool) -> None:
    result = build(content, tmp_path, locale=locale, paper=paper, variant=variant, impose=True,
                   marks=marks)
    assert result.imposed is not None
    assert print_problems(result.imposed) == []
