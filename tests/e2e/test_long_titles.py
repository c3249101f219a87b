"""Long titles on the real PDF (issue 15): a cover title or subtitle with a word wider than the
cover's line prints whole on the cover, on the paper; a long section title keeps the running
header inside the top margin (two lines at most, then an ellipsis), off the page number. The
words are real: Malayalam and Burmese from gflanguages' sample texts (the Universal Declaration
of Human Rights), a German compound and an English sentence of the Declaration."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import build, build_errors, edit_file, run_cli
from tests.samples import _quoted, write_sample_content

MM = 72 / 25.4
#: Words of the Malayalam sample text (31 and 34 letters), wider than the A5 cover's line.
MALAYALAM_TITLE = "പ്രഖ്യാപനത്തിലടങ്ങിയിരിക്കുന്ന അവകാശങ്ങൾ"
MALAYALAM_SUBTITLE = "പ്രവൃത്തികളിലെല്ലാമേർപ്പെടാമെന്നോ"
GERMAN_TITLE = "Donaudampfschifffahrtsgesellschaftskapitän"
GERMAN_SUBTITLE = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung"
#: Section titles longer than two header lines (Declaration, article 4 and article 2).
MYANMAR_SECTION = ("မည်သူကိုမျှ ကျေးကျွန်အဖြစ်၊ သို့တည်းမဟုတ် အစေအပါးအဖြစ်၊ နိုင်ထက်စီးနင်း "
                   "စေခိုင်းခြင်း မပြုရ၊ လူကို ကျေးကျွန် သဖွယ် အဓမ္မ စေခိုင်းခြင်း၊ "
                   "အရောင်းအဝယ် ပြုခြင်းနှင့်")
ENGLISH_SECTION = ("Everyone is entitled to all the rights and freedoms set forth in this "
                   "Declaration, without distinction of any kind, such as race, colour, sex, "
                   "language, religion")


def cover_content(folder: Path, tag: str, title: str, subtitle: str) -> Path:
    """A sample edition whose cover has `title` and `subtitle`."""
    content = write_sample_content(tag, folder)
    metadata = content / "booklet.yml"
    text = metadata.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", lambda _: f"title: {_quoted(title)}", text, count=1,
                  flags=re.M)
    text = re.sub(r"^subtitle: .*$", lambda _: f"subtitle: {_quoted(subtitle)}", text,
                  count=1, flags=re.M)
    metadata.write_text(text, encoding="utf-8")
    return content


def section_content(folder: Path, tag: str, title: str) -> Path:
    """A sample edition whose section has `title` (it runs in the page header)."""
    content = write_sample_content(tag, folder)
    section = content / tag / "10-sample.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(re.sub(r"^title: .*$", lambda _: f"title: {_quoted(title)}", text,
                              count=1, flags=re.M), encoding="utf-8")
    return content


def chars_off_the_page(pdf_path: Path) -> list[tuple[int, str]]:
    """(page, character) of every character pdfplumber places outside its page."""
    with pdfplumber.open(pdf_path) as pdf:
        return [(number, c["text"]) for number, page in enumerate(pdf.pages, 1)
                for c in page.chars
                if c["x0"] < -0.5 or c["x1"] > page.width + 0.5 or c["top"] < -0.5
                or c["bottom"] > page.height + 0.5]


def unspaced(text: str) -> str:
    return "".join(text.split())


def letters(text: str) -> str:
    """The letters of a text without its marks and spaces: pdfplumber reads some Malayalam
    vowel signs of the regular weight as others (a text-layer matter), never the letters."""
    return "".join(c for c in text if unicodedata.category(c).startswith("L"))


def theme_without(tmp_path: Path, rule: str) -> Theme:
    """The default theme with one rule of booklet.css taken out (the tests' counter-proof)."""
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    edit_file(styles / "booklet.css", rule, "")
    return Theme(templates_dir=DEFAULT_THEME.templates_dir, styles_dir=styles)


@pytest.mark.parametrize(("tag", "title", "subtitle"), [
    ("ml", MALAYALAM_TITLE, MALAYALAM_SUBTITLE), ("de", GERMAN_TITLE, GERMAN_SUBTITLE)])
@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_a_cover_word_wider_than_the_line_prints_whole_on_the_cover(
        tmp_path: Path, tag: str, title: str, subtitle: str, variant: str) -> None:
    content = cover_content(tmp_path / "content", tag, title, subtitle)
    paper = ["--paper", "a4"] if variant == "large-print" else []
    code, _, err = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"),
                           "--variant", variant, *paper, "--today", "2026-12-01")
    assert code == 0, err
    (pdf_path,) = (tmp_path / "out").glob("*.pdf")
    assert chars_off_the_page(pdf_path) == []
    with pdfplumber.open(pdf_path) as pdf:
        pages = [unspaced("".join(c["text"] for c in page.chars)) for page in pdf.pages]
        cover = pdf.pages[0]
        # The words are broken inside, on the panel: its lines stay within the cover.
        lines = {round(c["matrix"][5]) for c in cover.chars if c["size"] > 20}
    assert letters(title) in letters(pages[0])
    assert letters(subtitle) in letters(pages[0])
    assert not [n for n, text in enumerate(pages[1:], 2) if letters(title) in letters(text)]
    assert len(lines) > len(title.split())  # a word broken inside, on two lines or more


