"""Right-to-left (Arabic) and CJK (Chinese) editions, from the fixture translations."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from booklet import ContentError
from tests.helpers import Pdf, build
from tests.textlayer import TOOLS, extract, normalize

ARABIC_TITLE = "ما هو سرطان الثدي النقيلي"
ARABIC = re.compile(r"[\u0600-\u06ff]")


def folio_x(path: Path, page: int) -> float:
    """Horizontal centre of the page number (the word with a digit) in the bottom margin."""
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page - 1]
        words = [w for w in sheet.extract_words() if w["top"] > sheet.height - 16 * 72 / 25.4
                 and re.search(r"\d", w["text"])]
    assert words, page
    return (min(w["x0"] for w in words) + max(w["x1"] for w in words)) / 2 / sheet.width


def test_arabic_text_layer_is_right(multiscript: dict[str, Pdf]) -> None:
    """poppler and MuPDF give the Arabic text back in logical order (tests/textlayer.py)."""
    pdf = multiscript["ar"]
    assert pdf.reader.trailer["/Root"]["/Lang"] == "ar"
    for tool in TOOLS:
        text = normalize(extract(pdf.path, tool), drop_marks=True)
        for sentence in (ARABIC_TITLE, "يُعدّ سرطان الثدي النقيلي، المعروف أيضًا باسم سرطان الثدي في"):
            assert normalize(sentence, drop_marks=True) in text, tool


def test_page_numbers_sit_on_the_outer_edge_and_mirror(multiscript: dict[str, Pdf],
                                                       default_pdf: Pdf) -> None:
    """LTR: page 1 is a right-hand page; RTL: page 1 is a left-hand page (binding on the right)."""
    for page in (2, 3, 4):
        ltr, rtl = folio_x(default_pdf.path, page), folio_x(multiscript["ar"].path, page)
        outer_right = (ltr, rtl) if page % 2 else (rtl, ltr)  # odd: a right page in LTR
        assert outer_right[0] > 0.6, page
        assert outer_right[1] < 0.4, page


def test_inner_margin_is_on_the_binding_side(multiscript: dict[str, Pdf],
                                             default_pdf: Pdf) -> None:
    """On page 3 the binding is left of the text in LTR and right of it in RTL."""
    for pdf, binding in ((default_pdf, "left"), (multiscript["ar"], "right")):
        with pdfplumber.open(pdf.path) as doc:
            sheet = doc.pages[2]
            body = [c for c in sheet.chars if 60 < c["top"] < sheet.height - 60]
            left = min(c["x0"] for c in body)
            right = sheet.width - max(c["x1"] for c in body)
        assert (left > right) == (binding == "left"), (pdf.path.name, left, right)


def test_contents_read_right_to_left(multiscript: dict[str, Pdf]) -> None:
    with pdfplumber.open(multiscript["ar"].path) as pdf:
        words = pdf.pages[1].extract_words()
    rows: dict[int, list[dict[str, float | str]]] = {}
    for word in words:
        rows.setdefault(round(float(word["top"])), []).append(word)
    numbered = [row for row in rows.values() if any(str(w["text"]).isdigit() for w in row)
                and any(ARABIC.search(str(w["text"])) for w in row)
                and any("..." in str(w["text"]) for w in row)]  # entries have leaders
    assert len(numbered) >= 4  # the Arabic entries (the English fallbacks too, but LTR)
    for row in numbered:
        number = next(w for w in row if str(w["text"]).isdigit())
        title = [w for w in row if ARABIC.search(str(w["text"])) and "." not in str(w["text"])]
        assert float(number["x1"]) < min(float(w["x0"]) for w in title)  # number on the left


def test_table_columns_run_right_to_left(multiscript: dict[str, Pdf]) -> None:
    pdf = multiscript["ar"]
    [page] = pdf.pages_with("Mayo Clinic")
    with pdfplumber.open(pdf.path) as doc:
        words = doc.pages[page - 1].extract_words()
    mayo = next(w for w in words if w["text"] == "Clinic")
    same_row = [w for w in words if abs(w["top"] - mayo["top"]) < 2 and ARABIC.search(w["text"])]
    assert same_row
    assert all(w["x1"] < mayo["x0"] for w in same_row)  # provider column is the rightmost


def test_latin_and_numbers_inside_arabic_keep_their_order(multiscript: dict[str, Pdf]) -> None:
    pdf = multiscript["ar"]
    [page] = [n for n in pdf.pages_with("HER2") if ARABIC.search(pdf.pages_text[n - 1])][:1]
    with pdfplumber.open(pdf.path) as doc:
        chars = doc.pages[page - 1].chars
    for index in range(len(chars)):
        if "".join(c["text"] for c in chars[index:index + 4]) == "HER2":
            run = chars[index:index + 4]
            assert [c["x0"] for c in run] == sorted(c["x0"] for c in run)
            break
    else:
        pytest.fail("HER2 not found as a run of characters")


def test_english_fallback_inside_arabic_edition(multiscript: dict[str, Pdf]) -> None:
    pdf = multiscript["ar"]
    assert pdf.pages_with("Modern treatments for metastatic breast cancer")
    notice = normalize("هذا القسم غير متوفر بعدُ باللغة العربية", drop_marks=True)
    for tool in TOOLS:
        assert notice in normalize(extract(pdf.path, tool), drop_marks=True), tool


def test_chinese_breaks_lines_between_characters(multiscript: dict[str, Pdf]) -> None:
    pdf = multiscript["zh"]
    assert pdf.reader.trailer["/Root"]["/Lang"] == "zh"
    lines = pdf.page_lines(3)
    assert lines[1] == "什么是转移性乳腺癌"
    body = [line for line in lines[2:-1] if line]
    assert len(body) > 5
    assert not any(" " in line.strip() for line in body[:4])  # no spaces, yet it wraps
    fonts = {f.get_object()["/BaseFont"].split("+", 1)[1]
             for page in pdf.reader.pages for f in page["/Resources"]["/Font"].values()}
    cjk = {name for name in fonts if "CJK" in name}
    assert cjk == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}  # the SC forms, nothing else
    assert fonts - cjk == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def test_chinese_emphasis_is_bold_not_synthesized_italics(content_copy: Path,
                                                          tmp_path: Path) -> None:
    from tests.helpers import add_locales

    add_locales(content_copy, "zh")
    section = content_copy / "zh" / "10-what-is-metastatic-breast-cancer.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("转移性乳腺癌，也称为", "*转移性乳腺癌*，也称为", 1),
                       encoding="utf-8")
    pdf = Pdf(build(content_copy, tmp_path, locale="zh").pdf)
    with pdfplumber.open(pdf.path) as doc:
        chars = [c for c in doc.pages[2].chars if c["top"] > 80]  # below the heading
    emphasized = next(c for c in chars if c["text"] == "转")
    assert "Bold" in emphasized["fontname"]  # emphasis is bold...
    for char in chars:
        assert abs(char["matrix"][2]) < 1e-6, char["text"]  # ...and nothing is slanted


def test_uncovered_character_names_character_and_section(content_copy: Path,
                                                         tmp_path: Path) -> None:
    from tests.helpers import add_locales

    add_locales(content_copy, "ar")
    section = content_copy / "ar" / "20-how-treatment-works.md"
    section.write_text(section.read_text(encoding="utf-8").replace("الهرموني", "الهرموني 癌"),
                       encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(content_copy, tmp_path, locale="ar")
    [line] = caught.value.lines()
    assert re.match(rf"{re.escape(str(section))}:\d+: character '癌' \(U\+764C CJK UNIFIED", line)
    assert "'arabic' stack (styles/fonts.yml" in line
