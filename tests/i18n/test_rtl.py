"""Right-to-left editions: labels, left-to-right runs, list markers, reading direction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from booklet.render.bidi import isolate, text_direction
from tests.helpers import CONTENT, Pdf, add_locales, build
from tests.textlayer import extract, sample_edition

PHONE, MAIL, URL, DATE = "+1 555 0100", "info@example.org", "https://areq.net/m/سرطان_الرئة.html", \
    "26/11/2026"
BODY = f"اتصل بنا على {PHONE} أو راسلنا على {MAIL} أو زر {URL} قبل {DATE}."


#: Labels a clinic's own ui.po keeps in English (as a label missing from every catalog is).
ENGLISH_LABELS = ("Published by", "Contact", "Version", "Published and last reviewed",
                  "Next review")
PO_HEADER = ('msgid ""\nmsgstr ""\n"Language: ar\\n"\n'
             '"Content-Type: text/plain; charset=utf-8\\n"\n'
             '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
             'n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);\\n"\n')


@pytest.fixture(scope="module")
def arabic_source(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """A booklet written in Arabic, its metadata in English, some labels kept in English."""
    root = tmp_path_factory.mktemp("ar-source")
    content = sample_edition(root, "ar")
    section = content / "ar" / "10-your-tablets.md"
    section.write_text(section.read_text(encoding="utf-8") + f"\n{BODY}\n", encoding="utf-8")
    entries = "".join(f'\nmsgid "{label}"\nmsgstr "{label}"\n' for label in ENGLISH_LABELS)
    (content / "ar" / "ui.po").write_text(PO_HEADER + entries, encoding="utf-8")
    return Pdf(build(content, root / "out", locale="ar").pdf)


@pytest.fixture(scope="module")
def arabic_translation(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """The shipped booklet's Arabic translation (fixture), English sources and fallbacks."""
    root = tmp_path_factory.mktemp("ar-translation")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    add_locales(content, "ar")
    return Pdf(build(content, root / "out", locale="ar").pdf)


def words(pdf: Pdf, page: int) -> list[dict[str, object]]:
    with pdfplumber.open(pdf.path) as doc:
        return list(doc.pages[page - 1].extract_words(keep_blank_chars=False))


def test_direction_of_a_text_is_its_first_strong_character() -> None:
    assert text_direction("Published by:") == "ltr"
    assert text_direction("الناشر:") == "rtl"
    assert text_direction("+1 555 0100") == "ltr"
    assert text_direction("· ;") is None
    assert str(isolate("Published by:", "rtl")) == '<span dir="ltr">Published by:</span>'
    assert str(isolate("الناشر:", "rtl")) == "الناشر:"
    assert str(isolate("<b>", "rtl")) == '<span dir="ltr">&lt;b&gt;</span>'  # escaped


def test_english_labels_keep_their_colon_after_them(arabic_source: Pdf) -> None:
    """No ':Published by': the label is a left-to-right run, its colon at its right end."""
    last = len(arabic_source.reader.pages)
    text = arabic_source.pages_text[last - 1]  # pdfplumber reads left to right by position
    for label in ENGLISH_LABELS:
        assert f"{label}:" in text, label
        assert f":{label}" not in text, label


def test_arabic_labels_have_their_colon_on_their_left(arabic_translation: Pdf) -> None:
    """Translated labels are right-to-left like their line: the colon ends them on the left
    ("...Centre :الناشر" from left to right), and MuPDF, which reads the stream, reads them
    in logical order. (poppler attaches the colon to the English value that follows.)"""
    printed = arabic_translation.pages_text[-1]  # by position, left to right
    logical = extract(arabic_translation.path, "mupdf")
    for label in ("الناشر", "التواصل", "المصادر"):  # no lam-alef: one glyph, not reversed
        assert f":{label[::-1]}" in printed, label
        assert f"{label}:" in logical, label


def test_phone_address_url_and_date_print_as_written(arabic_source: Pdf) -> None:
    """Inside Arabic text, each left-to-right run keeps its order: its pieces from left to
    right on the page are its pieces in the order they are written."""
    [page] = arabic_source.pages_with(MAIL)
    line = [w for w in words(arabic_source, page) if w["text"] in ("+1", "555", "0100")]
    assert [w["text"] for w in sorted(line, key=lambda w: float(w["x0"]))] == ["+1", "555", "0100"]
    with pdfplumber.open(arabic_source.path) as doc:
        chars = [c for c in doc.pages[page - 1].chars if c["text"] != "\u200b"]
    lines: dict[int, list[dict[str, object]]] = {}
    for char in chars:
        lines.setdefault(round(float(char["top"])), []).append(char)
    visual = ["".join(str(c["text"]) for c in sorted(line, key=lambda c: float(c["x0"])))
              for line in lines.values()]  # each line from left to right, as printed
    assert any(MAIL in text for text in visual)
    assert any(DATE in text for text in visual)
    [url_line] = [text for text in visual if "areq.net" in text]
    assert url_line.index("areq.net/m/") < url_line.index(".html")  # not "html.…/m/areq"
    assert any("https://" in text for text in visual)


def test_sources_numbers_stay_inside_the_text_block(arabic_translation: Pdf) -> None:
    """English sources in an Arabic edition: the list is left to right as a whole, so its
    numbers sit in its own indent, not 4.8 mm into the margin."""
    pdf = arabic_translation
    [sources] = [n for n in pdf.pages_with("https://www.cancer.gov/types/breast")
                 if n != len(pdf.reader.pages)]
    with pdfplumber.open(pdf.path) as doc:
        page = doc.pages[sources - 1]
        rule = max(page.lines + page.rects, key=lambda r: float(r["x1"]) - float(r["x0"]))
        left, right = float(rule["x0"]), float(rule["x1"])
        numbers = [w for w in page.extract_words() if w["text"] in {f"{n}." for n in range(1, 7)}]
        assert len(numbers) == 6
        for word in numbers:
            assert left - 0.5 <= float(word["x0"]), word
            assert float(word["x1"]) <= right + 0.5, word


def test_right_to_left_editions_ask_viewers_for_right_to_left(arabic_source: Pdf,
                                                             default_pdf: Pdf) -> None:
    with pikepdf.open(arabic_source.path) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert pdf.Root.ViewerPreferences.DisplayDocTitle  # WeasyPrint's entry is kept
    with pikepdf.open(default_pdf.path) as pdf:
        assert "/Direction" not in pdf.Root.ViewerPreferences


def test_left_to_right_runs_of_the_body_are_isolated(tmp_path: Path) -> None:
    """The Markdown of a right-to-left section: URLs, addresses and numbers in <span dir>."""
    from xml.etree.ElementTree import fromstring, tostring

    from booklet.render.bidi import isolate_runs

    root = fromstring(f"<div><p>{BODY} <em>{PHONE}</em></p></div>")  # noqa: S314 - our text
    isolate_runs(root)
    html = tostring(root, encoding="unicode")
    for run in (PHONE, MAIL, URL, DATE):
        assert f'<span dir="ltr">{run}</span>' in html, run