def test_the_cover_check_still_finds_a_title_off_the_page(tmp_path: Path) -> None:
    """Without the cover's rule, the Malayalam word widens the panel past the page edge:
    LAYOUT-OVERFLOW says so (the panel's bleed does not excuse the text on it)."""
    theme = theme_without(tmp_path, ".cover-band, .cover-foot { min-width: 0; }")
    content = cover_content(tmp_path / "content", "ml", MALAYALAM_TITLE, MALAYALAM_SUBTITLE)
    lines = build_errors(content, tmp_path / "out", theme=theme)
    assert any("LAYOUT-OVERFLOW" in line and "page 1)" in line and "right edge" in line
               and "glyphs off the page" in line for line in lines), lines


def running_header(pdf_path: Path, number: int, margin_top_mm: float) -> dict[str, Any]:
    """Where the running header of a page lies: its characters (those at the header's size
    above the top margin's edge), their box, lines, and the box of the page number (in the
    bottom margin, as tall as the top one)."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[number - 1]
        sizes = sorted({round(c["size"], 1) for c in page.chars})
        small = sizes[0]  # the header and the page number have the smallest type
        header = [c for c in page.chars if round(c["size"], 1) == small
                  and c["top"] < margin_top_mm * MM]
        folio = [c for c in page.chars if round(c["size"], 1) == small  # bottom margin
                 and c["top"] > page.height - margin_top_mm * MM]
        below = [c for c in page.chars if round(c["size"], 1) != small
                 and c["top"] < page.height / 2]
        return {
            "width": page.width, "text": "".join(c["text"] for c in header),
            "box": (min(c["x0"] for c in header), min(c["top"] for c in header),
                    max(c["x1"] for c in header), max(c["bottom"] for c in header)),
            "lines": len({round(c["matrix"][5]) for c in header}),
            "folio": (min(c["x0"] for c in folio), min(c["top"] for c in folio),
                      max(c["x1"] for c in folio), max(c["bottom"] for c in folio)),
            "heading_top": min(c["top"] for c in below),
            "page_text": page.extract_text() or "",
        }


@pytest.mark.parametrize(("tag", "title", "variant", "margin_top_mm"), [
    ("my", MYANMAR_SECTION, "standard", 16), ("en", ENGLISH_SECTION, "standard", 16),
    ("my", MYANMAR_SECTION, "large-print", 24), ("en", ENGLISH_SECTION, "large-print", 24)])
def test_a_long_section_title_keeps_the_running_header_in_the_top_margin(
        tmp_path: Path, tag: str, title: str, variant: str, margin_top_mm: float) -> None:
    content = section_content(tmp_path / "content", tag, title)
    paper = "a4" if variant == "large-print" else None
    result = build(content, tmp_path / "out", variant=variant, paper=paper)
    assert not [f for f in result.findings if f.rule == "LAYOUT-OVERFLOW"]
    assert chars_off_the_page(result.pdf) == []
    header = running_header(result.pdf, 3, margin_top_mm)
    left, top, right, bottom = header["box"]
    assert left >= 0  # on the paper, 2 mm or more from its edges
    assert right <= header["width"]
    assert top >= 2 * MM
    assert bottom <= margin_top_mm * MM + 0.5  # inside the top margin
    assert bottom < header["heading_top"]  # above the section's heading
    assert header["lines"] == 2
    assert header["text"].endswith("\u2026")  # shortened, with an ellipsis
    assert unspaced(title).startswith(unspaced(header["text"][:-1]))
    f_left, f_top, f_right, _ = header["folio"]
    assert bottom < f_top or right < f_left or left > f_right  # off the page number
    if tag == "en":  # the heading itself keeps the whole title
        assert unspaced(title) in unspaced(header["page_text"])


def test_the_header_check_finds_a_header_off_the_page(tmp_path: Path) -> None:
    """Without the two-line limit, the English title's header runs off the top of the A5
    page: LAYOUT-OVERFLOW names the section's file and the page."""
    theme = theme_without(tmp_path, "    max-lines: 2;\n    block-ellipsis: auto;\n"
                                    "    continue: discard;\n")
    content = section_content(tmp_path / "content", "en", ENGLISH_SECTION)
    lines = build_errors(content, tmp_path / "out", theme=theme)
    assert any("LAYOUT-OVERFLOW" in line and "10-sample.md:1:" in line and "page 3)" in line
               and "top edge of the page" in line for line in lines), lines


def test_the_glyph_preflight_covers_the_header_ellipsis() -> None:
    """The ellipsis the header's clamp draws is checked against the edition's fonts like the
    text (it comes from no source file)."""
    from booklet.render.generated import generated_characters

    css = DEFAULT_THEME.styles_dir / "booklet.css"
    uses = generated_characters([css])["\u2026"]
    lines = css.read_text(encoding="utf-8").splitlines()
    assert [(use.path, lines[use.line - 1].strip(), what) for use, what in uses] == [
        (css, "block-ellipsis: auto;", "block-ellipsis: auto")]
