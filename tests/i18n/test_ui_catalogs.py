"""Page labels in the edition's language: the program's catalogs (templates/locale/<tag>.po),
a content ui.po over them, warnings for missing and fuzzy strings, a non-English source;
new-locale end to end; the back cover of a partial translation (all on real PDFs)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import unicodedata
from pathlib import Path

import pytest

from booklet.i18n.catalogs import extract
from booklet.i18n.scaffold import new_locale, with_locale
from booklet.i18n.status import format_text, status_report
from booklet.load import load_booklet_metadata
from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import CONTENT, Pdf, build, build_errors, edit_file, run_cli

TEMPLATES = DEFAULT_THEME.templates_dir
CLINIC = CONTENT / "clinics" / "riverside.yml"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Per locale: the contents title, "Page 3 of", the back cover's heading, "Published by:"
#: (a label's colon is the language's: French puts a no-break space before it, Chinese a
#: full-width one).
LABELS = {
    "de": ("Inhalt", "Seite 3 von 10", "Über diese Broschüre", "Herausgegeben von"),
    "fr": ("Sommaire", "Page 3 sur 10", "À propos de cette brochure", "Publié par :"),
    "pl": ("Spis treści", "Strona 3 z 10", "O tej broszurze", "Wydawca"),
    "zh-Hant": ("目錄", "第 3 頁，共 10 頁", "關於本手冊", "出版者："),
    "ar": ("المحتويات", "الصفحة 3 من 10", "حول هذا", "الناشر"),
}
ENGLISH = ("Contents", "Page 3 of", "About this booklet", "Published by")


def poppler_pages(pdf: Path) -> list[str]:
    """Each page's text as poppler's pdftotext gives it (logical order for Arabic), with
    bidi controls and line breaks flattened."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [" ".join(_BIDI_CONTROLS.sub("", page).split()) for page in text.split("\f")]


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A content copy with new-locale run for each locale of LABELS, each built."""
    content = tmp_path_factory.mktemp("labels") / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path_factory.mktemp("labels-out")
    pdfs = {}
    for locale in LABELS:
        new_locale(content, locale, TEMPLATES)
        result = build(content, out, locale=locale)
        assert not [w for w in result.warnings if "UI string" in str(w)], result.warnings
        pdfs[locale] = result.pdf
    return pdfs


@pytest.mark.parametrize("locale", list(LABELS))
def test_page_labels_are_in_the_edition_language(scaffolded: dict[str, Path],
                                                 locale: str) -> None:
    pages = poppler_pages(scaffolded[locale])
    if locale == "ar":  # the order of Arabic runs in the text layer is point 5's (issue 15):
        pages = [re.sub(r"(\d+|:)", r" \1 ", page) for page in pages]  # compare words
    contents, page_of, about, published_by = LABELS[locale]
    for label, page in ((contents, 1), (page_of, 2), (about, -2), (published_by, -2)):
        # pages[-2]: the back cover (pdftotext ends with a form feed)
        if locale == "ar":
            assert set(label.split()) <= set(pages[page].split()), (label, pages[page])
        else:
            assert label in pages[page], (label, pages[page])
    for english in ENGLISH:
        assert english not in " ".join(pages), (locale, english)


@pytest.fixture(scope="module")
def spanish_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A booklet written in Spanish (source_locale: es), with no ui.po of its own."""
    content = tmp_path_factory.mktemp("es-source") / "content"
    shutil.copytree(CONTENT, content)
    shutil.rmtree(content / "en")
    (content / "es" / "locale.yml").unlink()
    (content / "es" / "ui.po").unlink()
    meta = content / "booklet.yml"
    edit_file(meta, "source_locale: en", "source_locale: es")
    edit_file(meta, "locales: [en, es]", "locales: [es]")
    for section in (content / "es").glob("*.md"):
        text = section.read_text(encoding="utf-8")
        order = section.name.split("-")[0]
        section.write_text(re.sub(r"^translated_from: \w+$", f"order: {order}", text,
                                  count=1, flags=re.MULTILINE), encoding="utf-8")
    return content, tmp_path_factory.mktemp("es-source-out")


