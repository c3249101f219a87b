"""Print-ready and accessible editions: imposition, large print, PDF/UA tags, clinic details."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from weasyprint import HTML

from booklet.write.impose import impose, sheet_order
from tests.helpers import CONTENT, Pdf, build

MM = 72 / 25.4
CLINIC = CONTENT / "clinics" / "riverside.yml"


def numbered_pdf(pages: int) -> bytes:
    """A5 pages whose only text is P1, P2, ..."""
    body = "".join(f'<p style="break-after: page">P{n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<style>@page {{ size: A5 }}</style>{body}").write_pdf()


def halves(pdf_bytes: bytes) -> list[tuple[str, str]]:
    """The text of the left and right half of every sheet side."""
    sides = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            left = page.crop((0, 0, middle, page.height)).extract_text() or ""
            right = page.crop((middle, 0, page.width, page.height)).extract_text() or ""
            sides.append((left.strip(), right.strip()))
    return sides


@pytest.mark.parametrize("pages", [4, 8, 12])
def test_saddle_stitch_order(pages: int) -> None:
    sheets = impose(numbered_pdf(pages))
    expected = [(f"P{a}", f"P{b}") for a, b in sheet_order(pages)]
    assert halves(sheets) == expected
    assert expected[0] == (f"P{pages}", "P1")  # outer sheet: back cover | front cover
    assert expected[1] == ("P2", f"P{pages - 1}")
    with pikepdf.open(io.BytesIO(sheets)) as pdf:
        box = pdf.pages[0].mediabox
        assert (float(box[2]) / MM, float(box[3]) / MM) == (pytest.approx(296, abs=0.5),
                                                            pytest.approx(210, abs=0.5))


def test_right_to_left_binding_mirrors_every_side() -> None:
    assert halves(impose(numbered_pdf(8), right_to_left=True)) == [
        ("P1", "P8"), ("P7", "P2"), ("P3", "P6"), ("P5", "P4")]


def test_imposition_needs_a_multiple_of_four() -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        sheet_order(6)


def page_at(pdf_bytes: bytes, number: int, pages: int) -> str:
    """The text of booklet page `number` on the imposed sheets."""
    for side, (left, right) in zip(halves(pdf_bytes), sheet_order(pages), strict=True):
        if number == left:
            return side[0]
        if number == right:
            return side[1]
    raise AssertionError(number)


@pytest.mark.parametrize("extra_sections", [0, 1])
def test_booklet_is_padded_before_the_back_cover(content_copy: Path, tmp_path: Path,
                                                 extra_sections: int) -> None:
    for n in range(extra_sections):
        (content_copy / "en" / f"7{n}-more.md").write_text(
            f"---\ntitle: More {n}\norder: {70 + n}\n---\n\nTalk to your care team.\n",
            encoding="utf-8")
    result = build(content_copy, tmp_path, impose=True)
    plain = Pdf(result.pdf)
    count = len(plain.pages_text)
    assert count == 10 + extra_sections  # the plain PDF is not padded
    assert result.imposed is not None
    sheets = result.imposed.read_bytes()
    padded = 4 * len(halves(sheets)) // 2
    assert padded % 4 == 0
    assert padded - count == -count % 4 > 0
    assert "Questions for my care team" in page_at(sheets, count, padded)
    for blank in range(count + 1, padded):
        assert "This page is intentionally left blank" in page_at(sheets, blank, padded)
    assert "About this booklet" in page_at(sheets, padded, padded)  # back cover stays last
    assert "Metastatic Breast" in page_at(sheets, 1, padded)
    assert f"Page 2 of {padded}" in page_at(sheets, 2, padded)


def test_large_print(tmp_path: Path) -> None:
    result = build(CONTENT, tmp_path, variant="large-print")
    assert result.pdf.name == "metastatic-breast-cancer.en.large-print.pdf"
    with pdfplumber.open(result.pdf) as pdf:
        assert (pdf.pages[0].width / MM, pdf.pages[0].height / MM) == (
            pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))
        sizes = {}
        for page in pdf.pages:
            top, bottom = 22 * MM, page.height - 22 * MM
            for char in page.chars:
                if top < char["top"] < bottom and char["text"].strip():
                    sizes[char["text"]] = min(sizes.get(char["text"], 99), char["size"])
        assert min(sizes.values()) >= 17.99  # 18 pt, within float error
        third = pdf.pages[2]
        heading = max(c["size"] for c in third.chars)
        assert heading >= 24
    text = " ".join(" ".join(Pdf(result.pdf).pages_text).split())
    assert "Provider Mayo Clinic Specialty focus Comprehensive Care" in text  # stacked rows


def test_large_print_on_letter_for_us_paper(tmp_path: Path) -> None:
    result = build(CONTENT, tmp_path, variant="large-print", paper="half-letter")
    with pikepdf.open(result.pdf) as pdf:
        box = pdf.pages[0].mediabox
        assert (float(box[2]) / 72, float(box[3]) / 72) == (8.5, 11)


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.get("/K"))
    return found


@pytest.fixture(scope="module")
def clinic_build(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return Pdf(build(CONTENT, tmp_path_factory.mktemp("clinic"), clinic=CLINIC).pdf)


def test_tagged_pdf_ua(clinic_build: Pdf) -> None:
    with pikepdf.open(clinic_build.path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.Root.Lang) == "en"
        with pdf.open_metadata() as xmp:
            assert str(xmp["pdfuaid:part"]) == "1"
            assert xmp["dc:title"] == "Metastatic Breast Cancer"
        elements = structure(pdf)
        roles = [str(e.S) for e in elements]
        h1 = [e for e in elements if str(e.S) == "/H1"]
        assert len(h1) == 8  # the cover title, 6 sections, the sources
        assert roles.index("/H1") < roles.index("/H2") < roles.index("/Table")  # cover, contents
        for role in ("/Table", "/THead", "/TBody", "/TR", "/TH", "/TD", "/L", "/LI"):
            assert role in roles, role
        scopes = [str(e.A.Scope) for e in elements if str(e.S) == "/TH"]
        assert scopes == ["/Column"] * 3 + ["/Row"] * 4
        figures = [e for e in elements if str(e.S) == "/Figure"]
        assert len(figures) == 2  # clinic logo and QR code
        assert {str(f.Alt) for f in figures} == {
            "Logo of Riverside Breast Care Clinic (sample)",
            "QR code for https://www.example.org/riverside"}


def test_page_furniture_is_artifact_not_untagged_text(clinic_build: Pdf) -> None:
    with pikepdf.open(clinic_build.path) as pdf:
        page = pdf.pages[2]
        operators = [(str(i.operator), [str(o) for o in i.operands][:1])
                     for i in pikepdf.parse_content_stream(page)
                     if str(i.operator) in ("BDC", "BMC")]
        tagged = {int(o[1].MCID) for o, op in pikepdf.parse_content_stream(page)
                  if str(op) == "BDC" and len(o) == 2 and "/MCID" in o[1]}
        parent_tree = pdf.Root.StructTreeRoot.ParentTree
        assert tagged  # body text is tagged
        assert ("BDC", ["/Artifact"]) in operators  # header and folio are artifacts
        assert parent_tree is not None


def test_fallback_section_and_notice_carry_their_language(content_copy: Path,
                                                          tmp_path: Path) -> None:
    (content_copy / "es" / "40-benefits-and-challenges.md").unlink()
    with pikepdf.open(build(content_copy, tmp_path, locale="es").pdf) as pdf:
        langs = [(str(e.S), str(e.Lang)) for e in structure(pdf) if "/Lang" in e]
        assert ("/Sect", "en") in langs
        assert ("/P", "es") in langs  # the notice, in the edition's language
        assert ("/L", "en") in langs  # the English sources list on the sources page


def test_clinic_details_on_cover_and_back_cover(clinic_build: Pdf) -> None:
    cover = " ".join(clinic_build.pages_text[0].split())
    back = " ".join(clinic_build.pages_text[-1].split())
    assert "Riverside Breast Care Clinic (sample)" in cover
    assert "Riverside Breast Care Clinic (sample)" in back
    assert "Phone: +1 555 0123" in back
    assert "Urgent help: call +1 555 0199" in back


def test_qr_code_is_vector_and_decodes_to_the_website(clinic_build: Pdf) -> None:
    import pypdfium2
    import zxingcpp

    with pikepdf.open(clinic_build.path) as pdf:
        back = pdf.pages[-1]
        assert not back.get_images()  # the QR code is drawn as vector paths, not a bitmap
    document = pypdfium2.PdfDocument(clinic_build.path)
    bitmap = document[len(document) - 1].render(scale=4).to_pil()
    codes = zxingcpp.read_barcodes(bitmap)
    assert [code.text for code in codes] == ["https://www.example.org/riverside"]


def test_without_a_clinic_the_publisher_website_gets_the_qr_code(default_pdf: Pdf) -> None:
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(default_pdf.path)
    bitmap = document[len(document) - 1].render(scale=4).to_pil()
    assert [c.text for c in zxingcpp.read_barcodes(bitmap)] == [
        "https://www.example.org/booklets"]


@pytest.mark.parametrize(("paper", "variant", "size_mm"), [
    ("a5", "standard", (148, 210)), ("half-letter", "standard", (139.7, 215.9)),
    ("a4", "large-print", (210, 297)), ("letter", "large-print", (215.9, 279.4)),
])
def test_margins_are_proportionate(tmp_path: Path, paper: str, variant: str,
                                   size_mm: tuple[float, float]) -> None:
    result = build(CONTENT, tmp_path, paper=paper, variant=variant)
    with pdfplumber.open(result.pdf) as pdf:
        page = pdf.pages[2]
        assert (page.width / MM, page.height / MM) == (pytest.approx(size_mm[0], abs=0.5),
                                                       pytest.approx(size_mm[1], abs=0.5))
        body = [c for c in page.chars if c["size"] >= 11.5 and c["top"] > 25 * MM]
        left = min(c["x0"] for c in body) / MM
        right = (page.width - max(c["x1"] for c in body)) / MM
        assert 0.07 < left / size_mm[0] < 0.16
        assert right / size_mm[0] < 0.16
