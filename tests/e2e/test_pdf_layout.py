"""The shipped booklet's pages: cover, contents with real numbers, headers, footers, outline."""

from __future__ import annotations

from booklet.model import BuildResult
from tests.helpers import Pdf

SECTION_TITLES = [
    "What Is Metastatic Breast Cancer",
    "How Advanced Breast Cancer Treatment Works",
    "Treatment Provider Comparison",
    "Benefits and Challenges of Treatment",
    "Understanding Prognosis and Life Expectancy",
    "Conclusion",
    "Sources and further information",
]


def contents_entries(pdf: Pdf) -> list[tuple[str, int]]:
    """(title, page number) of each line of the contents page (page 2)."""
    assert pdf.page_lines(2)[1] == "Contents"
    return pdf.contents()


def heading_page(pdf: Pdf, title: str) -> int:
    """The page whose body (below the running header) starts with the heading `title`."""
    pages = [n for n in range(3, len(pdf.pages_text) + 1)
             if " ".join(pdf.page_lines(n)[1:4]).startswith(title)]
    assert len(pages) == 1, (title, pages)
    return pages[0]


def test_contents_lists_every_section_with_its_real_page(default_pdf: Pdf) -> None:
    entries = contents_entries(default_pdf)
    assert [title for title, _ in entries] == SECTION_TITLES
    for title, page in entries:
        assert heading_page(default_pdf, title) == page, title


def test_contents_entries_are_links_to_their_pages(default_pdf: Pdf) -> None:
    reader = default_pdf.reader
    named = reader.named_destinations
    targets = []
    for annot in reader.pages[1]["/Annots"]:
        annot = annot.get_object()
        assert annot["/Subtype"] == "/Link"
        dest = annot["/Dest"] if "/Dest" in annot else annot["/A"]["/D"]
        page = reader.get_destination_page_number(named[dest]) if isinstance(dest, str) \
            else reader.get_page_number(dest[0].get_object())
        targets.append(page + 1)
    # A link may be drawn as several boxes (title, leader, number); count each link once.
    assert list(dict.fromkeys(targets)) == [p for _, p in contents_entries(default_pdf)]


def test_outline_matches_contents(default_pdf: Pdf) -> None:
    assert default_pdf.outline() == contents_entries(default_pdf)


def test_every_section_starts_a_new_page(default_pdf: Pdf) -> None:
    pages = [page for _, page in contents_entries(default_pdf)]
    assert pages == sorted(set(pages))


def test_running_header_names_the_section_on_the_page(default_pdf: Pdf) -> None:
    entries = contents_entries(default_pdf)
    last_numbered = len(default_pdf.pages_text) - 1
    for index, (title, first) in enumerate(entries):
        end = entries[index + 1][1] if index + 1 < len(entries) else last_numbered + 1
        for page in range(first, end):
            assert default_pdf.page_lines(page)[0] == title, page
    assert default_pdf.page_lines(2)[0] == "Contents"


def test_page_x_of_y_counts_every_physical_page(default_pdf: Pdf) -> None:
    total = len(default_pdf.pages_text)
    assert default_pdf.page_lines(2)[-1] == f"Page 2 of {total}"
    assert default_pdf.page_lines(total - 1)[-1] == f"Page {total - 1} of {total}"


def test_cover_and_back_cover_have_no_page_furniture(default_pdf: Pdf) -> None:
    cover = " ".join(default_pdf.pages_text[0].split())
    back = default_pdf.pages_text[-1]
    assert "Metastatic Breast Cancer" in cover
    assert "Sample Cancer Centre" in cover
    assert "Edition: November 2026" in cover
    for text in (cover, back):
        assert "Page " not in text
        assert not any(text.startswith(title) for title in SECTION_TITLES)


def test_back_cover_carries_the_provenance(default_pdf: Pdf, default_build: BuildResult) -> None:
    back = " ".join(default_pdf.page_lines(len(default_pdf.pages_text)))
    meta = default_build.edition.metadata
    for text in ("Published by: Sample Cancer Centre", meta.contact.phone, meta.contact.email,
                 meta.contact.website, "Version: 1.0",
                 "Published and last reviewed: November 26, 2026",
                 "Next review: November 26, 2027",
                 "National Cancer Institute", "This content was written by AI and reviewed "
                 "by a human for quality and compliance."):
        assert text in back, text
    sources_page = dict(contents_entries(default_pdf))["Sources and further information"]
    assert f"Full list on page {sources_page}." in back


def test_sources_page_lists_every_source_url(default_pdf: Pdf, default_build: BuildResult) -> None:
    page = dict(contents_entries(default_pdf))["Sources and further information"]
    text = default_pdf.pages_text[page - 1].replace("\n", "")
    for source in default_build.edition.metadata.sources:
        assert source.url in text
        assert source.title in text
