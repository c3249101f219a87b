"""Translators' workflow: status, fallback, draft mark, release gate, new-locale, PO round trip."""

from __future__ import annotations

import gettext
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import write_po
from pypdf import PdfReader

from booklet import ContentError
from booklet.cli import main
from booklet.i18n.status import status_report
from booklet.options import DEFAULT_THEME
from tests.helpers import CONTENT, FIXTURES, Pdf, build, git_commit_all

Edit = Callable[[Path, str, str], None]
TEMPLATES = DEFAULT_THEME.templates_dir


def statuses(content: Path, locale: str = "es") -> dict[str, str]:
    [report] = [r for r in status_report(content, TEMPLATES) if r.locale == locale]
    return {section.file: section.status for section in report.sections}


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return Pdf(build(CONTENT, tmp_path_factory.mktemp("es"), locale="es").pdf)


def test_shipped_spanish_is_complete_and_current() -> None:
    assert set(statuses(CONTENT).values()) == {"current"}
    [report] = status_report(CONTENT, TEMPLATES)
    assert report.ui.untranslated == ()
    assert report.translation.method == "machine-assisted"
    assert not report.translation.reviewed


def test_spanish_pdf_is_localized(spanish: Pdf) -> None:
    assert spanish.reader.trailer["/Root"]["/Lang"] == "es"
    assert spanish.page_lines(2)[1] == "Índice"
    entries = spanish.contents()
    assert entries[0] == ("Qué es el cáncer de mama metastásico", 3)
    assert len(entries) == 7
    for title, page in entries:
        assert " ".join(spanish.page_lines(page)[1:4]).startswith(title), (title, page)
    assert spanish.outline() == entries
    total = len(spanish.pages_text)
    assert f"Página 3 de {total}" in spanish.pages_text[2]
    assert "Proveedor Especialidad" in " ".join(spanish.pages_text[4].split())
    assert "Edición: noviembre de 2026" in " ".join(spanish.pages_text[0].split())


def test_unreviewed_translation_is_marked_draft_on_every_page(spanish: Pdf) -> None:
    for number, text in enumerate(spanish.pages_text, 1):
        assert "Borrador de traducción, todavía sin revisar" in " ".join(text.split()), number