def test_a_spanish_source_booklet_gets_spanish_labels(spanish_source: tuple[Path, Path]) -> None:
    content, out = spanish_source
    result = build(content, out, clinic=CLINIC)
    assert not [w for w in result.warnings if "UI string" in str(w)]
    pdf = Pdf(result.pdf)
    assert pdf.page_lines(2)[1] == "Índice"
    assert f"Página 3 de {len(pdf.pages_text)}" in pdf.pages_text[2]
    assert "Edición: noviembre de 2026" in " ".join(pdf.pages_text[0].split())
    back = " ".join(pdf.pages_text[-1].split())
    for label in ("Su equipo de atención médica", "Acerca de este folleto", "Publicado por:",
                  "Próxima revisión: 26 de noviembre de 2027"):
        assert label in back
    assert "Contents" not in " ".join(pdf.pages_text)


SOURCE_SAMPLES = ("ru", "hi", "zh-Hant", "ar")


@pytest.fixture(scope="module")
def source_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Booklets written directly in a language (tests/samples.py: source_locale is it)."""
    from tests.samples import build_samples

    return build_samples(SOURCE_SAMPLES, tmp_path_factory.mktemp("source-samples"))


@pytest.mark.parametrize("tag", SOURCE_SAMPLES)
def test_a_booklet_written_in_a_language_gets_that_language_s_labels(
        source_samples: dict[str, object], tag: str) -> None:
    from booklet.load.messages import load_messages
    from booklet.model import BuildResult
    from booklet.render.ui import program_catalog_path

    result = source_samples[tag]
    assert isinstance(result, BuildResult), result
    assert not [w for w in result.warnings if "UI string" in str(w)]
    catalog_file = program_catalog_path(TEMPLATES, tag)
    assert catalog_file is not None
    catalog = load_messages(catalog_file)
    assert catalog is not None
    contents = catalog.get("Contents")
    assert contents is not None
    pages = poppler_pages(result.pdf)
    # Compared as issue 15's text-layer rule does: NFC, whitespace removed.
    squeeze = lambda text: unicodedata.normalize("NFC", "".join(text.split()))  # noqa: E731
    assert squeeze(contents[0]) in squeeze(pages[1])
    for english in ENGLISH:
        assert english not in " ".join(pages), (tag, english)


def test_a_content_ui_po_overrides_the_program_catalog_string_by_string(
        content_copy: Path, tmp_path: Path) -> None:
    po = content_copy / "es" / "ui.po"
    edit_file(po, 'msgstr "Índice"', 'msgstr "Contenido"')
    edit_file(po, 'msgstr "Página {page} de {pages}"', 'msgstr ""')  # the program's is used
    result = build(content_copy, tmp_path, locale="es")
    pdf = Pdf(result.pdf)
    assert pdf.page_lines(2)[1] == "Contenido"
    assert "Índice" not in pdf.pages_text[1]
    assert "Página 3 de 10" in pdf.pages_text[2]  # from templates/locale/es.po
    assert not [w for w in result.warnings if "UI string" in str(w)]


def _mark_fuzzy(po: Path, msgid: str, translation: str | None = None) -> int:
    """Mark the entry of `msgid` fuzzy (optionally with a new translation); its line."""
    lines = po.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgid "{msgid}"')
    if translation is not None:
        lines[at + 1] = f'msgstr "{translation}"'
    flags = at - 1 if lines[at - 1].startswith("#,") else None
    if flags is None:
        lines.insert(at, "#, fuzzy")
        at += 1
    else:
        lines[flags] += ", fuzzy"
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_missing_and_fuzzy_strings_are_warnings_naming_the_catalog_and_the_string(
        content_copy: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    program = templates / "locale" / "de.po"
    edit_file(program, 'msgstr "Inhalt"', 'msgstr ""')  # missing everywhere
    program_line = _mark_fuzzy(program, "Next review")  # fuzzy, nothing else has it
    new_locale(content_copy, "de", templates)
    own = content_copy / "de" / "ui.po"
    own_line = _mark_fuzzy(own, "Contact", "Ansprechpartner")  # fuzzy; the program has it
    theme = Theme(templates_dir=templates, styles_dir=DEFAULT_THEME.styles_dir)
    result = build(content_copy, tmp_path / "out", locale="de", theme=theme)
    warnings = [str(w) for w in result.warnings if "UI string" in str(w)]
    assert any(w.startswith(f"{program}:{program_line}: UI string 'Next review' is marked "
                            "fuzzy") and "shown in English" in w for w in warnings), warnings
    assert any(w.startswith(f"{own}:{own_line}: UI string 'Contact' is marked fuzzy")
               and "another catalog's translation is shown" in w for w in warnings), warnings
    [missing] = [w for w in warnings if "not translated" in w]
    assert str(own) in missing
    assert str(program) in missing
    assert "'Contents'" in missing
    assert "'Next review'" in missing
    pdf = Pdf(result.pdf)
    assert pdf.page_lines(2)[1] == "Contents"  # shown in English, and said so
    back = " ".join(pdf.pages_text[-1].split())
    assert "Kontakt:" in back
    assert "Ansprechpartner" not in back
    assert "Next review:" in back


def test_status_reports_the_program_catalog_as_machine_assisted(content_copy: Path,
                                                                tmp_path: Path) -> None:
    new_locale(content_copy, "de", TEMPLATES)
    reports = {r.locale: r for r in status_report(content_copy, TEMPLATES)}
    german = reports["de"].ui
    assert german.program is not None
    assert german.program.name == "de.po"
    assert german.program_state == "machine-assisted, unreviewed"
    assert (german.translated, german.overrides) == (german.total, 0)
    assert f"{german.total} from the program's catalog locale/de.po, machine-assisted, " \
        "unreviewed" in format_text(tuple(reports.values()))
    code, out, _ = run_cli("status", "--content", str(content_copy), "--format", "json")
    assert code == 0
    ui = {entry["locale"]: entry["ui"] for entry in json.loads(out)["locales"]}
    assert ui["de"]["program_catalog_state"] == "machine-assisted, unreviewed"
    # The catalog's state is not the content's review state: a reviewed edition is no draft.
    locale_file = content_copy / "es" / "locale.yml"
    edit_file(locale_file, "  # reviewed_by: Name, role\n  # reviewed_on: YYYY-MM-DD",
              "  reviewed_by: Dr A. Revisora, oncology nurse\n  reviewed_on: 2026-11-20")
    pdf = Pdf(build(content_copy, tmp_path, locale="es").pdf)
    assert not pdf.pages_with("Borrador")


def test_new_locale_then_status_then_build_through_the_command_line(content_copy: Path,
                                                                    tmp_path: Path) -> None:
    meta = content_copy / "booklet.yml"
    edit_file(meta, "subtitle: What it is, how it is treated, and what to expect\n", "")
    edit_file(meta, "locales: [en, es]", "locales: [en, es]  # editions, source first")
    before = meta.read_text(encoding="utf-8").splitlines()
    for path in [content_copy / "en", *(content_copy / "en").iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    umask = os.umask(0o077)  # what the content's permissions must win over
    try:
        code, out, err = run_cli("new-locale", "de", "--content", str(content_copy))
    finally:
        os.umask(umask)
    assert code == 0, err
    after = meta.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("locales: [en, es]  # editions, source first",
         "locales: [en, es, de]  # editions, source first")]
    folder = content_copy / "de"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o644}
    locale_yml = (folder / "locale.yml").read_text(encoding="utf-8")
    assert "subtitle" not in locale_yml
    assert "''" not in locale_yml
    assert "Ihr Behandlungsteam" in (folder / "ui.po").read_text(encoding="utf-8")
    code, out, _ = run_cli("status", "--content", str(content_copy))
    assert code == 0
    assert "de (German): human translation, NOT REVIEWED (draft)" in out
    total = len([m for m in extract(TEMPLATES) if m.id])
    assert f"UI strings: {total}/{total} translated" in out
    code, _, err = run_cli("build", "--content", str(content_copy), "--locale", "de",
                           "--out", str(tmp_path / "out"))
    assert code == 0, err
    pdf = Pdf(tmp_path / "out" / "metastatic-breast-cancer.de.pdf")
    notice = "Dieser Abschnitt ist noch nicht auf Deutsch verfügbar. Er wird auf Englisch gezeigt."
    assert len([t for t in pdf.pages_text if notice in " ".join(t.split())]) == 6
    starts = [page for _, page in pdf.outline()[:6]]
    pages = ", ".join(map(str, starts[:-1])) + f" und {starts[-1]}"
    assert f"6 Abschnitte werden auf Englisch gezeigt: Seiten {pages}" in \
        " ".join(pdf.pages_text[-1].split())


@pytest.mark.parametrize(("text", "edited"), [
    ("locales: [en, es] # all\n", "locales: [en, es, de] # all\n"),
    ("# editions\nlocales:\n  - en  # source\n  # next: fr\n  - es\npaper: a5\n",
     "# editions\nlocales:\n  - en  # source\n  # next: fr\n  - es\n  - de\npaper: a5\n"),
])
def test_adding_a_locale_keeps_the_rest_of_booklet_yml(text: str, edited: str) -> None:
    metadata = load_booklet_metadata(CONTENT)
    assert with_locale(f"title: T\nsource_locale: en\n{text}", metadata, "de") == \
        f"title: T\nsource_locale: en\n{edited}"


def test_adding_a_locale_to_a_file_without_a_locales_list(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.rmtree(content / "es")
    edit_file(content / "booklet.yml", "locales: [en, es]\n", "")
    new_locale(content, "fr", TEMPLATES)
    assert load_booklet_metadata(content).locales == ("en", "fr")
    assert "source_locale: en\nlocales: [en, fr]\n" in \
        (content / "booklet.yml").read_text(encoding="utf-8")


def _one_of_six_translated(content: Path, locale: str) -> None:
    """Keep the first section's translation of `locale`, delete the five others."""
    for section in sorted((content / locale).glob("*.md"))[1:]:
        section.unlink()


