"""Imposed sheets are valid for a print RIP: Ghostscript (stopping on warnings) and MuPDF
render every sheet of every paper size, variant and direction without an error or warning,
with and without --marks (bleed, crop and fold marks)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CONTENT, add_locales, build

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
    sheets = str(result.imposed)
    gs = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONWARNING",
                         "-sDEVICE=nullpage", sheets], capture_output=True, text=True)
    assert gs.returncode == 0, gs.stdout + gs.stderr
    assert gs.stdout + gs.stderr == ""
    mupdf = subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "/dev/null", sheets],
                           capture_output=True, text=True)
    assert mupdf.returncode == 0, mupdf.stderr
    problems = [line for line in mupdf.stderr.splitlines()
                if "ICC support is not available" not in line]  # Debian's build, not the file
    assert problems == []