def test_editing_the_source_makes_the_translation_outdated_and_shows_the_change(
        content_copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    git_commit_all(content_copy)  # the translated version must be in the history
    source = content_copy / "en" / "60-conclusion.md"
    edit(source, "provide hope for extended survival", "provide hope for longer survival")
    assert statuses(content_copy)["60-conclusion.md"] == "outdated"
    assert main(["status", "--content", str(content_copy)]) == 0
    out = capsys.readouterr().out
    assert "outdated      60-conclusion.md" in out
    removed = [line for line in out.splitlines() if line.startswith("      -Managing")]
    added = [line for line in out.splitlines() if line.startswith("      +Managing")]
    assert len(removed) == len(added) == 1
    assert "provide hope for extended survival" in removed[0]
    assert "provide hope for longer survival" in added[0]
    assert main(["status", "--content", str(content_copy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [section] = [s for s in data["locales"][0]["sections"] if s["file"] == "60-conclusion.md"]
    assert section["status"] == "outdated"
    assert "+Managing" in section["changes"]
    assert main(["status", "--content", str(content_copy), "--format", "markdown"]) == 0
    assert "| Conclusion (`60-conclusion.md`) | outdated |" in capsys.readouterr().out


def test_deleted_translation_is_missing_and_falls_back_visibly(content_copy: Path,
                                                               tmp_path: Path) -> None:
    (content_copy / "es" / "40-benefits-and-challenges.md").unlink()
    assert statuses(content_copy)["40-benefits-and-challenges.md"] == "missing"
    result = build(content_copy, tmp_path / "out", locale="es", save_html=True)
    assert [f.location.path.name for f in result.findings if f.rule == "TRANS-FALLBACK"
            and f.location] == ["40-benefits-and-challenges.md"]
    pdf = Pdf(result.pdf)
    [page] = pdf.pages_with("Esta sección todavía no está disponible")
    text = " ".join(pdf.pages_text[page - 1].split())
    assert "Esta sección todavía no está disponible en español. Se muestra en inglés." in text
    assert "Modern treatments for metastatic breast cancer" in text
    back = " ".join(pdf.pages_text[-1].split())
    assert f"1 sección se muestra en inglés: página {page}" in back
    assert result.html is not None
    html = result.html.read_text(encoding="utf-8")
    assert '<section class="chapter fallback" id="section-benefits-and-challenges" lang="en"' \
        in html


def test_new_source_section_is_missing_in_every_locale(content_copy: Path) -> None:
    shutil.copytree(FIXTURES / "locales" / "ar", content_copy / "ar")
    meta = content_copy / "booklet.yml"
    meta.write_text(meta.read_text().replace("locales: [en, es]", "locales: [en, es, ar]"))
    (content_copy / "en" / "70-next-steps.md").write_text(
        "---\ntitle: Next Steps\norder: 70\n---\n\nTalk to your care team.\n", encoding="utf-8")
    for locale in ("es", "ar"):
        assert statuses(content_copy, locale)["70-next-steps.md"] == "missing"


def test_extra_translation_file_is_an_error(content_copy: Path, tmp_path: Path) -> None:
    shutil.copy(content_copy / "es" / "60-conclusion.md", content_copy / "es" / "99-old.md")
    assert statuses(content_copy)["99-old.md"] == "extra"
    with pytest.raises(ContentError, match="no source section has this file name"):
        build(content_copy, tmp_path, locale="es")


def test_table_rows_must_match_the_source(content_copy: Path, tmp_path: Path,
                                          edit: Edit) -> None:
    edit(content_copy / "es" / "providers.csv", "pfizer,", "pfizr,")
    with pytest.raises(ContentError) as caught:
        build(content_copy, tmp_path, locale="es")
    lines = caught.value.lines()
    assert any("rows missing: pfizer" in line for line in lines)
    assert any("providers.csv:5: row id 'pfizr' is not in the source table" in line
               for line in lines)


def test_release_refuses_drafts_and_accepts_a_reviewed_complete_edition(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", "--content", str(content_copy), "--out", str(tmp_path), "--release"]
    assert main([*args, "--locale", "es"]) == 1
    assert "translation has not been reviewed" in capsys.readouterr().err
    assert not (tmp_path / "metastatic-breast-cancer.es.pdf").exists()
    locale_file = content_copy / "es" / "locale.yml"
    locale_file.write_text(locale_file.read_text().replace(
        "  # reviewed_by: Name, role\n  # reviewed_on: YYYY-MM-DD",
        "  reviewed_by: Dr A. Revisora, oncology nurse\n  reviewed_on: 2026-11-20"))
    assert main([*args, "--locale", "es"]) == 0
    pdf = Pdf(tmp_path / "metastatic-breast-cancer.es.pdf")
    assert not pdf.pages_with("Borrador")
    (content_copy / "es" / "20-how-treatment-works.md").unlink()
    assert main([*args, "--locale", "es"]) == 1
    assert "20-how-treatment-works.md:1: TRANS-FALLBACK" not in capsys.readouterr().err
    assert main([*args, "--locale", "es"]) == 1
    assert "es/20-how-treatment-works.md: TRANS-FALLBACK" in capsys.readouterr().err


def test_new_locale_scaffolds_every_file(content_copy: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-locale", "fr", "--content", str(content_copy)]) == 0
    assert "locales: [en, es, fr]" in (content_copy / "booklet.yml").read_text()
    folder = content_copy / "fr"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in (content_copy / "en").iterdir()] + ["locale.yml", "ui.po"])
    assert set(statuses(content_copy, "fr").values()) == {"untranslated"}
    capsys.readouterr()
    result = build(content_copy, tmp_path, locale="fr")
    pdf = Pdf(result.pdf)
    assert pdf.reader.trailer["/Root"]["/Lang"] == "fr"
    assert len(pdf.pages_with("Cette section n'est pas encore disponible en français")) == 6
    assert main(["new-locale", "fr", "--content", str(content_copy)]) == 2
    assert main(["new-locale", "qq", "--content", str(content_copy)]) == 2


def test_po_round_trip(content_copy: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    """Extract, update, translate an entry, compile, build: the string appears."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    cover = templates / "cover.html.j2"
    cover.write_text(cover.read_text().replace(
        '<p class="cover-kicker">', '<p class="cover-kicker">{{ _("Keep this booklet") }} '))
    from booklet.i18n.catalogs import compile_catalog, extract, update, write_pot
    from booklet.model import Theme

    pot_path = write_pot(templates)
    assert 'msgid "Keep this booklet"' in pot_path.read_text()
    po = content_copy / "es" / "ui.po"
    catalog = update(extract(templates), po, "es")
    entry = catalog.get("Keep this booklet")
    assert entry is not None
    assert entry.fuzzy or not entry.string  # new: untranslated, or a fuzzy guess to check
    # The translator's edit, as a PO editor saves it:
    entry.string = "Guarde este folleto"
    entry.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    assert compile_catalog(po) == []
    with po.with_suffix(".mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Keep this booklet") == "Guarde este folleto"
    theme = Theme(templates_dir=templates, styles_dir=DEFAULT_THEME.styles_dir)
    pdf = Pdf(build(content_copy, tmp_path / "out", locale="es", theme=theme).pdf)
    assert "Guarde este folleto" in pdf.pages_text[0]


def test_a_string_missing_from_ui_po_comes_from_the_program_catalog(content_copy: Path,
                                                                    tmp_path: Path) -> None:
    po = content_copy / "es" / "ui.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Índice"', 'msgstr ""'),
                  encoding="utf-8")
    result = build(content_copy, tmp_path, locale="es")
    assert not any("UI string" in str(w) for w in result.warnings)
    assert Pdf(result.pdf).page_lines(2)[1] == "Índice"  # templates/locale/es.po


def test_broken_placeholder_in_a_translation_is_an_error(content_copy: Path,
                                                         tmp_path: Path) -> None:
    po = content_copy / "es" / "ui.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("Página {page} de {pages}", "Página {pagina} de {pages}"),
                  encoding="utf-8")
    with pytest.raises(ContentError, match="placeholders"):
        build(content_copy, tmp_path, locale="es")


def test_build_all_builds_every_listed_locale(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--all", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "metastatic-breast-cancer.en.pdf", "metastatic-breast-cancer.es.pdf"]
    assert PdfReader(tmp_path / "metastatic-breast-cancer.en.pdf").trailer["/Root"]["/Lang"] \
        == "en"


def test_updating_several_locales_shares_no_translations(tmp_path: Path) -> None:
    """Babel's update() reuses the template's entries: a translation set in one locale's new
    entry must not appear in the next locale's catalog."""
    from booklet.i18n.catalogs import extract, update

    pot = extract(TEMPLATES)
    for locale in ("fr", "de"):
        (tmp_path / locale).mkdir()
    french = update(pot, tmp_path / "fr" / "ui.po", "fr")
    entry = french.get("Contents")
    assert entry is not None
    entry.string = "Sommaire"
    german = update(pot, tmp_path / "de" / "ui.po", "de")
    german_entry = german.get("Contents")
    assert german_entry is not None
    assert not german_entry.string
