"""The text layer gives the source text back (booklet/write/actualtext.py, tests/textlayer.py)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import weasyprint
from weasyprint import HTML

from booklet.write.actualtext import PATCHED_SOURCE_SHA256, actual_text, source_sha256
from tests.helpers import CONTENT, PROJECT_ROOT, build
from tests.textlayer import TOOLS, assert_text_layer, normalize, recovery, udhr

#: Noto faces of Debian's fonts-noto-core (scripts/system-packages.txt) for the patch's own
#: tests, which render with WeasyPrint directly, whatever the booklet's font stacks are.
NOTO = {"ar": "Noto Naskh Arabic", "fa": "Noto Naskh Arabic", "ps": "Noto Naskh Arabic",
        "he": "Noto Sans Hebrew", "hi": "Noto Sans Devanagari", "pa": "Noto Sans Gurmukhi",
        "bn": "Noto Sans Bengali", "ta": "Noto Sans Tamil", "th": "Noto Sans Thai",
        "km": "Noto Sans Khmer", "my": "Noto Sans Myanmar", "ur": "Noto Nastaliq Urdu"}
RTL = {"ar", "fa", "ps", "he", "ur"}


def render(locale: str, patched: bool = True) -> bytes:
    """The UDHR paragraphs of `locale` as a tagged A5 PDF, with or without the patch."""
    paragraphs = "".join(f"<p>{p}</p>" for p in udhr(locale))
    html = (f"<html lang={locale} dir={'rtl' if locale in RTL else 'ltr'}><title>t</title>"
            f"<style>@page {{ size: A5; margin: 15mm }} body {{ font: 11pt '{NOTO[locale]}' }}"
            f"</style><body>{paragraphs}")
    document = HTML(string=html)
    if not patched:
        return document.write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
    with actual_text():
        return document.write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def render_almarai(patched: bool = True) -> bytes:
    """The Arabic UDHR paragraphs in Almarai, whose lam-alef is one glyph."""
    font = next((PROJECT_ROOT / "styles" / "fonts").rglob("Almarai-Regular.ttf")).as_uri()
    paragraphs = "".join(f"<p>{p}</p>" for p in udhr("ar"))
    html = (f"<html lang=ar dir=rtl><title>t</title><style>@font-face {{ font-family: A; "
            f"src: url({font}) }} @page {{ size: A5; margin: 15mm }} body {{ font: 11pt A }}"
            f"</style><body>{paragraphs}")
    if not patched:
        return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
    with actual_text():
        return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def test_a_one_glyph_lam_alef_reads_in_order(tmp_path: Path) -> None:
    """Almarai draws لا as one glyph: mapped to ل with an invisible alef beside it, the
    words with it (العلاج, مراسلاته) come back from both tools, and the page looks the same."""
    import pypdfium2

    patched = render_almarai()
    assert_text_layer(write(tmp_path, "ar.pdf", patched), udhr("ar"), "ar")
    assert recovery(write(tmp_path, "plain.pdf", render_almarai(patched=False)), udhr("ar"),
                    "ar", "poppler").missing

    def pixels(data: bytes) -> list[bytes]:
        return [page.render(scale=3).to_pil().tobytes() for page in pypdfium2.PdfDocument(data)]

    assert pixels(patched) == pixels(render_almarai(patched=False))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_patched_function_is_the_one_it_was_written_for() -> None:
    """The patch rewrites what WeasyPrint 70.0's draw_first_line appends: a new WeasyPrint
    must be read again before this hash is updated (README, "Text layer")."""
    assert weasyprint.__version__ == "70.0"
    assert source_sha256() == PATCHED_SOURCE_SHA256


@pytest.mark.parametrize(("locale", "tools"), [
    ("ar", ("poppler", "mupdf")), ("fa", ("poppler", "mupdf")), ("ps", ("poppler", "mupdf")),
    ("he", ("poppler", "mupdf")),
    ("pa", ("poppler", "mupdf")), ("hi", ("poppler",)),
    ("th", ("poppler",)), ("km", ("poppler",)), ("bn", ("poppler",)), ("ta", ("poppler",)),
    ("ur", ("poppler",)),
])
# my: every cluster reads right, but on this page poppler's layout analysis puts one
# line-final word (မှောက်တွင်) in a block of its own; the sample edition holds
# (tests/i18n/test_text_layer.py).
def test_every_sentence_comes_back(tmp_path: Path, locale: str, tools: tuple[str, ...]) -> None:
    pdf = write(tmp_path, f"{locale}.pdf", render(locale))
    assert_text_layer(pdf, udhr(locale), locale, tools)


@pytest.mark.parametrize("locale", ["ar", "he", "pa"])
def test_without_the_patch_sentences_are_lost(tmp_path: Path, locale: str) -> None:
    """The rule can fail: WeasyPrint alone loses what the patch brings back."""
    pdf = write(tmp_path, f"{locale}.pdf", render(locale, patched=False))
    lost = [recovery(pdf, udhr(locale), locale, tool).missing for tool in TOOLS]
    assert any(lost)


@pytest.mark.parametrize("locale", ["ar", "pa", "hi", "bn", "th", "km", "my"])
def test_every_glyph_is_drawn_where_it_was(locale: str) -> None:
    """Only the order and the marking of the glyphs change: the same glyphs, in the same fonts,
    at the same places (within 0.01 pt: a zero-width right-to-left glyph moves 0.0075 pt),
    besides the invisible letters of right-to-left ligatures (1/100 wide)."""
    def glyphs(data: bytes) -> list[tuple[str, float, float, float]]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return sorted((c["fontname"], round(c["top"], 1), c["x0"], c["width"])
                          for page in pdf.pages for c in page.chars
                          if not 0 < c["width"] < 0.2)  # the invisible letters of ligatures

    patched, plain = glyphs(render(locale)), glyphs(render(locale, patched=False))
    assert len(patched) == len(plain)
    for new, old in zip(patched, plain, strict=True):
        assert new[:2] == old[:2], (new, old)
        assert abs(new[2] - old[2]) < 0.01, (new, old)
        assert abs(new[3] - old[3]) < 1e-6, (new, old)


@pytest.mark.parametrize("locale", ["pa", "bn", "ta", "th"])
def test_the_pages_look_the_same(tmp_path: Path, locale: str) -> None:
    """Pixel for pixel (pdftoppm, 60 dpi), the patched pages are WeasyPrint's: spans draw
    nothing. (Urdu: 31 pixels of overlapping Nastaliq glyphs differ, drawn in logical order;
    Devanagari 2 pixels, by one grey level.)"""
    pages = {}
    for patched in (True, False):
        pdf = write(tmp_path, f"{patched}.pdf", render(locale, patched=patched))
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / f"{patched}")],
                       check=True)
        pages[patched] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{patched}-*.png"))]
    assert pages[True]
    assert pages[True] == pages[False]


def test_urdu_glyphs_are_drawn_where_they_were() -> None:
    """Every glyph WeasyPrint draws for Urdu is drawn at its place (within 0.01 pt); the patch
    adds only invisible baseline letters (booklet.write.anchors), at most one a character."""
    def glyphs(data: bytes) -> list[tuple[str, float, float]]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [(c["fontname"], c["top"], c["x0"]) for page in pdf.pages for c in page.chars]

    patched, plain = glyphs(render("ur")), glyphs(render("ur", patched=False))
    unmatched = list(patched)
    for font, top, x0 in plain:
        match = next((g for g in unmatched if g[0] == font and abs(g[1] - top) < 0.01
                      and abs(g[2] - x0) < 0.01), None)
        assert match is not None, (font, top, x0)
        unmatched.remove(match)
    assert unmatched
    assert len(unmatched) <= len(normalize("".join(udhr("ur"))))


def marked_content(data: bytes) -> list[list[str]]:
    """For each page, the marked-content and text-object operators in stream order."""
    pages = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            ops = []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC":
                    tag, props = operands
                    kind = "ActualText" if "/ActualText" in props else \
                        "MCID" if "/MCID" in props else "other"
                    ops.append(f"BDC {tag} {kind}")
                elif name in ("EMC", "BT", "ET", "BMC"):
                    ops.append(name)
            pages.append(ops)
    return pages


def test_spans_nest_inside_text_objects_and_tags() -> None:
    """Each /ActualText span opens and closes inside one BT ... ET, itself inside WeasyPrint's
    /P <</MCID n>> BDC ... EMC (or an artifact): marked content nests properly."""
    spans = 0
    for ops in marked_content(render("pa")):
        stack: list[str] = []
        in_text = False
        for op in ops:
            if op in ("BT", "ET"):
                assert in_text == (op == "ET"), op
                in_text = op == "BT"
            elif op.startswith("BDC") or op == "BMC":
                if op.endswith("ActualText"):
                    spans += 1
                    assert in_text, ops
                    assert stack, ops
                    assert stack[-1] != "ActualText", ops
                stack.append(op.rsplit(" ", 1)[-1])
            else:  # EMC
                closed = stack.pop()
                assert not in_text or closed == "ActualText", ops
        assert not stack
        assert not in_text
    assert spans > 20


def source_paragraphs(folder: Path) -> list[str]:
    """The prose paragraphs of the Markdown sections in `folder`."""
    paragraphs = []
    for section in sorted(folder.glob("*.md")):
        body = section.read_text(encoding="utf-8").split("---", 2)[2]
        for block in re.split(r"\n\s*\n", body):
            if block.strip() and not block.lstrip().startswith((":::", "#", "|")):
                paragraphs.append(" ".join(block.split()))
    return paragraphs


@pytest.mark.parametrize("locale", ["en", "es"])
def test_the_shipped_booklet_gives_its_text_back(default_pdf_of: dict[str, Path],
                                                 locale: str) -> None:
    assert_text_layer(default_pdf_of[locale], source_paragraphs(CONTENT / locale), locale)


@pytest.fixture(scope="module")
def default_pdf_of(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("shipped")
    return {locale: build(CONTENT, out, locale=locale).pdf for locale in ("en", "es")}


def test_a_font_s_substitutions_give_its_glyphs_their_letters() -> None:
    """booklet.write.fontmaps.substituted_texts reads the font's GSUB: Noto Sans Devanagari's
    half form of क is क + ्, its variants of the vowel sign ि are ि, its व्य conjunct व्य."""
    from types import SimpleNamespace

    from fontTools.ttLib import TTFont

    from booklet.options import DEFAULT_THEME
    from booklet.render.fonts import load_font_stack
    from booklet.write.fontmaps import substituted_texts

    family = load_font_stack(DEFAULT_THEME.styles_dir, "hi").families[0]
    assert family.name == "Noto Sans Devanagari"
    data = next(f for f in family.files if f.weight == 400).path.read_bytes()
    font = SimpleNamespace(file_content=data, index=0, bitmap=False)
    texts = substituted_texts(font)
    ids = TTFont(io.BytesIO(data), lazy=True).getGlyphID
    assert texts[ids("kaprehalfdeva")] == "क्"
    assert {texts[ids(f"ivowelsign0{n}deva")] for n in range(4)} == {"ि"}
    assert texts[ids("vayadeva")] == "व्य"
    assert texts[ids("kadeva")] == "क"  # its character map's own letter


def test_outlined_svg_text_stays_outlined() -> None:
    """SVG text drawn outlined (`1 Tr`, set before its line) is left as WeasyPrint drew it: the
    rewrite's invisible letters end in `0 Tr`, which would fill the rest of the line."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="5" y="40" '
           f'font-family="{NOTO["hi"]}" font-size="20" fill="none" stroke="black">'
           'कार्यों प्रति</text></svg>')
    html = f"<html lang=hi><title>t</title><body>{svg}<p style='font-family: {NOTO['hi']}'>" \
           "कार्यों प्रति</p>"
    with actual_text():
        pdf = HTML(string=html).write_pdf()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        operators = [str(op) + " " + " ".join(map(str, args))
                     for args, op in pikepdf.parse_content_stream(doc.pages[0])]
    outlined = [i for i, op in enumerate(operators) if op == "Tr 1"]
    assert outlined, operators
    after = operators[outlined[0]:]
    text_end = after.index(next(op for op in after if op.startswith("ET")))
    assert not [op for op in after[:text_end] if op.startswith("Tr") and op != "Tr 1"]
    assert any(op.startswith("BDC") for op in operators)  # the paragraph is rewritten
