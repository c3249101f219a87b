"""The provider comparison table: data from CSV, real header cells, header repeated, rows whole."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from booklet.model import BuildResult
from tests.helpers import Pdf, build

PROVIDERS = [
    ("Mayo Clinic", "Comprehensive Care", "Multidisciplinary teams"),
    ("Memorial Sloan Kettering", "Cancer Research", "Clinical trials access"),
    ("Roche", "Targeted Therapy", "HER2-positive treatments"),
    ("Pfizer", "CDK4/6 Inhibitors", "Hormone receptor-positive"),
]
HEADER = ["Provider", "Specialty focus", "Treatment approach"]


def cell_tops(path: Path, page: int, cells: list[str]) -> list[float]:
    """Top y of the first line of each cell (its first word followed by the rest of its line)."""
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[page - 1].extract_words(extra_attrs=["size"])
    words = [w for w in words if abs(w["size"] - 12) < 0.5]  # table text, not headings or header
    tops = []
    for cell in cells:
        first, *rest = cell.split()
        candidates = [w for w in words if w["text"] == first]
        if rest:  # the next word follows on the same line or starts its next line (the
            # words of the other cells of the row may come between)
            texts = [w["text"] for w in words]
            stem = rest[0].split("-")[0]  # a hyphenated word may break after its hyphen
            candidates = [w for w in candidates if any(
                t.startswith(stem) for t in texts[words.index(w) + 1: words.index(w) + 8])]
        assert candidates, cell
        tops.append(candidates[0]["top"])
    return tops


def flatten(pdf: Pdf, page: int) -> str:
    return " ".join(pdf.pages_text[page - 1].split())


def test_every_provider_and_cell_in_order(default_pdf: Pdf) -> None:
    [page] = default_pdf.pages_with("Memorial Sloan")
    header_top = cell_tops(default_pdf.path, page, HEADER)
    assert max(header_top) - min(header_top) < 1  # one header row
    previous = header_top[0]
    for row in PROVIDERS:
        tops = cell_tops(default_pdf.path, page, list(row))
        assert max(tops) - min(tops) < 1, row  # the cells of a row sit side by side
        assert tops[0] > previous, row  # rows in the order of the data file
        previous = tops[0]


def test_header_cells_are_th_in_the_html(default_build: BuildResult) -> None:
    assert default_build.html is not None
    html = default_build.html.read_text(encoding="utf-8")
    for cell in HEADER:
        assert f'<th scope="col">{cell}</th>' in html
    assert '<th scope="row">Mayo Clinic</th>' in html


def test_long_table_repeats_header_and_never_splits_rows(content_copy: Path,
                                                         tmp_path: Path) -> None:
    # Each cell has unique first and last words, and the last cell wraps over several lines.
    rows = [f"r{n},P{n}a provider P{n}z,F{n}a F{n}z,A{n}a with a long description that wraps A{n}z"
            for n in range(1, 41)]
    (content_copy / "en" / "providers.csv").write_text(
        "id,Provider,Specialty focus,Treatment approach\n" + "\n".join(rows) + "\n",
        encoding="utf-8")
    pdf = Pdf(build(content_copy, tmp_path / "out").pdf)
    words = [set(text.split()) for text in pdf.pages_text]
    table_pages = [n for n, page in enumerate(words, 1) if "P1a" in page or "A40z" in page]
    table_pages = list(range(table_pages[0], table_pages[-1] + 1))
    assert len(table_pages) >= 2
    for page in table_pages:
        tops = cell_tops(pdf.path, page, HEADER)
        assert max(tops) - min(tops) < 1, page  # the header row, repeated on this page
    for n in range(1, 41):
        tokens = [f"{c}{n}{end}" for c in "PFA" for end in "az"]
        pages = {page for page in table_pages for token in tokens if token in words[page - 1]}
        assert len(pages) == 1, (n, pages)  # every word of the row, on exactly one page
