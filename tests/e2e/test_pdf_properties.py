"""Whole-PDF properties: metadata, determinism, fonts and sizes, paper sizes."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet.model import BuildResult
from tests.helpers import CONTENT, Pdf, build

MM = 72 / 25.4
PAPER_MM = {"a5": (148, 210), "a4": (210, 297), "letter": (215.9, 279.4),
            "half-letter": (139.7, 215.9)}


def test_metadata_comes_from_the_sources(default_pdf: Pdf) -> None:
    info = default_pdf.reader.metadata
    assert info is not None
    assert info["/Title"] == "Metastatic Breast Cancer"
    assert info["/Author"] == "Sample Cancer Centre"
    assert info["/Subject"] == "What it is, how it is treated, and what to expect"
    assert default_pdf.reader.trailer["/Root"]["/Lang"] == "en"
    # Dates are the published / last reviewed dates of booklet.yml, not the clock.
    assert info["/CreationDate"] == "D:20261126000000Z"
    assert info["/ModDate"] == "D:20261126000000Z"


def test_dates_follow_the_metadata_file(content_copy: Path, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(content_copy / "booklet.yml", "published: 2026-11-26", "published: 2025-03-04")
    info = PdfReader(build(content_copy, tmp_path).pdf).metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20250304000000Z"


def test_two_builds_are_byte_identical(default_build: BuildResult, tmp_path: Path) -> None:
    again = build(CONTENT, tmp_path, save_html=True)
    assert again.pdf.read_bytes() == default_build.pdf.read_bytes()


def test_only_the_bundled_fonts_are_embedded(default_pdf: Pdf) -> None:
    fonts = set()
    for page in default_pdf.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.add(font["/BaseFont"].split("+", 1)[1])
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0]
            descriptor = descriptor.get_object()
            if "/FontDescriptor" in descriptor:
                descriptor = descriptor["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def test_text_is_at_least_12pt_outside_the_page_margins(default_pdf: Pdf) -> None:
    """Body text, tables, cover and back cover; only the running header and folio are smaller."""
    with pdfplumber.open(default_pdf.path) as pdf:
        for page in pdf.pages:
            top, bottom = 16 * MM, page.height - 16 * MM
            small = {c["text"] for c in page.chars
                     if top < c["top"] < bottom and c["size"] < 11.99 and c["text"].strip()}
            assert not small, (page.page_number, small)


@pytest.mark.parametrize("paper", sorted(PAPER_MM))
def test_paper_sizes(paper: str, tmp_path: Path) -> None:
    result = build(CONTENT, tmp_path, paper=paper)
    reader = PdfReader(result.pdf)
    width, height = PAPER_MM[paper]
    for page in reader.pages:
        assert float(page.mediabox.width) / MM == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) / MM == pytest.approx(height, abs=0.5)
    assert result.pdf.name == "metastatic-breast-cancer.en.pdf"