#: Per locale: the back cover's heading and its line listing the five untranslated sections
#: (templates/locale/<tag>.po, the source language's name in the locale), with {pages} for
#: the pages listed in the locale's words (CLDR): between two pages, before the last, after it.
PARTIAL = {
    "es": ("Acerca de este folleto", "5 secciones se muestran en inglés: páginas {pages}",
           (", ", " y ", "")),
    "de": ("Über diese Broschüre", "5 Abschnitte werden auf Englisch gezeigt: Seiten {pages}",
           (", ", " und ", "")),
    "ta": ("இந்தக் கையேட்டைப் பற்றி",
           "5 பகுதிகள் ஆங்கிலம் மொழியில் காட்டப்பட்டுள்ளன: பக்கங்கள் {pages}",
           (", ", " மற்றும் ", "")),
    "ml": ("ഈ ലഘുപുസ്തകത്തെക്കുറിച്ച്",
           "5 ഭാഗങ്ങൾ ഇംഗ്ലീഷ് ഭാഷയിൽ കാണിച്ചിരിക്കുന്നു: പേജുകൾ {pages}", (", ", ", ", " എന്നിവ")),
    "my": ("ဤစာစောင်အကြောင်း", "အပိုင်း 5 ခုကို အင်္ဂလိပ်ဘာသာဖြင့် ပြထားသည်- စာမျက်နှာ {pages}",
           (" - ", "နှင့် ", "")),
}


def _squeezed(text: str) -> str:
    """`text` without spaces: poppler gives Burmese back with a space for each zero-width
    space between its words, and one inside some syllables (the text layer is point 5's)."""
    return "".join(text.replace("\u200b", " ").split())


def _back_cover_line_gaps(pdf: Path) -> tuple[float, list[float]]:
    """The font size of the back cover's facts, and the gaps in pt between the baselines of
    their lines that hold Latin letters or digits, from the publisher to the sources."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[-1].chars if c["text"].isascii() and c["text"].isalnum()]
    text = "".join(c["text"] for c in chars)
    first, last = chars[text.index("SampleCancer")], chars[text.index("Medicine")]
    baselines = sorted({round(c["matrix"][5], 2) for c in chars
                        if last["matrix"][5] - 0.5 <= c["matrix"][5] <= first["matrix"][5] + 0.5},
                       reverse=True)
    return first["size"], [above - below for above, below in itertools.pairwise(baselines)]


@pytest.mark.parametrize(("locale", "variant"), [
    (locale, variant) for locale in PARTIAL for variant in ("standard", "large-print")])
def test_a_partial_translation_back_cover_fits_one_page(content_copy: Path, tmp_path: Path,
                                                        variant: str, locale: str) -> None:
    """With the sample clinic file and 1 of 6 sections translated, in Latin scripts and in
    Tamil, Malayalam and Burmese, whose letters sit lower than Latin ones: each line of the
    back cover is its line height (1.3) from the next, whatever fonts it mixes."""
    if locale != "es":
        new_locale(content_copy, locale, TEMPLATES)
        edit_file(next(iter(sorted((content_copy / locale).glob("*.md")))),
                  "untranslated: true\n", "")
    _one_of_six_translated(content_copy, locale)
    # LAYOUT-BACK-COVER is an error: the build would refuse to write the PDF.
    result = build(content_copy, tmp_path, locale=locale, variant=variant, clinic=CLINIC)
    assert not [f for f in result.findings if f.rule == "LAYOUT-BACK-COVER"]
    pdf = Pdf(result.pdf)
    pages = [_squeezed(page) for page in poppler_pages(result.pdf)[:-1]]  # a form feed ends it
    about, line, (between, before_last, after) = PARTIAL[locale]
    assert [n for n, page in enumerate(pages, 1) if _squeezed(about) in page] == [len(pages)]
    starts = [str(page) for _, page in pdf.outline()[1:6]]  # the five untranslated sections
    listed = between.join(starts[:-1]) + before_last + starts[-1] + after
    assert _squeezed(line.format(pages=listed)) in pages[-1], (line, listed, pages[-1])
    size, gaps = _back_cover_line_gaps(result.pdf)
    assert size == pytest.approx(18 if variant == "large-print" else 12)
    assert gaps
    # A line without a Latin letter or digit between two that have some: twice the gap.
    assert all(gap == pytest.approx(round(gap / (1.3 * size)) * 1.3 * size, abs=0.05)
               and gap > 1.2 * size for gap in gaps), (size, gaps)


#: Nastaliq editions (styles/booklet.css): the back cover's heading, its fallback line's words
#: before the page numbers, and the line height of its Nastaliq lines.
NASTALIQ_PARTIAL = {
    "ur": ("اس کتابچے کے بارے میں", "5 حصے انگریزی میں دکھائے گئے ہیں: صفحات"),
    "pa-Arab": ("ایس کتابچے بارے", "5 حصے انگریزی وچ وکھائے گئے نیں: صفحے"),
}


@pytest.mark.parametrize(("locale", "variant"), [
    (locale, variant) for locale in NASTALIQ_PARTIAL for variant in ("standard", "large-print")])
def test_a_partial_nastaliq_translation_back_cover_fits_one_page(
        content_copy: Path, tmp_path: Path, variant: str, locale: str) -> None:
    """Urdu and Shahmukhi Punjabi (Noto Nastaliq Urdu, line height 2.1 in the sections): with
    the sample clinic file and 1 of 6 sections translated, the cover and the back cover each
    fit one page (they ran 8.8 mm and 104 mm over in large print, 72 mm at A5; the back
    cover's words are on the last page, its heading on no other), the type
    keeps its size, the facts' lines are 1.7 apart (the line of "Full list on page N." 2.05)."""
    new_locale(content_copy, locale, TEMPLATES)
    edit_file(next(iter(sorted((content_copy / locale).glob("*.md")))), "untranslated: true\n", "")
    _one_of_six_translated(content_copy, locale)
    # LAYOUT-BACK-COVER and LAYOUT-OVERFLOW are errors: the build would refuse to write the PDF.
    result = build(content_copy, tmp_path, locale=locale, variant=variant, clinic=CLINIC)
    assert not [f for f in result.findings if f.rule.startswith("LAYOUT")], result.findings
    # poppler gives these lines back in visual order: each word, on the last page only.
    pages = [set(page.split()) for page in poppler_pages(result.pdf)[:-1]]
    heading, line = NASTALIQ_PARTIAL[locale]
    for word in (heading + " " + line).replace(":", " ").split():
        assert [n for n, page in enumerate(pages, 1) if any(word in w for w in page)][-1:] \
            == [len(pages)], word
    assert not any(word in w for w in pages[-2] for word in heading.split())
    size, gaps = _back_cover_line_gaps(result.pdf)
    assert size == pytest.approx(18 if variant == "large-print" else 12)
    assert gaps
    assert all(gap == pytest.approx(1.7 * size, abs=0.05)
               or gap == pytest.approx(2.05 * size, abs=0.05) for gap in gaps), gaps


def test_a_long_back_cover_names_what_made_it_long(content_copy: Path, tmp_path: Path) -> None:
    locale_file = content_copy / "es" / "locale.yml"
    text = locale_file.read_text(encoding="utf-8")
    disclaimer = re.search(r"^disclaimer: (.*\n(?:  .*\n)*)", text, re.MULTILINE)
    assert disclaimer is not None
    long = " ".join(disclaimer[1].split()) * 6
    locale_file.write_text(text.replace(disclaimer[0], f"disclaimer: {long}\n"),
                           encoding="utf-8")
    [error] = [line for line in build_errors(content_copy, tmp_path, locale="es", clinic=CLINIC)
               if "LAYOUT-BACK-COVER" in line]
    assert "more than one page holds; its parts, tallest first: the disclaimer " in error, error
    found = re.search(r"the disclaimer (\d+) mm \((\d+) lines\).*; shorten one of them by "
                      r"(\d+) mm", error)
    assert found is not None, error
    assert int(found[2]) >= 6 * 3  # six times the three lines of the shipped disclaimer
    assert int(found[3]) > 0


def test_every_program_catalog_translates_every_template_string() -> None:
    """Each shipped catalog: every msgid of the templates translated (run `make catalogs`
    after adding a string, then translate it in templates/locale/*.po), placeholders kept,
    one form per plural form of Babel's rules, marked machine-assisted."""
    from babel.messages.plurals import get_plural

    from booklet.i18n.catalogs import extract, program_catalogs, stats
    from booklet.load.messages import catalog_state, placeholder_problems, read_catalog
    from booklet.locales import babel_code

    pot = extract(TEMPLATES)
    catalogs = program_catalogs(TEMPLATES)
    assert len(catalogs) == 44
    for tag, path in catalogs:
        assert stats(pot, path, tag, TEMPLATES).untranslated == (), path
        catalog = read_catalog(path)
        assert placeholder_problems(catalog, path) == [], path
        assert catalog_state(path) == "machine-assisted, unreviewed", path
        assert catalog.num_plurals == get_plural(babel_code(tag)).num_plurals, path
        for message in catalog:
            if isinstance(message.id, tuple):
                assert len(message.string) == catalog.num_plurals, (path, message.id)


def test_a_changed_catalog_makes_a_cached_edition_build_again(content_copy: Path,
                                                              tmp_path: Path) -> None:
    """The cache's fingerprint covers the program's catalogs and the content's ui.po."""
    from booklet.options import BuildOptions
    from booklet.output.cache import fingerprint

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    theme = Theme(templates_dir=templates, styles_dir=DEFAULT_THEME.styles_dir)
    options = BuildOptions(content_dir=content_copy, out_dir=tmp_path / "out", locale="es",
                           theme=theme)
    meta = load_booklet_metadata(content_copy)
    first = fingerprint(options, meta)
    edit_file(templates / "locale" / "es.po", 'msgstr "Índice"', 'msgstr "Contenido"')
    second = fingerprint(options, meta)
    assert second != first
    edit_file(content_copy / "es" / "ui.po", 'msgstr "Índice"', 'msgstr "Contenido"')
    assert fingerprint(options, meta) != second


def test_a_ui_string_with_markup_is_refused_at_its_line(content_copy: Path,
                                                       tmp_path: Path) -> None:
    """The templates insert UI strings as they are: markup in a ui.po is an error."""
    po = content_copy / "es" / "ui.po"
    edit_file(po, 'msgstr "Índice"', 'msgstr "Índice <img src=\\"x.png\\">"')
    line = po.read_text(encoding="utf-8").splitlines().index(
        'msgstr "Índice <img src=\\"x.png\\">"')  # the msgid's line is the one before
    [error] = build_errors(content_copy, tmp_path, locale="es")
    assert error.startswith(f"{po}:{line}: translation of 'Contents' contains < or >"), error
